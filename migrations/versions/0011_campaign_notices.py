"""Campaign notices: what was announced by mail about a campaign (opening, reminder, results), so that each notice
is sent once whichever machine notices it (campaign_notice). Campaigns already open or closed are marked as
announced, so that the first request after the upgrade mails nobody about the past. Downgrade drops the table:
notices would then be sent again for campaigns still open.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:15:28.782382

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CAMPAIGN_WIDE = sa.text("establishment_id IS NULL")


def upgrade():
    op.create_table(
        "campaign_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("opening", "reminder", "results", name="noticekind", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_notice_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_campaign_notice_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_notice")),
        sa.UniqueConstraint(
            "campaign_id",
            "kind",
            "establishment_id",
            name=op.f("uq_campaign_notice_campaign_id_kind_establishment_id"),
        ),
    )
    with op.batch_alter_table("campaign_notice", schema=None) as batch_op:
        batch_op.create_index(
            "uq_campaign_notice_campaign_wide",
            ["campaign_id", "kind"],
            unique=True,
            sqlite_where=CAMPAIGN_WIDE,
            postgresql_where=CAMPAIGN_WIDE,
        )
    # Opened before Boussole sent mail: their opening is past news. Closed: their results are already out.
    op.execute(
        "INSERT INTO campaign_notice (campaign_id, kind, establishment_id, recipients, created_at) "
        "SELECT id, 'opening', NULL, 0, CURRENT_TIMESTAMP FROM campaign "
        "WHERE status <> 'draft' AND (opens_on IS NULL OR opens_on <= CURRENT_DATE)"
    )
    op.execute(
        "INSERT INTO campaign_notice (campaign_id, kind, establishment_id, recipients, created_at) "
        "SELECT ce.campaign_id, 'opening', ce.establishment_id, 0, CURRENT_TIMESTAMP FROM campaign_establishment ce "
        "JOIN campaign_notice n ON n.campaign_id = ce.campaign_id AND n.kind = 'opening'"
    )
    op.execute(
        "INSERT INTO campaign_notice (campaign_id, kind, establishment_id, recipients, created_at) "
        "SELECT id, 'results', NULL, 0, CURRENT_TIMESTAMP FROM campaign WHERE status = 'closed'"
    )


def downgrade():
    with op.batch_alter_table("campaign_notice", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_campaign_notice_campaign_wide", sqlite_where=CAMPAIGN_WIDE, postgresql_where=CAMPAIGN_WIDE
        )

    op.drop_table("campaign_notice")
