"""Départements: the level between the académie and its networks, and the scopes of the steering readers.

A `department` belongs to an académie (code "13", name "Bouches-du-Rhône"); a network may lie in one
(`network.department_id`, nullable: an inter-départemental network is read at the académie's level only).
A user scope may now name an académie or a département (the read-only roles `academy` and `department`),
still exactly one target per row. Backfill: a network whose establishments all carry the same département code
gets that département (named by its code until an administrator renames it); any other network stays unplaced.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FOUR_TARGETS = (
    "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END) = 1"
)
SIX_TARGETS = (
    "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN academy_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN department_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade():
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academy_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["academy_id"], ["academy.id"], name=op.f("fk_department_academy_id_academy")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("code", name=op.f("uq_department_code")),
    )
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_academy_id"), ["academy_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # Batch mode would recreate `network`, dropping a table that establishments refer to: SQLite refuses it
        # once there are rows. It adds a nullable column with its reference in place.
        op.execute(
            "ALTER TABLE network ADD COLUMN department_id INTEGER"
            " CONSTRAINT fk_network_department_id_department REFERENCES department (id)"
        )
        op.create_index(op.f("ix_network_department_id"), "network", ["department_id"], unique=False)
    else:
        with op.batch_alter_table("network", schema=None) as batch_op:
            batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_network_department_id"), ["department_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f("fk_network_department_id_department"), "department", ["department_id"], ["id"]
            )

    with op.batch_alter_table("user_scope", schema=None) as batch_op:
        batch_op.add_column(sa.Column("academy_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_user_scope_academy_id_academy"), "academy", ["academy_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_user_scope_department_id_department"),
            "department",
            ["department_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_constraint(op.f("ck_user_scope_exactly_one_target"), type_="check")
        batch_op.create_check_constraint("exactly_one_target", SIX_TARGETS)

    _backfill()


def _backfill():
    """Place each network whose establishments all lie in one département (codes stored as in the UAI: "013")."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT network.id, network.academy_id, MIN(establishment.departement), MAX(establishment.departement)"
            " FROM network JOIN establishment ON establishment.network_id = network.id"
            " WHERE establishment.departement <> ''"
            " GROUP BY network.id, network.academy_id"
        )
    ).all()
    department = sa.table(
        "department", sa.column("id"), sa.column("academy_id"), sa.column("code"), sa.column("name")
    )
    for network_id, academy_id, lowest, highest in rows:
        if lowest != highest:
            continue  # several départements: left for the administration to decide
        code = lowest.lstrip("0").rjust(2, "0") if lowest[:1] == "0" and len(lowest) == 3 else lowest
        found = bind.execute(sa.select(department.c.id).where(department.c.code == code)).scalar()
        if found is None:
            bind.execute(department.insert().values(academy_id=academy_id, code=code, name=f"Département {code}"))
            found = bind.execute(sa.select(department.c.id).where(department.c.code == code)).scalar()
        bind.execute(
            sa.text("UPDATE network SET department_id = :department WHERE id = :network"),
            {"department": found, "network": network_id},
        )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite drops the column by recreating `network`, which its establishments refer to: checks off meanwhile
        # (first, before anything opens a transaction, where this pragma would do nothing).
        op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("network", schema=None) as batch_op:
        if not sqlite:  # SQLite reflects a column's reference without its name; dropping the column drops it
            batch_op.drop_constraint(batch_op.f("fk_network_department_id_department"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_network_department_id"))
        batch_op.drop_column("department_id")
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")

    # The steering readers' scopes cannot be told in four columns: they go with the roles they served.
    op.execute("DELETE FROM user_scope WHERE academy_id IS NOT NULL OR department_id IS NOT NULL")
    with op.batch_alter_table("user_scope", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_scope_exactly_one_target"), type_="check")
        batch_op.create_check_constraint("exactly_one_target", FOUR_TARGETS)
        batch_op.drop_constraint(batch_op.f("fk_user_scope_department_id_department"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_user_scope_academy_id_academy"), type_="foreignkey")
        batch_op.drop_column("department_id")
        batch_op.drop_column("academy_id")

    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_academy_id"))
    op.drop_table("department")
