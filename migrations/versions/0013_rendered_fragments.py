"""Rendered fragments: a closed campaign's dashboard content, rendered once and read by every worker and machine
(rendered_fragment). Downgrade drops the table: each worker renders its own again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 12:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rendered_fragment",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rendered_fragment")),
    )
    with op.batch_alter_table("rendered_fragment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rendered_fragment_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("rendered_fragment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rendered_fragment_created_at"))
    op.drop_table("rendered_fragment")
