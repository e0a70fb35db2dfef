"""One establishment's items frame and table, from hand-made suppressed cells: shares, edition flags, last year."""

from __future__ import annotations

import pandas as pd
import pytest

from app.analytics.establishment_items import items_frame, items_table
from app.analytics.instrument import NEW, REPLACES, REWORDED, UNCHANGED, Item, QuestionChange
from app.analytics.suppression import SMALL_GROUP
from app.analytics.tables import Hidden
from tests.analytics.helpers import cell

K = 5
FEWER = Hidden("moins de 5 réponses")
NONE_YET = Hidden("aucune réponse")


ITEMS = [
    Item("i1", "J'échange avec mes collègues", "Coopération", "Équipe", "frequence", None),
    Item("i2", "Je " + "x" * 70, "Coopération", "Équipe", "frequence", "i0"),
    Item("i3", "Je participe", "Formation", "", "frequence", None),
]
# Against last year's edition: i1 reworded (its series continues), i2 replaces i0, i3 is new.
CHANGES = {
    "i1": QuestionChange("i1", REWORDED),
    "i2": QuestionChange("i2", REPLACES, "i0", "Je savais"),
    "i3": QuestionChange("i3", NEW),
}


def test_items_frame_shares_over_answers_with_a_value_and_flags_the_edition():
    cells = pd.DataFrame([cell("i1", {1: 2, 4: 6}) | {"n_na": 3}, cell("i2", reason=SMALL_GROUP)])
    frame = items_frame(cells, ITEMS, [(1, "Jamais"), (4, "Souvent")], CHANGES, K).set_index("key")
    i1 = frame.loc["i1"]
    assert (i1["n"], i1["n_na"], i1["mean"]) == (8, 3, pytest.approx((2 + 24) / 8))
    assert (i1["s1"], i1["s4"]) == (0.25, 0.75)  # the 3 "non concerné" count in no share
    assert frame["flag"].to_dict() == {
        "i1": "reformulé (comparable)",
        "i2": "remplace «\u00a0Je savais\u00a0» (pas de comparaison)",
        "i3": "nouvel item (pas d'année précédente)",
    }
    assert len(frame.loc["i2", "label"]) == 60 and frame.loc["i2", "label"].endswith("…")
    assert frame.loc["i1", "label"] == "J'échange avec mes collègues"
    assert (
        frame.loc["i2", "hidden_label"] == "moins de 5 réponses" and frame.loc["i3", "hidden_label"] == "aucune réponse"
    )
    table = items_table(frame.reset_index(), [(1, "Jamais"), (4, "Souvent")])
    first, second, third = table.rows
    assert first["s4"] == 0.75 and first["n_na"] == 3
    assert second["n"] == FEWER and second["flag"] == frame.loc["i2", "flag"]
    assert third["mean"] == NONE_YET
    assert "previous_mean" not in {c.key for c in table.columns}  # no earlier campaign, no trend column


def test_items_trend_continues_a_reworded_item_and_breaks_at_a_replacement():
    cells = pd.DataFrame([cell("i1", {4: 8}), cell("i2", {1: 2, 2: 6}), cell("i3", {3: 5})])
    # Last year: i1 under the same id, i0 (which i2 replaces) low, no i3.
    previous = pd.DataFrame([cell("i1", {2: 4, 3: 4}), cell("i0", {1: 8})])
    frame = items_frame(cells, ITEMS, [(1, "Jamais"), (4, "Souvent")], CHANGES, K, previous).set_index("key")
    assert frame.loc["i1", "previous_mean"] == pytest.approx(2.5)
    assert frame.loc["i1", "change"] == pytest.approx(1.5)
    # i0's mean (1.0) is not i2's past: another meaning, perhaps another scale.
    assert pd.isna(frame.loc["i2", "previous_mean"]) and pd.isna(frame.loc["i2", "change"])
    assert pd.isna(frame.loc["i3", "previous_mean"]) and pd.isna(frame.loc["i3", "change"])
    table = items_table(frame.reset_index(), [(1, "Jamais"), (4, "Souvent")], "2024-2025")
    labels = {c.key: c.label for c in table.columns}
    assert (labels["previous_mean"], labels["change"]) == ("Moyenne 2024-2025", "Évolution")
    rows = {row["text"]: row for row in table.rows}
    assert rows["J'échange avec mes collègues"]["change"] == pytest.approx(1.5)
    assert rows["Je participe"]["previous_mean"] is None and rows["Je participe"]["change"] is None


def test_items_trend_hides_last_years_mean_where_it_was_withheld():
    cells = pd.DataFrame([cell("i1", {4: 8})])
    previous = pd.DataFrame([cell("i1", reason=SMALL_GROUP)])
    unchanged = {"i1": QuestionChange("i1", UNCHANGED)}
    frame = items_frame(cells, ITEMS[:1], [(4, "Souvent")], unchanged, K, previous)
    assert frame.loc[0, "flag"] == ""  # an item that simply continues is not flagged
    row = items_table(frame, [(4, "Souvent")], "2024-2025").rows[0]
    assert row["previous_mean"] == FEWER and row["change"] is None
