"""Self-positioning across units: figures per theme and per item, read only from a campaign's suppressed cells.

A theme's figure is pooled from the visible cells of its items in the unit (never from answers): its mean is
the mean of every answer with a value to those items (Σ mean × n / Σ n, 1 to 4), its share the part of those
answers on the two highest points of the scale (« Souvent » or more, « Plutôt d'accord » or more). Its n is the
smallest n of those items. A theme whose items are all hidden is hidden with their reason; one with some hidden
items is computed on the others and says so.

Across two editions an item is followed under its id (its wording may have changed: said); one that `replaces:`
an earlier item starts a new series (said, no change computed), as on the establishment dashboard.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.analytics.instrument import NEW, REPLACES, REWORDED, UNCHANGED, Item, QuestionChange, change_flag, items_of
from app.analytics.records import rows_of
from app.analytics.stats import value_column
from app.analytics.suppression import NO_ANSWER, hidden_label
from app.surveys.question_types import type_of
from app.surveys.schema import Survey

TOP_POINTS = 2  # the share of answers on the two highest points of the scale
Cell = Mapping[Hashable, Any]


@dataclass(frozen=True)
class Theme:
    key: str  # the section's id: stable across editions, the `sujet=theme:<key>` of a feuille de route
    title: str
    axis: str
    items: tuple[Item, ...]


def themes_of(survey: Survey) -> list[Theme]:
    """Return the sections holding self-positioning items, in the questionnaire's order."""
    axes = {axis.id: axis.title for axis in survey.axes}
    by_title = {i.key: i for i in items_of(survey)}
    out = []
    for section in survey.sections:
        items = tuple(by_title[q.id] for q in section.questions if type_of(q).is_item and q.id in by_title)
        if items:
            out.append(Theme(section.id, section.title, axes.get(section.axis or "", ""), items))
    return out


def theme_of_items(survey: Survey) -> dict[str, str]:
    """Map each item's id to its theme's (section's) id."""
    return {item.key: theme.key for theme in themes_of(survey) for item in theme.items}


def top_values(values: Sequence[int]) -> list[int]:
    """Return the highest TOP_POINTS values of a scale."""
    return sorted(values)[-TOP_POINTS:]


def counterpart(item: Item, previous: Sequence[Item] | None) -> tuple[str | None, str]:
    """Return the id of the series this item continues in the previous edition (or None) and its remark, in French.

    The rule is the establishment dashboard's (`QuestionChange`): a reworded item continues its series, one that
    replaces another starts afresh, a new one has no past.
    """
    if previous is None:
        return None, ""
    earlier = {i.key: i for i in previous}
    if item.key in earlier:
        change = QuestionChange(item.key, UNCHANGED if earlier[item.key].text == item.text else REWORDED)
    elif item.replaces and item.replaces in earlier:
        change = QuestionChange(item.key, REPLACES, item.replaces, earlier[item.replaces].text)
    else:
        change = QuestionChange(item.key, NEW)
    return change.continues, change_flag(change)


def theme_change(theme: Theme, previous: Sequence[Theme] | None) -> str:
    """Say whether a theme's items changed since the previous edition (then its change is to read with care)."""
    if previous is None:
        return ""
    earlier = next((t for t in previous if t.key == theme.key), None)
    if earlier is None:
        return "nouveau thème"
    before = [(i.key, i.text) for i in earlier.items]
    if before != [(i.key, i.text) for i in theme.items]:
        return "items du thème modifiés depuis l'édition précédente"
    return ""


def pooled(cells: Sequence[Cell | None], top: Sequence[int], min_size: int) -> dict[str, Any]:
    """Pool the visible item cells of a theme: mean, share of the top points, smallest n, items counted."""
    visible = [c for c in cells if c is not None and not bool(c["hidden"]) and c["n"]]
    if not visible:
        reasons = [c["reason"] for c in cells if c is not None]
        return {
            "mean": None,
            "top": None,
            "n": None,
            "counted": 0,
            "of": len(cells),
            "hidden_label": hidden_label(reasons[0] if reasons else NO_ANSWER, min_size),
        }
    answers = sum(float(c["n"]) for c in visible)
    return {
        "mean": sum(float(c["mean"]) * float(c["n"]) for c in visible) / answers,
        "top": sum(float(c.get(value_column(v), 0) or 0) for c in visible for v in top) / answers,
        "n": int(min(c["n"] for c in visible)),
        "counted": len(visible),
        "of": len(cells),
        "hidden_label": "",
    }


