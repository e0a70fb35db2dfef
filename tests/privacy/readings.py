"""The attacker's harness: read every publication of a campaign, as one reader, in a form that compares.

A reading is every figure a reader can get for one campaign, wherever it is published: the establishment pages,
the network page under each pole filter, each type filter and both at once, the Excel workbook of each of those
pages, the comments pages (each establishment, the network, each pole) with their workbooks, and every API answer;
their printable views and CSV exports repeat them (`test_copies.py`). Each figure is
keyed by its `Place` (where it was read: the URL, the table or section, the row, the column) and holds its text,
as the reader sees it. Two readings taken around an event (one more answer, a pole move…) are then compared place
by place: docs/privacy.md's rule says they are identical or differ by at least k responses.

Figures are taken from what a reader can copy: the data tables and key figures of the pages, the data of their
charts, the cells of each CSV and of each sheet of the workbooks, every value of the API's JSON. An answer that
is not a 200 is a figure too (its status), so that a page that appears or disappears is a difference.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urlencode

from openpyxl import load_workbook
from sqlalchemy import select

from app.analytics.identifiers import ALL_TABLES, TableId
from app.analytics.instrument import items_of
from app.models import Campaign, CampaignEstablishment, Establishment, Pole
from app.surveys.registry import survey_of

ESTABLISHMENT_TABLES = [
    TableId.PARTICIPATION,
    TableId.LEVELS,
    TableId.DISTRIBUTION,
    TableId.COMPARISON,
    TableId.PROGRESSION,
    TableId.CATEGORIES,
    TableId.ITEMS,
]
NETWORK_TABLES = [TableId.POLES, TableId.EVOLUTION, TableId.POLE_PROGRESSION, TableId.ESTABLISHMENTS]
NETWORK_API = ["poles", "progression", "establishments"]
# On a self-positioning campaign, the network page shows these instead, and the needs pages are published too.
SELF_POSITIONING_TABLES = [TableId.THEMES, TableId.THEME_PROGRESSION, TableId.ITEMS_RANKED, TableId.ESTABLISHMENTS]
SELF_POSITIONING_API = ["self-positioning"]
NEEDS_TABLES = [TableId.NEEDS_THEMES, TableId.NEEDS_ITEMS, TableId.NEEDS_FALLS]
# The parts of a plotly trace that carry data (the rest is styling).
TRACE_DATA = ("x", "y", "z", "r", "theta", "text", "customdata", "values", "labels", "base", "hovertext")
# A note that an establishment moved since the campaign closed is the one thing a move may add (issue 12, item 2).
MOVED_NOTE = re.compile(r"déplacé|a changé de pôle|changé de pôle|depuis la clôture", re.IGNORECASE)


class Place(NamedTuple):
    """Where a figure was read: the request, the table or section, the row, the column."""

    source: str
    section: str
    row: str
    column: str

    def __str__(self) -> str:
        return " | ".join(part for part in self if part)


Reading = dict[Place, str]


# --- what to read ----------------------------------------------------------------------------------------------


@dataclass
class Publications:
    """The URLs that publish a campaign's figures, for every reader alike (each answers for itself)."""

    pages: list[str] = field(default_factory=list)  # HTML: the dashboards
    exports: list[str] = field(default_factory=list)  # Excel: each dashboard's workbook, every table a sheet
    api: list[str] = field(default_factory=list)  # JSON
    # Copies: (a printable view or a table's CSV, the page or workbook it repeats). `test_copies.py` checks that each
    # repeats its original, figure for figure; a reading then needs only the originals.
    copies: list[tuple[str, str]] = field(default_factory=list)


