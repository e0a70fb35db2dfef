"""Garbage typed into the indicator form: a French message and a 4xx, never a 500, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import IndicatorReport
from tests.indicators import VALID, form_data, indicator_place


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eleves-pfmp", "9" * 400),  # float() gives inf: int(inf) would raise
        ("eleves-pfmp", "-" + "9" * 400),
        ("taux-eleves-places", "9" * 400),
        ("taux-eleves-places", "1" * 400 + ",5"),
        ("eleves-pfmp", "1e3"),
        ("eleves-pfmp", "nan"),
        ("eleves-pfmp", "-1"),
        ("plan-actions", "peut-être"),
        ("situation-a-signaler", "x" * 5000),
    ],
)
def test_garbage_values_are_refused_in_french(client, make, db, login, field, value):
    place = indicator_place(make)
    login("head", place.lycee)
    response = client.post(
        f"/etablissement/{place.lycee.uai}/indicateurs/{place.s2.id}", data=form_data({**VALID, field: value})
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "corrigez les champs signalés" in html
    if "9" * 400 in value:
        assert "Ce nombre est bien trop grand." in html
    assert db.session.scalar(select(func.count()).select_from(IndicatorReport)) == 0
