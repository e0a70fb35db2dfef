"""Tables of the network dashboard on a self-positioning campaign: themes by pole, their progression, items."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from app.analytics.identifiers import TableId
from app.analytics.records import rows_of
from app.analytics.tables import Column, Hidden, Table

TOP_LABEL = "Part des 2 points hauts"  # « Souvent » ou plus, « Plutôt d'accord » ou plus


def _figures(record: Mapping[Hashable, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    hidden = Hidden(record["hidden_label"]) if record["hidden_label"] else None
    return {column: hidden or record[column] for column in columns}


def themes_table(frame: pd.DataFrame, label: str) -> Table:
    """The pole × theme heatmap as a table: mean (1 to 4), share of the top points, n."""
    table = Table(
        TableId.THEMES,
        f"Autopositionnement moyen par pôle et par thème — {label}",
        [
            Column("pole", "Pôle"),
            Column("theme", "Thème"),
            Column("n", "Réponses (par item, au moins)", "int"),
            Column("mean", "Moyenne (1 à 4)", "level"),
            Column("top", TOP_LABEL, "percent"),
            Column("flag", "Remarque"),
        ],
    )
    for record in rows_of(frame):
        table.rows.append(
            {"pole": record["pole"], "theme": record["theme"], "flag": record["flag"]}
            | _figures(record, ("n", "mean", "top"))
        )
    return table


def theme_progression_table(frame: pd.DataFrame) -> Table:
    """Each pole's mean per theme, school year after school year, with the edition caveats."""
    table = Table(
        TableId.THEME_PROGRESSION,
        "Progression de l'autopositionnement par thème",
        [
            Column("pole", "Pôle"),
            Column("theme", "Thème"),
            Column("school_year", "Année scolaire"),
            Column("n", "Réponses (par item, au moins)", "int"),
            Column("mean", "Moyenne (1 à 4)", "level"),
            Column("top", TOP_LABEL, "percent"),
            Column("flag", "Remarque"),
        ],
    )
    ordered = frame.sort_values(["pole", "theme", "school_year"], kind="stable") if len(frame) else frame
    for record in rows_of(ordered):
        table.rows.append(
            {
                "pole": record["pole"],
                "theme": record["theme"],
                "school_year": record["school_year"],
                "flag": record["flag"],
            }
            | _figures(record, ("n", "mean", "top"))
        )
    return table


def items_ranked_table(frame: pd.DataFrame, previous_label: str | None) -> Table:
    """Every item, from the lowest mean to the highest within each pole; hidden items last, with their reason."""
    columns = [
        Column("pole", "Pôle"),
        Column("rank", "Rang", "int"),
        Column("text", "Item"),
        Column("theme", "Thème"),
        Column("n", "Réponses", "int"),
        Column("mean", "Moyenne (1 à 4)", "level"),
        Column("top", TOP_LABEL, "percent"),
    ]
    if previous_label:
        columns += [
            Column("before", f"Moyenne {previous_label}", "level"),
            Column("change", "Évolution", "delta"),
        ]
    table = Table(
        TableId.ITEMS_RANKED, "Items classés, du plus bas au plus haut", [*columns, Column("flag", "Remarque")]
    )
    ranks: dict[str, int] = {}
    for record in rows_of(frame):
        shown = not record["hidden_label"]
        if shown:
            ranks[record["unit"]] = ranks.get(record["unit"], 0) + 1
        row = {
            "pole": record["pole"],
            "rank": ranks[record["unit"]] if shown else None,
            "text": record["text"],
            "theme": record["theme"],
            "before": record["before"],
            "change": record["change"],
            "flag": record["flag"],
        } | _figures(record, ("n", "mean", "top"))
        table.rows.append(row)
    return table