def publications_of(session, campaign: Campaign) -> Publications:
    """List every page, export and API answer that can show a figure of `campaign`.

    Every establishment of the campaign, and the network under each filter a reader could choose: no pole, each
    pole, no type, each type, and each pole with each type. Readers are not told apart here: a URL outside a
    reader's scope answers 403 or 404, and that answer is part of their reading.
    """
    found = Publications()
    self_positioning = bool(items_of(survey_of(campaign.survey)))
    network_tables = SELF_POSITIONING_TABLES if self_positioning else NETWORK_TABLES
    network_api = NETWORK_API + SELF_POSITIONING_API if self_positioning else NETWORK_API
    establishments = session.scalars(
        select(Establishment)
        .join(CampaignEstablishment, CampaignEstablishment.establishment_id == Establishment.id)
        .where(CampaignEstablishment.campaign_id == campaign.id)
        .order_by(Establishment.uai)
    ).all()
    for establishment in establishments:
        base = f"/etablissement/{establishment.uai}"
        query = f"?campagne={campaign.id}"
        _add_view(found, base, query, ESTABLISHMENT_TABLES)
        found.api.append(f"/api/v1/establishments/{establishment.uai}/levels?campaign={campaign.id}")
        _add_comments(found, f"{base}/commentaires", query, f"/api/v1/establishments/{establishment.uai}/comments")
        if self_positioning:
            _add_needs(found, f"{base}/besoins", query)
    pole_ids = session.scalars(select(Pole.id).where(Pole.network_id == campaign.network_id).order_by(Pole.id)).all()
    kinds = sorted(
        session.scalars(select(Establishment.kind).where(Establishment.network_id == campaign.network_id).distinct())
    )
    filters: list[dict] = [{}]
    filters += [{"pole": pole} for pole in pole_ids]
    filters += [{"type": kind} for kind in kinds]
    filters += [{"pole": pole, "type": kind} for pole in pole_ids for kind in kinds]
    for chosen in filters[: 1 + len(pole_ids)]:  # comments are filtered by pole only
        query = "?" + urlencode({"campagne": campaign.id, **chosen})
        api = f"/api/v1/networks/{campaign.network_id}/comments"
        _add_comments(found, f"/reseau/{campaign.network_id}/commentaires", query, api)
    for chosen in filters:
        query = "?" + urlencode({"campagne": campaign.id, **chosen})
        _add_view(found, f"/reseau/{campaign.network_id}", query, network_tables)
        api_query = "?" + urlencode({"campaign": campaign.id, **chosen})
        found.api += [f"/api/v1/networks/{campaign.network_id}/{name}{api_query}" for name in network_api]
    if self_positioning:  # the needs of the network, and of each pole
        for chosen in [{}] + [{"pole": pole} for pole in pole_ids]:
            _add_needs(
                found, f"/reseau/{campaign.network_id}/besoins", "?" + urlencode({"campagne": campaign.id, **chosen})
            )
    return found


def _add_needs(found: Publications, base: str, query: str) -> None:
    """A needs page: the page and its plan de formation workbook, each table's CSV a copy of its sheet."""
    found.pages.append(base + query)
    found.exports.append(f"{base}/export/{ALL_TABLES}.xlsx{query}")
    found.copies += [
        (f"{base}/export/{table}.csv{query}", f"{base}/export/{ALL_TABLES}.xlsx{query}") for table in NEEDS_TABLES
    ]


def _add_view(found: Publications, base: str, query: str, tables: list[str]) -> None:
    """A dashboard under one filter: its page and workbook, and their copies (printable view, each table's CSV)."""
    page, workbook = base + query, f"{base}/export/{ALL_TABLES}.xlsx{query}"
    found.pages.append(page)
    found.exports.append(workbook)
    found.copies.append((f"{base}/imprimer{query}", page))
    found.copies += [(f"{base}/export/{table}.csv{query}", workbook) for table in tables]


def _add_comments(found: Publications, base: str, query: str, api: str) -> None:
    """A comments page, its workbook and API answer, and its CSV (a copy of the workbook)."""
    found.pages.append(base + query)
    found.exports.append(f"{base}/export.xlsx{query}")
    found.copies.append((f"{base}/export.csv{query}", f"{base}/export.xlsx{query}"))
    found.api.append(api + query.replace("campagne=", "campaign="))


def read_everything(client, session, campaign: Campaign) -> Reading:
    """Read every publication of `campaign` as the client's signed-in reader; return each figure by its place.

    The copies (printable views, each table's CSV) are left out: they repeat a page or a workbook that is read,
    as `test_copies.py` checks.
    """
    found = publications_of(session, campaign)
    reading: Reading = {}
    for url in found.pages + found.exports + found.api:
        reading.update(read_one(client, url))
    return reading


