"""Comment moderation: a comment that names a person can be hidden by the network's coordination, with a reason.

One row per hidden comment, keyed like the comment (response, question); showing it again deletes the row, and the
journal keeps both acts. Readers never see a hidden comment; coordinators see it marked "masqué", with who and why.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "comment_moderation",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["user_account.id"],
            name=op.f("fk_comment_moderation_hidden_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["response_id", "question_id"],
            ["answer_comment.response_id", "answer_comment.question_id"],
            name="fk_comment_moderation_answer_comment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "question_id", name=op.f("pk_comment_moderation")),
    )


def downgrade():
    op.drop_table("comment_moderation")
