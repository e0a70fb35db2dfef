"""CSV and Excel files of the tables a dashboard shows, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pandas as pd

from app.analytics.tables import Table

# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralize(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe_frame(table: Table) -> pd.DataFrame:
    frame = table.export_frame()
    frame.columns = [neutralize(c) for c in frame.columns]
    for index in range(frame.shape[1]):
        if frame.iloc[:, index].dtype == object:
            frame.iloc[:, index] = frame.iloc[:, index].map(neutralize)
    return frame


def table_csv(table: Table) -> bytes:
    """Return a table as CSV for French spreadsheets: `;` separator, decimal comma, UTF-8 with BOM."""
    return _safe_frame(table).to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Return an Excel workbook with one sheet per table."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            name = _sheet_name(table.title, used)
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


def _sheet_name(title: str, used: set[str]) -> str:
    base = EXCEL_SHEET_FORBIDDEN.sub(" ", title).strip("'")[:28] or "Tableau"
    name, counter = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {counter}"
        counter += 1
    used.add(name.lower())
    return name
