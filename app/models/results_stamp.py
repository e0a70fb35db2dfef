"""campaign.results_stamp: a number the database raises whenever what a campaign's results are computed from changes.

A closed campaign's results are stored once (campaign_result) under the stamp read before computing them; a reader
trusts them while the stamp is the same, reading one integer instead of every member and a summary of every response
(what took a third of an establishment's dashboard). Triggers raise it, so that no writer can forget to: a member
added, removed or corrected (staff size, the pole and type frozen at closing), an establishment moved or retyped (its
network's campaigns, whose non-members who answered read its current pole), a response deleted or changed, a
response added to a campaign already closed (a late import), the campaign reopened or closed again.

Responses to an open campaign leave it alone: the stamp is no lock every submission would wait on. On PostgreSQL
that trigger reads the campaign FOR SHARE, so that a closing under way waits for the response being stored, or the
response sees the campaign closed: none slips between them (on SQLite, writers take turns).

Migration 0016 writes the same statements (a migration keeps its own copy: this module may change after it). SQLite
drops a table's triggers when Alembic's batch mode rebuilds the table: a migration rebuilding campaign, response,
establishment or campaign_establishment must create them again (tests/migrations/test_results_stamp.py checks).
"""

from __future__ import annotations

from sqlalchemy import DDL, MetaData, event

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


def statements(dialect: str) -> list[str]:
    """The statements creating the triggers on this database (none on another)."""
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, [])


def install(metadata: MetaData) -> None:
    """Create the triggers whenever `create_all` creates the tables (the tests' databases, `flask db` aside)."""
    for dialect in ("sqlite", "postgresql"):
        for statement in statements(dialect):
            ddl = DDL(statement)  # type: ignore[no-untyped-call]  # its __init__ is untyped in SQLAlchemy
            event.listen(metadata, "after_create", ddl.execute_if(dialect=dialect))
