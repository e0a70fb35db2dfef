"""CSV and Excel files safe to open in a spreadsheet: a dashboard's tables, and any list of rows (campaign files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TextIO

import pandas as pd

from app.analytics.tables import Table
from app.services.dashboards.sheet_names import sheet_name

# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """Write a value in a CSV cell: nothing for None, ISO dates, a formula-looking text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralize(value)


def write_csv(
    out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";", newline: str = "\r\n"
) -> None:
    """Write a header and rows to `out`, every cell through `csv_cell`."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return rows as a CSV that French spreadsheets open as is: BOM, semicolons, CRLF."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return "\ufeff" + out.getvalue()


def _safe_frame(table: Table) -> pd.DataFrame:
    frame = table.export_frame()
    frame.columns = [neutralize(c) for c in frame.columns]
    for index in range(frame.shape[1]):
        if frame.iloc[:, index].dtype == object:
            frame.iloc[:, index] = frame.iloc[:, index].map(neutralize)
    return frame


def _comma(value: object) -> object:
    """Write a decimal with a comma; pandas does so for a column of numbers only, not one mixed with labels."""
    return str(value).replace(".", ",") if isinstance(value, float) else value


def table_csv(table: Table) -> bytes:
    """Return a table as CSV for French spreadsheets: `;` separator, decimal comma, UTF-8 with BOM."""
    frame = _safe_frame(table)
    for index in range(frame.shape[1]):
        if frame.iloc[:, index].dtype == object:  # a hidden cell's label among the figures
            frame.iloc[:, index] = frame.iloc[:, index].map(_comma)
    return frame.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Return an Excel workbook with one sheet per table."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            name = sheet_name(table.title, used)
            _safe_frame(table).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for column_cells in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column_cells)
                sheet.column_dimensions[column_cells[0].column_letter].width = min(max(10, width + 2), 60)
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    return buffer.getvalue()
