"""A withdrawal must not hide what a head already reported in an indicator campaign."""

from __future__ import annotations

from sqlalchemy import select

from app.models import CampaignEstablishment, IndicatorReport
from tests.indicators import VALID, form_data, indicator_place


def test_an_establishment_that_reported_indicators_cannot_be_withdrawn(client, make, db, login):
    place = indicator_place(make)
    login("head", place.lycee)
    assert (
        client.post(f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}", data=form_data(VALID)).status_code
        == 302
    )
    login("admin")
    response = client.post(f"/admin/campagnes/{place.s2.id}/etablissements/{place.lycee.id}/retirer")
    assert response.status_code == 409
    assert "ne peut pas être retiré" in response.get_data(as_text=True)
    member = select(CampaignEstablishment).filter_by(campaign_id=place.s2.id, establishment_id=place.lycee.id)
    assert db.session.scalars(member).one_or_none() is not None
    assert db.session.scalars(select(IndicatorReport)).one().establishment_id == place.lycee.id
