"""Opening a questionnaire: unknown links and codes, single-use codes, campaign dates, resume links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import today
from app.models import AccessCode, AccessMode, CampaignStatus, Draft, Response
from app.services.campaigns.codes import generate_codes
from tests.respondent.helpers import answer_everything, open_link, resume_link, text


def _responses(db) -> int:
    return db.session.scalar(select(func.count(Response.id)))


def test_unknown_link_is_a_clear_404(client, db):
    response = client.get("/q/pas-un-vrai-jeton")
    assert response.status_code == 404
    page = text(response)
    assert "Ce lien de questionnaire n'existe pas" in page and 'name="code"' in page


def test_unknown_code_is_a_404_with_the_form_again(client, db):
    response = client.post("/q/code", data={"code": "zzzz-zzzz"})
    assert response.status_code == 404
    page = text(response)
    assert "Ce code n'existe pas" in page and 'value="zzzz-zzzz"' in page


def test_empty_code_is_refused(client, db):
    assert client.post("/q/code", data={"code": "  "}).status_code == 422


def test_establishment_code_opens_its_landing_page(client, make, db):
    link = open_link(make)
    db.session.commit()
    typed = f" {link.short_code[:4].lower()}-{link.short_code[4:]} "
    response = client.post("/q/code", data={"code": typed})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/q/{link.token}")


def test_home_page_code_form_posts_to_the_code_endpoint(client, db):
    assert 'action="/q/code"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "fields, status, words",
    [
        ({"status": CampaignStatus.CLOSED}, 410, "est clos"),
        ({"closes_on": today() - timedelta(days=1)}, 410, "il était ouvert jusqu'au"),
        ({"opens_on": today() + timedelta(days=3)}, 403, "sera ouvert à partir du"),
        ({"status": CampaignStatus.DRAFT}, 403, "pas encore ouvert"),
    ],
)
def test_campaign_not_open_gives_a_clear_page_with_dates(client, make, db, fields, status, words):
    link = open_link(make, **fields)
    db.session.commit()
    response = client.get(f"/q/{link.token}")
    assert response.status_code == status
    assert words in text(response)
    assert client.post("/q/code", data={"code": link.short_code}).status_code == status


def test_closing_date_is_written_in_french(client, make, db):
    link = open_link(make, closes_on=today().replace(month=1, day=15) - timedelta(days=365))
    db.session.commit()
    page = client.get(f"/q/{link.token}").get_data(as_text=True)
    assert "15 janvier" in page


def test_campaign_closed_while_answering_keeps_the_draft(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, submit=False)
    link.campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    assert client.post(f"/q/{link.token}/envoyer").status_code == 410
    assert _responses(db) == 0


def _codes_link(make, db, count=1):
    link = open_link(make, access_mode=AccessMode.CODES)
    codes = generate_codes(link.campaign, link.establishment, count)
    db.session.commit()
    return link, codes


def test_codes_campaign_refuses_the_establishment_code_and_the_bare_link(client, make, db):
    link, _ = _codes_link(make, db)
    response = client.post("/q/code", data={"code": link.short_code})
    assert response.status_code == 403 and "code individuel" in text(response)
    page = client.get(f"/q/{link.token}").get_data(as_text=True)
    assert "Valider le code" in page and "Commencer" not in page
    response = client.post(f"/q/{link.token}/commencer")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/q/{link.token}")


def test_single_use_code_answers_once_then_is_refused(client, app, make, db):
    link, (code,) = _codes_link(make, db)
    response = client.post("/q/code", data={"code": code.code.lower()})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/q/{link.token}")
    assert answer_everything(client, link).status_code == 303
    assert db.session.scalar(select(AccessCode.used).filter_by(id=code.id)) is True
    assert _responses(db) == 1
    response = app.test_client().post("/q/code", data={"code": code.code})
    assert response.status_code == 410 and "déjà servi" in text(response)


def test_a_code_is_spent_when_it_opens_the_questionnaire(client, app, make, db):
    link, (code,) = _codes_link(make, db)
    assert client.post("/q/code", data={"code": code.code}).status_code == 303
    assert db.session.scalar(select(AccessCode.used).filter_by(id=code.id)) is True  # before any answer
    response = app.test_client().post("/q/code", data={"code": code.code})
    assert response.status_code == 410 and "lien de reprise" in text(response)
    again = client.post("/q/code", data={"code": code.code})  # a double click in the browser that spent it
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/q/{link.token}")
    assert answer_everything(client, link).status_code == 303
    assert _responses(db) == 1


def test_a_spent_code_resumes_through_the_resume_link_only(client, app, make, db):
    link, (code,) = _codes_link(make, db)
    client.post("/q/code", data={"code": code.code})
    answer_everything(client, link, submit=False)
    path = resume_link(client.get(f"/q/{link.token}/relecture").get_data(as_text=True))
    phone = app.test_client()
    assert phone.post("/q/code", data={"code": code.code}).status_code == 410
    assert phone.get(path).status_code == 303
    assert phone.post(f"/q/{link.token}/envoyer").status_code == 303
    assert _responses(db) == 1


def test_code_is_not_linked_to_the_response(client, make, db):
    link, (code,) = _codes_link(make, db)
    client.post("/q/code", data={"code": code.code})
    answer_everything(client, link)
    response = db.session.scalars(select(Response)).one()
    columns = {c.name for c in Response.__table__.columns}
    assert not any("code" in name for name in columns)
    assert code.code not in str([getattr(response, name) for name in columns])


def test_resume_link_restores_the_draft_in_another_browser(client, app, make, db):
    link = open_link(make)
    db.session.commit()
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "vie-scolaire"})
    client.post(f"{base}/etape/collectif", data={"q-collectif": "4", "c-collectif": "Noté"})
    page = client.get(f"{base}/etape/equipe-direction").get_data(as_text=True)
    path = resume_link(page)

    phone = app.test_client()
    response = phone.get(path)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{base}/etape/equipe-direction")
    page = phone.get(f"{base}/etape/collectif").get_data(as_text=True)
    assert 'value="4" checked' in page and "Noté" in page
    for section in ("equipe-direction", "objets-travail", "partenaires", "structuration-territoire"):
        phone.post(f"{base}/etape/{section}", data={f"q-{section}": "2"})
    assert phone.post(f"{base}/envoyer").status_code == 303
    assert db.session.scalars(select(Response.category)).one() == "vie-scolaire"
    assert phone.get(path).status_code == 404  # a submitted draft is gone


def test_resume_token_is_stored_hashed(client, make, db):
    from app.models import Draft

    link = open_link(make)
    db.session.commit()
    client.post(f"/q/{link.token}/commencer")
    client.post(f"/q/{link.token}/categorie", data={"category": "enseignant"})
    raw = resume_link(client.get(f"/q/{link.token}/etape/collectif").get_data(as_text=True)).rsplit("/", 1)[1]
    stored = db.session.scalars(select(Draft.token_hash)).one()
    assert raw not in stored and len(stored) == 64


def test_resume_link_of_a_closed_campaign_is_gone(client, app, make, db):
    link = open_link(make)
    db.session.commit()
    client.post(f"/q/{link.token}/commencer")
    client.post(f"/q/{link.token}/categorie", data={"category": "enseignant"})
    path = resume_link(client.get(f"/q/{link.token}/etape/collectif").get_data(as_text=True))
    link.campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    assert app.test_client().get(path).status_code == 410


def test_unknown_resume_link_is_a_404(client, db):
    response = client.get("/q/reprendre/inconnu")
    assert response.status_code == 404 and "Lien de reprise inconnu" in text(response)


def test_feedback_is_not_reachable_from_another_browser(client, app, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    assert client.get(f"/q/{link.token}/merci").status_code == 200
    assert app.test_client().get(f"/q/{link.token}/merci").status_code == 404


def test_feedback_can_be_erased_from_the_browser(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    assert client.post(f"/q/{link.token}/merci/effacer").status_code == 303
    assert client.get(f"/q/{link.token}/merci").status_code == 404
    assert _responses(db) == 1


def test_a_campaign_by_codes_opens_nothing_without_an_individual_code(client, make, db):
    link, _ = _codes_link(make, db)
    base = f"/q/{link.token}"
    assert client.post("/q/code", data={"code": link.short_code}).status_code == 403
    for path, data in [
        ("/commencer", {"autre_personne": "oui"}),
        ("/categorie", {"category": "enseignant"}),
        ("/etape/collectif", {"q-collectif": "3"}),
        ("/envoyer", {}),
    ]:
        response = client.post(base + path, data=data)
        assert response.status_code == 303 and response.headers["Location"].endswith(base), path
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert _responses(db) == 0
