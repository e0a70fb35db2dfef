"""What every annual review holds beside the dashboards' tables: the school year, items ranked, the feuille de route."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.analytics.suppression import hidden_label
from app.analytics.tables import Column, Table
from app.extensions import DbSession
from app.models import Campaign
from app.services.accounts.scopes import RoadmapOwner
from app.services.dashboards.campaign_data import results_published
from app.services.roadmaps.pages import PriorityView, view_of
from app.services.roadmaps.roadmaps import next_school_year, parse_school_year

NO_ROADMAP = "Aucune feuille de route enregistrée pour cette année."
NO_NEXT_PRIORITIES = "Aucune priorité enregistrée pour l'année suivante."
RANKED = 3  # items shown among the strongest and among the weakest


class BadYear(ValueError):
    """The school year asked for is not written as 2025-2026."""


class UnknownYear(LookupError):
    """No campaign of the network took place in the school year asked for."""


def parse_year(text: str | None) -> str | None:
    """Return a school year written `2025-2026` (None when not given); raise BadYear otherwise."""
    if text is None or not text.strip():
        return None
    year = parse_school_year(text.strip())
    if year is None:
        raise BadYear(text)
    return year


def campaign_of_year(campaigns: list[Campaign], year: str, wanted: list[Campaign]) -> Campaign:
    """Pick the campaign of `year` a review starts from: the latest closed one of `wanted` first; raise UnknownYear."""
    of_year = [c for c in campaigns if c.school_year == year]  # in time order (network_campaigns)
    if not of_year:
        raise UnknownYear(year)

    def rank(campaign: Campaign) -> tuple[bool, bool]:
        return (campaign not in wanted, not results_published(campaign))

    best = min(rank(c) for c in of_year)
    return [c for c in of_year if rank(c) == best][-1]


@dataclass
class Priority:
    title: str
    target: str = ""
    status: str = ""
    outcome: str = ""  # atteint, en progrès, pas encore, pas mesurable


@dataclass
class RoadmapSection:
    """The feuille de route of the year with each priority's outcome, and the priorities of the next year."""

    year: str
    next_year: str = ""
    priorities: list[Priority] = field(default_factory=list)
    next_priorities: list[Priority] = field(default_factory=list)
    empty_note: str = NO_ROADMAP
    next_empty_note: str = NO_NEXT_PRIORITIES


def roadmap_section(session: DbSession, owner: RoadmapOwner, year: str, min_size: int) -> RoadmapSection:
    """Return the owner's feuille de route of `year` with each priority's outcome, and next year's priorities.

    Outcomes come from `roadmaps.pages.view_of`, which reads the campaigns' suppressed cells, as the roadmap page does.
    """
    if parse_school_year(year) is None:
        return RoadmapSection(year)
    section = RoadmapSection(year, next_school_year(year))
    current = view_of(session, owner, year, min_size, related=False)
    upcoming = view_of(session, owner, section.next_year, min_size, related=False)
    section.priorities = [_priority(p, with_outcome=True) for p in current.priorities]
    section.next_priorities = [_priority(p, with_outcome=False) for p in upcoming.priorities]
    return section


def _priority(view: PriorityView, with_outcome: bool) -> Priority:
    outcome = view.outcome.outcome
    return Priority(
        title=view.subject.label,
        target=view.target_label,
        status=view.status_label,
        outcome=f"{outcome.code} — {outcome.reason}" if with_outcome else "",
    )


@dataclass
class ItemsSummary:
    """The self-positioning items with the highest and lowest published means, and how many are withheld."""

    strengths: list[dict[Any, Any]] = field(default_factory=list)
    to_develop: list[dict[Any, Any]] = field(default_factory=list)
    withheld: int = 0
    withheld_label: str = ""
    total: int = 0


def items_summary(frame: pd.DataFrame | None, ranked: int = RANKED) -> ItemsSummary:
    """Rank the published items of a dashboard's items frame (never recomputed): strongest and weakest means."""
    summary = ItemsSummary()
    if frame is None or frame.empty:
        return summary
    summary.total = len(frame)
    hidden = frame[frame["hidden"]]
    summary.withheld = len(hidden)
    summary.withheld_label = str(hidden["hidden_label"].iloc[0]) if len(hidden) else ""
    shown = frame[~frame["hidden"] & frame["mean"].notna()]
    columns = ["theme", "text", "n", "mean"]
    ordered = shown.sort_values(["mean", "text"], ascending=[False, True], kind="stable")[columns]
    summary.strengths = ordered.head(ranked).to_dict("records")
    lowest = shown.sort_values(["mean", "text"], ascending=[True, True], kind="stable")[columns]
    strong = {r["text"] for r in summary.strengths}
    summary.to_develop = [r for r in lowest.head(ranked).to_dict("records") if r["text"] not in strong]
    return summary


def subset(table: Table, keys: list[str], title: str | None = None) -> Table:
    """Return a dashboard table restricted to some of its columns (the same rows and cells, none recomputed)."""
    columns: list[Column] = [c for c in table.columns if c.key in keys]
    rows = [{k: row.get(k) for k in keys if k in row} | _keep_uai(row) for row in table.rows]
    return Table(table.id, title or table.title, columns, rows, table.caption)


def _keep_uai(row: dict[str, Any]) -> dict[str, Any]:
    return {"uai": row["uai"]} if "uai" in row else {}


@dataclass
class Point:
    label: str
    value: float | None  # None: withheld or no answer, `note` says which
    note: str = ""


@dataclass
class Panel:
    """One small chart: a dimension's published mean, year after year."""

    title: str
    points: list[Point] = field(default_factory=list)


def progression_panels(frame: pd.DataFrame | None, min_size: int, unit: str | None = None) -> list[Panel]:
    """Group a dashboard's progression frame by dimension (one unit's rows when `unit` is given), values as they are."""
    if frame is None or frame.empty:
        return []
    rows = frame if unit is None else frame[frame["unit"] == unit]
    panels: dict[str, Panel] = {}
    for record in rows.to_dict("records"):
        panel = panels.setdefault(record["dimension"], Panel(record["dimension"]))
        value = None if pd.isna(record["mean"]) else float(record["mean"])
        note = ""
        if value is None:
            note = record.get("hidden_label") or hidden_label(record.get("reason") or "", min_size)
        panel.points.append(Point(record["school_year"], value, note))
    return list(panels.values())


def bars(
    frame: pd.DataFrame | None, label: str, before: str, after: str, note: str, unit: str | None = None
) -> list[dict[str, Any]]:
    """Turn a dashboard's comparison frame into chart rows (label, before, after; None where withheld)."""
    if frame is None or frame.empty:
        return []
    rows = frame if unit is None else frame[frame["unit"] == unit]
    out = []
    for record in rows.to_dict("records"):
        out.append(
            {
                "label": record[label],
                "before": None if pd.isna(record[before]) else float(record[before]),
                "after": None if pd.isna(record[after]) else float(record[after]),
                "note": record.get("hidden_after") or record.get("hidden_before") or note,
            }
        )
    return out
