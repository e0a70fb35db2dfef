"""The demo's response model: who answers, how many, and at which level, year after year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.demo.responses import QuestionPlan
from app.surveys.schema import Survey

# How each pole's levels move from one year to the next, and on which sections (dimensions, themes) most.
PROFILES = {
    "Aix": ("steady", ("collectif", "objets-travail", "pilotage", "rituels")),
    "Pertuis": ("jump", ()),
    "Gardanne": ("focus", ("partenaires", "strategies-collectives")),
}
OTHER_PROFILES = ("steady", "jump", "focus", "flat")
# Themes that fall in the latest closed school year, by pole: training needs that appear ("fell since last year").
# Chosen among themes whose items every edition asks alike, so that the fall is not the edition's doing.
FALLS = {"Aix": ("etayage",), "Gardanne": ("atmosphere", "tissage")}
FALL = 0.16  # on the 0–1 position scale: about half a point of a four-point scale
# Where staff position themselves lower or higher across the whole network, whatever the pole (section ids).
THEME_OFFSETS = {"travail-equipe": -0.15, "ambition-parcours": -0.09, "justice-scolaire": 0.05}
QUESTION_OFFSETS = {
    "ap-observation-croisee": -0.14,  # few observe a colleague's class
    "ap-signalement-harcelement": 0.12,  # knowing whom to alert is common…
    "ap-prevention-harcelement": -0.06,  # …acting with the team less so: edition 2 replaces the one by the other
}


@dataclass
class Site:
    """What the response model needs to know of an establishment, kept out of the ORM (commits expire it)."""

    id: int
    network: int
    profile: str
    focus: tuple[str, ...]
    staff: int
    participation: float  # mean responses per closed campaign (before a yearly factor)
    low: bool  # fewer than five answers in closed campaigns: below the anonymity threshold
    falls: tuple[str, ...] = ()  # sections (themes) that fall in the latest closed school year


def spread_participation(sites: list[Site], respondents: int) -> None:
    """Give bigger establishments more responses, so that the mean stays `respondents` despite small schools."""
    mean_staff = sum(s.staff for s in sites) / len(sites)
    weights = {s.id: s.participation * (0.5 + 0.5 * s.staff / mean_staff) for s in sites}
    counted = [s for s in sites if not s.low]
    scale = float(respondents)
    for _ in range(8):  # a school cannot answer more than its staff: raise the others until the mean is reached
        expected = sum(min(s.staff, scale * weights[s.id]) for s in counted)
        if not counted or expected <= 0:
            break
        scale *= respondents * len(counted) / expected
    for site in sites:
        site.participation = min(site.staff, scale * weights[site.id])


class LevelModel:
    """Each establishment's expected position on each question, year after year."""

    def __init__(self, survey: Survey, sites: list[Site], plans: list[QuestionPlan], nrng: np.random.Generator):
        # `plans` may cover several editions: a section only an earlier one had still gets its place.
        sections = list(dict.fromkeys([s.id for s in survey.sections] + [p.section for p in plans]))
        self.section_of = np.array([sections.index(p.section) for p in plans])
        base_mean = 0.28 if survey.kind == "grid" else 0.55  # practices are rated higher than network maturity
        self.base = {s.id: nrng.normal(base_mean, 0.09) for s in sites}
        self.section_offset = {
            s.id: nrng.normal(0, 0.06, len(sections)) + [THEME_OFFSETS.get(x, 0.0) for x in sections] for s in sites
        }
        self.question_offset = nrng.normal(0, 0.05 if survey.kind != "grid" else 0.0, len(plans)) + [
            QUESTION_OFFSETS.get(p.key, 0.0) for p in plans
        ]
        self.sites = {s.id: s for s in sites}
        self.focus: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
        self.sections, self.rng = sections, nrng

    def _focused(self, site: Site) -> np.ndarray:
        """Which sections the site's pole works on: the named ones if the instrument has them, else drawn once."""
        key = (site.profile, site.focus)
        if key not in self.focus:
            named = [i for i, s in enumerate(self.sections) if s in site.focus]
            if not named and site.profile in ("steady", "focus"):
                size = min(2 if site.profile == "steady" else 1, len(self.sections))
                named = self.rng.choice(len(self.sections), size=size, replace=False).tolist()
            self.focus[key] = np.isin(np.arange(len(self.sections)), named)
        return self.focus[key]

    def means(self, site_id: int, year_index: int, last_closed: int) -> np.ndarray:
        site = self.sites[site_id]
        focused = self._focused(site)
        t = year_index
        if site.profile == "steady":
            trend = np.where(focused, 0.11 * t, 0.03 * t)
        elif site.profile == "jump":
            trend = np.full(len(self.sections), 0.01 * t + (0.22 if t >= last_closed else 0.0))
        elif site.profile == "focus":
            trend = np.where(focused, 0.12 * t, -0.01 * t)
        else:
            trend = np.full(len(self.sections), 0.015 * t)
        if t >= last_closed and site.falls:
            trend = trend - FALL * np.isin(self.sections, site.falls)
        per_section = self.base[site_id] + self.section_offset[site_id] + trend + self.rng.normal(0, 0.02)
        expected: np.ndarray = per_section[self.section_of] + self.question_offset
        return expected
