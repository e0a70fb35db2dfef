"""Self-positioning across units and the needs: pooled from suppressed cells, ranked, falls, edition changes."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from app.analytics.needs import falls_table, item_needs_frame, item_needs_table, theme_needs_frame, theme_needs_table
from app.analytics.network_items import items_ranked_table, themes_table
from app.analytics.self_positioning import (
    counterpart,
    items_frame,
    theme_frame,
    theme_progression_frame,
    themes_of,
)
from app.analytics.suppression import COMPLEMENTARY, SMALL_GROUP
from app.analytics.tables import Hidden
from app.surveys.loader import parse_survey
from tests.analytics.helpers import cell

TOP = [3, 4]
UNIT = "p:1"


def _item(key: str, text: str, **extra) -> dict:
    return {"id": key, "type": "scale", "scale": "frequence", "text": text, **extra}


def _edition(version: str = "1", **changes) -> dict:
    """Two themes: « Rituels » (r1, r2) and « Étayage » (e1)."""
    data = {
        "slug": "items-test",
        "version": version,
        "kind": "items",
        "title": "Items de test",
        "categories": [{"id": "enseignant", "label": "Enseignant·e"}],
        "scales": {
            "frequence": {
                "points": [{"value": v, "label": f"Point {v}"} for v in (1, 2, 3, 4)],
                "not_applicable": "Non concerné",
            }
        },
        "axes": [{"id": "climat", "title": "Climat scolaire"}],
        "sections": [
            {
                "id": "rituels",
                "title": "Rituels",
                "axis": "climat",
                "questions": [_item("r1", "J'accueille les élèves."), _item("r2", "Je marque les transitions.")],
            },
            {"id": "etayage", "title": "Étayage", "axis": "climat", "questions": [_item("e1", "Je circule.")]},
        ],
    }
    data.update(changes)
    return data


def survey(data: dict):
    found, errors = parse_survey(copy.deepcopy(data), "test")
    assert not errors and found is not None, errors
    return found


def _cells(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_a_theme_is_pooled_from_its_visible_item_cells():
    cells = _cells(
        cell("r1", {1: 2, 4: 3}, unit=UNIT),  # 5 answers, sum 14, 3 on the top points
        cell("r2", {2: 5, 3: 5}, unit=UNIT),  # 10 answers, sum 25, 5 on the top points
        cell("e1", reason=SMALL_GROUP, unit=UNIT),
    )
    frame = theme_frame(cells, [(UNIT, "Aix")], themes_of(survey(_edition())), TOP, 5)
    rituels, etayage = frame.to_dict("records")
    assert rituels["mean"] == pytest.approx(39 / 15)
    assert rituels["top"] == pytest.approx(8 / 15)
    assert rituels["n"] == 5 and rituels["flag"] == ""  # the smallest n of its items
    assert etayage["hidden_label"] == "moins de 5 réponses" and pd.isna(etayage["mean"])
    table = themes_table(frame, "2025-2026")
    assert table.id == "themes-poles"
    assert isinstance(table.rows[1]["mean"], Hidden) and isinstance(table.rows[1]["n"], Hidden)


def test_a_theme_with_a_hidden_item_is_computed_on_the_others_and_says_so():
    cells = _cells(cell("r1", {3: 6}, unit=UNIT), cell("r2", reason=COMPLEMENTARY, unit=UNIT))
    rituels = theme_frame(cells, [(UNIT, "Aix")], themes_of(survey(_edition())), TOP, 5).iloc[0]
    assert rituels["mean"] == 3 and rituels["counted"] == 1
    assert rituels["flag"] == "1 items sur 2 (les autres sont masqués)"


def test_items_are_ranked_lowest_first_hidden_last_with_their_change():
    now = _cells(
        cell("r1", {4: 6}, unit=UNIT), cell("r2", {1: 6}, unit=UNIT), cell("e1", reason=SMALL_GROUP, unit=UNIT)
    )
    before = _cells(cell("r1", {3: 6}, unit=UNIT), cell("r2", {2: 6}, unit=UNIT), cell("e1", {1: 6}, unit=UNIT))
    edition = survey(_edition())
    frame = items_frame(now, [(UNIT, "Aix")], edition, TOP, 5, (before, edition))
    assert list(frame["key"]) == ["r2", "r1", "e1"]
    assert list(frame["change"].round(6))[:2] == [-1.0, 1.0]
    assert pd.isna(frame.iloc[2]["change"])  # a hidden item has no change, even when last year's was shown
    table = items_ranked_table(frame, "2024-2025")
    assert [r["rank"] for r in table.rows] == [1, 2, None]
    assert str(table.rows[2]["mean"]) == "moins de 5 réponses"


def test_edition_changes_follow_an_item_and_flag_what_changed():
    old = survey(_edition())
    new_data = _edition("2")
    rituels = new_data["sections"][0]["questions"]
    rituels[0] = _item("r1", "J'accueille chaque élève à la porte.")  # reworded under the same id
    rituels[1] = _item("r3", "Je ritualise les transitions.", replaces="r2")  # replaced
    new_data["sections"][1]["questions"].append(_item("e2", "Je reformule les consignes."))  # added
    new = survey(new_data)
    items = {i.key: i for i in themes_of(new)[0].items + themes_of(new)[1].items}
    before = [i for t in themes_of(old) for i in t.items]
    assert counterpart(items["r1"], before) == ("r1", "reformulé (comparable)")
    key, flag = counterpart(items["r3"], before)
    assert key is None and flag.replace("\u00a0", " ") == "remplace « Je marque les transitions » (pas de comparaison)"
    assert counterpart(items["e2"], before) == (None, "nouvel item (pas d'année précédente)")
    assert counterpart(items["e1"], before) == ("e1", "")
    # a replacing item starts a new series, as on the establishment dashboard: flagged, no change computed
    now = _cells(*(cell(k, {2: 6}, unit=UNIT) for k in ("r1", "r3", "e1", "e2")))
    then = _cells(*(cell(k, {3: 6}, unit=UNIT) for k in ("r1", "r2", "e1")))
    frame = items_frame(now, [(UNIT, "Aix")], new, TOP, 5, (then, old)).set_index("key")
    assert pd.isna(frame.loc["r3", "change"]) and frame.loc["r3", "flag"].startswith("remplace")
    assert frame.loc["r1", "change"] == -1  # a reworded item continues its series
    assert pd.isna(frame.loc["e2", "change"]) and frame.loc["e2", "flag"].startswith("nouvel item")
    # the progression by theme says where the edition changed a theme's items
    progression = theme_progression_frame(
        [("2024-2025", then, old), ("2025-2026", now, new)], [(UNIT, "Aix")], themes_of(new), TOP, 5
    )
    flags = progression.set_index(["school_year", "key"])["flag"]
    assert flags[("2024-2025", "rituels")] == ""
    assert flags[("2025-2026", "rituels")] == "items du thème modifiés depuis l'édition précédente"
    assert flags[("2025-2026", "etayage")] == "items du thème modifiés depuis l'édition précédente"


def test_needs_rank_themes_and_items_and_keep_hidden_cells_out():
    now = _cells(
        cell("r1", {2: 6}, unit=UNIT), cell("r2", {4: 6}, unit=UNIT), cell("e1", reason=SMALL_GROUP, unit=UNIT)
    )
    edition = survey(_edition())
    themes = theme_needs_frame(now, UNIT, edition, TOP, 5)
    items = item_needs_frame(now, UNIT, edition, TOP, 5)
    theme_rows = theme_needs_table(themes, None)
    assert [r["theme"] for r in theme_rows.rows] == ["Rituels"]  # Étayage is hidden: never ranked
    assert theme_rows.caption.startswith("1 thème(s) non classé")
    assert theme_rows.rows[0]["subject"] == "theme:rituels"
    item_rows = item_needs_table(items, None)
    assert [(r["rank"], r["text"]) for r in item_rows.rows] == [
        (1, "J'accueille les élèves."),
        (2, "Je marque les transitions."),
    ]
    assert all(r["subject"] == "theme:rituels" for r in item_rows.rows)
    assert "Je circule." not in {r["text"] for r in item_rows.rows}
    falls = falls_table(themes, items, None)
    assert falls.rows == [] and "Pas de campagne précédente" in falls.caption


def test_falls_are_ranked_largest_first_and_only_between_visible_cells():
    edition = survey(_edition())
    now = _cells(
        cell("r1", {2: 6}, unit=UNIT), cell("r2", {3: 6}, unit=UNIT), cell("e1", reason=SMALL_GROUP, unit=UNIT)
    )
    before = _cells(cell("r1", {4: 6}, unit=UNIT), cell("r2", {3: 6}, unit=UNIT), cell("e1", {4: 6}, unit=UNIT))
    themes = theme_needs_frame(now, UNIT, edition, TOP, 5, (before, edition))
    items = item_needs_frame(now, UNIT, edition, TOP, 5, (before, edition))
    falls = falls_table(themes, items, "2024-2025")
    assert [(r["kind"], r["text"], round(r["change"], 6)) for r in falls.rows] == [
        ("Item", "J'accueille les élèves.", -2.0),
        ("Thème", "Rituels", -1.0),
    ]  # r2 did not move; e1 is hidden this year, so its fall is not told
    assert [r["rank"] for r in falls.rows] == [1, 2]
    assert "Évolution" in [c.label for c in falls.columns]
