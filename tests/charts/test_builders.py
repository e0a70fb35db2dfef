"""Chart builders return figures with the expected traces, French separators and no hidden figure."""

import json
import math

import pandas as pd

from app.charts.items import diverging_colours, diverging_items_chart
from app.charts.levels import category_chart, distribution_chart, progression_chart, radar_chart
from app.charts.network import heatmap_chart, pole_comparison_chart, small_multiples_chart

LEVELS = [(1, "Un"), (2, "Deux"), (3, "Trois"), (4, "Quatre"), (5, "Cinq")]


def _types(fig):
    return [trace.type for trace in fig.data]


def test_distribution_has_a_bar_per_level_and_a_median_marker():
    cells = pd.DataFrame(
        [
            {
                "dimension": "Collectif",
                "n": 4,
                "median": 3.0,
                "hidden": False,
                "s1": 0,
                "s2": 0.25,
                "s3": 0.5,
                "s4": 0.25,
                "s5": 0,
            },
            {
                "dimension": "Partenaires",
                "n": None,
                "median": None,
                "hidden": True,
                "s1": None,
                "s2": None,
                "s3": None,
                "s4": None,
                "s5": None,
            },
        ]
    )
    fig = distribution_chart(cells, LEVELS)
    assert _types(fig) == ["bar"] * 5 + ["scatter"]
    assert list(fig.data[2].x) == [0.5] and list(fig.data[2].y) == ["Collectif"]  # hidden dimension not drawn
    assert fig.data[5].x[0] == 0.5  # median 3 sits in the middle of a 1–5 axis
    assert fig.layout.separators == ", "


def test_radar_draws_this_campaign_against_the_previous_one():
    levels = pd.DataFrame({"dimension": ["A", "B", "C"], "current": [3.0, 2.5, None], "previous": [2.0, 2.0, 2.0]})
    fig = radar_chart(levels, "2025-2026", "2024-2025")
    assert _types(fig) == ["scatterpolar", "scatterpolar"]
    current = fig.data[1]
    assert current.name == "2025-2026" and list(current.r) == [3.0, 2.5, None, 3.0]  # closed loop, gap kept
    empty = radar_chart(levels.assign(current=math.nan, previous=math.nan), "x", None)
    assert empty.data == () and "Pas assez" in empty.layout.annotations[0].text


def test_progression_has_one_line_per_dimension():
    progression = pd.DataFrame(
        {
            "school_year": ["2023-2024", "2024-2025"] * 2,
            "dimension": ["A", "A", "B", "B"],
            "mean": [2.0, 2.5, 3.0, None],
        }
    )
    fig = progression_chart(progression)
    assert [t.name for t in fig.data] == ["A", "B"]
    assert list(fig.data[1].y) == [3.0, None]


def test_items_diverge_around_zero():
    items = pd.DataFrame([{"label": "Item", "hidden": False, "s1": 0.1, "s2": 0.2, "s3": 0.3, "s4": 0.4}])
    fig = diverging_items_chart(items, [(1, "Pas du tout"), (2, "Plutôt pas"), (3, "Plutôt"), (4, "Tout à fait")])
    xs = {trace.name: trace.x[0] for trace in fig.data}
    assert xs == {"Plutôt pas": -0.2, "Pas du tout": -0.1, "Plutôt": 0.3, "Tout à fait": 0.4}
    assert len(set(diverging_colours(5))) == 5


def test_heatmap_leaves_hidden_cells_blank_with_their_reason():
    cells = pd.DataFrame(
        [
            {"pole": "Aix", "dimension": "A", "median": 3.0, "n": 12, "hidden_label": ""},
            {"pole": "Pertuis", "dimension": "A", "median": None, "n": None, "hidden_label": "moins de 5 réponses"},
        ]
    )
    fig = heatmap_chart(cells, ["A"])
    heat = fig.data[0]
    assert heat.type == "heatmap" and list(heat.z) == [[3.0], [None]]
    assert heat.text[1][0] == "moins de 5 réponses" and "n = 12" in heat.text[0][0]
    assert "12" in json.dumps(json.loads(fig.to_json()))


def test_pole_comparison_and_small_multiples():
    comparison = pd.DataFrame(
        {"pole": ["Aix", "Aix"], "dimension": ["A", "B"], "before": [2.0, None], "after": [2.5, 3.0]}
    )
    fig = pole_comparison_chart(comparison, "2024-2025", "2025-2026")
    assert _types(fig) == ["scatter"] * 3 and list(fig.data[2].x) == [2.5, 3.0]
    progression = pd.DataFrame(
        {
            "pole": ["Aix"] * 2 + ["Gardanne"] * 2,
            "school_year": ["2024-2025", "2025-2026"] * 2,
            "dimension": ["A"] * 4,
            "mean": [2.0, 2.4, 3.0, 3.1],
        }
    )
    multiples = small_multiples_chart(progression.iloc[1:], ["A", "B"])  # Aix has no 2024-2025 point, nobody a B
    assert len(multiples.data) == 4 and [a.text for a in multiples.layout.annotations] == ["Aix", "Gardanne"]
    aix, aix_b, gardanne = multiples.data[0], multiples.data[1], multiples.data[2]
    assert list(aix.y) == [None, 2.4] and list(gardanne.y) == [3.0, 3.1] and list(aix_b.y) == [None, None]
    assert (aix.xaxis, gardanne.xaxis) == ("x", "x2") and [t.showlegend for t in multiples.data] == [
        True,
        True,
        False,
        False,
    ]


def test_category_chart_skips_hidden_categories():
    categories = pd.DataFrame({"dimension": ["A", "A"], "category": ["Enseignant·e", "Direction"], "mean": [3.0, None]})
    assert [t.name for t in category_chart(categories).data] == ["Enseignant·e"]
