"""A head enters and corrects their establishment's indicators; a pilot for their pole only; a staff link never."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AuditEntry, CampaignStatus, IndicatorReport, IndicatorValue
from tests.indicators import VALID, form_data, indicator_place


def _values(db, campaign, establishment) -> dict:
    rows = db.session.execute(
        select(IndicatorValue.indicator, IndicatorValue.number, IndicatorValue.text)
        .join(IndicatorReport)
        .where(IndicatorReport.campaign_id == campaign.id, IndicatorReport.establishment_id == establishment.id)
    ).all()
    return {key: text if text is not None else number for key, number, text in rows}


def test_head_sees_the_open_campaign_on_their_page_then_answers_and_corrects_it(client, make, db, login):
    place = indicator_place(make)
    head = login("head", place.lycee)
    page = client.get(f"/etablissement/{place.lycee.uai}").get_data(as_text=True)
    assert "Indicateurs à remonter" in page and f"/indicateurs/{place.s2.id}" in page

    url = f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}"
    form = client.get(url).get_data(as_text=True)
    assert "Élèves sans lieu de stage à la date de la remontée" in form and "de 0 à 5\u202f000 élèves" in form

    response = client.post(url, data=form_data(VALID))
    assert response.status_code == 302
    stored = _values(db, place.s2, place.lycee)
    assert stored["eleves-pfmp"] == 120 and stored["taux-eleves-places"] == 95.5
    assert stored["plan-actions"] == 1 and stored["information-familles"] == 0
    assert "collegiens-observation" not in stored or stored["collegiens-observation"] is None
    report = db.session.scalars(select(IndicatorReport)).one()
    assert report.answered_by_id == head.id

    corrected = {**VALID, "eleves-sans-stage": "2", "situation-a-signaler": "Deux élèves en recherche"}
    assert client.post(url, data=form_data(corrected)).status_code == 302
    stored = _values(db, place.s2, place.lycee)
    assert stored["eleves-sans-stage"] == 2 and stored["situation-a-signaler"] == "Deux élèves en recherche"
    assert db.session.scalar(select(IndicatorReport.id)) == report.id  # corrected, not a second report
    journal = db.session.scalars(select(AuditEntry.detail).filter_by(action="indicators.report")).all()
    assert len(journal) == 2 and "2 valeur(s) modifiée(s)" in journal[1] and place.lycee.uai in journal[1]


def test_values_out_of_bounds_are_refused_in_french_and_nothing_changes(client, make, db, login):
    place = indicator_place(make)
    login("head", place.lycee)
    url = f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}"
    client.post(url, data=form_data(VALID))
    bad = {**VALID, "eleves-pfmp": "-3", "taux-eleves-places": "120", "eleves-sans-stage": "douze", "plan-actions": ""}
    response = client.post(url, data=form_data(bad))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Le nombre doit être compris entre 0 et 5\u202f000." in page
    assert "Le pourcentage doit être compris entre 0 et 100." in page
    assert "Saisissez un nombre entier, sans virgule (ex. 12)." in page
    assert "Veuillez choisir oui ou non." in page
    assert _values(db, place.s2, place.lycee)["eleves-pfmp"] == 120  # the earlier report is kept as it was


def test_a_closed_campaign_reads_back_and_refuses_changes(client, make, db, login):
    place = indicator_place(make)
    login("head", place.lycee)
    url = f"/etablissement/{place.lycee.uai}/indicateurs/{place.s1.id}"
    page = client.get(url).get_data(as_text=True)
    assert "saisie fermée" in page and '<form method="post" class="panel indicator-form"' not in page
    assert client.post(url, data=form_data(VALID)).status_code == 409


def test_a_pilot_answers_for_a_school_of_their_pole_and_not_another(client, make, db, login):
    place = indicator_place(make)
    login("pilot", place.aix)
    mine = client.post(f"/etablissement/{place.college.uai}/indicateurs/{place.s2.id}", data=form_data(VALID))
    assert mine.status_code == 302 and _values(db, place.s2, place.college)["eleves-pfmp"] == 120
    other = client.post(f"/etablissement/{place.other.uai}/indicateurs/{place.s2.id}", data=form_data(VALID))
    assert other.status_code == 404
    assert client.get(f"/etablissement/{place.other.uai}/indicateurs/{place.s2.id}").status_code == 404


def test_an_inspector_reads_but_does_not_enter(client, make, db, login):
    place = indicator_place(make)
    login("inspector", place.network)
    url = f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data=form_data(VALID)).status_code == 403
    assert db.session.scalar(select(IndicatorReport.id)) is None


def test_a_head_of_another_school_and_an_unknown_campaign_are_404(client, make, db, login):
    place = indicator_place(make)
    login("head", place.other)
    assert client.get(f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}").status_code == 404
    assert client.get(f"/etablissement/{place.lycee.uai}/indicateurs").status_code == 404
    grid = make.campaign("territoire-apprenant", place.network, establishments=(place.other,))
    assert client.get(f"/etablissement/{place.other.uai}/indicateurs/{grid.id}").status_code == 404


def test_a_staff_link_or_code_never_opens_an_indicator_campaign(client, make, db):
    place = indicator_place(make)
    link = next(link for link in _links(db, place.s2))
    assert client.get(f"/q/{link.token}").status_code == 404
    response = client.post("/q/code", data={"code": link.short_code})
    assert response.status_code == 404
    grid = make.campaign("territoire-apprenant", place.network, establishments=(place.lycee,))
    assert client.get(f"/q/{_links(db, grid)[0].token}").status_code == 200  # the same school's questionnaire opens


def test_indicator_campaigns_stay_out_of_the_questionnaire_dashboard(client, make, db, login):
    place = indicator_place(make)
    make.campaign("territoire-apprenant", place.network, status=CampaignStatus.CLOSED, establishments=(place.lycee,))
    login("head", place.lycee)
    page = client.get(f"/etablissement/{place.lycee.uai}").get_data(as_text=True)
    assert "Territoire apprenant" in page
    assert "— Pôle de stages" not in page  # not among the questionnaire campaigns to choose


def _links(db, campaign):
    from app.models import CampaignEstablishment

    return db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id)).all()
