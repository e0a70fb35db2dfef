"""The comments pages, their exports and API answers, and moderation by the network's coordination."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from app.models import AuditEntry, CampaignStatus, CommentModeration
from tests.comments import commented_network

GRAND = sorted([*(f"Collège Grand : remarque {i}" for i in (1, 2, 3)), "Sur la direction, au Collège Grand"])
PUBLICATION = "Les résultats seront publiés à la clôture de la campagne"


def _comments(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)]


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="token" value="([0-9a-f]+)"', html)


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_a_head_reads_their_comments_and_the_dashboard_links_to_them(client, login, make):
    world = commented_network(make)
    grand = world["est"][2]
    login("head", grand)
    dashboard = client.get(f"/etablissement/{grand.uai}?campagne={world['now'].id}").get_data(as_text=True)
    assert f"/etablissement/{grand.uai}/commentaires?campagne={world['now'].id}" in dashboard
    page = client.get(f"/etablissement/{grand.uai}/commentaires?campagne={world['now'].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert sorted(_comments(html)) == GRAND
    assert "Enseignant" not in html and "01/11/2025" not in html and "2025-11-01" not in html  # no category, no day
    assert _tokens(html) == []  # a head reads; only the coordination moderates


def test_a_small_establishment_says_why_and_its_export_carries_the_reason_only(client, login, make):
    world = commented_network(make)
    petit = world["est"][0]
    login("head", petit)
    html = client.get(f"/etablissement/{petit.uai}/commentaires").get_data(as_text=True)
    assert _comments(html) == [] and "Commentaires non publiés (règle d'anonymat) : moins de 5 réponses." in html
    rows = _csv(client.get(f"/etablissement/{petit.uai}/commentaires/export.csv").get_data())
    assert rows[0] == ["Dimension ou thème", "Commentaire"]
    assert {row[1] for row in rows[1:]} == {"moins de 5 réponses"}


def test_an_open_campaign_says_when_comments_come_and_its_exports_are_404(client, login, make):
    world = commented_network(make)
    world["now"].status = CampaignStatus.OPEN
    make.db.session.commit()
    grand = world["est"][2]
    login("coordinator", world["network"])
    query = f"?campagne={world['now'].id}"
    for url in (f"/etablissement/{grand.uai}/commentaires", f"/reseau/{world['network'].id}/commentaires"):
        html = client.get(url + query).get_data(as_text=True)
        assert PUBLICATION in html and _comments(html) == []
        for fmt in ("csv", "xlsx"):
            export = client.get(f"{url}/export.{fmt}{query}")
            assert export.status_code == 404 and PUBLICATION in export.get_data(as_text=True)
    api = client.get(f"/api/v1/establishments/{grand.uai}/comments?campaign={world['now'].id}").get_json()
    assert api["results_published"] is False and api["groups"] == [] and PUBLICATION in api["publication_note"]


def test_the_network_page_api_and_exports_give_the_same_comments_without_hidden_schools(client, login, make):
    world = commented_network(make)
    network, (aix, _) = world["network"], world["poles"]
    login("inspector", network)
    query = f"?campagne={world['now'].id}&pole={aix.id}"
    html = client.get(f"/reseau/{network.id}/commentaires{query}").get_data(as_text=True)
    page = _comments(html)
    assert sorted(page) == GRAND
    assert "Sans les commentaires de 2 établissements" in html and _tokens(html) == []  # inspectors only read
    rows = _csv(client.get(f"/reseau/{network.id}/commentaires/export.csv{query}").get_data())
    assert rows[0] == ["Groupe", "Dimension ou thème", "Commentaire"]
    assert [row[2] for row in rows[1:] if row[1] in ("Collectif", "Équipe de direction")] == page
    sheet = load_workbook(io.BytesIO(client.get(f"/reseau/{network.id}/commentaires/export.xlsx{query}").data)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [[c or None for c in r] for r in rows]
    api = client.get(f"/api/v1/networks/{network.id}/comments?campaign={world['now'].id}&pole={aix.id}").get_json()
    assert api["results_published"] is True
    assert [c for t in api["groups"][0]["topics"] for c in t["comments"]] == page
    dashboard = client.get(f"/reseau/{network.id}?campagne={world['now'].id}").get_data(as_text=True)
    assert f"/reseau/{network.id}/commentaires?campagne={world['now'].id}" in dashboard


def _hide(client, network, campaign, token: str, reason: str = "Nomme une collègue", **extra):
    return client.post(
        f"/reseau/{network.id}/commentaires/masquer?campagne={campaign.id}",
        data={"token": token, "reason": reason, **extra},
    )


def test_a_coordinator_hides_a_comment_journaled_and_shows_it_again(client, login, make, db):
    world = commented_network(make)
    network, campaign, grand = world["network"], world["now"], world["est"][2]
    page = f"/etablissement/{grand.uai}/commentaires?campagne={campaign.id}"
    coordinator = login("coordinator", network)
    html = client.get(page).get_data(as_text=True)
    target = _comments(html)[0]
    token = _tokens(html)[0]
    response = _hide(client, network, campaign, token, back=page)
    assert response.status_code == 303 and response.headers["Location"] == page
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "comment.hide" and entry.user_id == coordinator.id
    assert "Collège Grand" in entry.detail and "Nomme une collègue" in entry.detail and target not in entry.detail
    seen = client.get(page).get_data(as_text=True)
    assert target in _comments(seen) and "masqué</span> par" in seen and "Nomme une collègue" in seen
    assert target not in client.get(page.replace("commentaires", "commentaires/export.csv")).get_data(as_text=True)
    assert target not in str(client.get(f"/api/v1/establishments/{grand.uai}/comments").get_json())

    login("head", grand)
    assert target not in _comments(client.get(page).get_data(as_text=True))

    login(user=coordinator)
    shown = client.post(f"/reseau/{network.id}/commentaires/afficher?campagne={campaign.id}", data={"token": token})
    assert shown.status_code == 303
    assert db.session.scalar(select(CommentModeration)) is None
    assert db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all() == [
        "comment.hide",
        "comment.show",
    ]
    login("head", grand)
    assert target in _comments(client.get(page).get_data(as_text=True))


def test_moderation_refuses_readers_a_missing_reason_and_a_hidden_schools_comment(client, login, make, db):
    world = commented_network(make)
    network, campaign = world["network"], world["now"]
    login("coordinator", network)
    token = _tokens(client.get(f"/reseau/{network.id}/commentaires").get_data(as_text=True))[0]
    refused = _hide(client, network, campaign, token, reason="  ")
    assert refused.status_code == 303 and db.session.scalar(select(CommentModeration)) is None
    assert _hide(client, network, campaign, "0" * 32).status_code == 404  # no such comment among those published
    for role, scope in (("inspector", network), ("pilot", world["poles"][0]), ("head", world["est"][2])):
        login(role, scope)
        assert _hide(client, network, campaign, token).status_code == 403, role
    assert db.session.scalar(select(CommentModeration)) is None


def test_moderation_needs_the_csrf_token(csrf_client, make, db):
    world = commented_network(make)
    coordinator = make.user("coordinator", world["network"])
    make.db.session.commit()
    with csrf_client.application.test_request_context(environ_base=csrf_client.environ_base):
        identifier = csrf_client.application.login_manager._session_identifier_generator()
    with csrf_client.session_transaction() as session:
        session.update({"_user_id": coordinator.get_id(), "_fresh": True, "_id": identifier})
    page = csrf_client.get(f"/reseau/{world['network'].id}/commentaires").get_data(as_text=True)
    token = _tokens(page)[0]
    forged = _hide(csrf_client, world["network"], world["now"], token)
    assert forged.status_code == 400 and db.session.scalar(select(CommentModeration)) is None
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    sent = _hide(csrf_client, world["network"], world["now"], token, csrf_token=csrf)
    assert sent.status_code == 303 and db.session.scalar(select(CommentModeration)) is not None
