"""The indicator chart: one line per pole over the half-years, in time order, percentages in %."""

from __future__ import annotations

import pandas as pd

from app.charts.indicators import indicator_trend_chart
from tests.charts.plotted import plotted


def test_one_line_per_pole_in_period_order():
    frame = pd.DataFrame(
        [
            {"period": "S2 2025-2026", "pole": "Aix", "value": 0.8},
            {"period": "S1 2025-2026", "pole": "Aix", "value": 0.7},
            {"period": "S1 2025-2026", "pole": "Pertuis", "value": 0.5},
        ]
    )
    figure = plotted(indicator_trend_chart(frame, ["S1 2025-2026", "S2 2025-2026"], "%", percent=True))
    aix, pertuis = figure.data
    assert (aix.name, list(aix.x), list(aix.y)) == ("Aix", ["S1 2025-2026", "S2 2025-2026"], [70.0, 80.0])
    assert list(pertuis.x) == ["S1 2025-2026"] and pertuis.hovertext[0] == "Pertuis — S1 2025-2026 : 50,0 %"
    assert figure.layout.separators == ", "


def test_nothing_reported_says_so():
    figure = plotted(indicator_trend_chart(pd.DataFrame(columns=["period", "pole", "value"]), [], "élèves"))
    assert "Aucune valeur remontée" in figure.layout.annotations[0].text
