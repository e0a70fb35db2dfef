"""The reminder before closing and the publication notice, against a real SMTP server; no answer in any mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.models import AnswerComment, CampaignStatus
from app.services.campaigns.campaigns import link_of
from app.services.dashboards.establishment import build
from app.services.mail.campaign_notices import send_due_notices
from app.services.mail.sending import send_due
from app.services.surveys import question_ids
from app.web.formats import format_percent
from tests.clock import set_today
from tests.mail.campaign_world import BASE, CLOSES, OPENS, everything, make_world, subjects, visit
from tests.mail.smtp_server import html_of, text_of

SECRET = "Zébulon-4242, remarque sur la direction"
VALUES = {"collectif": 3, "partenaires": 2}


def _open_world(make, db, monkeypatch, responses: int = 3):
    """An open campaign, announced; the school has `responses` answers (one with a comment) and 20 staff declared."""
    world = make_world(make, db, status=CampaignStatus.OPEN)
    link_of(world.campaign.id, world.school.id).staff_size = 20
    answers = [make.response(world.campaign, world.school, VALUES, category="aed") for _ in range(responses)]
    qid = question_ids(world.campaign.survey.slug)["collectif"]
    db.session.add(AnswerComment(response_id=answers[0].id, question_id=qid, text=SECRET))
    set_today(monkeypatch, OPENS)
    send_due_notices(OPENS)
    db.session.commit()
    return world


def _reminders(smtp, user) -> list:
    return [m for m in smtp.to(user.email) if not str(m["Subject"]).strip().startswith("Campagne ouverte")]


@pytest.mark.parametrize("responses", [3, 4])
def test_the_reminder_carries_the_participation_the_dashboard_shows(
    smtp, base_url, app, make, db, runner, monkeypatch, responses
):
    world = _open_world(make, db, monkeypatch, responses)
    set_today(monkeypatch, CLOSES - timedelta(days=4))
    runner.invoke(args=["campaigns", "tick"])
    send_due()
    assert _reminders(smtp, world.head) == []  # not before BOUSSOLE_REMINDER_DAYS (3) before closing

    day = CLOSES - timedelta(days=3)
    set_today(monkeypatch, day)
    for _ in range(2):  # two machines' ticks: one reminder
        assert runner.invoke(args=["campaigns", "tick"]).exit_code == 0
    send_due()
    [mail] = _reminders(smtp, world.head)
    dash = build(db.session, world.school, world.campaign.id, app.config["BOUSSOLE_MIN_GROUP_SIZE"])
    assert (dash.responses, dash.staff_size) == (responses, 20)
    text, html = text_of(mail), html_of(mail)
    assert f"a reçu {dash.responses} réponses pour {dash.staff_size} personnels déclarés" in text
    assert f"taux de participation : {format_percent(dash.rate)})" in text
    assert f"<strong>{dash.responses} réponses</strong>" in html and format_percent(dash.rate) in html
    assert "Plus que 4 jours" in text and "20 mars 2026" in text
    assert str(mail["Subject"]).strip().startswith("Plus que 4 jours")
    link = link_of(world.campaign.id, world.school.id)
    assert f"{BASE}/q/{link.token}" in text
    # the total only, never a count by category (as a word: the link's random token may hold the letters)
    assert not re.search(r"\bAED\b", everything(mail), re.IGNORECASE)
    assert len(_reminders(smtp, world.other_head)) == 1  # each head their own school's figure (0 here)
    assert "a reçu 0 réponse, comme" in text_of(_reminders(smtp, world.other_head)[0])
    assert [u.email for u in (world.pilot, world.coordinator) if smtp.to(u.email)] == []


def test_no_reminder_for_a_campaign_without_closing_date(smtp, base_url, make, db, monkeypatch):
    world = make_world(make, db, status=CampaignStatus.OPEN, closes_on=None)
    set_today(monkeypatch, OPENS + timedelta(days=300))
    send_due_notices(OPENS + timedelta(days=300))
    send_due()
    assert [len(_reminders(smtp, u)) for u in (world.head, world.other_head)] == [0, 0]


def test_the_opening_within_the_reminder_days_sends_no_reminder_the_same_week(smtp, base_url, make, db, monkeypatch):
    world = make_world(make, db, status=CampaignStatus.OPEN)
    day = CLOSES - timedelta(days=2)
    set_today(monkeypatch, day)
    send_due_notices(day)
    send_due_notices(day + timedelta(days=1))
    send_due()
    assert subjects(smtp, world.head.email)[0].startswith("Campagne ouverte") and len(smtp.to(world.head.email)) == 1


def _readers_mails(smtp, world):
    return {u.email: smtp.to(u.email) for u in (world.pilot, world.coordinator)}


def _assert_results_notice(smtp, world):
    mails = _readers_mails(smtp, world)
    assert [len(m) for m in mails.values()] == [1, 1]
    [pilot_mail], [coordinator_mail] = mails.values()
    campaign, pole = world.campaign, world.school.pole
    assert f"{BASE}/reseau/{campaign.network_id}?campagne={campaign.id}&pole={pole.id}" in text_of(pilot_mail)
    assert f"pôle {pole.name}" in text_of(pilot_mail)
    assert f"{BASE}/reseau/{campaign.network_id}?campagne={campaign.id}" in text_of(coordinator_mail).splitlines()
    for mail in (pilot_mail, coordinator_mail):
        assert str(mail["Subject"]).strip() == f"Résultats publiés : {campaign.label}"
        without_links = re.sub(r"https?://\S+", "", everything(mail))
        assert re.search(r"\b7\b", without_links) is None  # no figure: the 7 responses are read in Boussole
        assert "réponses reçues" not in without_links and "taux" not in without_links
    for user in [world.head, world.other_head, *world.bystanders]:
        assert not any("Résultats" in s for s in subjects(smtp, user.email)), user.email


def test_the_admins_closing_tells_pilots_and_coordinators_without_a_figure(
    smtp, base_url, client, login, make, db, monkeypatch
):
    world = _open_world(make, db, monkeypatch, responses=7)
    login("admin")
    assert client.post(f"/admin/campagnes/{world.campaign.id}/statut/cloturer").status_code == 302
    send_due()
    _assert_results_notice(smtp, world)


def test_the_closing_at_its_date_tells_them_once(smtp, base_url, client, make, db, runner, monkeypatch):
    world = _open_world(make, db, monkeypatch, responses=7)
    set_today(monkeypatch, CLOSES + timedelta(days=1))
    visit(client)  # the first request after the closing date closes it, and announces it in that transaction
    runner.invoke(args=["campaigns", "tick"])
    send_due()
    _assert_results_notice(smtp, world)


def test_no_mail_ever_carries_an_answer_or_a_comment(smtp, base_url, client, login, make, db, runner, monkeypatch):
    world = _open_world(make, db, monkeypatch, responses=6)
    set_today(monkeypatch, CLOSES - timedelta(days=1))
    runner.invoke(args=["campaigns", "tick"])
    login("admin")
    client.post(f"/admin/campagnes/{world.campaign.id}/statut/cloturer")
    send_due()
    kinds = {str(m["Subject"]).strip().split(" :")[0] for m in smtp.messages}
    assert kinds == {"Campagne ouverte", "Plus que 2 jours", "Résultats publiés"}
    for mail in smtp.messages:
        assert "Zébulon" not in everything(mail)
