"""`flask campaigns list|links|codes|create`."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from app.models import AccessCode, AccessMode, Campaign, CampaignEstablishment, CampaignStatus
from app.services.accounts.links import COMMAND_LINE_BASE_URL


def _rows(output: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(output)))


def test_list_prints_one_line_per_campaign(runner, make, db):
    school = make.establishment()
    grid = make.campaign(network=school.network, establishments=[school], period="S1")
    items = make.campaign(
        "autopositionnement",
        network=school.network,
        establishments=[school],
        status=CampaignStatus.CLOSED,
        access_mode=AccessMode.CODES,
        school_year="2024-2025",
    )
    for level in (1, 2, 3):
        make.response(grid, school, {"collectif": level})
    db.session.commit()
    result = runner.invoke(args=["campaigns", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split("\t")[0] == "id" and len(lines) == 3
    assert lines[1].split("\t") == [
        str(grid.id),
        "territoire-apprenant",
        school.network.name,
        "2025-2026 S1",
        "en cours",
        "Tout le réseau",
        "link",
        "3",
    ]
    assert lines[2].split("\t") == [
        str(items.id),
        "autopositionnement",
        school.network.name,
        "2024-2025",
        "clôturée",
        "Tout le réseau",
        "codes",
        "0",
    ]


def test_links_prints_csv_with_full_links(runner, make, db, app):
    school = make.establishment(name="Collège Cézanne")
    campaign = make.campaign(network=school.network, establishments=[school])
    link = db.session.scalars(select(CampaignEstablishment)).one()
    db.session.commit()
    result = runner.invoke(args=["campaigns", "links", str(campaign.id)])
    assert result.exit_code == 0, result.output
    base = COMMAND_LINE_BASE_URL.rstrip("/")
    assert _rows(result.stdout) == [
        {"uai": school.uai, "name": "Collège Cézanne", "link": f"{base}/q/{link.token}", "code": link.short_code}
    ]
    # the command line serves no page: it says which address it printed, and how to change it
    assert result.stderr == (
        f"Liens construits sur {base} (adresse par défaut) ; réglez BOUSSOLE_BASE_URL pour en changer.\n"
    )


def test_links_follow_the_setting_and_say_so(runner, make, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_BASE_URL", "https://boussole.ac-exemple.fr/")
    school = make.establishment()
    campaign = make.campaign(network=school.network, establishments=[school])
    db.session.commit()
    result = runner.invoke(args=["campaigns", "links", str(campaign.id)])
    assert _rows(result.stdout)[0]["link"].startswith("https://boussole.ac-exemple.fr/q/")
    assert "Liens construits sur https://boussole.ac-exemple.fr (BOUSSOLE_BASE_URL)" in result.stderr


def test_links_of_an_unknown_campaign_fails_clearly(runner, db):
    result = runner.invoke(args=["campaigns", "links", "999"])
    assert result.exit_code != 0 and "aucune campagne n° 999" in result.output


def test_codes_creates_single_use_codes(runner, make, db):
    school = make.establishment()
    campaign = make.campaign(network=school.network, establishments=[school], access_mode=AccessMode.CODES)
    db.session.commit()
    result = runner.invoke(args=["campaigns", "codes", str(campaign.id), "--uai", school.uai.lower(), "--count", "3"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert len(rows) == 3 and {row["uai"] for row in rows} == {school.uai}
    assert "0 code(s) utilisé(s) sur 3" in result.stderr
    stored = {c.code for c in db.session.scalars(select(AccessCode).filter_by(used=False))}
    assert {row["code"] for row in rows} == stored


def test_codes_refuses_a_school_of_another_network_and_a_bad_count(runner, make, db):
    school, stranger = make.establishment(), make.establishment()
    campaign = make.campaign(network=school.network, establishments=[school])
    db.session.commit()
    result = runner.invoke(args=["campaigns", "codes", str(campaign.id), "--uai", stranger.uai, "--count", "2"])
    assert result.exit_code != 0 and "n'appartient pas au réseau" in result.output
    result = runner.invoke(args=["campaigns", "codes", str(campaign.id), "--uai", school.uai, "--count", "0"])
    assert result.exit_code != 0 and "entre 1 et 2000" in result.output
    assert db.session.scalars(select(AccessCode)).all() == []


def test_create_opens_a_campaign_for_every_school_of_the_network(runner, make, db):
    network = make.network(name="Réseau Sainte Victoire")
    pole = make.pole(network=network)
    schools = [make.establishment(pole=pole) for _ in range(3)]
    make.surveys()
    db.session.commit()
    result = runner.invoke(
        args=[
            "campaigns",
            "create",
            "--survey",
            "autopositionnement",
            "--network",
            "réseau sainte victoire",
            "--year",
            "2026-2027",
            "--period",
            "S1",
            "--access",
            "codes",
            "--open",
            "--closes-on",
            "2027-06-30",
        ]
    )
    assert result.exit_code == 0, result.output
    campaign = db.session.scalars(select(Campaign)).one()
    assert (campaign.survey.slug, campaign.school_year, campaign.period) == ("autopositionnement", "2026-2027", "S1")
    assert (campaign.status, campaign.access_mode) == (CampaignStatus.OPEN, AccessMode.CODES)
    assert str(campaign.closes_on) == "2027-06-30"
    linked = set(db.session.scalars(select(CampaignEstablishment.establishment_id)))
    assert linked == {s.id for s in schools}
    assert f"Campagne {campaign.id} créée" in result.output and "3 établissement(s)" in result.output


def test_create_picks_an_edition_or_the_latest(runner, make, db):
    make.network(name="Réseau A")
    make.surveys()
    db.session.commit()
    base = ["campaigns", "create", "--survey", "autopositionnement", "--network", "Réseau A"]
    assert runner.invoke(args=[*base, "--year", "2025-2026", "--edition", "1"]).exit_code == 0
    assert runner.invoke(args=[*base, "--year", "2026-2027"]).exit_code == 0
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.school_year)).all()
    assert [(c.school_year, c.survey.version) for c in campaigns] == [("2025-2026", "1"), ("2026-2027", "2")]
    refused = runner.invoke(args=[*base, "--year", "2026-2027", "--edition", "7"])
    assert refused.exit_code == 2
    assert "« autopositionnement » n'a pas d'édition 7 chargée (éditions : 1, 2)" in refused.output
    assert db.session.scalar(select(func.count(Campaign.id))) == 2


def test_create_refuses_bad_input(runner, make, db):
    make.network(name="Réseau A")
    make.surveys()
    db.session.commit()
    for args, words in (
        (["--survey", "inconnu", "--network", "Réseau A", "--year", "2026-2027"], "instrument « inconnu » inconnu"),
        (["--survey", "territoire-apprenant", "--network", "Réseau Z", "--year", "2026-2027"], "aucun réseau"),
        (["--survey", "territoire-apprenant", "--network", "Réseau A", "--year", "2026-2028"], "2026-2027"),
    ):
        result = runner.invoke(args=["campaigns", "create", *args])
        assert result.exit_code != 0 and words in result.output, result.output
    assert db.session.scalars(select(Campaign)).all() == []
