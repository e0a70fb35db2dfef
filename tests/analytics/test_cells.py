"""A campaign's cells (network → pole → establishment → category), checked against figures computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.analytics.cells import campaign_cells, category_cells, filtered_cells
from app.analytics.suppression import COMPLEMENTARY, SMALL_GROUP
from tests.analytics.helpers import VALUES

NETWORK = 7
POLE = 10
K = 5
NA = float("nan")  # "non concerné"


def _counts(rows: list[tuple]) -> pd.DataFrame:
    """(establishment_id, value, n) on question "q"."""
    return pd.DataFrame(
        [(est, "q", float(value), n) for est, value, n in rows], columns=["establishment_id", "question", "value", "n"]
    )


def _establishments(poles: dict[int, int | None], kinds: dict[int, str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"establishment_id": list(poles), "pole_id": [float("nan") if p is None else p for p in poles.values()]}
    )
    if kinds is not None:
        frame["kind"] = frame["establishment_id"].map(kinds)
    return frame


def _by_unit(cells: pd.DataFrame) -> pd.DataFrame:
    return cells.set_index("unit")


def test_every_unit_gets_its_statistics_and_its_parent():
    # e1 answers 2, 3, 3, 4; e2 answers 5, 5 (both in the pole); e3, outside any pole, answers 1, 1, 1 and twice NA.
    counts = _counts([(1, 2, 1), (1, 3, 2), (1, 4, 1), (2, 5, 2), (3, 1, 3), (3, NA, 2)])
    cells = _by_unit(campaign_cells(counts, _establishments({1: POLE, 2: POLE, 3: None}), NETWORK, VALUES, 1))

    assert sorted(cells.index) == ["e:1", "e:2", "e:3", "n:7", "p:10"]
    assert cells["parent"].to_dict() == {"e:1": "p:10", "e:2": "p:10", "e:3": "n:7", "p:10": "n:7", "n:7": None}
    assert cells["kind"].to_dict() == {
        "e:1": "establishment",
        "e:2": "establishment",
        "e:3": "establishment",
        "p:10": "pole",
        "n:7": "network",
    }
    assert cells["entity_id"].to_dict() == {"e:1": 1, "e:2": 2, "e:3": 3, "p:10": POLE, "n:7": NETWORK}
    assert not cells["hidden"].any()

    e1 = cells.loc["e:1"]
    assert (e1["n"], e1["median"], e1["mean"]) == (4, 3, 3.0)
    assert (e1["q1"], e1["q3"]) == (pytest.approx(2.75), pytest.approx(3.25))
    assert [e1[f"d{v}"] for v in VALUES] == [0, 1, 2, 1, 0]

    e3 = cells.loc["e:3"]
    assert (e3["n"], e3["n_na"], e3["mean"]) == (3, 2, 1.0)  # "non concerné" is counted apart, not as a level

    pole = cells.loc["p:10"]  # 2, 3, 3, 4, 5, 5
    assert (pole["n"], pole["median"], pole["q1"], pole["q3"]) == (6, 3.5, 3, pytest.approx(4.75))
    assert pole["mean"] == pytest.approx(22 / 6)

    network = cells.loc["n:7"]  # 1, 1, 1, 2, 3, 3, 4, 5, 5
    assert (network["n"], network["n_na"], network["median"], network["q1"], network["q3"]) == (9, 2, 3, 1, 4)
    assert network["mean"] == pytest.approx(25 / 9)
    assert [network[f"d{v}"] for v in VALUES] == [3, 1, 2, 1, 2]


def _pole_of_three(first: int) -> pd.DataFrame:
    """A pole of e1 (`first` answers of 1), e2 (6 × 2), e3 (20 × 3); e4, outside the pole, 8 × 5."""
    counts = _counts([(1, 1, first), (2, 2, 6), (3, 3, 20), (4, 5, 8)])
    return _by_unit(campaign_cells(counts, _establishments({1: POLE, 2: POLE, 3: POLE, 4: None}), NETWORK, VALUES, K))


def test_a_small_establishment_is_hidden_with_its_smallest_sibling():
    cells = _pole_of_three(first=4)
    assert cells.loc["e:1", "reason"] == SMALL_GROUP
    assert cells.loc["e:2", "reason"] == COMPLEMENTARY  # else the pole total minus e3 would give e1's 4 answers
    for unit in ("e:1", "e:2"):
        assert math.isnan(cells.loc[unit, "n"]) and math.isnan(cells.loc[unit, "mean"])
    assert not cells.loc[["e:3", "e:4", "p:10", "n:7"], "hidden"].any()
    assert cells.loc["p:10", "n"] == 30 and cells.loc["p:10", "mean"] == pytest.approx((4 + 12 + 60) / 30)
    assert cells.loc["n:7", "n"] == 38 and cells.loc["n:7", "mean"] == pytest.approx((4 + 12 + 60 + 40) / 38)


def test_at_the_threshold_nothing_is_hidden():
    cells = _pole_of_three(first=K)
    assert not cells["hidden"].any()
    assert cells.loc["e:1", "n"] == K and cells.loc["e:1", "median"] == 1


def test_a_small_pole_hides_its_smallest_sibling_at_the_network_level():
    counts = _counts([(1, 2, 4), (4, 5, 8)])  # the pole holds e1 alone (4 answers); e4 is outside any pole
    cells = _by_unit(campaign_cells(counts, _establishments({1: POLE, 4: None}), NETWORK, VALUES, K))
    assert cells.loc["e:1", "reason"] == SMALL_GROUP and cells.loc["p:10", "reason"] == SMALL_GROUP
    assert cells.loc["e:4", "reason"] == COMPLEMENTARY  # network minus e4 would give the pole
    assert not cells.loc["n:7", "hidden"] and cells.loc["n:7", "n"] == 12


@pytest.mark.parametrize(("answers", "hidden"), [(4, True), (6, False)])
def test_one_establishment_alone_shares_its_fate_with_the_network(answers, hidden):
    counts = _counts([(1, 3, answers)])
    cells = _by_unit(campaign_cells(counts, _establishments({1: None}), NETWORK, VALUES, K))
    assert sorted(cells.index) == ["e:1", "n:7"]
    assert list(cells["hidden"]) == [hidden, hidden]
    if not hidden:
        assert list(cells["n"]) == [answers, answers] and list(cells["median"]) == [3, 3]


def test_a_campaign_without_answers_has_no_cells():
    cells = campaign_cells(_counts([]), _establishments({1: POLE}), NETWORK, VALUES, K)
    assert cells.empty
    assert {"unit", "parent", "hidden", "reason", "n", "median", "d1", "d5"} <= set(cells.columns)


def _categories(rows: list[tuple]) -> pd.DataFrame:
    """(category, value, n) on question "q" for one establishment."""
    return pd.DataFrame(
        [("q", category, float(value), n) for category, value, n in rows],
        columns=["question", "category", "value", "n"],
    )


def _establishment_cells(counts: pd.DataFrame) -> pd.DataFrame:
    totals = counts.groupby(["question", "value"], as_index=False)["n"].sum().assign(establishment_id=1)
    cells = campaign_cells(totals, _establishments({1: None}), NETWORK, VALUES, K)
    return cells[cells["kind"] == "establishment"]


def test_categories_large_enough_are_shown_under_their_establishment():
    counts = _categories([("enseignant", 2, 3), ("enseignant", 4, 3), ("direction", 5, 6)])
    out = category_cells(counts, _establishment_cells(counts), VALUES, K).set_index("category")
    assert sorted(out.index) == ["direction", "enseignant"]
    assert out.loc["enseignant", "unit"] == "e:1/c:enseignant" and set(out["parent"]) == {"e:1"}
    assert not out["hidden"].any()
    assert (out.loc["enseignant", "n"], out.loc["enseignant", "mean"], out.loc["enseignant", "median"]) == (6, 3.0, 3.0)
    assert (out.loc["direction", "n"], out.loc["direction", "mean"]) == (6, 5.0)


def test_a_small_category_hides_the_other_one_since_the_total_is_shown():
    counts = _categories([("enseignant", 3, 9), ("direction", 4, 3)])
    cells = _establishment_cells(counts)
    assert not cells["hidden"].any() and cells["n"].iloc[0] == 12
    out = category_cells(counts, cells, VALUES, K).set_index("category")
    assert out.loc["direction", "reason"] == SMALL_GROUP
    assert out.loc["enseignant", "reason"] == COMPLEMENTARY  # else 12 − 9 gives the direction's 3
    assert out["mean"].isna().all()


def test_under_a_hidden_establishment_enough_categories_are_hidden():
    counts = _categories([("enseignant", 3, 7), ("direction", 4, 5)])
    cells = _establishment_cells(counts).assign(hidden=True, reason=COMPLEMENTARY)  # hidden elsewhere in the tree
    out = category_cells(counts, cells, VALUES, K).set_index("category")
    assert out.loc["direction", "reason"] == COMPLEMENTARY  # the smallest, and its 5 answers reach the threshold
    assert not out.loc["enseignant", "hidden"] and out.loc["enseignant", "n"] == 7


def test_no_category_answer_gives_an_empty_frame():
    out = category_cells(_categories([]), _establishment_cells(_categories([("enseignant", 3, 6)])), VALUES, K)
    assert out.empty and {"unit", "category", "hidden", "reason", "n", "mean"} <= set(out.columns)


KINDS = {1: "college", 2: "college", 3: "lycee", 4: "lycee"}


def _filtered(second: int, kind: str) -> pd.DataFrame:
    """Pole: e1 college (6 × 2), e2 college (`second` × 4), e3 lycée (9 × 3); e4 lycée outside the pole (8 × 5)."""
    counts = _counts([(1, 2, 6), (2, 4, second), (3, 3, 9), (4, 5, 8)])
    establishments = _establishments({1: POLE, 2: POLE, 3: POLE, 4: None}, KINDS)
    cells = campaign_cells(counts, establishments, NETWORK, VALUES, K)
    return filtered_cells(counts, establishments, cells, kind, VALUES, K).set_index("unit")


def test_a_filtered_total_is_shown_when_every_establishment_under_it_is():
    out = _filtered(second=7, kind="college")
    assert sorted(out.index) == ["n:7", "p:10"]
    assert out.loc["p:10", "kind"] == "pole" and out.loc["p:10", "entity_id"] == POLE
    assert out.loc["n:7", "kind"] == "network" and out.loc["n:7", "entity_id"] == NETWORK
    for unit in ("p:10", "n:7"):
        assert not out.loc[unit, "hidden"]
        assert out.loc[unit, "n"] == 13 and out.loc[unit, "mean"] == pytest.approx((12 + 28) / 13)
    lycees = _filtered(second=7, kind="lycee")
    assert lycees.loc["p:10", "n"] == 9 and lycees.loc["n:7", "n"] == 17
    assert lycees.loc["n:7", "mean"] == pytest.approx((27 + 40) / 17)


def test_a_filtered_total_is_hidden_when_an_establishment_under_its_parent_is():
    # e2's 4 answers are hidden, and e1 with them: the lycées' 9 answers alone would still reveal nothing, but
    # comparing the filtered and unfiltered views could, so the filtered totals are withheld.
    out = _filtered(second=4, kind="lycee")
    assert out["hidden"].all() and set(out["reason"]) == {COMPLEMENTARY}
    assert out["mean"].isna().all()


def test_a_small_filtered_total_is_hidden_as_a_small_group():
    counts = _counts([(1, 2, 6), (2, 4, 3)])  # the pole's only lycée, e2, has 3 answers
    establishments = _establishments({1: POLE, 2: POLE}, {1: "college", 2: "lycee"})
    cells = campaign_cells(counts, establishments, NETWORK, VALUES, K)
    out = filtered_cells(counts, establishments, cells, "lycee", VALUES, K).set_index("unit")
    assert out.loc["p:10", "reason"] == SMALL_GROUP and out.loc["n:7", "reason"] == SMALL_GROUP


def test_a_filter_no_establishment_matches_gives_an_empty_frame():
    counts = _counts([(1, 2, 6)])
    establishments = _establishments({1: POLE}, {1: "college"})
    cells = campaign_cells(counts, establishments, NETWORK, VALUES, K)
    out = filtered_cells(counts, establishments, cells, "ecole", VALUES, K)
    assert out.empty and {"unit", "kind", "hidden", "reason", "n"} <= set(out.columns)


def test_dont_know_of_a_hidden_school_cannot_be_had_from_its_pole():
    """Issue 13 attack: pole n_dk − visible schools' n_dk gave a hidden school's « ne se prononce pas » count."""
    from app.surveys.schema import DONT_KNOW

    counts = _counts([(1, DONT_KNOW, 3), (2, 3, 6), (3, 4, 7), (4, 2, 9)])
    cells = _by_unit(campaign_cells(counts, _establishments({1: POLE, 2: POLE, 3: POLE, 4: 11}), NETWORK, VALUES, K))
    assert cells.loc["p:10", "n_dk"] == 3 and not cells.loc["p:10", "hidden"]
    schools = cells[(cells["parent"] == "p:10")]
    visible = schools[~schools["hidden"].astype(bool)]
    assert cells.loc["e:1", "reason"] == SMALL_GROUP  # not « aucune réponse »: three people answered
    hidden_dk = cells.loc["p:10", "n_dk"] - visible["n_dk"].sum()
    hidden_n = cells.loc["p:10", "n"] - visible["n"].sum()
    assert hidden_dk == 3 and hidden_n >= K  # the three « je ne sais pas » are pooled with at least k answers


def test_the_one_director_who_said_dont_know_is_not_told_apart():
    """Issue 13 attack: « aucune réponse » on the direction's row, beside its published participation of 1, or the
    establishment's n_dk minus the teachers', said that the director answered « je ne sais pas »."""
    from app.surveys.schema import DONT_KNOW

    counts = _categories([("enseignant", 3, 9), ("enseignant", DONT_KNOW, 1), ("direction", DONT_KNOW, 1)])
    cells = _establishment_cells(counts)
    assert not cells["hidden"].any() and cells["n_dk"].iloc[0] == 2
    out = category_cells(counts, cells, VALUES, K).set_index("category")
    assert out.loc["direction", "reason"] == SMALL_GROUP
    assert out.loc["enseignant", "hidden"]  # else 2 − 1 gives the director's « je ne sais pas »
