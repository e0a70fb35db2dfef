"""Indicator reports: an establishment's figures for one period of an indicator campaign (pôles de stages).

One report per campaign and establishment, with who saved it last and when (not anonymous: the figures describe
the establishment); one value row per indicator, a number or a short text. Downgrade drops both tables.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "indicator_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_indicator_report_answered_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_indicator_report_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_indicator_report_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_report")),
        sa.UniqueConstraint(
            "campaign_id", "establishment_id", name=op.f("uq_indicator_report_campaign_id_establishment_id")
        ),
    )
    with op.batch_alter_table("indicator_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_report_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_report_establishment_id"), ["establishment_id"], unique=False)

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=80), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["indicator_report.id"],
            name=op.f("fk_indicator_value_report_id_indicator_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint("report_id", "indicator", name=op.f("uq_indicator_value_report_id_indicator")),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_value_report_id"), ["report_id"], unique=False)


def downgrade():
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_report_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("indicator_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_report_establishment_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_report_campaign_id"))

    op.drop_table("indicator_report")
