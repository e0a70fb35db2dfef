"""`flask backup` / `flask restore`: a round trip gives back every row of every table, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select, update

from app.models import (
    AccessCode,
    AgreedLevel,
    AnswerComment,
    AuditEntry,
    CampaignNotice,
    CampaignScope,
    CampaignStatus,
    CampaignWithdrawal,
    CommentModeration,
    Draft,
    Establishment,
    IndicatorReport,
    IndicatorValue,
    Network,
    NoticeKind,
    OutboxAttachment,
    OutboxMessage,
    RenderedFragment,
    Response,
    ServerSession,
)
from app.services.backup import BackupError, _tool, libpq_connection
from app.services.dashboards.campaign_data import store_results
from app.services.roadmaps.roadmaps import PriorityInput, add_priority
from app.services.surveys import question_ids


@pytest.fixture
def versioned(db):
    """The test database stamped like a migrated one (the suite builds it with create_all)."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
        )
        connection.exec_driver_sql("DELETE FROM alembic_version")
        connection.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES ('0001')")
    yield db
    db.session.remove()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def fill_every_table(make, db) -> None:
    """Put a few rows in every table, through the factories and, for the rest, plain model inserts."""
    pole = make.pole()
    schools = [make.establishment(pole=pole), make.establishment(pole=pole, name="Lycée « Les Îles »")]
    campaign = make.campaign(network=pole.network, establishments=schools, closes_on=date(2026, 6, 30))
    closed = make.campaign(
        "autopositionnement", network=pole.network, status=CampaignStatus.CLOSED, establishments=schools
    )
    closed.scope, closed.poles = CampaignScope.POLES, [pole]
    withdrawn = make.establishment(pole=pole, name="École retirée")
    ids = question_ids(campaign.survey.slug)
    responses = [
        make.response(campaign, school, {"collectif": level, "partenaires": None})
        for school in schools
        for level in (1, 3, 5)
    ]
    head = make.user("head", scope=schools[0], password="mot-de-passe-solide")
    make.user("coordinator", scope=pole.network)
    pole.network.department = make.department("13", academy=pole.network.academy)
    make.user("department", scope=pole.network.department)
    db.session.add_all(
        [
            AccessCode(campaign_id=campaign.id, establishment_id=schools[0].id, code="ABCD2345", used=True),
            AccessCode(campaign_id=campaign.id, establishment_id=schools[0].id, code="EFGH6789"),
            AnswerComment(
                response_id=responses[0].id, question_id=ids["collectif"], text="Un commentaire ; « accentué »"
            ),
            Draft(
                token_hash="f" * 64,
                campaign_id=campaign.id,
                establishment_id=schools[1].id,
                category="enseignant",
                data={"collectif": "2", "note": "été"},
                updated_on=date(2025, 11, 2),
            ),
            AgreedLevel(
                campaign_id=campaign.id,
                establishment_id=schools[0].id,
                question_id=ids["collectif"],
                level=3,
                justification="Consensus du conseil pédagogique.",
                recorded_by_id=head.id,
                recorded_on=date(2025, 12, 1),
            ),
            AuditEntry(user_id=head.id, action="agreed_level", detail="collectif=3"),
            CampaignWithdrawal(campaign_id=campaign.id, establishment_id=withdrawn.id),
            ServerSession(
                session_id="session:" + "s" * 43, data=b"\x81\xa1k\xa1v", expiry=datetime(2026, 1, 1, tzinfo=UTC)
            ),
        ]
    )
    db.session.flush()
    db.session.add(
        CommentModeration(
            response_id=responses[0].id, question_id=ids["collectif"], reason="Nomme une personne", hidden_by_id=head.id
        )
    )
    indicators = make.campaign("poles-de-stages", network=pole.network, period="S1", establishments=schools[:1])
    values = [
        IndicatorValue(indicator="eleves-pfmp", number=12.0),
        IndicatorValue(indicator="situation-a-signaler", text="=1+1 « x »"),
    ]
    db.session.add(
        IndicatorReport(campaign=indicators, establishment=schools[0], answered_by_id=head.id, values=values)
    )
    add_priority(
        schools[0],
        "2025-2026",
        PriorityInput("dimension:collectif", 4, actions="Ateliers « croisés » ; =1+1", responsables="Équipe"),
        head,
        datetime(2025, 10, 1, tzinfo=UTC),
    )
    poster = OutboxAttachment(filename="affiche.pdf", mimetype="application/pdf", content=b"%PDF-1.4 \x00\xff")
    db.session.add(
        OutboxMessage(kind="invitation", recipient="chef@ac-test.fr", subject="Votre compte", attachments=[poster])
    )
    db.session.add_all(
        [
            CampaignNotice(campaign_id=indicators.id, kind=NoticeKind.OPENING, establishment_id=schools[0].id),
            CampaignNotice(campaign_id=indicators.id, kind=NoticeKind.RESULTS, recipients=3),
        ]
    )
    db.session.commit()
    store_results(db.session, [closed.id], 5)  # a closed campaign's stored results and slices (compressed JSON)
    db.session.add(RenderedFragment(key="f" * 64, html="<p>Résultats « publiés »</p>", extra=["Collège", "Lycée"]))
    db.session.commit()


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    return {
        table.name: [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key.columns))]
        for table in db.metadata.sorted_tables
    }


