"""Campaigns: create them with their checks, give each establishment its link, open and close them, follow them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app import clock
from app.clock import utcnow
from app.extensions import db
from app.models import (
    AccessCode,
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignScope,
    CampaignStatus,
    Establishment,
    Network,
    Response,
    SurveyDefinition,
    User,
)
from app.services.accounts import audit
from app.services.campaigns.codes import (
    MAX_CODES_ON_A_PAGE,
    code_counts,
    generate_codes,
    new_token,
    unique_short_codes,
)
from app.services.campaigns.errors import CampaignError as CampaignError  # noqa: PLC0414  (re-exported for callers)
from app.services.campaigns.scope import Scope, establishments_in_scope, scope_label
from app.services.indicators.periods import period_problem

PERIODS = ["S1", "S2", "T1", "T2", "T3"]
_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")

# action in the URL → (statuses it applies to, new status, audit action)
TRANSITIONS = {
    "ouvrir": ({CampaignStatus.DRAFT}, CampaignStatus.OPEN, "campaign.open"),
    "cloturer": ({CampaignStatus.OPEN}, CampaignStatus.CLOSED, "campaign.close"),
}
# A closed campaign's results are published: reopening it, then closing it again, would publish figures that
# differ from the first ones by fewer than k responses, and so tell those few answers (docs/privacy.md).
REOPEN_REFUSED = (
    "Une campagne clôturée ne peut pas être rouverte : ses résultats sont publiés, et les publier à nouveau "
    "après quelques réponses de plus permettrait, par différence, de lire ces réponses. "
    "Pour interroger à nouveau les personnels, créez une nouvelle campagne."
)
PAST_CLOSING = (
    "La date de clôture de cette campagne est passée : ouverte, elle serait aussitôt clôturée. "
    "Créez une nouvelle campagne avec d'autres dates."
)


def is_valid_school_year(value: str) -> bool:
    """Accept "2025-2026": two years, the second following the first."""
    match = _SCHOOL_YEAR.match((value or "").strip())
    return match is not None and 2000 <= int(match[1]) <= 2100 and int(match[2]) == int(match[1]) + 1


def school_year_of(day: date) -> int:
    """Return the first calendar year of the school year containing `day` (it starts on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def current_school_year(today: date) -> str:
    """Return the school year containing `today`, written "2025-2026"."""
    first = school_year_of(today)
    return f"{first}-{first + 1}"


def _version_key(row: SurveyDefinition) -> tuple[tuple[int, ...], datetime]:
    parts = tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.\-]", row.version))
    return parts, row.loaded_at


def survey_editions() -> list[SurveyDefinition]:
    """Every stored edition, grouped by instrument, newest edition first within each."""
    rows = db.session.scalars(select(SurveyDefinition)).all()
    by_slug: dict[str, list[SurveyDefinition]] = {}
    for row in rows:
        by_slug.setdefault(row.slug, []).append(row)
    editions: list[SurveyDefinition] = []
    for slug in sorted(by_slug, key=lambda s: by_slug[s][0].title.lower()):
        editions += sorted(by_slug[slug], key=_version_key, reverse=True)
    return editions


def create_campaign(
    survey: SurveyDefinition,
    network: Network,
    school_year: str,
    *,
    period: str | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    access_mode: AccessMode = AccessMode.LINK,
    status: CampaignStatus = CampaignStatus.DRAFT,
    scope: Scope | None = None,
) -> Campaign:
    """Create a campaign and give every establishment of its scope (by default the network) its link and code."""
    scope = scope or Scope()
    campaign = Campaign(
        survey=survey,
        network=network,
        school_year=school_year,
        period=period or None,
        opens_on=opens_on,
        closes_on=closes_on,
        access_mode=access_mode,
        status=status,
        scope=scope.kind,
        poles=list(scope.poles),
    )
    db.session.add(campaign)
    db.session.flush()
    add_links(campaign, [establishment.id for establishment in scope.establishments])
    attach_establishments(campaign)
    if status == CampaignStatus.CLOSED:
        freeze_membership(campaign)
    return campaign


