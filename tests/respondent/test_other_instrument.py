"""Two instruments open for one establishment: finishing one offers the other, without asking the category again."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AccessMode, Response
from tests.respondent.helpers import answer_everything, open_link, survey_for, text


def test_end_page_offers_the_other_instrument_and_keeps_the_category(client, make, db):
    grid = open_link(make)
    items = open_link(make, "autopositionnement", establishment=grid.establishment)
    db.session.commit()
    answer_everything(client, grid, category="enseignant")
    page = text(client.get(f"/q/{grid.token}/merci"))
    assert "Un autre questionnaire vous attend" in page
    assert f'action="/q/{items.token}/commencer"' in page

    response = client.post(f"/q/{items.token}/commencer")
    first = survey_for(items).sections[0].id
    assert response.headers["Location"].endswith(f"/q/{items.token}/etape/{first}")  # no category step
    answer_everything(client, items)
    assert sorted(db.session.scalars(select(Response.category))) == ["enseignant", "enseignant"]
    assert "Un autre questionnaire" not in text(client.get(f"/q/{items.token}/merci"))


def test_category_unknown_to_the_other_instrument_is_asked_again(client, make, db):
    grid = open_link(make)
    items = open_link(make, "autopositionnement", establishment=grid.establishment)
    db.session.commit()
    answer_everything(client, grid, category="direction")
    response = client.post(f"/q/{items.token}/commencer")
    assert response.headers["Location"].endswith("/categorie")


def test_no_offer_for_a_closed_campaign_or_another_establishment(client, make, db):
    from app.models import CampaignStatus

    grid = open_link(make)
    open_link(make, "autopositionnement", establishment=grid.establishment, status=CampaignStatus.CLOSED)
    open_link(make, "autopositionnement")
    db.session.commit()
    answer_everything(client, grid)
    assert "Un autre questionnaire" not in text(client.get(f"/q/{grid.token}/merci"))


def test_offer_of_a_codes_campaign_asks_for_a_code(client, make, db):
    grid = open_link(make)
    open_link(make, "autopositionnement", establishment=grid.establishment, access_mode=AccessMode.CODES)
    db.session.commit()
    answer_everything(client, grid)
    page = text(client.get(f"/q/{grid.token}/merci"))
    assert "Votre code individuel pour ce questionnaire" in page
