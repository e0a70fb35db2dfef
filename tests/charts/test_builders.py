"""Chart builders return figures with the expected traces, French separators and no hidden figure."""

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from app.charts import EMPTY_LINE_CHARS
from app.charts.items import diverging_colours, diverging_items_chart
from app.charts.levels import category_chart, distribution_chart, progression_chart, radar_chart
from app.charts.network import heatmap_chart, pole_comparison_chart, small_multiples_chart
from tests.charts.plotted import plotted

LEVELS = [(1, "Un"), (2, "Deux"), (3, "Trois"), (4, "Quatre"), (5, "Cinq")]


def _types(fig):
    return [trace.type for trace in fig.data]


def test_distribution_has_a_bar_per_level_and_writes_the_mean_without_a_second_axis():
    cells = pd.DataFrame(
        [
            {
                "dimension": "Collectif",
                "n": 4,
                "n_dk": 1,
                "median": 2.0,
                "mean": 2.5,  # answers 1, 2, 2, 5
                "hidden": False,
                "s1": 0.25,
                "s2": 0.5,
                "s3": 0,
                "s4": 0,
                "s5": 0.25,
            },
            {
                "dimension": "Partenaires",
                "n": None,
                "median": None,
                "mean": None,
                "hidden": True,
                "s1": None,
                "s2": None,
                "s3": None,
                "s4": None,
                "s5": None,
            },
        ]
    )
    figure = distribution_chart(cells, LEVELS)
    fig = plotted(figure)
    assert _types(fig) == ["bar"] * 5  # no marker trace
    assert list(fig.data[1].x) == [0.5] and list(fig.data[1].y) == ["Collectif"]  # hidden dimension not drawn
    assert not any(key.startswith("xaxis") and key != "xaxis" for key in figure["layout"])  # one x scale only
    assert all(getattr(trace, "xaxis", None) in (None, "x") for trace in fig.data)
    [mean] = fig.layout.annotations
    assert mean.text == "moy. 2,5" and mean.y == "Collectif" and mean.x == 1 and mean.xanchor == "left"
    assert mean.hovertext == "Niveau moyen (1 à 5) : 2,5 (n = 4 ; ne se prononce pas : 1)"
    assert "2,0" not in json.dumps(figure)  # the median is not shown
    assert figure["layout"]["meta"]["narrow"]["names"] == [f"Niveau {v}" for v, _ in LEVELS]
    assert fig.layout.separators == ", "


def test_radar_draws_this_campaign_against_the_previous_one():
    levels = pd.DataFrame({"dimension": ["A", "B", "C"], "current": [3.0, 2.5, None], "previous": [2.0, 2.0, 2.0]})
    fig = plotted(radar_chart(levels, "2025-2026", "2024-2025"))
    assert _types(fig) == ["scatterpolar", "scatterpolar"]
    current = fig.data[1]
    assert current.name == "2025-2026" and list(current.r) == [3.0, 2.5, None, 3.0]  # closed loop, gap kept
    empty = plotted(radar_chart(levels.assign(current=math.nan, previous=math.nan), "x", None))
    assert empty.data == () and "Pas assez" in empty.layout.annotations[0].text


def test_progression_has_one_line_per_dimension():
    progression = pd.DataFrame(
        {
            "school_year": ["2023-2024", "2024-2025"] * 2,
            "dimension": ["A", "A", "B", "B"],
            "mean": [2.0, 2.5, 3.0, None],
        }
    )
    fig = plotted(progression_chart(progression))
    assert [t.name for t in fig.data] == ["A", "B"]
    assert list(fig.data[1].y) == [3.0, None]


def test_items_diverge_around_zero():
    items = pd.DataFrame([{"label": "Item", "hidden": False, "s1": 0.1, "s2": 0.2, "s3": 0.3, "s4": 0.4}])
    fig = plotted(
        diverging_items_chart(items, [(1, "Pas du tout"), (2, "Plutôt pas"), (3, "Plutôt"), (4, "Tout à fait")])
    )
    xs = {trace.name: trace.x[0] for trace in fig.data}
    assert xs == {"Plutôt pas": -0.2, "Pas du tout": -0.1, "Plutôt": 0.3, "Tout à fait": 0.4}
    assert len(set(diverging_colours(5))) == 5


