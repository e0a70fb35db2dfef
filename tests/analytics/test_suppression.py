"""The anonymity threshold: primary and complementary suppression on small hand-made trees."""

import math

import pandas as pd

from app.analytics.suppression import (
    COMPLEMENTARY,
    NO_ANSWER,
    SMALL_GROUP,
    filtered_total_visible,
    hidden_label,
    suppress_small_groups,
)


def _tree(rows):
    return pd.DataFrame(rows, columns=["unit", "parent", "n", "mean"])


def test_a_cell_of_four_is_hidden_and_its_figures_blanked():
    out = suppress_small_groups(pd.DataFrame({"n": [4, 5], "mean": [2.5, 3.0]}), 5)
    assert list(out["hidden"]) == [True, False]
    assert out.loc[0, "reason"] == SMALL_GROUP
    assert math.isnan(out.loc[0, "mean"]) and math.isnan(out.loc[0, "n"])
    assert out.loc[1, "mean"] == 3.0


def test_one_hidden_establishment_hides_the_next_smallest():
    out = suppress_small_groups(
        _tree(
            [
                ("p:1", None, 4 + 6 + 20 + 9, 3.0),
                ("e:1", "p:1", 4, 2.0),
                ("e:2", "p:1", 6, 3.0),
                ("e:3", "p:1", 20, 3.1),
                ("e:4", "p:1", 9, 3.2),
            ]
        ),
        5,
    ).set_index("unit")
    assert out.loc["e:1", "reason"] == SMALL_GROUP
    assert out.loc["e:2", "reason"] == COMPLEMENTARY  # 6 is the smallest visible sibling
    assert not out.loc["e:3", "hidden"] and not out.loc["e:4", "hidden"]
    assert not out.loc["p:1", "hidden"]  # the pole total now reveals only the sum of two groups (10 answers)


def test_two_small_hidden_siblings_still_need_a_third():
    out = suppress_small_groups(
        _tree(
            [
                ("p:1", None, 2 + 2 + 30 + 8, 3.0),
                ("e:1", "p:1", 2, 2.0),
                ("e:2", "p:1", 2, 2.0),
                ("e:3", "p:1", 30, 3.1),
                ("e:4", "p:1", 8, 3.2),
            ]
        ),
        5,
    ).set_index("unit")
    # 2 + 2 = 4 hidden answers would be deduced from the total: hide the smallest visible one too
    assert out.loc["e:4", "reason"] == COMPLEMENTARY
    assert not out.loc["e:3", "hidden"]


def test_a_hidden_parent_needs_no_complement():
    out = suppress_small_groups(_tree([("p:1", None, 3, 2.0), ("e:1", "p:1", 3, 2.0)]), 5).set_index("unit")
    assert out["hidden"].all()


def test_locked_children_make_the_parent_hidden():
    rows = _tree([("f:1", None, 12, 3.0), ("e:1", "f:1", 4, 2.0), ("e:2", "f:1", 8, 3.0)])
    rows["locked"] = [False, True, True]
    rows["hidden"] = [False, True, False]
    out = suppress_small_groups(rows, 5).set_index("unit")
    assert out.loc["f:1", "reason"] == COMPLEMENTARY
    assert not out.loc["e:2", "hidden"]  # already published elsewhere, left as decided


def test_hiding_propagates_from_the_deepest_level_up():
    # the pole hidden as a complement at network level never hides its establishments' total twice
    out = suppress_small_groups(
        _tree(
            [
                ("n:1", None, 4 + 40 + 30, 3.0),
                ("p:1", "n:1", 4, 2.0),
                ("p:2", "n:1", 40, 3.0),
                ("p:3", "n:1", 30, 3.0),
                ("e:1", "p:1", 4, 2.0),
                ("e:2", "p:2", 40, 3.0),
                ("e:3", "p:3", 10, 3.0),
                ("e:4", "p:3", 20, 3.0),
            ]
        ),
        5,
    ).set_index("unit")
    assert out.loc["p:1", "reason"] == SMALL_GROUP
    assert out.loc["p:3", "reason"] == COMPLEMENTARY  # 30 < 40: the smaller pole hides
    assert not out.loc["p:2", "hidden"] and not out.loc["n:1", "hidden"]
    # p:3 = e:3 + e:4 must not be recomputable: its smallest establishment hides with it
    assert out.loc["e:3", "reason"] == COMPLEMENTARY and not out.loc["e:4", "hidden"]


