"""Campaign membership frozen at closing: each campaign_establishment keeps its pole and type as they were.

A closed campaign's results are computed with the pole and the type the establishment had when the campaign
closed, so that a later move or re-import changes none of its published figures (docs/privacy.md). Campaigns
already closed are frozen from the establishments' current values, the best that is known of them.

The upgrade also gives a link to any establishment that has responses in a campaign but no link to it, so that
every respondent establishment has the row its membership is frozen in. The downgrade drops the three columns
(the links it added stay: they are ordinary links).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00

"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# As app/services/campaigns/codes.py: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def upgrade():
    with op.batch_alter_table("campaign_establishment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("pole_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=60), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_campaign_establishment_pole_id_pole"), "pole", ["pole_id"], ["id"], ondelete="SET NULL"
        )

    connection = op.get_bind()
    _link_respondent_establishments(connection)
    connection.execute(
        sa.text(
            "UPDATE campaign_establishment SET frozen_at = :now,"
            " pole_id = (SELECT e.pole_id FROM establishment e WHERE e.id = campaign_establishment.establishment_id),"
            " kind = (SELECT e.kind FROM establishment e WHERE e.id = campaign_establishment.establishment_id)"
            " WHERE campaign_id IN (SELECT c.id FROM campaign c WHERE c.status = 'closed')"
        ),
        {"now": datetime.now(UTC)},
    )


def _link_respondent_establishments(connection) -> None:
    """Give a link (token and short code, both unused elsewhere) to each establishment answering without one."""
    missing = connection.execute(
        sa.text(
            "SELECT DISTINCT r.campaign_id, r.establishment_id FROM response r"
            " LEFT JOIN campaign_establishment ce"
            " ON ce.campaign_id = r.campaign_id AND ce.establishment_id = r.establishment_id"
            " WHERE ce.id IS NULL"
        )
    ).all()
    if not missing:
        return
    taken = set(connection.execute(sa.text("SELECT short_code FROM campaign_establishment")).scalars())
    taken |= set(connection.execute(sa.text("SELECT code FROM access_code")).scalars())
    for campaign_id, establishment_id in missing:
        code = _new_code()
        while code in taken:
            code = _new_code()
        taken.add(code)
        connection.execute(
            sa.text(
                "INSERT INTO campaign_establishment (campaign_id, establishment_id, token, short_code)"
                " VALUES (:campaign_id, :establishment_id, :token, :short_code)"
            ),
            {
                "campaign_id": campaign_id,
                "establishment_id": establishment_id,
                "token": secrets.token_urlsafe(24),
                "short_code": code,
            },
        )


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def downgrade():
    with op.batch_alter_table("campaign_establishment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_campaign_establishment_pole_id_pole"), type_="foreignkey")
        batch_op.drop_column("kind")
        batch_op.drop_column("pole_id")
        batch_op.drop_column("frozen_at")
