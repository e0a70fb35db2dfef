"""A network's frames and tables (poles, years, establishments), from hand-made suppressed cells."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.analytics.instrument import Dimension
from app.analytics.network import (
    comparison_frame,
    comparison_table,
    establishments_table,
    heatmap_frame,
    heatmap_table,
    participation_by_unit,
    progression_frame,
    progression_table,
)
from app.analytics.suppression import COMPLEMENTARY, NO_ANSWER, SMALL_GROUP
from app.analytics.tables import Blank, Hidden
from tests.analytics.helpers import cell

K = 5
DIMS = [Dimension("pilotage", "Pilotage"), Dimension("climat", "Climat")]
UNITS = [("p:10", "Gardanne"), ("n:7", "Réseau")]
FEWER = Hidden("moins de 5 réponses")
NONE_YET = Hidden("aucune réponse")
SECONDARY = Hidden("masqué (secret secondaire)")


def _establishments() -> pd.DataFrame:
    """e1 (staff 20) and e2 (staff unknown) in pole 10; e3 (staff 10) outside any pole."""
    return pd.DataFrame(
        {
            "establishment_id": [1, 2, 3],
            "name": ["Collège Mistral", "Lycée Cézanne", "École Zola"],
            "uai": ["0130001A", "0130002B", "0130003C"],
            "kind": ["college", "lycee", "ecole"],
            "pole_id": [10, 10, None],
            "staff_size": [20, None, 10],
        }
    )


def test_participation_counts_only_establishments_whose_staff_is_known():
    responses = pd.DataFrame({"establishment_id": [1, 1, 2, 3], "category": ["a", "b", "a", "a"], "n": [3, 2, 3, 4]})
    units = participation_by_unit(responses, _establishments())
    assert set(units) == {"e:1", "e:2", "e:3", "p:10", "network"}
    assert (units["e:1"]["responses"], units["e:1"]["rate"]) == (5, 0.25)
    assert (units["e:2"]["responses"], units["e:2"]["rate"]) == (3, None)
    pole = units["p:10"]
    assert (pole["responses"], pole["staff"], pole["counted"], pole["members"], pole["known"]) == (8, 20, 5, 2, 1)
    assert pole["rate"] == 0.25  # e2's 3 answers have no staff to be measured against
    network = units["network"]
    assert (network["responses"], network["staff"], network["rate"]) == (12, 30, pytest.approx(9 / 30))


def test_participation_of_a_campaign_nobody_answered():
    units = participation_by_unit(pd.DataFrame({"establishment_id": [], "n": []}), _establishments())
    assert {unit: entry["responses"] for unit, entry in units.items()} == dict.fromkeys(units, 0)
    assert units["e:1"]["rate"] == 0 and units["e:2"]["rate"] is None and units["network"]["rate"] == 0


# Gardanne: pilotage 2, 3, 3, 4, 4, 4 (median 3.5, mean 20/6), climat under the threshold; the network: pilotage
# 1 × 5 and 3 × 5 (median and mean 2), climat hidden as a complement.
NOW = pd.DataFrame(
    [
        cell("pilotage", {2: 1, 3: 2, 4: 3}, unit="p:10"),
        cell("climat", unit="p:10", reason=SMALL_GROUP),
        cell("pilotage", {1: 5, 3: 5}, unit="n:7"),
        cell("climat", unit="n:7", reason=COMPLEMENTARY),
    ]
)
# A year earlier: Gardanne's pilotage 3 × 6, climat 4 × 6; nothing for the network.
BEFORE = pd.DataFrame([cell("pilotage", {3: 6}, unit="p:10"), cell("climat", {4: 6}, unit="p:10")])


def test_heatmap_frame_gives_the_median_of_each_unit_and_dimension():
    frame = heatmap_frame(NOW, UNITS, DIMS, K).set_index(["unit", "key"])
    assert len(frame) == 4
    pilotage = frame.loc[("p:10", "pilotage")]
    assert (pilotage["pole"], pilotage["dimension"], pilotage["n"]) == ("Gardanne", "Pilotage", 6)
    assert (pilotage["median"], pilotage["q1"], pilotage["q3"]) == (3.5, 3.0, 4.0)
    assert pilotage["mean"] == pytest.approx(20 / 6) and pilotage["hidden_label"] == ""
    assert frame.loc[("n:7", "pilotage"), "median"] == 2.0
    assert frame.loc[("p:10", "climat"), "hidden_label"] == "moins de 5 réponses"
    assert frame.loc[("n:7", "climat"), "hidden_label"] == "masqué (secret secondaire)"
    assert math.isnan(frame.loc[("p:10", "climat"), "median"]) and pd.isna(frame.loc[("p:10", "climat"), "n"])


def test_heatmap_frame_says_when_a_unit_has_no_answer():
    frame = heatmap_frame(NOW, [("p:11", "Aubagne")], DIMS, K)
    assert list(frame["hidden_label"]) == ["aucune réponse", "aucune réponse"] and frame["median"].isna().all()


def test_heatmap_table_withholds_hidden_cells_and_adds_participation():
    table = heatmap_table(heatmap_frame(NOW, UNITS, DIMS, K), {"p:10": {"rate": 0.4}}, "2025-2026")
    rows = {(r["pole"], r["dimension"]): r for r in table.rows}
    assert rows[("Gardanne", "Pilotage")]["median"] == 3.5 and rows[("Gardanne", "Pilotage")]["participation"] == 0.4
    assert rows[("Gardanne", "Climat")]["mean"] == FEWER and rows[("Gardanne", "Climat")]["n"] == FEWER
    assert rows[("Réseau", "Climat")]["q1"] == SECONDARY and rows[("Réseau", "Pilotage")]["participation"] is None
    assert table.title == "Niveau moyen de chaque pôle par dimension — 2025-2026"
    assert [c.label for c in table.columns][4] == "Niveau moyen (1 à 5)"


def test_comparison_frame_gives_the_change_and_flags_a_participation_jump():
    now, before = heatmap_frame(NOW, UNITS, DIMS, K), heatmap_frame(BEFORE, UNITS, DIMS, K)
    frame = comparison_frame(now, before, {"p:10": {"rate": 0.65}}, {"p:10": {"rate": 0.4}}).set_index(
        ["unit", "dimension"]
    )
    pilotage = frame.loc[("p:10", "Pilotage")]
    assert (pilotage["before"], pilotage["after"]) == (3.0, pytest.approx(20 / 6))
    assert pilotage["change"] == pytest.approx(20 / 6 - 3.0)
    assert (pilotage["n_before"], pilotage["n_after"]) == (6, 6)
    assert pilotage["jump"]  # 40 % → 65 %: more than 20 points
    climat = frame.loc[("p:10", "Climat")]
    assert climat["before"] == 4.0 and math.isnan(climat["after"]) and math.isnan(climat["change"])
    assert climat["hidden_after"] == "moins de 5 réponses" and climat["hidden_before"] == ""
    assert not frame.loc[("n:7", "Pilotage"), "jump"]  # no rate for the network: no caveat either
    assert frame.loc[("n:7", "Pilotage"), "hidden_before"] == "aucune réponse"


@pytest.mark.parametrize(("before", "after", "jump"), [(0.4, 0.6, False), (0.4, 0.61, True), (0.6, 0.39, True)])
def test_a_jump_is_a_change_of_participation_above_twenty_points(before, after, jump):
    now = heatmap_frame(NOW, UNITS[:1], DIMS[:1], K)
    frame = comparison_frame(now, None, {"p:10": {"rate": after}}, {"p:10": {"rate": before}})
    assert bool(frame["jump"].iloc[0]) is jump


def test_comparison_frame_of_a_first_year_has_nothing_before():
    frame = comparison_frame(heatmap_frame(NOW, UNITS, DIMS, K), None, {}, {})
    assert frame["before"].isna().all() and frame["change"].isna().all()
    assert list(frame["n_before"]) == [None] * 4


def test_comparison_table_shows_why_a_figure_is_withheld_and_the_caveat():
    now, before = heatmap_frame(NOW, UNITS, DIMS, K), heatmap_frame(BEFORE, UNITS, DIMS, K)
    frame = comparison_frame(now, before, {"p:10": {"rate": 0.65}}, {"p:10": {"rate": 0.4}})
    table = comparison_table(frame, "2024-2025", "2025-2026")
    rows = {(r["pole"], r["dimension"]): r for r in table.rows}
    assert rows[("Gardanne", "Pilotage")]["caveat"] == "participation très différente"
    assert rows[("Gardanne", "Pilotage")]["change"] == pytest.approx(20 / 6 - 3.0)
    assert rows[("Gardanne", "Climat")]["after"] == FEWER and rows[("Gardanne", "Climat")]["before"] == 4.0
    assert rows[("Réseau", "Climat")]["before"] == NONE_YET and rows[("Réseau", "Climat")]["caveat"] == ""
    assert table.title == "Évolution des pôles : 2024-2025 → 2025-2026"


def test_progression_frame_and_table_sort_each_pole_by_year():
    frame = progression_frame([("2025-2026", NOW), ("2024-2025", BEFORE)], UNITS[:1], DIMS, K)
    assert len(frame) == 4 and set(frame["school_year"]) == {"2024-2025", "2025-2026"}
    table = progression_table(frame)
    assert [(r["dimension"], r["school_year"]) for r in table.rows] == [
        ("Climat", "2024-2025"),
        ("Climat", "2025-2026"),
        ("Pilotage", "2024-2025"),
        ("Pilotage", "2025-2026"),
    ]
    assert table.rows[0]["mean"] == 4.0 and table.rows[1]["mean"] == FEWER and table.rows[3]["median"] == 3.5


def test_progression_with_a_year_nobody_of_the_filter_answered():
    """A type filter can leave a year without a single answer: its rows say so, and nothing warns or fails."""
    frame = progression_frame([("2025-2026", NOW), ("2024-2025", NOW.iloc[0:0])], UNITS[:1], DIMS, K)
    old = frame[frame["school_year"] == "2024-2025"]
    assert len(frame) == 4 and list(old["hidden_label"]) == ["aucune réponse", "aucune réponse"]
    assert old["mean"].isna().all() and list(frame["school_year"]) == ["2025-2026"] * 2 + ["2024-2025"] * 2


def test_progression_of_no_year_is_empty():
    frame = progression_frame([], UNITS, DIMS, K)
    assert frame.empty and {"pole", "school_year", "dimension", "mean", "hidden_label"} <= set(frame.columns)
    assert progression_table(frame).rows == []


def test_establishments_table_shows_each_mean_and_the_change_of_that_mean():
    cells = pd.DataFrame(
        [
            cell("pilotage", {1: 2, 2: 4, 5: 2}, unit="e:1"),  # 1, 1, 2, 2, 2, 2, 5, 5: median 2, mean 2.5
            cell("climat", unit="e:1", reason=COMPLEMENTARY),
            cell("pilotage", unit="e:2", reason=SMALL_GROUP),
        ]
    )
    before = pd.DataFrame([cell("pilotage", {2: 6}, unit="e:1"), cell("climat", {2: 6}, unit="e:1")])
    participation = participation_by_unit(pd.DataFrame({"establishment_id": [1, 2], "n": [8, 3]}), _establishments())
    table = establishments_table(
        _establishments(), cells, before, participation, {10: "Gardanne"}, DIMS, K, "2025-2026", "2024-2025"
    )
    mistral, cezanne, zola = table.rows
    assert (mistral["name"], mistral["uai"], mistral["kind"], mistral["pole"]) == (
        "Collège Mistral",
        "0130001A",
        "college",
        "Gardanne",
    )
    assert (mistral["responses"], mistral["rate"]) == (8, 0.4)
    assert mistral["pilotage"] == 2.5 and mistral["pilotage__change"] == pytest.approx(0.5)  # the mean, not 2
    assert mistral["climat"] == SECONDARY
    assert mistral["climat__change"].text == "masqué : secret secondaire" and mistral["climat__change"].rule
    assert cezanne["pilotage"] == FEWER and cezanne["rate"] is None
    assert cezanne["pilotage__change"].text == "masqué : moins de 5 réponses"
    assert zola["pole"] == "—" and zola["responses"] == 0 and zola["pilotage"] == NONE_YET
    assert zola["pilotage__change"] == Blank(
        "aucune réponse en 2025-2026", "Pas d'évolution : l'établissement n'a reçu aucune réponse en 2025-2026."
    )
    keys = [c.key for c in table.columns]
    assert keys[:6] == ["name", "uai", "kind", "pole", "responses", "rate"]
    assert keys[6:] == ["pilotage", "pilotage__change", "climat", "climat__change"]
    assert table.columns[6].export_label == "Pilotage — niveau moyen (1 à 5)"


def _change(now: dict, before: list | None) -> object:
    frame = None if before is None else pd.DataFrame(before)
    table = establishments_table(
        _establishments().iloc[:1],
        pd.DataFrame([now]),
        frame,
        {},
        {10: "Gardanne"},
        DIMS[:1],
        K,
        "2025-2026",
        None if before is None else "2024-2025",
    )
    return table.rows[0]["pilotage__change"]


@pytest.mark.parametrize(
    ("before", "text", "rule"),
    [
        (None, "pas de campagne précédente", False),
        ([], "aucune réponse en 2024-2025", False),  # the campaign existed, not this establishment's answers
        ([cell("pilotage", unit="e:1", reason=NO_ANSWER)], "aucune réponse en 2024-2025", False),
        ([cell("pilotage", unit="e:1", reason=SMALL_GROUP)], "masqué : moins de 5 réponses", True),
        ([cell("pilotage", unit="e:1", reason=COMPLEMENTARY)], "masqué : secret secondaire", True),
    ],
)
def test_a_missing_change_says_why(before, text, rule):
    blank = _change(cell("pilotage", {3: 6}, unit="e:1"), before)
    assert isinstance(blank, Blank) and blank.text == text and blank.rule is rule
    if rule:
        assert "2024-2025" in blank.detail and "moins de 5 réponses" in blank.detail
        assert "Règle d'anonymat" in blank.detail


def test_a_change_hidden_this_year_names_this_year():
    blank = _change(cell("pilotage", unit="e:1", reason=SMALL_GROUP), [cell("pilotage", {3: 6}, unit="e:1")])
    assert blank.text == "masqué : moins de 5 réponses" and "2025-2026" in blank.detail