def read_one(client, url: str) -> Reading:
    """Read one publication: its status, and its figures if it answered."""
    response = client.get(url)
    reading = {Place(url, "", "", "statut"): str(response.status_code)}
    if response.status_code != 200:
        return reading
    if url.startswith("/api/"):
        reading.update(json_figures(url, response.get_json()))
    elif ".csv" in url:
        reading.update(csv_figures(url, response.get_data()))
    elif ".xlsx" in url:
        reading.update(xlsx_figures(url, response.get_data()))
    else:
        reading.update(html_figures(url, response.get_data(as_text=True)))
    return reading


def without_source(reading: Reading) -> dict[tuple[str, str, str], str]:
    """The figures of one publication, keyed without its URL, to compare it with another publication."""
    return {(place.section, place.row, place.column): value for place, value in reading.items()}


def _moved_note(place: Place, value: str | None) -> bool:
    return any(MOVED_NOTE.search(part) for part in (place.section, place.row, value or ""))


# --- reading each kind of publication --------------------------------------------------------------------------


def _text(value) -> str:
    return re.sub(r"\s+", " ", "" if value is None else str(value)).strip()


def _header(text: str) -> str:
    """A column's header as read: without the sort arrows and links the page adds (and the link's hidden name)."""
    return _text(re.sub(r"[▲▼]|\bévol\.(?:\s*:\s*trier par évolution\s*—.*)?", "", text))


# Columns that name a row rather than give a figure: with the first column, they key the row.
LABEL_COLUMNS = ("Dimension", "Catégorie", "Questionnaire", "Année scolaire", "Item", "UAI")


def _rows(source: str, section: str, header: list[str], rows: Iterable[list[str]]) -> Reading:
    """Key each row by its first cell and its other labels (dimension, category, year…), never by a figure."""
    out: Reading = {Place(source, section, "en-têtes", f"colonne {i + 1}"): name for i, name in enumerate(header)}
    seen: dict[str, int] = {}
    labels = [index for index, name in enumerate(header) if index == 0 or name in LABEL_COLUMNS]
    for cells in rows:
        label = " / ".join(_text(cells[index]) for index in labels if index < len(cells))
        seen[label] = seen.get(label, 0) + 1
        key = label if seen[label] == 1 else f"{label} #{seen[label]}"
        for index, value in enumerate(cells):
            column = header[index] if index < len(header) else f"colonne {index + 1}"
            out[Place(source, section, key, column)] = _text(value)
    return out


def csv_figures(source: str, body: bytes) -> Reading:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    if not rows:
        return {}
    table = re.search(r"/export/([^/.]+)\.", source)
    return _rows(source, table.group(1) if table else "", [_text(h) for h in rows[0]], rows[1:])


def xlsx_figures(source: str, body: bytes) -> Reading:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    out: Reading = {}
    for sheet in workbook.worksheets:
        rows = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        if rows:
            out.update(_rows(source, sheet.title, rows[0], rows[1:]))
    workbook.close()
    return out


# Fields that name an item of a JSON list, so that a list is compared item by item, whatever its order.
JSON_IDENTITY = ("scope", "id", "uai", "name", "dimension", "school_year", "key", "category")


def _identity(item, index: int) -> str:
    if isinstance(item, dict):
        named = [f"{key}={item[key]}" for key in JSON_IDENTITY if key in item and not isinstance(item[key], dict)]
        return ",".join(named) or str(index)
    return _text(item) if isinstance(item, str) else str(index)