def attach_establishments(campaign: Campaign) -> list[CampaignEstablishment]:
    """Give each establishment of the campaign's scope a link, once (those arrived since get one too)."""
    attached = set(
        db.session.scalars(select(CampaignEstablishment.establishment_id).filter_by(campaign_id=campaign.id))
    )
    establishments = db.session.scalars(establishments_in_scope(campaign)).all()
    return add_links(campaign, [e.id for e in establishments if e.id not in attached])


def add_links(campaign: Campaign, establishment_ids: list[int]) -> list[CampaignEstablishment]:
    """Give these establishments a link and a short code in the campaign (single-use codes are made on demand)."""
    codes = unique_short_codes(len(establishment_ids))
    added = [
        CampaignEstablishment(campaign_id=campaign.id, establishment_id=eid, token=new_token(), short_code=code)
        for eid, code in zip(establishment_ids, codes)
    ]
    db.session.add_all(added)
    db.session.flush()
    return added


def freeze_membership(campaign: Campaign) -> list[CampaignEstablishment]:
    """Record on each link the establishment's pole and type, which the campaign's results then use for ever.

    Links frozen at an earlier closing keep their values: reopening and closing again cannot move a school
    between the poles of published results. An establishment with responses but no link is given one first.
    """
    unlinked = db.session.scalars(
        select(Response.establishment_id)
        .distinct()
        .where(
            Response.campaign_id == campaign.id,
            Response.establishment_id.not_in(
                select(CampaignEstablishment.establishment_id).where(CampaignEstablishment.campaign_id == campaign.id)
            ),
        )
    ).all()
    add_links(campaign, sorted(unlinked))
    links = db.session.scalars(
        select(CampaignEstablishment).where(
            CampaignEstablishment.campaign_id == campaign.id, CampaignEstablishment.frozen_at.is_(None)
        )
    ).all()
    now = utcnow()
    for link in links:
        link.pole_id, link.kind, link.frozen_at = link.establishment.pole_id, link.establishment.kind, now
    db.session.flush()
    return list(links)


def start_campaign(
    survey: SurveyDefinition,
    network: Network,
    school_year: str,
    *,
    period: str | None,
    opens_on: date | None,
    closes_on: date | None,
    access_mode: AccessMode,
    actor: User,
    scope: Scope | None = None,
) -> Campaign:
    """Create a campaign after checking its year, its dates and that it does not exist already; journal it."""
    school_year = (school_year or "").strip()
    if not is_valid_school_year(school_year):
        raise CampaignError("L'année scolaire s'écrit AAAA-AAAA, la seconde année suivant la première (ex. 2025-2026).")
    if period and period not in PERIODS:
        raise CampaignError(f"Période inconnue : « {period} ».")
    if problem := period_problem(survey.kind, period):  # an indicator campaign reports on S1 or S2
        raise CampaignError(problem)
    if opens_on and closes_on and closes_on < opens_on:
        raise CampaignError("La date de clôture précède la date d'ouverture.")
    duplicate = db.session.scalar(
        select(Campaign.id)
        .join(SurveyDefinition)
        .where(
            SurveyDefinition.slug == survey.slug,
            Campaign.network_id == network.id,
            Campaign.school_year == school_year,
            Campaign.period == period if period else Campaign.period.is_(None),
        )
    )
    if duplicate:
        raise CampaignError("Une campagne de cet instrument existe déjà pour ce réseau, cette année et cette période.")
    campaign = create_campaign(
        survey,
        network,
        school_year,
        period=period or None,
        opens_on=opens_on,
        closes_on=closes_on,
        access_mode=access_mode,
        scope=scope,
    )
    within = "" if campaign.scope == CampaignScope.NETWORK else f" ({scope_label(campaign).lower()})"
    audit.record(actor, "campaign.create", f"{campaign.label} — réseau « {network.name} »{within}")
    return campaign