FOUR = [(1, "Jamais"), (2, "Parfois"), (3, "Souvent"), (4, "Systématiquement")]
LONG = (
    "Face à un élève en difficulté, je construis une réponse concertée avec l'équipe (professeur principal, CPE, "
    "direction) et j'en informe la famille."
)


def _item(theme, text, high, hidden=False):
    """An item whose upper half holds `high` of the answers."""
    shares = {"s1": (1 - high) / 2, "s2": (1 - high) / 2, "s3": high / 2, "s4": high / 2}
    return {
        "theme": theme,
        "text": text,
        "label": text[:10],
        "hidden": hidden,
        "hidden_label": "moins de 5 réponses" if hidden else "",
        **(dict.fromkeys(shares) if hidden else shares),
    }


ITEMS = pd.DataFrame(
    [
        _item("Rituels", "Rituel peu suivi", 0.2),
        _item("Rituels", "Rituel très suivi", 0.9),
        _item("Justice scolaire", "Règle masquée", 0.0, hidden=True),
        _item("Justice scolaire", LONG, 0.5),
        _item("Justice scolaire", "Règle bien suivie", 0.8),
        _item("Rituels", "Rituel moyen", 0.5),
    ]
)


def _texts(fig) -> list[str]:
    """The chart's texts from top to bottom, with line breaks and markup removed."""
    ordered = sorted(fig.layout.annotations, key=lambda a: a.y)
    return [a.text.replace("<br>", " ").replace("<b>", "").replace("</b>", "") for a in ordered]


def test_items_are_grouped_by_theme_and_sorted_within_it():
    fig = plotted(diverging_items_chart(ITEMS, FOUR))
    texts = _texts(fig)
    # Themes in their first order, most agreed first within each, the withheld item last with its reason.
    assert texts == [
        "Rituels",
        "Rituel très suivi",
        "Rituel moyen",
        "Rituel peu suivi",
        "Justice scolaire",
        "Règle bien suivie",
        LONG,
        "Règle masquée <i>non affiché : moins de 5 réponses</i>",
    ]
    # Each bar sits just below its text: the bars' order is the texts' order, the withheld item has none.
    systematically = next(t for t in fig.data if t.name == "Systématiquement")
    assert [row[0] for row in systematically.customdata] == [
        "Rituel très suivi",
        "Rituel moyen",
        "Rituel peu suivi",
        "Règle bien suivie",
        LONG,
    ]
    assert list(systematically.y) == sorted(systematically.y)
    assert systematically.x[0] == pytest.approx(0.45)


def test_item_texts_are_whole_and_wrapped_never_cut():
    fig = plotted(diverging_items_chart(ITEMS, FOUR))
    phone = fig.layout.meta["narrow"]["figure"]
    for annotations, width in ((fig.layout.annotations, 95), (phone["layout"]["annotations"], 50)):
        long = next(a for a in annotations if "concertée" in (a["text"] or ""))
        lines = long["text"].split("<br>")
        assert " ".join(lines) == LONG and "…" not in long["text"]
        assert len(lines) > 1 and all(len(line) <= width for line in lines)
    # The phone's figure wraps narrower, so it needs more lines and more height than the desktop's.
    assert phone["layout"]["height"] > fig.layout.height
    assert "narrow" not in (phone["layout"].get("meta") or {})
    assert json.loads(fig.to_json())["layout"]["meta"]["narrow"]["figure"]["data"]


def test_items_chart_says_so_when_every_item_is_withheld():
    fig = plotted(diverging_items_chart(ITEMS.assign(hidden=True), FOUR))
    assert fig.data == () and "Aucun item" in fig.layout.annotations[0].text


def test_heatmap_shows_the_mean_and_leaves_hidden_cells_blank_with_their_reason():
    cells = pd.DataFrame(
        [  # Aix answered 1, 2, 2, 5: median 2, mean 2.5
            {"pole": "Aix", "dimension": "A", "median": 2.0, "mean": 2.5, "n": 12, "hidden_label": ""},
            {
                "pole": "Pertuis",
                "dimension": "A",
                "median": None,
                "mean": None,
                "n": None,
                "hidden_label": "moins de 5 réponses",
            },
        ]
    )
    fig = plotted(heatmap_chart(cells, ["A"]))
    heat = fig.data[0]
    assert heat.type == "heatmap" and list(heat.z) == [[2.5], [None]]
    assert heat.text[0][0] == "2,5<br>n = 12"
    assert heat.text[1][0] == "moins de 5 réponses"
    assert heat.colorbar.title.text == "Niveau moyen" and "Niveau moyen" in heat.hovertemplate
    assert "Médiane" not in fig.to_json()


