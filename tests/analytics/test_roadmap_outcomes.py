"""The outcome of a priority: atteint, en progrès, pas encore, pas mesurable — from suppressed cells only."""

from __future__ import annotations

import pandas as pd

from app.analytics import roadmap_outcomes as rules
from app.analytics.instrument import Item
from app.analytics.self_positioning import Theme, theme_frame
from app.analytics.suppression import COMPLEMENTARY, SMALL_GROUP

M = rules.Measure


def _cells(rows):
    return pd.DataFrame(rows, columns=["unit", "question", "median", "mean", "n", "hidden", "reason"])


def _item(key: str) -> Item:
    return Item(key, key, "Thème", "", "frequence", None)


def test_the_four_classes():
    assert rules.classify(4, M(3.0), M(4.0)).code == rules.REACHED
    assert rules.classify(4, M(3.0), M(5.0)).code == rules.REACHED
    assert rules.classify(4, M(2.0), M(3.0)).code == rules.PROGRESSING
    assert rules.classify(4, M(3.0), M(3.0)).code == rules.NOT_YET
    assert rules.classify(4, M(3.5), M(3.0)).code == rules.NOT_YET
    assert rules.classify(4, M(3.0), None).code == rules.NOT_MEASURABLE
    hidden = rules.classify(4, M(3.0), M(None, "moins de 5 réponses"), "2025-2026")
    assert (
        hidden.code == rules.NOT_MEASURABLE and hidden.reason == "résultat non publié (2025-2026) : moins de 5 réponses"
    )


def test_without_a_starting_figure_only_the_target_speaks():
    assert rules.classify(3, M(None, "moins de 5 réponses"), M(3.0)).code == rules.REACHED
    assert rules.classify(4, M(None, "moins de 5 réponses"), M(3.0)).code == rules.NOT_YET
    assert rules.classify(None, None, M(3.0)).code == rules.NOT_MEASURABLE
    assert rules.classify(None, M(2.0), M(3.0)).code == rules.PROGRESSING


def test_a_hidden_cell_gives_no_figure_only_its_reason():
    cells = _cells(
        [
            ("e:1", "collectif", 3.0, 3.2, 12, False, ""),
            ("e:2", "collectif", float("nan"), float("nan"), 3, True, SMALL_GROUP),
            ("e:3", "collectif", float("nan"), float("nan"), 7, True, COMPLEMENTARY),
        ]
    )
    assert rules.dimension_measure(cells, "e:1", "collectif", 5) == M(3.2)  # the mean, as the dashboards show
    assert rules.dimension_measure(cells, "e:2", "collectif", 5) == M(None, "moins de 5 réponses")
    assert rules.dimension_measure(cells, "e:3", "collectif", 5) == M(None, "masqué (secret secondaire)")
    assert rules.dimension_measure(cells, "e:9", "collectif", 5) == M(None, "aucune réponse")


def test_a_theme_is_its_pooled_mean_and_hidden_if_one_item_is():
    cells = _cells(
        [
            ("p:1", "a", 3.0, 3.0, 20, False, ""),
            ("p:1", "b", 2.0, 2.5, 20, False, ""),
            ("p:2", "a", 3.0, 3.0, 20, False, ""),
            ("p:2", "b", float("nan"), float("nan"), 2, True, SMALL_GROUP),
            ("p:3", "a", 4.0, 4.0, 30, False, ""),
            ("p:3", "b", 1.0, 1.0, 10, False, ""),
        ]
    )
    assert rules.theme_measure(cells, "p:1", ["a", "b"], 5) == M(2.75)
    assert rules.theme_measure(cells, "p:3", ["a", "b"], 5) == M(3.25)  # (4 × 30 + 1 × 10) / 40, not (4 + 1) / 2
    assert rules.theme_measure(cells, "p:2", ["a", "b"], 5).value is None
    assert rules.theme_measure(cells, "p:1", ["a", "b", "c"], 5).value is None  # an item nobody answered
    assert rules.theme_measure(cells, "p:1", [], 5).value is None


def test_a_theme_measures_what_the_needs_page_shows():
    cells = _cells([("p:1", "a", 3.0, 3.4, 17, False, ""), ("p:1", "b", 2.0, 2.1, 9, False, "")])
    theme = Theme("t", "Thème", "", (_item("a"), _item("b")))
    shown = theme_frame(cells, [("p:1", "Pôle")], [theme], [], 5).iloc[0]
    assert rules.theme_measure(cells, "p:1", ["a", "b"], 5) == M(round(float(shown["mean"]), 2))


def test_default_target_is_the_next_level_capped_at_the_top():
    assert rules.default_target(2.5, [1, 2, 3, 4, 5]) == 3
    assert rules.default_target(3.0, [1, 2, 3, 4, 5]) == 4
    assert rules.default_target(5.0, [1, 2, 3, 4, 5]) == 5
    assert rules.default_target(None, [1, 2, 3, 4, 5]) is None


def test_a_later_campaign_still_open_measures_nothing():
    found = rules.classify(4, M(3.0), None, pending="2026-2027")
    assert found.code == rules.NOT_MEASURABLE and "2026-2027 n'est pas encore clôturée" in found.reason
