"""Campaign results: a closed campaign's aggregates, computed once at closing (again after a correction) and read
by every worker and machine (campaign_result). Downgrade drops the table: dashboards then compute them on each
first visit again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "campaign_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("min_size", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.LargeBinary(), nullable=False),
        sa.Column("responses", sa.LargeBinary(), nullable=False),
        sa.Column("cells", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_result_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_result")),
        sa.UniqueConstraint("campaign_id", "min_size", name=op.f("uq_campaign_result_campaign_id_min_size")),
    )
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_result_campaign_id"), ["campaign_id"], unique=False)


def downgrade():
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_result_campaign_id"))
    op.drop_table("campaign_result")
