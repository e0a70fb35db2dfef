"""Results stamp: campaign.results_stamp, raised by triggers whenever what a campaign's results are computed from
changes (a member added, removed or corrected, an establishment moved or retyped, a response deleted or changed, a
response added to a closed campaign, the campaign reopened), so that a reader checks stored results by reading one integer. Results stored
before were named otherwise: they are computed again at their next reading (or by `flask campaigns tick`).
Downgrade drops the triggers and the column (results stored since are then computed again).

The statements are this migration's own copy of app/models/results_stamp.py as it stood.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 19:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE TRIGGER results_stamp_link_insert AFTER INSERT ON campaign_establishment BEGIN UPDATE campaign SET"
    " results_stamp = results_stamp + 1 WHERE id = NEW.campaign_id; END",
    "CREATE TRIGGER results_stamp_link_update AFTER UPDATE OF campaign_id, establishment_id, staff_size,"
    " pole_id, kind ON campaign_establishment WHEN OLD.campaign_id IS NOT NEW.campaign_id OR"
    " OLD.establishment_id IS NOT NEW.establishment_id OR OLD.staff_size IS NOT NEW.staff_size OR OLD.pole_id"
    " IS NOT NEW.pole_id OR OLD.kind IS NOT NEW.kind BEGIN UPDATE campaign SET results_stamp = results_stamp +"
    " 1 WHERE id IN (OLD.campaign_id, NEW.campaign_id); END",
    "CREATE TRIGGER results_stamp_link_delete AFTER DELETE ON campaign_establishment BEGIN UPDATE campaign SET"
    " results_stamp = results_stamp + 1 WHERE id = OLD.campaign_id; END",
    "CREATE TRIGGER results_stamp_place AFTER UPDATE OF pole_id, kind, network_id ON establishment WHEN"
    " OLD.pole_id IS NOT NEW.pole_id OR OLD.kind IS NOT NEW.kind OR OLD.network_id IS NOT NEW.network_id BEGIN"
    " UPDATE campaign SET results_stamp = results_stamp + 1 WHERE network_id IN (OLD.network_id,"
    " NEW.network_id) OR id IN (SELECT campaign_id FROM campaign_establishment WHERE establishment_id ="
    " NEW.id); END",
    "CREATE TRIGGER results_stamp_response_insert AFTER INSERT ON response WHEN (SELECT status FROM campaign"
    " WHERE id = NEW.campaign_id) = 'closed' BEGIN UPDATE campaign SET results_stamp = results_stamp + 1 WHERE"
    " id = NEW.campaign_id; END",
    "CREATE TRIGGER results_stamp_response_update AFTER UPDATE OF campaign_id, establishment_id, category ON"
    " response BEGIN UPDATE campaign SET results_stamp = results_stamp + 1 WHERE id IN (OLD.campaign_id,"
    " NEW.campaign_id); END",
    "CREATE TRIGGER results_stamp_response_delete AFTER DELETE ON response BEGIN UPDATE campaign SET"
    " results_stamp = results_stamp + 1 WHERE id = OLD.campaign_id; END",
    "CREATE TRIGGER results_stamp_status AFTER UPDATE OF status, survey_id ON campaign WHEN OLD.status IS NOT"
    " NEW.status OR OLD.survey_id IS NOT NEW.survey_id BEGIN UPDATE campaign SET results_stamp = results_stamp"
    " + 1 WHERE id = NEW.id; END",
]
SQLITE_TRIGGERS = [
    "link_insert",
    "link_update",
    "link_delete",
    "place",
    "response_insert",
    "response_update",
    "response_delete",
    "status",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION results_stamp_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE campaign SET results_stamp = results_stamp + 1 WHERE id = OLD.campaign_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE campaign SET results_stamp = results_stamp + 1 WHERE id = NEW.campaign_id;
  END IF;
  RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION results_stamp_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE campaign SET results_stamp = results_stamp + 1
  WHERE network_id IN (OLD.network_id, NEW.network_id)
     OR id IN (SELECT campaign_id FROM campaign_establishment WHERE establishment_id = NEW.id);
  RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION results_stamp_response() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT status = 'closed' INTO closed FROM campaign WHERE id = NEW.campaign_id FOR SHARE;
    IF closed THEN UPDATE campaign SET results_stamp = results_stamp + 1 WHERE id = NEW.campaign_id; END IF;
  ELSE
    UPDATE campaign SET results_stamp = results_stamp + 1 WHERE id IN (OLD.campaign_id, NEW.campaign_id);
  END IF;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER results_stamp_link AFTER INSERT OR DELETE ON campaign_establishment FOR EACH ROW EXECUTE"
    " FUNCTION results_stamp_link()",
    "CREATE TRIGGER results_stamp_link_update AFTER UPDATE OF campaign_id, establishment_id, staff_size,"
    " pole_id, kind ON campaign_establishment FOR EACH ROW WHEN (OLD.campaign_id IS DISTINCT FROM"
    " NEW.campaign_id OR OLD.establishment_id IS DISTINCT FROM NEW.establishment_id OR OLD.staff_size IS"
    " DISTINCT FROM NEW.staff_size OR OLD.pole_id IS DISTINCT FROM NEW.pole_id OR OLD.kind IS DISTINCT FROM"
    " NEW.kind) EXECUTE FUNCTION results_stamp_link()",
    "CREATE TRIGGER results_stamp_place AFTER UPDATE OF pole_id, kind, network_id ON establishment FOR EACH"
    " ROW WHEN (OLD.pole_id IS DISTINCT FROM NEW.pole_id OR OLD.kind IS DISTINCT FROM NEW.kind OR"
    " OLD.network_id IS DISTINCT FROM NEW.network_id) EXECUTE FUNCTION results_stamp_place()",
    "CREATE TRIGGER results_stamp_response AFTER INSERT OR DELETE ON response FOR EACH ROW EXECUTE FUNCTION"
    " results_stamp_response()",
    "CREATE TRIGGER results_stamp_response_update AFTER UPDATE OF campaign_id, establishment_id, category ON"
    " response FOR EACH ROW EXECUTE FUNCTION results_stamp_response()",
    """CREATE OR REPLACE FUNCTION results_stamp_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.results_stamp := OLD.results_stamp + 1;
  RETURN NEW;
END $$""",
    "CREATE TRIGGER results_stamp_status BEFORE UPDATE OF status, survey_id ON campaign FOR EACH ROW WHEN"
    " (OLD.status IS DISTINCT FROM NEW.status OR OLD.survey_id IS DISTINCT FROM NEW.survey_id) EXECUTE"
    " FUNCTION results_stamp_status()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS results_stamp_link ON campaign_establishment",
    "DROP TRIGGER IF EXISTS results_stamp_link_update ON campaign_establishment",
    "DROP TRIGGER IF EXISTS results_stamp_place ON establishment",
    "DROP TRIGGER IF EXISTS results_stamp_response ON response",
    "DROP TRIGGER IF EXISTS results_stamp_response_update ON response",
    "DROP TRIGGER IF EXISTS results_stamp_status ON campaign",
    "DROP FUNCTION IF EXISTS results_stamp_link()",
    "DROP FUNCTION IF EXISTS results_stamp_place()",
    "DROP FUNCTION IF EXISTS results_stamp_response()",
    "DROP FUNCTION IF EXISTS results_stamp_status()",
]


def upgrade():
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("results_stamp", sa.Integer(), server_default="0", nullable=False))
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS results_stamp_{name}")
    elif dialect == "postgresql":
        for statement in POSTGRESQL_DROP:
            op.execute(statement)
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("results_stamp")
