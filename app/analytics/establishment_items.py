"""Shape one establishment's self-positioning item cells into the items frame (the chart) and the items table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from app.analytics.establishment import by_question
from app.analytics.identifiers import TableId
from app.analytics.instrument import Item, QuestionChange, change_flag
from app.analytics.records import rows_of
from app.analytics.suppression import hidden_label
from app.analytics.tables import Column, Hidden, Table


def items_frame(
    cells: pd.DataFrame,
    items: Sequence[Item],
    points: Sequence[tuple[int, str]],
    changes: Mapping[str, QuestionChange],
    min_size: int,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per item: shares per point over answers with a value, "non concerné", last year's mean, edition flags.

    `changes` says how each item stands against the previous campaign's edition (`question_changes`); `previous`
    holds that campaign's cells. An item's series continues only under the same id (`QuestionChange.continues`):
    an item that replaces another, or a new one, has no previous mean, and its flag says why.
    """
    rows, before = by_question(cells), by_question(previous) if previous is not None else {}
    records = []
    for item in items:
        row = rows.get(item.key)
        hidden = row is None or bool(row["hidden"])
        change = changes.get(item.key)
        earlier = before.get(change.continues) if change is not None and change.continues else None
        mean = None if row is None or hidden else row["mean"]
        previous_mean = None if earlier is None or earlier["hidden"] else earlier["mean"]
        record = {
            "key": item.key,
            "theme": item.theme,
            "axis": item.axis,
            "text": item.text,
            "label": _short(item.text),
            "flag": change_flag(change),
            "hidden": hidden,
            "hidden_label": hidden_label("aucune-reponse" if row is None else row["reason"], min_size)
            if hidden
            else "",
            "n": None if row is None or hidden else row["n"],
            "n_na": None if row is None or hidden else row["n_na"],
            "mean": mean,
            "previous_mean": previous_mean,
            "change": None if mean is None or previous_mean is None else mean - previous_mean,
            "previous_hidden_label": hidden_label(earlier["reason"], min_size)
            if earlier is not None and earlier["hidden"]
            else "",
        }
        for value, _ in points:
            record[f"s{value}"] = None if row is None or hidden or not row["n"] else row[f"d{value}"] / row["n"]
        records.append(record)
    return pd.DataFrame(records)


def items_table(frame: pd.DataFrame, points: Sequence[tuple[int, str]], previous_label: str | None = None) -> Table:
    """The items table; with `previous_label`, last year's mean and the change where the series continues."""
    if previous_label:  # on the page, the change shows small under this year's mean
        means = [
            Column("previous_mean", f"Moyenne {previous_label}", "level"),
            Column("mean", "Moyenne", "level", detail="change"),
            Column("change", "Évolution", "delta", on_page=False),
        ]
    else:
        means = [Column("mean", "Moyenne", "level")]
    table = Table(
        TableId.ITEMS,
        "Autopositionnement : items par thème",
        [
            Column("theme", "Thème"),
            Column("text", "Item"),
            Column("n", "Réponses", "int"),
            Column("n_na", "Non concerné", "int"),
        ]
        + [Column(f"s{v}", label, "percent") for v, label in points]
        + [*means, Column("flag", "Remarque")],
    )
    for record in rows_of(frame):
        row: dict[str, Any] = {"theme": record["theme"], "text": record["text"], "flag": record["flag"]}
        for column in ["n", "n_na", "mean"] + [f"s{v}" for v, _ in points]:
            row[column] = Hidden(record["hidden_label"]) if record["hidden"] else record[column]
        if previous_label:
            if record["previous_hidden_label"]:
                row["previous_mean"] = Hidden(record["previous_hidden_label"])
            else:
                row["previous_mean"] = None if pd.isna(record["previous_mean"]) else record["previous_mean"]
            row["change"] = None if record["hidden"] or pd.isna(record["change"]) else record["change"]
        table.rows.append(row)
    return table


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