def partial(figure: Mapping[str, Any]) -> str:
    """Say that a pooled figure counts only some of its theme's items (« 2 items sur 3 »), or nothing."""
    if 0 < figure["counted"] < figure["of"]:
        return f"{figure['counted']} items sur {figure['of']} (les autres sont masqués)"
    return ""


def index_cells(cells: pd.DataFrame) -> dict[tuple[str, str], Cell]:
    """Index a campaign's cells by (unit, question)."""
    return {(row["unit"], row["question"]): row for row in rows_of(cells)}


def theme_frame(
    cells: pd.DataFrame,
    units: Sequence[tuple[str, str]],
    themes: Sequence[Theme],
    top: Sequence[int],
    min_size: int,
) -> pd.DataFrame:
    """One row per unit × theme: pooled mean, share of the top points, n and items counted."""
    index = index_cells(cells)
    records = []
    for unit, name in units:
        for theme in themes:
            figure = pooled([index.get((unit, i.key)) for i in theme.items], top, min_size)
            records.append(
                {"unit": unit, "pole": name, "key": theme.key, "theme": theme.title, **figure, "flag": partial(figure)}
            )
    frame = pd.DataFrame(
        records, columns=["unit", "pole", "key", "theme", "mean", "top", "n", "counted", "of", "hidden_label", "flag"]
    )
    for column in ("mean", "top"):
        frame[column] = frame[column].astype(float)
    return frame


def theme_progression_frame(
    series: Sequence[tuple[str, pd.DataFrame, Survey]],
    units: Sequence[tuple[str, str]],
    themes: Sequence[Theme],
    top: Sequence[int],
    min_size: int,
) -> pd.DataFrame:
    """Each unit × theme of the chosen edition over the school years, themes followed by their section id."""
    records: list[dict[Hashable, Any]] = []
    previous: list[Theme] | None = None
    for label, cells, survey in series:
        year_themes = {t.key: t for t in themes_of(survey)}
        present = [year_themes[t.key] for t in themes if t.key in year_themes]
        changes = {t.key: theme_change(t, previous) for t in present}
        frame = theme_frame(cells, units, present, top, min_size)
        for record in rows_of(frame):
            record["school_year"] = label
            record["theme"] = next(t.title for t in themes if t.key == record["key"])
            record["flag"] = "; ".join(f for f in (changes[record["key"]], record["flag"]) if f)
            records.append(record)
        previous = list(year_themes.values())
    columns = ["unit", "pole", "key", "theme", "school_year", "mean", "top", "n", "counted", "of"]
    frame = pd.DataFrame(records, columns=[*columns, "hidden_label", "flag"])
    for column in ("mean", "top"):
        frame[column] = frame[column].astype(float)
    return frame


def items_frame(
    cells: pd.DataFrame,
    units: Sequence[tuple[str, str]],
    survey: Survey,
    top: Sequence[int],
    min_size: int,
    previous: tuple[pd.DataFrame, Survey] | None = None,
) -> pd.DataFrame:
    """One row per unit × item: mean, share of the top points, n, the change since the previous campaign.

    Within each unit the rows go from the lowest mean to the highest; hidden items come last.
    """
    index = index_cells(cells)
    before = index_cells(previous[0]) if previous is not None else {}
    before_items = items_of(previous[1]) if previous is not None else None
    themes = {item.key: theme for theme in themes_of(survey) for item in theme.items}
    records = []
    for order, (unit, name) in enumerate(units):
        for item in items_of(survey):
            figure = pooled([index.get((unit, item.key))], top, min_size)
            old_key, flag = counterpart(item, before_items)
            old = pooled([before.get((unit, old_key))], top, min_size) if old_key else None
            before_mean = old["mean"] if old is not None else None
            change = None if before_mean is None or figure["mean"] is None else figure["mean"] - before_mean
            records.append(
                {
                    "order": order,
                    "unit": unit,
                    "pole": name,
                    "key": item.key,
                    "text": item.text,
                    "theme_key": themes[item.key].key,
                    "theme": themes[item.key].title,
                    "mean": figure["mean"],
                    "top": figure["top"],
                    "n": figure["n"],
                    "hidden_label": figure["hidden_label"],
                    "before": None if figure["hidden_label"] else before_mean,
                    "change": change,
                    "flag": flag,
                }
            )
    columns = ["order", "unit", "pole", "key", "text", "theme_key", "theme", "mean", "top", "n", "hidden_label"]
    frame = pd.DataFrame(records, columns=[*columns, "before", "change", "flag"])
    for column in ("mean", "top", "before", "change"):
        frame[column] = frame[column].astype(float)
    frame["shown"] = frame["hidden_label"] == ""
    frame = frame.sort_values(["order", "shown", "mean"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns=["order", "shown"]).reset_index(drop=True)