def test_pole_comparison_and_small_multiples():
    comparison = pd.DataFrame(
        {"pole": ["Aix", "Aix"], "dimension": ["A", "B"], "before": [2.0, None], "after": [2.5, 3.0]}
    )
    fig = plotted(pole_comparison_chart(comparison, "2024-2025", "2025-2026"))
    assert _types(fig) == ["scatter"] * 3 and list(fig.data[2].x) == [2.5, 3.0]
    progression = pd.DataFrame(
        {
            "pole": ["Aix"] * 2 + ["Gardanne"] * 2,
            "school_year": ["2024-2025", "2025-2026"] * 2,
            "dimension": ["A"] * 4,
            "mean": [2.0, 2.4, 3.0, 3.1],
        }
    )
    multiples = plotted(
        small_multiples_chart(progression.iloc[1:], ["A", "B"])
    )  # Aix has no 2024-2025 point, nobody a B
    assert len(multiples.data) == 4 and [a.text for a in multiples.layout.annotations] == ["Aix", "Gardanne"]
    aix, aix_b, gardanne = multiples.data[0], multiples.data[1], multiples.data[2]
    assert list(aix.y) == [None, 2.4] and list(gardanne.y) == [3.0, 3.1] and list(aix_b.y) == [None, None]
    assert (aix.xaxis, gardanne.xaxis) == ("x", "x2") and [t.showlegend for t in multiples.data] == [
        True,
        True,
        False,
        False,
    ]


def test_small_multiples_on_a_phone_stack_one_panel_per_row_with_wrapped_titles():
    long = "Département Bouches-du-Rhône (13)"
    progression = pd.DataFrame(
        {
            "pole": [p for p in ["Calanques", "Sainte Victoire", long] for _ in range(2)],
            "school_year": ["2024-2025", "2025-2026"] * 3,
            "dimension": ["A"] * 6,
            "mean": [2.0, 2.4, 3.0, 3.1, 2.5, 2.7],
        }
    )
    desktop = plotted(small_multiples_chart(progression, ["A"]))
    assert [round(a.x, 2) for a in desktop.layout.annotations][:2] != [0.5, 0.5]  # side by side on a desktop
    phone = go.Figure(desktop.layout.meta["narrow"]["figure"])
    assert [a.x for a in phone.layout.annotations] == [0.5, 0.5, 0.5]  # one panel per row, titles centred
    assert phone.layout.annotations[2].text == long  # fits in 40 characters: not cut
    domains = [phone.layout[f"yaxis{i or ''}"].domain for i in ("", 2, 3)]
    assert domains[0][0] > domains[1][1] > domains[1][0] > domains[2][1]  # stacked, none overlapping
    assert tuple(phone.layout.xaxis3.domain) == (0.0, 1.0) and phone.layout.height > desktop.layout.height
    # the legend sits ~36 px under the plot, below the school years, on a desktop's single row as on a phone
    assert desktop.layout.legend.y * (desktop.layout.height - 40) == pytest.approx(-36)


def test_category_chart_skips_hidden_categories():
    categories = pd.DataFrame(
        {"dimension": ["A"] * 3, "category": ["Enseignant·e", "Direction", "Vie scolaire"], "mean": [3.0, None, 2.0]}
    )
    assert [t.name for t in plotted(category_chart(categories)).data] == ["Enseignant·e", "Vie scolaire"]


def test_one_category_alone_is_no_comparison():
    categories = pd.DataFrame({"dimension": ["A", "A"], "category": ["Enseignant·e", "Direction"], "mean": [3.0, None]})
    figure = category_chart(categories)
    assert figure["data"] == [] and figure["layout"]["meta"]["empty"].startswith("Pas de comparaison possible")


def test_an_empty_chart_wraps_its_message_so_that_a_phone_shows_all_of_it():
    hidden = pd.DataFrame({"dimension": ["collectif"], "category": ["enseignant"], "mean": [float("nan")]})
    [note] = plotted(category_chart(hidden)).layout.annotations
    lines = note.text.split("<br>")
    assert len(lines) >= 2 and all(len(line) <= EMPTY_LINE_CHARS for line in lines)
    assert " ".join(lines).startswith("Pas de comparaison possible : les autres catégories comptent trop peu")
