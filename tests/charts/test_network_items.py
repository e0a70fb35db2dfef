"""Self-positioning charts across a network: hidden cells are never drawn, labels fit a phone."""

from __future__ import annotations

import math

import pandas as pd

from app.charts.network_items import lowest_items_chart, theme_heatmap_chart, theme_progression_chart
from tests.charts.plotted import plotted


def _theme(pole: str, theme: str, mean: float | None, n: int | None, hidden: str = "") -> dict:
    return {"pole": pole, "theme": theme, "mean": mean, "top": None, "n": n, "hidden_label": hidden}


def test_the_heatmap_leaves_a_hidden_cell_blank_with_its_reason():
    frame = pd.DataFrame(
        [
            _theme("Aix", "Rituels", 2.5, 12),
            _theme("Aix", "Étayage des élèves", None, None, "moins de 5 réponses"),
            _theme("Pertuis", "Rituels", 3.0, 8),
            _theme("Pertuis", "Étayage des élèves", 1.5, 8),
        ]
    )
    fig = plotted(theme_heatmap_chart(frame, ["Rituels", "Étayage des élèves"]))
    heatmap = fig.data[0]
    assert heatmap.type == "heatmap" and heatmap.zmin == 1 and heatmap.zmax == 4
    assert heatmap.z[0][1] is None and heatmap.text[0][1] == "moins de 5 réponses"
    assert heatmap.text[1][1] == "1,5<br>n ≥ 8"  # French decimal comma
    assert fig.layout.meta["narrow"]["transpose"] is True


def test_the_progression_has_a_panel_per_theme_and_a_line_per_pole():
    frame = pd.DataFrame(
        [
            {"pole": pole, "theme": theme, "school_year": year, "mean": mean}
            for pole in ("Aix", "Pertuis")
            for theme in ("Rituels", "Étayage des élèves")
            for year, mean in (("2024-2025", 2.0), ("2025-2026", math.nan if pole == "Aix" else 3.0))
        ]
    )
    fig = plotted(theme_progression_chart(frame, ["Rituels", "Étayage des élèves"]))
    assert len(fig.data) == 4 and [t.name for t in fig.data if t.showlegend] == ["Aix", "Pertuis"]
    assert list(fig.data[0].y) == [2.0, None]  # a hidden year is a gap, never a value


def test_the_lowest_items_skip_hidden_items_and_keep_the_rank_order():
    frame = pd.DataFrame(
        [
            {
                "unit": "n:1",
                "pole": "Réseau",
                "text": "Item bas",
                "theme": "Rituels",
                "mean": 1.5,
                "n": 9,
                "hidden_label": "",
            },
            {
                "unit": "n:1",
                "pole": "Réseau",
                "text": "Item haut",
                "theme": "Rituels",
                "mean": 3.5,
                "n": 9,
                "hidden_label": "",
            },
            {
                "unit": "n:1",
                "pole": "Réseau",
                "text": "Item masqué",
                "theme": "Rituels",
                "mean": None,
                "n": None,
                "hidden_label": "moins de 5 réponses",
            },
        ]
    )
    bars = plotted(lowest_items_chart(frame)).data[0]
    assert list(bars.x) == [1.5, 3.5] and "Item masqué" not in " ".join(bars.y)
    assert bars.y[0].startswith("Item bas")
    empty = plotted(lowest_items_chart(frame.iloc[2:]))
    assert not empty.data and "Aucun item" in empty.layout.annotations[0].text
