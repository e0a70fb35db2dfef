"""The link that turns a training need into a priority of a feuille de route, built in one place.

It opens the feuille de route (`establishment.roadmap`, `network.pole_roadmap`, `network.network_roadmap`) of the
year being planned, its form filled with `sujet=theme:<section id>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from app.clock import today
from app.services.roadmaps.roadmaps import planned_year


@dataclass(frozen=True)
class RoadmapTarget:
    """Whose feuille de route a need would go to, for which school year."""

    endpoint: str
    args: tuple[tuple[str, str | int], ...]
    year: str


def establishment_target(uai: str, year: str) -> RoadmapTarget:
    """Aim at the establishment's feuille de route of that school year."""
    return RoadmapTarget("establishment.roadmap", (("uai", uai),), year)


def pole_target(network_id: int, pole_id: int, year: str) -> RoadmapTarget:
    """Aim at the pole's feuille de route of that school year."""
    return RoadmapTarget("network.pole_roadmap", (("network_id", network_id), ("pole_id", pole_id)), year)


def network_target(network_id: int, year: str) -> RoadmapTarget:
    """Aim at the network's feuille de route of that school year."""
    return RoadmapTarget("network.network_roadmap", (("network_id", network_id),), year)


def priority_url(target: RoadmapTarget | None, subject: str) -> str | None:
    """Return the URL that proposes `subject` (`theme:<id>`) as a priority, or None when there is none to offer.

    A need read in a past year's campaign goes to the feuille de route being written now, the current year's.
    """
    if target is None or not subject:
        return None
    values: dict[str, Any] = {**dict(target.args), "annee": planned_year(target.year, today()), "sujet": subject}
    return url_for(target.endpoint, **values)
