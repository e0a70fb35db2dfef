"""Campaign scope: a campaign covers its network, chosen poles, or chosen establishments; withdrawals are kept.

`campaign.scope` says which (existing campaigns cover their network); `campaign_pole` holds the chosen poles; the
chosen establishments are the campaign's links themselves. `campaign_withdrawal` remembers an establishment the
administration withdrew, so that no later opening or move enrols it again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "scope",
                sa.Enum("network", "poles", "establishments", name="campaignscope", native_enum=False, length=20),
                server_default="network",
                nullable=False,
            )
        )
    op.create_table(
        "campaign_pole",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_pole_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["pole_id"], ["pole.id"], name=op.f("fk_campaign_pole_pole_id_pole"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("campaign_id", "pole_id", name=op.f("pk_campaign_pole")),
    )
    op.create_table(
        "campaign_withdrawal",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_withdrawal_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_campaign_withdrawal_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "establishment_id", name=op.f("pk_campaign_withdrawal")),
    )


def downgrade():
    op.drop_table("campaign_withdrawal")
    op.drop_table("campaign_pole")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("scope")