def test_a_hidden_total_hides_enough_of_its_children():
    rows = _tree([("e:1", None, 12, 3.0), ("e:1/c:ens", "e:1", 10, 3.0), ("e:1/c:dir", "e:1", 2, 2.0)])
    rows["locked"], rows["hidden"] = [True, False, False], [True, False, False]
    out = suppress_small_groups(rows, 5).set_index("unit")
    assert out["hidden"].all()


def test_cells_are_independent_per_key():
    rows = pd.DataFrame(
        [
            {"unit": "p", "parent": None, "q": "a", "n": 20},
            {"unit": "e1", "parent": "p", "q": "a", "n": 16},
            {"unit": "e2", "parent": "p", "q": "a", "n": 4},
            {"unit": "p", "parent": None, "q": "b", "n": 20},
            {"unit": "e1", "parent": "p", "q": "b", "n": 10},
            {"unit": "e2", "parent": "p", "q": "b", "n": 10},
        ]
    )
    out = suppress_small_groups(rows, 5, keys=["q"])
    assert out[out["q"] == "a"]["hidden"].tolist() == [False, True, True]
    assert out[out["q"] == "b"]["hidden"].tolist() == [False, False, False]


def test_no_answer_and_filtered_totals():
    out = suppress_small_groups(pd.DataFrame({"n": [0]}), 5)
    assert out.loc[0, "reason"] == NO_ANSWER
    assert filtered_total_visible(12, [False, False], 5) == (True, "")
    assert filtered_total_visible(12, [False, True], 5) == (False, COMPLEMENTARY)
    assert filtered_total_visible(4, [], 5) == (False, SMALL_GROUP)
    assert hidden_label(SMALL_GROUP, 5) == "moins de 5 réponses"


def test_a_school_whose_answers_are_all_dont_know_is_protected_like_a_small_group():
    # Issue 13 attack: e:1's three respondents all said « je ne sais pas » (n = 0, n_dk = 3). Shown as « aucune
    # réponse » beside a published participation of 3, or left alone beside the pole's n_dk and its visible
    # siblings' n_dk, it said what those three answered.
    rows = pd.DataFrame(
        [
            {"unit": "p:1", "parent": None, "n": 13, "n_dk": 3, "n_na": 0},
            {"unit": "e:1", "parent": "p:1", "n": 0, "n_dk": 3, "n_na": 0},
            {"unit": "e:2", "parent": "p:1", "n": 6, "n_dk": 0, "n_na": 0},
            {"unit": "e:3", "parent": "p:1", "n": 7, "n_dk": 0, "n_na": 0},
        ]
    )
    out = suppress_small_groups(rows, 5).set_index("unit")
    assert out.loc["e:1", "reason"] == SMALL_GROUP
    assert out.loc["e:2", "hidden"] and out.loc["e:2", "reason"] == COMPLEMENTARY
    assert not out.loc["p:1", "hidden"] and not out.loc["e:3", "hidden"]
    visible = out[~out["hidden"]]
    hidden_n = out.loc["p:1", "n"] - visible.loc[visible["parent"] == "p:1", "n"].sum()
    assert hidden_n >= 5  # what the pole minus its visible schools gives covers at least k answers with a value


def test_a_cell_of_not_concerned_only_is_a_small_group_and_a_filtered_total_too():
    out = suppress_small_groups(pd.DataFrame({"n": [0, 0], "n_na": [2, 0]}), 5)
    assert list(out["reason"]) == [SMALL_GROUP, NO_ANSWER]
    assert filtered_total_visible(0, [False], 5, answered=3) == (False, SMALL_GROUP)
    assert filtered_total_visible(0, [False], 5, answered=0) == (False, NO_ANSWER)
