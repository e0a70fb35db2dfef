"""`flask campaigns create --pole/--uai`, `list` showing what a campaign is today, and `tick` closing on the date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Campaign, CampaignEstablishment, CampaignScope, CampaignStatus
from tests.clock import set_today


@pytest.fixture
def network(make, db):
    network = make.network(name="Réseau Sainte Victoire")
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    schools = [make.establishment(pole=aix), make.establishment(pole=aix), make.establishment(pole=pertuis)]
    make.pole("Marseille", make.network(name="Calanques"))
    make.surveys()
    db.session.commit()
    return network, schools


BASE = ["campaigns", "create", "--survey", "autopositionnement", "--network", "réseau sainte victoire", "--year"]


def _linked(db) -> set[int]:
    return set(db.session.scalars(select(CampaignEstablishment.establishment_id)))


def test_create_for_chosen_poles(runner, db, network):
    _, schools = network
    result = runner.invoke(args=[*BASE, "2026-2027", "--pole", "aix"])
    assert result.exit_code == 0, result.output
    campaign = db.session.scalars(select(Campaign)).one()
    assert campaign.scope == CampaignScope.POLES and [p.name for p in campaign.poles] == ["Aix"]
    assert _linked(db) == {schools[0].id, schools[1].id}
    assert "périmètre pôle : aix" in result.output and "2 établissement(s)" in result.output


def test_create_for_chosen_establishments(runner, db, network):
    _, schools = network
    result = runner.invoke(args=[*BASE, "2026-2027", "--uai", schools[2].uai.lower(), "--uai", schools[0].uai])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(Campaign)).one().scope == CampaignScope.ESTABLISHMENTS
    assert _linked(db) == {schools[0].id, schools[2].id}


@pytest.mark.parametrize(
    "options,message",
    [
        (
            ["--pole", "Marseille"],
            "pas de pôle « Marseille » dans le réseau « Réseau Sainte Victoire » (pôles : Aix, Pertuis)",
        ),
        (["--uai", "0139999Y"], "UAI inconnu(s) : 0139999Y"),
        (["--pole", "Aix", "--uai", "0139999Y"], "pas les deux"),
    ],
)
def test_create_refuses_a_bad_scope(runner, db, network, options, message):
    result = runner.invoke(args=[*BASE, "2026-2027", *options])
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert db.session.scalars(select(Campaign)).all() == []


def test_list_says_programmee_then_tick_closes_on_the_date(runner, db, network, monkeypatch):
    set_today(monkeypatch, date(2026, 9, 20))
    result = runner.invoke(args=[*BASE, "2026-2027", "--open", "--opens-on", "2026-10-01", "--closes-on", "2026-10-31"])
    assert result.exit_code == 0 and "état programmée" in result.output, result.output
    assert runner.invoke(args=["campaigns", "list"]).output.splitlines()[1].split("\t")[4] == "programmée"
    set_today(monkeypatch, date(2026, 10, 31))
    assert runner.invoke(args=["campaigns", "list"]).output.splitlines()[1].split("\t")[4] == "en cours"
    assert runner.invoke(args=["campaigns", "tick"]).stdout == ""  # the closing date is the last day of answers
    set_today(monkeypatch, date(2026, 11, 1))
    ticked = runner.invoke(args=["campaigns", "tick"])
    assert ticked.exit_code == 0 and "clôturée à sa date (31/10/2026)" in ticked.stdout
    campaign = db.session.scalars(select(Campaign)).one()
    db.session.refresh(campaign)
    assert campaign.status == CampaignStatus.CLOSED
    assert all(link.frozen_at for link in db.session.scalars(select(CampaignEstablishment)))
    assert runner.invoke(args=["campaigns", "tick"]).stderr.strip() == "0 campagne(s) clôturée(s)."  # nothing left
    assert db.session.scalars(select(AuditEntry).filter_by(action="campaign.close")).one().user_id is None


def test_create_open_refuses_a_past_closing_date(runner, db, network, monkeypatch):
    set_today(monkeypatch, date(2026, 9, 20))
    result = runner.invoke(args=[*BASE, "2025-2026", "--open", "--closes-on", "2026-06-30"])
    assert result.exit_code == 2 and "date de clôture de cette campagne est passée" in " ".join(result.output.split())


def test_create_refuses_an_overlong_period_before_the_database_does(runner, db, network):
    """PostgreSQL would refuse 21 characters in `campaign.period` with a traceback; SQLite would store them."""
    result = runner.invoke(args=[*BASE, "2026-2027", "--period", "x" * 21])
    assert result.exit_code != 0 and "20 caractères au plus" in result.output, result.output
    assert db.session.scalars(select(Campaign)).all() == []
