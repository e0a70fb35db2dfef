"""An indicator campaign reports on S1 (end of January) or S2 (end of June): the form and the command say so."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Campaign
from app.services.indicators.periods import PERIOD_REQUIRED, period_problem


def test_only_indicator_instruments_need_a_half_year():
    assert period_problem("indicators", None) == PERIOD_REQUIRED
    assert period_problem("indicators", "T1") == PERIOD_REQUIRED
    assert period_problem("indicators", "S2") is None
    assert period_problem("grid", None) is None


def test_the_admin_form_refuses_an_indicator_campaign_without_s1_or_s2(client, make, db, login):
    network = make.network()
    make.establishment(make.pole(network=network))
    survey = make.surveys()["poles-de-stages"]
    login("coordinator", network)
    form = {"survey": survey.id, "network": network.id, "school_year": "2026-2027", "access_mode": "link"}
    refused = client.post("/admin/campagnes/nouvelle", data={**form, "period": ""})
    assert refused.status_code == 422
    assert "choisissez la période S1 (remontée de fin janvier) ou S2" in refused.get_data(as_text=True)
    assert client.post("/admin/campagnes/nouvelle", data={**form, "period": "T2"}).status_code == 422
    assert db.session.scalar(select(Campaign.id)) is None
    created = client.post("/admin/campagnes/nouvelle", data={**form, "period": "S1"})
    assert created.status_code == 302
    assert db.session.scalars(select(Campaign.period)).all() == ["S1"]
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Campagne d'indicateurs" in page and "n'ouvrent rien pour les personnels" in page


def test_the_command_refuses_an_indicator_campaign_without_s1_or_s2(runner, make, db):
    make.network(name="Réseau P")
    make.surveys()
    db.session.commit()
    base = ["campaigns", "create", "--survey", "poles-de-stages", "--network", "Réseau P", "--year", "2026-2027"]
    refused = runner.invoke(args=base)
    assert refused.exit_code == 2 and "S1 (remontée de fin janvier)" in refused.output
    assert runner.invoke(args=[*base, "--period", "S2"]).exit_code == 0
    assert db.session.scalars(select(Campaign.period)).all() == ["S2"]
