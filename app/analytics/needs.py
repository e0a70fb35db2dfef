"""Besoins de formation: the themes and items where a unit's staff position themselves lowest, and what fell.

Read from one unit's suppressed cells (an establishment, a pole or the network) pooled as in `self_positioning`;
a hidden item or theme is never ranked (the tables say how many were left out and why). A fall compares the same
item (or the item it replaces) in the previous closed campaign of the instrument, and says when the edition
changed what is compared.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from app.analytics.identifiers import TableId
from app.analytics.network_items import TOP_LABEL
from app.analytics.self_positioning import index_cells, items_frame, partial, pooled, theme_change, themes_of
from app.analytics.tables import Column, Table
from app.surveys.schema import Survey

LOWEST_ITEMS = 10
FALLS = 10
FALL = -0.05  # a fall shown is at least −0.1 once rounded


def theme_needs_frame(
    cells: pd.DataFrame,
    unit: str,
    survey: Survey,
    top: Sequence[int],
    min_size: int,
    previous: tuple[pd.DataFrame, Survey] | None = None,
) -> pd.DataFrame:
    """One row per theme of the unit, lowest mean first (hidden last): figures now and in the previous campaign."""
    index = index_cells(cells)
    before = index_cells(previous[0]) if previous is not None else {}
    before_themes = {t.key: t for t in themes_of(previous[1])} if previous is not None else None
    records = []
    for theme in themes_of(survey):
        figure = pooled([index.get((unit, i.key)) for i in theme.items], top, min_size)
        earlier = before_themes.get(theme.key) if before_themes is not None else None
        old = pooled([before.get((unit, i.key)) for i in earlier.items], top, min_size) if earlier else None
        before_mean = old["mean"] if old is not None and not figure["hidden_label"] else None
        flags = [theme_change(theme, list(before_themes.values()) if before_themes is not None else None)]
        flags.append(partial(figure))
        records.append(
            {
                "key": theme.key,
                "theme": theme.title,
                "mean": figure["mean"],
                "top": figure["top"],
                "n": figure["n"],
                "hidden_label": figure["hidden_label"],
                "before": before_mean,
                "change": None if before_mean is None or figure["mean"] is None else figure["mean"] - before_mean,
                "flag": "; ".join(f for f in flags if f),
            }
        )
    columns = ["key", "theme", "mean", "top", "n", "hidden_label", "before", "change", "flag"]
    frame = pd.DataFrame(records, columns=columns)
    for column in ("mean", "top", "before", "change"):
        frame[column] = frame[column].astype(float)
    frame["shown"] = frame["hidden_label"] == ""
    return frame.sort_values(["shown", "mean"], ascending=[False, True], kind="stable").drop(columns="shown")


def item_needs_frame(
    cells: pd.DataFrame,
    unit: str,
    survey: Survey,
    top: Sequence[int],
    min_size: int,
    previous: tuple[pd.DataFrame, Survey] | None = None,
) -> pd.DataFrame:
    """One row per item of the unit, lowest mean first (hidden last), with its change and edition flag."""
    return items_frame(cells, [(unit, "")], survey, top, min_size, previous)


def _columns(previous_label: str | None, *first: Column) -> list[Column]:
    columns = [
        Column("rank", "Rang", "int"),
        *first,
        Column("n", "Réponses", "int"),
        Column("mean", "Moyenne (1 à 4)", "level"),
        Column("top", TOP_LABEL, "percent"),
    ]
    if previous_label:
        columns += [Column("before", f"Moyenne {previous_label}", "level"), Column("change", "Évolution", "delta")]
    return [*columns, Column("flag", "Remarque")]


def _left_out(frame: pd.DataFrame, what: str) -> str:
    hidden = int((frame["hidden_label"] != "").sum()) if len(frame) else 0
    if not hidden:
        return ""
    return f"{hidden} {what} non classé{'s' if hidden > 1 else ''} : résultat masqué (anonymat) ou sans réponse."


def _row(record: Mapping[Hashable, Any], rank: int, **extra: Any) -> dict[str, Any]:
    keep = ("n", "mean", "top", "before", "change", "flag")
    return {"rank": rank, **{k: record[k] for k in keep}, **extra}


def theme_needs_table(frame: pd.DataFrame, previous_label: str | None) -> Table:
    """Every visible theme, ranked from the lowest mean; each row carries its feuille de route subject."""
    table = Table(
        TableId.NEEDS_THEMES,
        "Thèmes où les personnels se positionnent le plus bas",
        _columns(previous_label, Column("theme", "Thème")),
        caption=_left_out(frame, "thème(s)"),
    )
    shown = frame[frame["hidden_label"] == ""]
    for rank, record in enumerate(shown.to_dict("records"), start=1):
        table.rows.append(_row(record, rank, theme=record["theme"], subject=f"theme:{record['key']}"))
    return table


def item_needs_table(frame: pd.DataFrame, previous_label: str | None, limit: int = LOWEST_ITEMS) -> Table:
    """The `limit` visible items with the lowest means, ranked; each row carries its theme as subject."""
    table = Table(
        TableId.NEEDS_ITEMS,
        f"Les {limit} items où les personnels se positionnent le plus bas",
        _columns(previous_label, Column("text", "Item"), Column("theme", "Thème")),
        caption=_left_out(frame, "item(s)"),
    )
    shown = frame[frame["hidden_label"] == ""].head(limit)
    for rank, record in enumerate(shown.to_dict("records"), start=1):
        table.rows.append(
            _row(record, rank, text=record["text"], theme=record["theme"], subject=f"theme:{record['theme_key']}")
        )
    return table


def falls_table(themes: pd.DataFrame, items: pd.DataFrame, previous_label: str | None, limit: int = FALLS) -> Table:
    """The themes and items whose mean fell most since the previous campaign, the largest fall first."""
    table = Table(
        TableId.NEEDS_FALLS,
        "Thèmes et items en plus forte baisse depuis l'année précédente",
        _columns(previous_label, Column("kind", "Type"), Column("text", "Thème ou item"), Column("theme", "Thème")),
    )
    if previous_label is None:
        table.caption = "Pas de campagne précédente clôturée de ce questionnaire : aucune évolution à mesurer."
        return table
    rows = [
        {**r, "kind": "Thème", "text": r["theme"], "subject": f"theme:{r['key']}"} for r in themes.to_dict("records")
    ] + [{**r, "kind": "Item", "subject": f"theme:{r['theme_key']}"} for r in items.to_dict("records")]
    fallen = sorted(
        (r for r in rows if not r["hidden_label"] and not pd.isna(r["change"]) and r["change"] <= FALL),
        key=lambda r: (r["change"], r["kind"] != "Thème"),
    )[:limit]
    for rank, record in enumerate(fallen, start=1):
        table.rows.append(
            _row(
                record, rank, kind=record["kind"], text=record["text"], theme=record["theme"], subject=record["subject"]
            )
        )
    if not any(not r["hidden_label"] and not pd.isna(r["change"]) for r in rows):
        table.caption = (
            "Aucune évolution à mesurer : les résultats de cette année ou de l'année précédente sont masqués "
            "(anonymat) ou absents."
        )
    elif not fallen:
        table.caption = "Aucun thème ni item n'a baissé depuis l'année précédente."
    return table
