"""Every chart a dashboard page embeds is valid plotly, checked against plotly's schema (the pages skip it)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.demo.build import DemoOptions
from app.models import Campaign, Establishment, Network, User
from tests.charts.plotted import plotted
from tests.demo_data import built_demo

CHART = re.compile(r'<script type="application/json" id="donnees-([^"]+)">(.*?)</script>', re.S)


@pytest.fixture
def demo(db, monkeypatch):
    built_demo(db, monkeypatch, DemoOptions(establishments=9, respondents=8, campaigns=2, seed=42))


def _charts(client, path: str) -> dict[str, dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    return {name: json.loads(data) for name, data in CHART.findall(response.get_data(as_text=True))}


def test_every_dashboard_chart_is_valid_plotly(client, login, db, demo):
    login(user=db.session.scalar(select(User).filter_by(email="admin@demo.boussole.fr")))
    network = db.session.scalars(select(Network).order_by(Network.id)).first()
    campaigns = [
        c
        for c in db.session.scalars(select(Campaign).where(Campaign.network_id == network.id))
        if c.survey.slug in {"territoire-apprenant", "autopositionnement"}
    ]
    uai = db.session.scalar(select(Establishment.uai).where(Establishment.network_id == network.id))
    paths = [f"/reseau/{network.id}?campagne={c.id}" for c in campaigns]
    paths += [f"/etablissement/{uai}?campagne={c.id}" for c in campaigns]
    paths += ["/academie/departement/13"]
    seen = {}
    for path in paths:
        for name, figure in _charts(client, path).items():
            plotted(figure)  # raises on a property plotly does not know, or a value of the wrong kind
            seen[name] = path
    # the grid and the self-positioning items, on both dashboards: every kind of chart was checked
    assert {"poles", "evolution", "progression-poles", "repartition", "comparaison", "items", "themes-poles"} <= set(
        seen
    ), seen


def test_a_wrong_property_is_caught():
    with pytest.raises(ValueError):
        plotted({"data": [{"type": "bar", "colour": "#000"}], "layout": {}})