def test_round_trip_restores_every_row_of_every_table(versioned, make, runner, tmp_path):
    db = versioned
    fill_every_table(make, db)
    before = snapshot(db)
    empty = [name for name, rows in before.items() if not rows]
    assert not empty, f"fill_every_table() leaves these tables empty: {empty}"
    db.session.remove()

    backup = tmp_path / "boussole.backup"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output and backup.stat().st_size > 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds every answer: readable by its owner only

    # Lose and change data after the backup.
    db.session.execute(delete(Response).where(Response.id.in_(select(Response.id).limit(4))))
    db.session.execute(delete(Draft))
    db.session.execute(update(Establishment).values(name="Renommé"))
    make.network("Réseau ajouté après la sauvegarde")
    db.session.commit()
    assert snapshot(db) != before
    db.session.remove()

    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Base restaurée" in result.output
    db.session.remove()
    assert snapshot(db) == before
    assert db.session.scalar(select(Network).filter_by(name="Réseau ajouté après la sauvegarde")) is None


def test_restore_asks_for_confirmation_and_a_no_changes_nothing(versioned, make, runner, tmp_path):
    db = versioned
    fill_every_table(make, db)
    db.session.remove()
    backup = tmp_path / "b.backup"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    make.network("Après")
    db.session.commit()
    before = snapshot(db)
    db.session.remove()

    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code == 1
    assert "Continuer ?" in result.output and "rien n'a été modifié" in result.output
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"ceci n'est pas une sauvegarde\n" * 200, b"SQLite format 3\x00" + b"\x01" * 3000, b"PGDMP" + b"\x00" * 100],
    ids=["empty", "text", "corrupt-sqlite", "corrupt-pg-dump"],
)
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(versioned, make, runner, tmp_path, content):
    db = versioned
    fill_every_table(make, db)
    before = snapshot(db)
    db.session.remove()
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)

    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code == 1
    assert "Erreur" in result.output
    assert "n'est pas une sauvegarde" in result.output or "lisible" in result.output
    assert "Traceback" not in result.output
    assert snapshot(db) == before


def test_another_sqlite_database_is_refused(versioned, make, runner, tmp_path):
    db = versioned
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite file only makes sense as a backup of a SQLite database")
    fill_every_table(make, db)
    before = snapshot(db)
    db.session.remove()
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()

    result = runner.invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code == 1
    assert "n'est pas une sauvegarde de Boussole" in result.output
    assert snapshot(db) == before


def test_the_live_sqlite_file_is_neither_a_backup_target_nor_a_source(versioned, runner):
    db = versioned
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    live = db.engine.url.database
    result = runner.invoke(args=["backup", live])
    assert result.exit_code == 1 and "la base elle-même" in result.output
    result = runner.invoke(args=["restore", live, "--yes"])
    assert result.exit_code == 1 and "la base elle-même" in result.output


def test_missing_file_and_missing_folder_are_clear_errors(versioned, runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "absent.backup"), "--yes"])
    assert result.exit_code == 1 and "introuvable" in result.output
    result = runner.invoke(args=["backup", str(tmp_path / "absent" / "b.backup")])
    assert result.exit_code == 1 and "n'existe pas" in result.output


def test_libpq_url_carries_no_password_which_goes_to_the_environment():
    from sqlalchemy.engine import make_url

    url = make_url("postgresql+psycopg://boussole:s3cr%40t@db.example:5433/boussole?sslmode=require")
    dsn, env = libpq_connection(url)
    assert dsn == "postgresql://boussole@db.example:5433/boussole?sslmode=require"
    assert "s3cr" not in dsn
    assert env["PGPASSWORD"] == "s3cr@t"


def test_a_missing_postgresql_client_is_named(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(BackupError, match="postgresql-client"):
        _tool("pg_dump")
