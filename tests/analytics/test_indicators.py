"""Indicator tables from small frames: completeness, establishments' values, poles' totals."""

from __future__ import annotations

import pandas as pd

from app.analytics import indicators as shape
from app.analytics.indicators import Period
from app.surveys.indicator_types import indicator_type
from app.surveys.schema import Question

PERIODS = [Period("1", "S1 2025-2026"), Period("2", "S2 2025-2026")]
MEMBERS = pd.DataFrame(
    [(p, e, f"U{e}", f"École {e}", pole) for p in ("1", "2") for e, pole in ((1, "Aix"), (2, "Aix"), (3, "Pertuis"))],
    columns=shape.MEMBER_COLUMNS,
)
REPORTS = pd.DataFrame([("1", 1), ("1", 2), ("1", 3), ("2", 1)], columns=shape.REPORT_COLUMNS)


def test_completeness_by_pole_and_in_all():
    table = shape.completeness_table(PERIODS, MEMBERS, REPORTS, whole=True)
    assert [(r["pole"], r["1"], r["2"]) for r in table.rows] == [
        ("Aix", "2 sur 2", "1 sur 2"),
        ("Pertuis", "1 sur 1", "0 sur 1"),
        ("Ensemble", "3 sur 3", "1 sur 3"),
    ]
    assert (
        shape.completeness_sentence(PERIODS[0], MEMBERS, REPORTS)
        == "S1 2025-2026 : 3 établissements sur 3 ont répondu."
    )
    assert (
        shape.completeness_sentence(PERIODS[1], MEMBERS, REPORTS) == "S2 2025-2026 : 1 établissement sur 3 a répondu."
    )


def test_a_percentage_pole_figure_is_the_mean_of_those_who_reported():
    question = Question(id="taux", type="percentage", text="Taux")
    values = pd.DataFrame(
        [("1", 1, "taux", 90.0), ("1", 2, "taux", 70.0), ("2", 1, "taux", 95.0)], columns=shape.VALUE_COLUMNS
    )
    table = shape.pole_table(question, indicator_type(question), PERIODS, MEMBERS, values, whole=False)
    assert table is not None and [r["pole"] for r in table.rows] == ["Aix", "Pertuis"]
    assert table.rows[0]["1"] == 0.8 and table.rows[0]["2"] == 0.95 and table.rows[1]["1"] is None
    frame = shape.pole_frame(table, PERIODS)
    assert frame.to_dict("records") == [
        {"period": "S1 2025-2026", "pole": "Aix", "value": 0.8},
        {"period": "S2 2025-2026", "pole": "Aix", "value": 0.95},
    ]
    by_school = shape.establishment_table(question, indicator_type(question), PERIODS, MEMBERS, values)
    assert [(r["name"], r["1"], r["2"]) for r in by_school.rows] == [
        ("École 1", 0.9, 0.95),
        ("École 2", 0.7, None),
        ("École 3", None, None),
    ]


def test_a_text_has_no_pole_figure():
    question = Question(id="note", type="text", text="Note")
    assert shape.pole_table(question, indicator_type(question), PERIODS, MEMBERS, MEMBERS.iloc[:0], True) is None
