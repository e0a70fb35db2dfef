"""What the demo is asked for, what it reports, and the error it stops with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class DemoError(Exception):
    """The demo cannot be built here, with a French message."""


@dataclass(frozen=True)
class DemoOptions:
    establishments: int = 30
    respondents: int = 12  # mean responses per establishment, campaign and instrument
    campaigns: int = 3  # past, closed school years; one open campaign per instrument comes on top
    seed: int = 42
    today: date | None = None
    comparison: bool = True  # two more networks (départements 13 and 84) for the académie's comparison


@dataclass
class DemoReport:
    networks: int = 0
    poles: int = 0
    establishments: int = 0
    campaigns: int = 0
    responses: int = 0
    answers: int = 0
    comments: int = 0
    agreed_levels: int = 0
    roadmap_priorities: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, what it may see)
    open_links: list[tuple[str, str]] = field(default_factory=list)  # (campaign label, respondent token)
