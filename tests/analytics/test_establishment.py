"""One establishment's frames and tables, from hand-made suppressed cells: what is shown, what is withheld and why."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.analytics.establishment import (
    by_question,
    category_frame,
    category_table,
    comparison_frame,
    comparison_table,
    distribution_frame,
    distribution_table,
    levels_table,
    participation_rate,
    participation_table,
    progression_frame,
    progression_table,
    shown,
)
from app.analytics.instrument import Dimension
from app.analytics.suppression import COMPLEMENTARY, NO_ANSWER, SMALL_GROUP
from app.analytics.tables import NO_PREVIOUS, Hidden
from tests.analytics.helpers import VALUES, cell

K = 5
POINTS = [(v, f"Niveau {v}") for v in VALUES]
DIMS = [Dimension("pilotage", "Pilotage"), Dimension("partenariats", "Partenariats"), Dimension("climat", "Climat")]
FEWER = Hidden("moins de 5 réponses")
NONE_YET = Hidden("aucune réponse")
SECONDARY = Hidden("masqué (secret secondaire)")


# Pilotage: 2, 2, 3, 3, 3, 3, 4, 4 → n 8, median 3, mean 3.0; partenariats under the threshold; climat unanswered.
CELLS = pd.DataFrame([cell("pilotage", {2: 2, 3: 4, 4: 2}), cell("partenariats", reason=SMALL_GROUP)])


def test_shown_gives_the_value_or_why_it_is_withheld():
    rows = by_question(CELLS)
    assert shown(rows["pilotage"], "median", K) == 3
    assert shown(rows["partenariats"], "median", K) == FEWER
    assert shown({"hidden": True, "reason": COMPLEMENTARY}, "n", K) == SECONDARY
    assert shown(None, "median", K) is None


def test_participation_rate_needs_a_declared_staff():
    assert participation_rate(10, 40) == 0.25
    assert participation_rate(10, None) is None
    assert participation_rate(10, 0) is None


def test_participation_table_lists_categories_by_size_then_the_total_rate():
    table = participation_table(
        [{"instrument": "Grille", "counts": {"Direction": 2, "Enseignant": 8}, "staff_size": 40}]
    )
    assert [(r["category"], r["responses"]) for r in table.rows] == [("Enseignant", 8), ("Direction", 2), ("Total", 10)]
    assert table.rows[-1]["staff"] == 40 and table.rows[-1]["rate"] == 0.25
    assert "rate" not in table.rows[0]  # a category has no staff size of its own


def test_distribution_frame_gives_shares_of_visible_dimensions_only():
    frame = distribution_frame(CELLS, DIMS, VALUES, K).set_index("key")
    pilotage = frame.loc["pilotage"]
    assert not pilotage["hidden"] and pilotage["hidden_label"] == ""
    assert (pilotage["n"], pilotage["median"], pilotage["mean"]) == (8, 3, 3.0)
    assert [pilotage[f"c{v}"] for v in VALUES] == [0, 2, 4, 2, 0]
    assert [pilotage[f"s{v}"] for v in VALUES] == [0, 0.25, 0.5, 0.25, 0]
    assert frame.loc["partenariats", "hidden_label"] == "moins de 5 réponses"
    assert frame.loc["climat", "hidden_label"] == "aucune réponse"
    for key in ("partenariats", "climat"):
        assert frame.loc[key, "hidden"]
        assert frame.loc[key, ["n", "median", "mean", "s3", "c3"]].isna().all()


def test_distribution_table_shows_the_reason_in_each_withheldcell():
    table = distribution_table(distribution_frame(CELLS, DIMS, VALUES, K), POINTS)
    keys = ["dimension", "s1", "s2", "s3", "s4", "s5", "mean", "std", "n", "n_dk"]
    assert [c.key for c in table.columns] == keys
    assert table.columns[6].label == "Niveau moyen (1 à 5)" and table.columns[7].label == "Écart-type"
    pilotage, partenariats, climat = table.rows
    assert pilotage["s3"] == 0.5 and pilotage["n"] == 8 and pilotage["mean"] == 3.0
    assert set(partenariats.values()) == {"Partenariats", FEWER}
    assert set(climat.values()) == {"Climat", NONE_YET}


def test_levels_table_puts_the_agreed_level_beside_the_perceived_one():
    agreed = {"pilotage": {"level": 4, "justification": "Un conseil pédagogique mensuel"}}
    table = levels_table(CELLS, DIMS, agreed, K)
    pilotage, partenariats, climat = table.rows
    assert (pilotage["n"], pilotage["median"], pilotage["mean"]) == (8, 3, 3.0)
    assert pilotage["q1"] == 2.75 and pilotage["q3"] == 3.25
    assert pilotage["agreed"] == 4 and pilotage["justification"] == "Un conseil pédagogique mensuel"
    assert partenariats["median"] == FEWER and partenariats["std"] == FEWER and "agreed" not in partenariats
    assert climat["n"] == NONE_YET and climat["mean"] == NONE_YET
    labels = [c.label for c in table.columns]
    assert labels.index("Niveau moyen (1 à 5)") < labels.index("Médiane")  # the mean first, the median a quartile


def test_levels_and_distribution_read_the_mean_where_it_differs_from_the_median():
    cells = pd.DataFrame([cell("pilotage", {1: 1, 2: 2, 5: 1})])  # 1, 2, 2, 5: median 2, mean 2.5
    dims = DIMS[:1]
    distribution = distribution_table(distribution_frame(cells, dims, VALUES, 1), POINTS)
    assert distribution.rows[0]["mean"] == 2.5 and "median" not in distribution.rows[0]
    assert levels_table(cells, dims, {}, 1).columns[3].key == "mean"


def test_comparison_frame_pairs_visible_means_of_both_years():
    previous = pd.DataFrame([cell("pilotage", {2: 3, 3: 3}), cell("climat", {4: 6})])  # 2.5 then 4.0
    frame = comparison_frame(CELLS, previous, DIMS).set_index("dimension")
    assert (frame.loc["Pilotage", "current"], frame.loc["Pilotage", "previous"]) == (3.0, 2.5)
    assert (frame.loc["Pilotage", "n_current"], frame.loc["Pilotage", "n_previous"]) == (8, 6)
    assert math.isnan(frame.loc["Partenariats", "current"]) and math.isnan(frame.loc["Partenariats", "previous"])
    assert math.isnan(frame.loc["Climat", "current"]) and frame.loc["Climat", "previous"] == 4.0
    alone = comparison_frame(CELLS, None, DIMS)
    assert alone["previous"].isna().all() and alone["current"].iloc[0] == 3.0


def test_comparison_table_gives_the_change_only_where_both_years_are_shown():
    previous = pd.DataFrame([cell("pilotage", {2: 3, 3: 3}), cell("climat", {4: 6})])
    table = comparison_table(comparison_frame(CELLS, previous, DIMS), "2025-2026", "2024-2025", K)
    pilotage, partenariats, climat = table.rows
    assert pilotage["change"] == pytest.approx(0.5)
    assert partenariats["current"] == FEWER and partenariats["previous"] == FEWER and "change" not in partenariats
    assert climat["previous"] == 4.0 and climat["current"] == FEWER and "change" not in climat
    first_year = comparison_table(comparison_frame(CELLS, None, DIMS), "2025-2026", None, K)
    assert first_year.rows[0]["previous"] == NO_PREVIOUS  # no earlier campaign: nothing withheld, and it says so
    assert first_year.title == "Niveau moyen : 2025-2026 et année précédente"


def test_progression_frame_and_table_follow_each_year():
    earlier = pd.DataFrame([cell("pilotage", {1: 5, 3: 5}), cell("climat", reason=COMPLEMENTARY)])
    frame = progression_frame([("2024-2025", earlier, 0.5), ("2025-2026", CELLS, None)], DIMS)
    assert len(frame) == 6
    first = frame[frame["school_year"] == "2024-2025"].set_index("key")
    assert first.loc["pilotage", "mean"] == 2.0 and first.loc["pilotage", "median"] == 2.0
    assert first.loc["pilotage", "participation"] == 0.5
    assert math.isnan(first.loc["climat", "mean"]) and first.loc["climat", "reason"] == COMPLEMENTARY
    assert first.loc["partenariats", "reason"] == NO_ANSWER
    table = progression_table(frame, K)
    rows = {(r["school_year"], r["dimension"]): r for r in table.rows}
    assert rows[("2024-2025", "Pilotage")]["n"] == 10 and rows[("2025-2026", "Pilotage")]["mean"] == 3.0
    assert rows[("2024-2025", "Climat")]["median"] == SECONDARY
    assert rows[("2025-2026", "Partenariats")]["q1"] == FEWER
    assert rows[("2024-2025", "Partenariats")]["n"] == NONE_YET


def _category_cells() -> pd.DataFrame:
    return pd.DataFrame(
        [
            cell("pilotage", {3: 6}, category="enseignant"),
            cell("pilotage", {4: 3, 5: 3}, category="direction"),
            cell("climat", {2: 6}, category="direction"),
            cell("climat", reason=SMALL_GROUP, category="enseignant"),
            cell("hors-grille", {1: 6}, category="direction"),  # an item, not a dimension: left out
        ]
    )


def test_category_frame_measures_the_gap_to_the_reference_category():
    labels = {"enseignant": "Enseignants", "direction": "Direction"}
    frame = category_frame(_category_cells(), DIMS, labels.get, min_size=K)
    assert list(zip(frame["key"], frame["category_id"])) == [
        ("pilotage", "direction"),
        ("pilotage", "enseignant"),
        ("climat", "direction"),
        ("climat", "enseignant"),
    ]
    rows = frame.set_index(["key", "category_id"])
    assert rows.loc[("pilotage", "direction"), "gap"] == pytest.approx(4.5 - 3.0)
    assert rows.loc[("pilotage", "direction"), "category"] == "Direction"
    assert pd.isna(rows.loc[("pilotage", "enseignant"), "gap"])  # the reference has no gap to itself
    assert pd.isna(rows.loc[("climat", "direction"), "gap"])  # the reference is hidden: no gap shown
    assert rows.loc[("climat", "enseignant"), "hidden_label"] == "moins de 5 réponses"
    table = category_table(frame, "les enseignants")
    by = {(r["dimension"], r["category"]): r for r in table.rows}
    assert by[("Climat", "Enseignants")]["mean"] == FEWER and by[("Climat", "Enseignants")]["gap"] is None
    assert by[("Pilotage", "Direction")]["gap"] == pytest.approx(1.5) and by[("Pilotage", "Direction")]["n"] == 6
    assert table.columns[-1].label == "Écart avec les enseignants"


def test_category_frame_of_no_cells_is_empty():
    frame = category_frame(pd.DataFrame(), DIMS, str)
    assert frame.empty and list(frame.columns) == ["dimension", "category", "n", "mean", "gap", "hidden_label"]
