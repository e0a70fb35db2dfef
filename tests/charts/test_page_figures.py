"""Every chart a dashboard page embeds is valid plotly, checked against plotly's schema (the pages skip it)."""

from __future__ import annotations

import functools
import json
import re

import pytest
from sqlalchemy import select

from app.demo import accounts as demo_accounts
from app.demo.build import DemoOptions, build_demo
from app.models import Campaign, Establishment, Network, User
from app.services.accounts.passwords import hash_password
from tests.charts.plotted import plotted

CHART = re.compile(r'<script type="application/json" id="donnees-([^"]+)">(.*?)</script>', re.S)


@functools.cache
def _hashed(password: str) -> str:
    return hash_password(password)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(demo_accounts, "hash_password", _hashed)
    build_demo(DemoOptions(establishments=9, respondents=8, campaigns=2, seed=42))
    db.session.flush()


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