def json_figures(source: str, document) -> Reading:
    """Every value of an API answer: section is the top-level key, row the item of its list, column the rest."""
    out: Reading = {}

    def walk(value, section: str, row: str, column: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if not section:
                    walk(inner, key, row, column)
                else:
                    walk(inner, section, row, f"{column}.{key}" if column else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                name = _identity(item, index)
                if not row:
                    walk(item, section, name, column)
                else:
                    walk(item, section, row, f"{column}[{name}]")
            if not value:
                out[Place(source, section, row, column)] = "[]"
        elif isinstance(value, str) and isinstance(row, str) and row == _text(value) and not column:
            out[Place(source, section, row, column or "valeur")] = "présent"  # a list of messages
        else:
            out[Place(source, section, row, column or "valeur")] = _text(json.dumps(value, ensure_ascii=False))

    walk(document, "", "", "")
    return out


class _DashboardParser(HTMLParser):
    """Collect a dashboard page's data tables, its key figures and its charts' data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""  # the id of the enclosing <section>
        self.block = ""  # the chart block's id, inside its <figure>
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.kpis: list[tuple[str, str]] = []
        self.charts: list[tuple[str, str]] = []
        self._table: tuple[str, list[str], list[list[str]]] | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False
        self._chart: str | None = None
        self._kpi: list[str] | None = None
        self._kpi_part: str | None = None
        self.quotes: list[tuple[str, str]] = []  # a comments page's comments, by section, in the order shown
        self._quote: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "section" and attributes.get("id"):
            self.section, self.block = attributes["id"], ""
        elif tag == "figcaption" and (attributes.get("id") or "").startswith("titre-"):
            self.block = attributes["id"].removeprefix("titre-")
        elif tag == "table" and "data" in classes:
            self._table = (self.block or self.section, [], [])
        elif self._table is not None and tag == "thead":
            self._in_head = True
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []
        elif tag == "script" and attributes.get("type") == "application/json":
            self._chart = attributes.get("id", "").removeprefix("donnees-")
            self._cell = []
        elif tag == "blockquote":
            self._quote = []
        elif "kpi" in classes:
            self._kpi = ["", ""]
        elif self._kpi is not None and ("value" in classes or "label" in classes):
            self._kpi_part = "value" if "value" in classes else "label"
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self._quote is not None:
            self.quotes.append((self.section, _text(" ".join(self._quote))))
            self._quote = None
        elif tag == "figure":
            self.block = ""
        elif self._chart is not None and tag == "script":
            self.charts.append((self._chart, "".join(self._cell or [])))
            self._chart, self._cell = None, None
        elif self._kpi_part is not None and tag in ("div", "span"):
            self._kpi[0 if self._kpi_part == "value" else 1] = _text(" ".join(self._cell or []))
            self._kpi_part, self._cell = None, None
            if all(self._kpi):
                self.kpis.append((self._kpi[1], self._kpi[0]))
                self._kpi = None
        elif self._cell is not None and self._row is not None and tag in ("td", "th"):
            self._row.append(_text(" ".join(self._cell)))
            self._cell = None
        elif self._row is not None and tag == "tr":
            if self._in_head:
                self._table[1].extend(_header(cell) for cell in self._row)
            else:
                self._table[2].append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._quote is not None:
            self._quote.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_figures(source: str, page: str) -> Reading:
    parser = _DashboardParser()
    parser.feed(page)
    out: Reading = {}
    seen: dict[str, int] = {}
    for section, header, rows in parser.tables:
        seen[section] = seen.get(section, 0) + 1
        name = section if seen[section] == 1 else f"{section} #{seen[section]}"
        out.update(_rows(source, name, header, [r for r in rows if r != ["Aucune donnée."]]))
    for label, value in parser.kpis:
        out[Place(source, "chiffres clés", label, "valeur")] = value
    positions: dict[str, int] = {}
    for section, quote in parser.quotes:
        positions[section] = positions.get(section, 0) + 1
        out[Place(source, section, f"commentaire {positions[section]}", "texte")] = quote
    for chart, data in parser.charts:
        out.update(_chart_figures(source, chart, json.loads(data)))
    return out


def _chart_figures(source: str, chart: str, figure: dict) -> Reading:
    out: Reading = {}
    for index, trace in enumerate(figure.get("data", [])):
        row = f"trace {index} {trace.get('name') or ''}".strip()
        for key in TRACE_DATA:
            if key in trace:
                out[Place(source, f"graphique {chart}", row, key)] = _text(json.dumps(trace[key], ensure_ascii=False))
    return out


# --- comparing two readings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    place: Place
    before: str | None  # None: not published before
    after: str | None  # None: no longer published

    def __str__(self) -> str:
        before = "(absent)" if self.before is None else self.before
        after = "(absent)" if self.after is None else self.after
        return f"{self.place}: {before} → {after}"


def differences(before: Reading, after: Reading, allowed: Callable[[Place], bool] = lambda place: False):
    """Return every figure that differs between two readings, but those `allowed` to.

    A figure that says, on either side, that an establishment moved since the campaign closed is that note, not a
    figure: a move may add it (issue 12, item 2).
    """
    found = []
    for place in sorted(set(before) | set(after)):
        was, now = before.get(place), after.get(place)
        if was != now and not allowed(place) and not _moved_note(place, was) and not _moved_note(place, now):
            found.append(Difference(place, was, now))
    return found


def explain(found: list[Difference], what: str, shown: int = 12) -> str:
    """A readable account of the differences for an assertion message: how many, where, and the first of each kind
    of publication (page, CSV, Excel, API)."""
    by_kind: dict[str, list[Difference]] = {}
    for difference in found:
        by_kind.setdefault(_kind(difference.place.source), []).append(difference)
    sources = {d.place.source for d in found}
    lines = [f"{what}: {len(found)} figure(s) differ, in {len(sources)} publication(s)"]
    for kind in ("page", "CSV", "Excel", "API"):
        listed = by_kind.get(kind, [])
        if not listed:
            continue
        lines.append(f"- {kind}: {len(listed)} figure(s) in {len({d.place.source for d in listed})} publication(s)")
        lines += [f"    {difference}" for difference in listed[:shown]]
        if len(listed) > shown:
            lines.append(f"    … and {len(listed) - shown} more")
    return "\n".join(lines)


def assert_same(before: Reading, after: Reading, what: str, allowed: Callable[[Place], bool] = lambda p: False):
    """Fail, with a readable diff, if any figure but those `allowed` differs between the two readings."""
    found = differences(before, after, allowed)
    assert not found, explain(found, what)


def open_in_both(before: Reading, after: Reading) -> tuple[Reading, Reading]:
    """Keep the publications the reader could open in both readings.

    A move can take an establishment out of a pole pilot's scope (its pages then answer 404) or into another's:
    losing a page publishes nothing, and a page gained shows the campaign's one set of cells, the same for every
    reader. What must hold is that every figure published on both sides is the same.
    """
    opened = {p.source for p, v in before.items() if p.column == "statut" and v == "200"}
    opened &= {p.source for p, v in after.items() if p.column == "statut" and v == "200"}
    return (
        {p: v for p, v in before.items() if p.source in opened},
        {p: v for p, v in after.items() if p.source in opened},
    )


# --- what may change while a campaign is open: participation (how many answered, not what) ---------------------

# "Réponses" alone counts an establishment's (or a total's) responses; "Réponses N-1" beside a mean is that mean's n.
PARTICIPATION_COLUMNS = re.compile(r"^(Réponses|Effectif déclaré|Taux de participation)( \(%\))?$|^Participation\b")
PARTICIPATION_KPIS = re.compile(r"réponses|effectif|participation", re.IGNORECASE)
PARTICIPATION_JSON = {"responses", "participation", "staff_size", "rate"}


def is_participation(place: Place) -> bool:
    """Say whether a figure is participation: a total or a rate against the declared staff, never by category.

    Where it is read: the participation table's "Total" rows, the establishments' table's responses and rate
    columns, a "Participation" rate column, the pages' key figures on responses and participation, and the API's
    `responses`, `participation`, `staff_size` and `rate` (of an establishment, or of each row of the network's
    establishments). Everything else published during an open campaign must stay the same.
    """
    section, row, column = place.section, place.row, place.column
    if place.source.startswith("/api/"):
        return (not row and section in PARTICIPATION_JSON) or (section == "rows" and column in PARTICIPATION_JSON)
    if section == "chiffres clés":
        return bool(PARTICIPATION_KPIS.search(row))
    if not PARTICIPATION_COLUMNS.match(column):
        return False
    if section in (TableId.PARTICIPATION, "Participation"):
        return row.startswith("Total")
    if section in (TableId.ESTABLISHMENTS, "Établissements"):
        return True
    return column.startswith("Participation")


def kinds_of(reading: Reading) -> set[str]:
    """The kinds of publication a reading holds figures from: page, CSV, Excel, API."""
    return {_kind(place.source) for place in reading if place.column != "statut"}


def _kind(source: str) -> str:
    if source.startswith("/api/"):
        return "API"
    if ".csv" in source:
        return "CSV"
    if ".xlsx" in source:
        return "Excel"
    return "page"
