"""Tables as shown on a dashboard, the single source of the page's tables, exports and chart alt-texts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# Every summary of a grid level is its mean (docs/dashboards.md, « Quel chiffre pour un niveau ») : on a five-level
# scale a median is almost always a whole level (2,0 or 3,0) and hides the differences the means and the
# distributions show; the radar, the progression and the changes already read means, so one figure is read
# everywhere. Its spread stays beside it: the distribution, the quartiles, the standard deviation, n.
MEAN_LABEL = "Niveau moyen (1 à 5)"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, level (1 decimal), percent (a fraction), delta (signed level), points
    sortable: bool = False
    export_label: str | None = None  # where the page's short header would be ambiguous in a file
    detail: str | None = None  # key of a second value shown small under this one on the page
    on_page: bool = True  # False: only in exports and the API (shown on the page as another column's detail)

    @property
    def file_label(self) -> str:
        label = self.export_label or self.label
        return f"{label} (%)" if self.kind == "percent" else label


@dataclass(frozen=True)
class Hidden:
    """A value withheld by the anonymity threshold, with the French reason shown in its place."""

    label: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Blank:
    """A value absent for a known reason, said in its place: `text` in the cell, `detail` as its full sentence.

    `rule`: the reason is the anonymity threshold, and the page links its text to the privacy page's rule.
    Exports carry `text`; the API gives null, as for any missing value.
    """

    text: str
    detail: str = ""
    rule: bool = False

    def __str__(self) -> str:
        return self.text


NO_PREVIOUS = Blank(
    "pas de campagne précédente", "Pas d'évolution : aucune campagne close l'année précédente à laquelle comparer."
)


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    caption: str = ""

    @property
    def has_figures(self) -> bool:
        """Whether any row shows a figure: a table of withheld or missing values only has nothing to show."""
        numeric = [c.key for c in self.columns if c.kind not in ("text", "establishment")]
        return any(
            not (isinstance(row.get(key), (Hidden, Blank)) or is_missing(row.get(key)))
            for row in self.rows
            for key in numeric
        )

    def export_frame(self) -> pd.DataFrame:
        """Return the table with French headers; hidden cells carry their label, percentages are in %."""
        data = {
            column.file_label: _export_column([_export_value(row.get(column.key), column.kind) for row in self.rows])
            for column in self.columns
        }
        return pd.DataFrame(data, columns=[c.file_label for c in self.columns])

    def records(self) -> list[dict[str, Any]]:
        """Return the rows for JSON: hidden cells become {"hidden": true, "reason": …}."""
        out = []
        for row in self.rows:
            record = {}
            for column in self.columns:
                value = row.get(column.key)
                record[column.key] = (
                    {"hidden": True, "reason": value.label}
                    if isinstance(value, Hidden)
                    else None
                    if isinstance(value, Blank)
                    else _json_value(value)
                )
            out.append(record)
        return out


def _export_column(values: list[Any]) -> list[Any] | pd.Series:
    """Keep whole numbers whole beside empty cells (pandas would turn 110 into 110.0 next to a None)."""
    if None in values and all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values):
        return pd.Series(values, dtype="Int64")
    return values


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _export_value(value: Any, kind: str) -> Any:
    if isinstance(value, Hidden):
        return value.label
    if isinstance(value, Blank):
        return value.text
    if is_missing(value):
        return None
    if kind == "percent":
        return round(float(value) * 100, 1)
    if kind in ("level", "delta"):
        return round(float(value), 2)
    if kind in ("int", "points"):
        return int(value) if kind == "int" else round(float(value), 1)
    return value


def _json_value(value: Any) -> Any:
    if is_missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Sort rows on one column; hidden and missing values always go last, whatever the order."""
    present = [r for r in rows if not (isinstance(r.get(key), (Hidden, Blank)) or is_missing(r.get(key)))]
    absent = [r for r in rows if r not in present]

    def sort_key(row: dict[str, Any]) -> Any:
        value = row[key]
        return value.casefold() if isinstance(value, str) else value

    return sorted(present, key=sort_key, reverse=descending) + absent
