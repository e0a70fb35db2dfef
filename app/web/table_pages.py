"""A long table shown a page at a time: a network's establishments are hundreds of rows, on a phone as many cards.

Only the page is rendered (the table's rows took the largest part of a network dashboard's first visit); its
exports and its totals keep every row.
"""

from __future__ import annotations

import dataclasses
import math

from app.analytics.tables import Table

PAGE_SIZE = 50


class NoSuchPage(LookupError):
    """A page past the table's last."""


@dataclasses.dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    first: int  # the first row shown, counted from 1
    last: int  # the last row shown
    total: int


def page_of(table: Table, page: int, size: int = PAGE_SIZE) -> tuple[Table, Pager]:
    """The table with the rows of `page` (counted from 1) only, and where that page stands."""
    total = len(table.rows)
    pages = max(1, math.ceil(total / size))
    if not 1 <= page <= pages:
        raise NoSuchPage(page)
    start = (page - 1) * size
    rows = table.rows[start : start + size]
    return dataclasses.replace(table, rows=rows), Pager(page, pages, start + 1 if rows else 0, start + len(rows), total)
