"""Feuilles de route: a table of roadmaps (one per school year and establishment, pole or network) and their
priorities (one to three, each tied to a grid dimension or a self-positioning theme). Downgrade drops both.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 19:03:01.148351

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "roadmap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum("establishment", "pole", "network", name="roadmaplevel", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("pole_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("school_year", sa.String(length=9), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_roadmap_exactly_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_roadmap_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_roadmap_network_id_network"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["pole_id"], ["pole.id"], name=op.f("fk_roadmap_pole_id_pole"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_roadmap_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap")),
        sa.UniqueConstraint("establishment_id", "school_year", name=op.f("uq_roadmap_establishment_id_school_year")),
        sa.UniqueConstraint("network_id", "school_year", name=op.f("uq_roadmap_network_id_school_year")),
        sa.UniqueConstraint("pole_id", "school_year", name=op.f("uq_roadmap_pole_id_school_year")),
    )
    with op.batch_alter_table("roadmap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roadmap_school_year"), ["school_year"], unique=False)

    op.create_table(
        "roadmap_priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum("dimension", "theme", name="subjectkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("survey_slug", sa.String(length=80), nullable=False),
        sa.Column("subject_key", sa.String(length=80), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.SmallInteger(), nullable=True),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("responsables", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "a_lancer", "en_cours", "realisee", "abandonnee", name="prioritystatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["roadmap_priority.id"],
            name=op.f("fk_roadmap_priority_copied_from_id_roadmap_priority"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_roadmap_priority_question_id_question")
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id"], ["roadmap.id"], name=op.f("fk_roadmap_priority_roadmap_id_roadmap"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_roadmap_priority_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_priority")),
    )
    with op.batch_alter_table("roadmap_priority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roadmap_priority_roadmap_id"), ["roadmap_id"], unique=False)


def downgrade():
    with op.batch_alter_table("roadmap_priority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roadmap_priority_roadmap_id"))

    op.drop_table("roadmap_priority")
    with op.batch_alter_table("roadmap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roadmap_school_year"))

    op.drop_table("roadmap")
