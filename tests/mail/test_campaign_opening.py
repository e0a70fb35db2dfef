"""The opening notice against a real SMTP server: each head of the campaign's establishments, once, with a poster."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, func, select

from app.extensions import db as _db
from app.models import AccessCode, AccessMode, CampaignNotice, CampaignStatus, MailStatus, NoticeKind, OutboxMessage
from app.services.accounts.links import COMMAND_LINE_BASE_URL
from app.services.campaigns.campaigns import link_of
from app.services.campaigns.materials import display_code
from app.services.mail.campaign_notices import claim, due_campaign_ids, send_due_notices
from app.services.mail.sending import send_due
from tests.clock import set_today
from tests.mail.campaign_world import BASE, OPENS, everything, make_world, pdf_text, subjects, visit
from tests.mail.smtp_server import html_of, text_of


def _open_by_admin(client, login, world) -> None:
    """« Ouvrir », then the campaign page the admin is sent back to, after which the opening is announced."""
    login("admin")
    response = client.post(f"/admin/campagnes/{world.campaign.id}/statut/ouvrir")
    assert response.status_code == 302
    assert visit(client, response.location) == 200


def test_the_admins_opening_mails_each_head_their_link_code_and_poster(
    smtp, base_url, client, login, make, db, monkeypatch
):
    world = make_world(make, db)
    set_today(monkeypatch, OPENS)
    _open_by_admin(client, login, world)
    send_due()

    [mail] = smtp.to(world.head.email)
    notice = _db.session.scalars(
        select(CampaignNotice).filter_by(campaign_id=world.campaign.id, establishment_id=world.school.id)
    ).one()
    assert notice.recipients == 1  # the active head; not the disabled one
    own = link_of(world.campaign.id, world.school.id)
    url, code = f"{BASE}/q/{own.token}", display_code(own.short_code)
    text, html = text_of(mail), html_of(mail)
    assert subjects(smtp, world.head.email) == [
        f"Campagne ouverte : {world.campaign.survey.title} — {world.school.name}"
    ]
    assert "Bonjour Anne Martin" in text and "20 mars 2026" in text
    assert url in text and code in text and f"{BASE}/q/code" in text
    assert f'href="{url}"' in html and code in html
    [poster] = list(mail.iter_attachments())
    assert poster.get_content_type() == "application/pdf" and poster.get_filename().endswith(".pdf")
    printed = pdf_text(poster.get_content())
    assert url in printed and code in printed  # the poster the admin page prints, for this establishment

    [other] = smtp.to(world.other_head.email)  # the other school's head: their own link, not this one
    other_code = display_code(link_of(world.campaign.id, world.other_school.id).short_code)
    assert url not in text_of(other) and other_code in text_of(other)
    for user in [world.pilot, world.coordinator, *world.bystanders]:
        assert smtp.to(user.email) == [], user.email  # disabled, another network's, or no head
    assert len(smtp.messages) == 2


def test_links_in_mails_never_take_the_requests_host(smtp, client, login, make, db, monkeypatch):
    world = make_world(make, db)  # BOUSSOLE_BASE_URL unset: pages link to the host they were served on, mails not
    set_today(monkeypatch, OPENS)
    _open_by_admin(client, login, world)
    client.post(f"/admin/campagnes/{world.campaign.id}/statut/cloturer")  # announced within the request
    send_due()
    assert {str(m["Subject"]).strip().split(" :")[0] for m in smtp.messages} == {
        "Campagne ouverte",
        "Résultats publiés",
    }
    for mail in smtp.messages:
        assert "http://localhost/" not in everything(mail)
        assert f"{COMMAND_LINE_BASE_URL}/" in text_of(mail)


def test_a_scheduled_campaign_is_announced_on_its_day_once(
    smtp, base_url, client, login, make, db, runner, monkeypatch
):
    world = make_world(make, db)
    set_today(monkeypatch, OPENS - timedelta(days=1))
    _open_by_admin(client, login, world)  # scheduled: its opening date is tomorrow
    visit(client)
    runner.invoke(args=["campaigns", "tick"])
    send_due()
    assert smtp.messages == []

    set_today(monkeypatch, OPENS)
    assert visit(client) in (200, 302)  # the first request of the day notices the opening, sent after it
    visit(client)
    result = runner.invoke(args=["campaigns", "tick"])
    assert result.exit_code == 0, result.output
    assert send_due_notices(OPENS) == 0  # nothing left to announce
    send_due()
    assert len(smtp.to(world.head.email)) == 1 and len(smtp.to(world.other_head.email)) == 1
    assert len(smtp.messages) == 2


def test_the_tick_announces_an_opening_nobody_visited(smtp, base_url, make, db, runner, monkeypatch):
    world = make_world(make, db, status=CampaignStatus.OPEN)
    set_today(monkeypatch, OPENS + timedelta(days=1))
    result = runner.invoke(args=["campaigns", "tick"])
    assert "2 annonce(s)" in result.output  # one for each establishment
    assert runner.invoke(args=["campaigns", "tick"]).exit_code == 0
    send_due()
    assert [len(smtp.to(u.email)) for u in (world.head, world.other_head)] == [1, 1]


def test_a_request_announces_a_few_establishments_and_the_next_ones_the_rest(
    smtp, base_url, client, make, db, monkeypatch
):
    world = make_world(make, db, status=CampaignStatus.OPEN)
    monkeypatch.setattr("app.web.campaign_clock.REQUEST_BATCH", 1)  # one poster to render after each response
    set_today(monkeypatch, OPENS)
    visit(client)
    assert len(smtp.messages) == 1  # sent after the response, without `flask mail send`
    assert world.campaign.id in due_campaign_ids(OPENS)  # not done yet: the next request goes on
    visit(client)
    assert sorted(str(m["To"]) for m in smtp.messages) == sorted([world.head.email, world.other_head.email])
    assert due_campaign_ids(OPENS) == []
    visit(client)
    assert len(smtp.messages) == 2


def test_a_second_machine_claiming_the_same_notice_gets_nothing(smtp, make, db, monkeypatch):
    world = make_world(make, db, status=CampaignStatus.OPEN)
    assert claim(world.campaign.id, NoticeKind.OPENING) is not None
    monkeypatch.setattr("app.services.mail.campaign_notices._claimed", lambda *args: False)  # it looked too early
    assert claim(world.campaign.id, NoticeKind.OPENING) is None  # the unique index refuses its insert
    assert claim(world.campaign.id, NoticeKind.OPENING, world.school.id) is not None
    assert claim(world.campaign.id, NoticeKind.OPENING, world.school.id) is None
    count = _db.session.scalar(select(func.count(CampaignNotice.id)).filter_by(campaign_id=world.campaign.id))
    assert count == 2


def test_an_establishment_enrolled_late_gets_its_notice_and_nobody_else_again(
    smtp, base_url, client, login, make, db, monkeypatch
):
    world = make_world(make, db)
    set_today(monkeypatch, OPENS)
    _open_by_admin(client, login, world)
    late = make.establishment(pole=world.school.pole)
    late_head = make.user("head", scope=late, email="chef.tardif@ac-test.fr")
    db.session.commit()

    response = client.post(f"/admin/campagnes/{world.campaign.id}/etablissements", data={"establishment": late.id})
    assert response.status_code in (302, 303)
    visit(client, f"/admin/campagnes/{world.campaign.id}")  # the next request announces it
    send_due()
    [mail] = smtp.to(late_head.email)
    assert subjects(smtp, late_head.email)[0].startswith("Campagne ouverte") and list(mail.iter_attachments())
    assert len(smtp.to(world.head.email)) == 1 and len(smtp.to(world.other_head.email)) == 1


def test_an_indicator_campaign_asks_for_the_report_without_poster(smtp, base_url, client, login, make, db, monkeypatch):
    world = make_world(make, db, slug="poles-de-stages", period="S1")
    set_today(monkeypatch, OPENS)
    _open_by_admin(client, login, world)
    send_due()
    [mail] = smtp.to(world.head.email)
    text = text_of(mail)
    assert "indicateurs" in text
    assert f"{BASE}/etablissement/{world.school.uai}/indicateurs/{world.campaign.id}" in text
    assert list(mail.iter_attachments()) == [] and "/q/" not in text


def test_a_campaign_by_codes_sends_no_single_use_code(smtp, base_url, client, login, make, db, monkeypatch):
    world = make_world(make, db, access_mode=AccessMode.CODES)
    db.session.add(AccessCode(campaign_id=world.campaign.id, establishment_id=world.school.id, code="SECRETCODE01"))
    db.session.commit()
    set_today(monkeypatch, OPENS)
    _open_by_admin(client, login, world)
    send_due()
    [mail] = smtp.to(world.head.email)
    assert f"{BASE}/etablissement/{world.school.uai}/codes" in text_of(mail)
    assert "codes individuels" in text_of(mail)
    assert "SECRETCODE01" not in everything(mail) and display_code("SECRETCODE01") not in everything(mail)


def test_the_opening_stands_when_the_mail_server_is_down_and_the_mail_leaves_later(
    smtp, base_url, client, login, make, db, monkeypatch
):
    world = make_world(make, db)
    set_today(monkeypatch, OPENS)
    smtp.stop()
    _open_by_admin(client, login, world)  # the mails sent after the response fail: the server is down
    _db.session.expire_all()
    assert world.campaign.status == CampaignStatus.OPEN
    waiting = _db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "campaign_opening")).all()
    assert len(waiting) == 2 and all(m.status == MailStatus.WAITING for m in waiting)

    smtp.start()
    assert send_due(waiting[0].next_attempt_at + timedelta(minutes=1)) == (2, 0)
    assert len(smtp.to(world.head.email)) == 1


def test_with_mail_off_the_opening_is_claimed_and_nothing_queued(app, smtp, client, login, make, db, monkeypatch):
    world = make_world(make, db)
    set_today(monkeypatch, OPENS)
    app.config["MAIL_SERVER"] = None  # mail off at the opening
    _open_by_admin(client, login, world)
    assert _db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    app.config["MAIL_SERVER"] = "127.0.0.1"  # turned on later: the past opening is not mailed
    assert send_due_notices(OPENS + timedelta(days=1)) == 0
    send_due()
    assert smtp.messages == []


def test_with_mail_off_every_establishment_is_claimed_in_a_few_statements(app, make, db):
    """2,000 establishments once cost seconds of the requests after an opening: a look and an insert each."""
    app.config["MAIL_SERVER"] = None
    network = make.network()
    pole = make.pole(name="Aix", network=network)
    schools = [make.establishment(pole=pole) for _ in range(40)]
    campaign = make.campaign(network=network, establishments=schools, status=CampaignStatus.OPEN, closes_on=None)
    _db.session.commit()
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        assert send_due_notices(OPENS, limit=10) == 40  # not 10: with mail off nothing limits the batch
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)
    _db.session.commit()
    rows = _db.session.scalars(select(CampaignNotice).filter_by(campaign_id=campaign.id)).all()
    assert sorted(r.establishment_id for r in rows if r.establishment_id) == sorted(s.id for s in schools)
    assert [r.kind for r in rows if r.establishment_id is None] == [NoticeKind.OPENING]
    assert all(r.recipients == 0 and r.created_at is not None for r in rows)
    assert len(statements) < 15, statements
    assert due_campaign_ids(OPENS) == []
