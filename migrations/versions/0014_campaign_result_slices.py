"""Campaign result slices: each establishment's part of a closed campaign's stored results (campaign_result_slice),
so that an establishment's dashboard reads a few small rows (its cells, responses and categories' cells) instead
of its network's whole frames; and the establishments that answered without being members
(campaign_result.extra_ids), which the results' fingerprint reads. Results stored before have no extra_ids: they
are computed again at their next reading (or by `flask campaigns tick`). Downgrade drops the table and the column.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extra_ids", sa.JSON(), nullable=True))
    op.create_table(
        "campaign_result_slice",
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("cells", sa.LargeBinary(), nullable=False),
        sa.Column("responses", sa.LargeBinary(), nullable=False),
        sa.Column("categories", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["campaign_result.id"],
            name=op.f("fk_campaign_result_slice_result_id_campaign_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_id", "establishment_id", name=op.f("pk_campaign_result_slice")),
    )


def downgrade():
    op.drop_table("campaign_result_slice")
    with op.batch_alter_table("campaign_result", schema=None) as batch_op:
        batch_op.drop_column("extra_ids")
