"""Campaign result kinds: a closed campaign's pole and network totals restricted to each type of establishment
(campaign_result_kind), computed once at closing, so that a dashboard filtered by type reads them instead of adding
up the establishments' counts again for each year of its trend; and the types stored (campaign_result.kinds).
Results stored before have no kinds: they are computed again at their next reading (or by `flask campaigns tick`).
Downgrade drops the table and the column.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 02:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kinds", sa.JSON(), nullable=True))
    op.create_table(
        "campaign_result_kind",
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("cells", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["campaign_result.id"],
            name=op.f("fk_campaign_result_kind_result_id_campaign_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_id", "kind", name=op.f("pk_campaign_result_kind")),
    )


def downgrade():
    op.drop_table("campaign_result_kind")
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.drop_column("kinds")