def set_status(campaign: Campaign, status: CampaignStatus) -> Campaign:
    """Open or close a campaign; opening attaches establishments added since, closing freezes membership."""
    if campaign.status == CampaignStatus.CLOSED and status != CampaignStatus.CLOSED:
        raise CampaignError(REOPEN_REFUSED)
    campaign.status = status
    if status == CampaignStatus.OPEN:
        attach_establishments(campaign)
    elif status == CampaignStatus.CLOSED:
        freeze_membership(campaign)
    db.session.flush()
    return campaign


def change_status(campaign: Campaign, action: str, actor: User, today: date | None = None) -> str:
    """Apply a transition named in the URL (ouvrir, cloturer) and journal it; return its audit action."""
    if action == "rouvrir" or (action == "ouvrir" and campaign.status == CampaignStatus.CLOSED):
        raise CampaignError(REOPEN_REFUSED)
    if action not in TRANSITIONS:
        raise CampaignError("Action inconnue.")
    allowed, status, audit_action = TRANSITIONS[action]
    if campaign.status not in allowed:
        raise CampaignError("Cette action n'est pas possible dans l'état actuel de la campagne.")
    if status == CampaignStatus.OPEN and campaign.closes_on and campaign.closes_on < (today or clock.today()):
        raise CampaignError(PAST_CLOSING)
    set_status(campaign, status)
    audit.record(actor, audit_action, campaign.label)
    return audit_action


def add_codes(campaign: Campaign, establishment: Establishment, count: int, actor: User) -> list[AccessCode]:
    """Create single-use codes, for a campaign by codes that is not closed, and journal them."""
    if campaign.access_mode != AccessMode.CODES:
        raise CampaignError("Cette campagne s'ouvre par un lien commun : elle n'utilise pas de codes individuels.")
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignError("La campagne est clôturée : elle n'accepte plus de réponses, ni de nouveaux codes.")
    if not 1 <= count <= MAX_CODES_ON_A_PAGE:
        raise CampaignError(f"Générez entre 1 et {MAX_CODES_ON_A_PAGE} codes à la fois.")
    codes = generate_codes(campaign, establishment, count)
    audit.record(actor, "campaign.codes", f"{len(codes)} code(s) pour {establishment.label} — {campaign.label}")
    return codes


def campaign_links(campaign: Campaign) -> list[CampaignEstablishment]:
    """Return each establishment's link of a campaign, by establishment name."""
    return list(
        db.session.scalars(
            select(CampaignEstablishment)
            .join(Establishment)
            .where(CampaignEstablishment.campaign_id == campaign.id)
            .order_by(Establishment.name)
        )
    )


def link_of(campaign_id: int, establishment_id: int) -> CampaignEstablishment | None:
    """Return an establishment's link to a campaign, if it has one."""
    return db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=campaign_id, establishment_id=establishment_id)
    )


@dataclass
class EstablishmentProgress:
    link: CampaignEstablishment
    responses: int
    codes: int
    codes_used: int


def progress(campaign: Campaign) -> list[EstablishmentProgress]:
    """Each establishment's link with its number of responses and of codes (given, used)."""
    responses = dict(
        db.session.execute(
            select(Response.establishment_id, func.count())
            .where(Response.campaign_id == campaign.id)
            .group_by(Response.establishment_id)
        ).all()
    )
    codes = code_counts(campaign)
    return [
        EstablishmentProgress(link, responses.get(link.establishment_id, 0), *codes.get(link.establishment_id, (0, 0)))
        for link in campaign_links(campaign)
    ]


def responses_by_campaign(campaign_ids: list[int]) -> dict[int, int]:
    """Return the number of responses of each campaign."""
    if not campaign_ids:
        return {}
    return dict(
        db.session.execute(
            select(Response.campaign_id, func.count())
            .where(Response.campaign_id.in_(campaign_ids))
            .group_by(Response.campaign_id)
        ).all()
    )
