"""Respondent access: which establishment's questionnaire a link or a code opens, and whether it is open today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, cast

from babel.dates import format_date
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    AccessCode,
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignState,
    CampaignStatus,
    SurveyDefinition,
)
from app.services.campaigns.campaigns import link_of
from app.services.campaigns.codes import normalize_code
from app.surveys.schema import INDICATORS


class AccessRefused(Exception):
    """A link or code that opens no questionnaire today; `status` is the HTTP status of the page shown."""

    TITLES: ClassVar[dict[int, str]] = {
        403: "Questionnaire pas encore ouvert",
        404: "Lien ou code inconnu",
        410: "Questionnaire indisponible",
        422: "Code manquant",
    }

    def __init__(self, status: int, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title or self.TITLES.get(status, "Accès impossible")


SPENT_CODE = (
    "Ce code a déjà servi : chaque code individuel ouvre un seul questionnaire. Si vous aviez commencé à "
    "répondre, utilisez votre lien de reprise (ou revenez dans le navigateur où vous aviez commencé) ; "
    "sinon, demandez un autre code à votre établissement."
)


@dataclass(frozen=True)
class CodeAccess:
    """What a typed code opens: an establishment's questionnaire, with the single-use code if it was one.

    The code's id lives only in this object, for the request that spends it: nothing stored keeps it.
    """

    link: CampaignEstablishment
    access_code_id: int | None


class CodeSpent(AccessRefused):
    """A single-use code typed again: it was spent when it opened a questionnaire of `link`."""

    def __init__(self, link: CampaignEstablishment):
        super().__init__(410, SPENT_CODE, "Code déjà utilisé")
        self.link = link


def french_date(day: date) -> str:
    return format_date(day, "d MMMM y", locale="fr")


def link_by_token(token: str) -> CampaignEstablishment:
    """Find an establishment's questionnaire link, or refuse with a 404."""
    # One query for what every questionnaire page reads: the link, its campaign and edition, the establishment.
    query = (
        select(CampaignEstablishment)
        .filter_by(token=token)
        .options(
            joinedload(CampaignEstablishment.campaign).joinedload(Campaign.survey),
            joinedload(CampaignEstablishment.establishment),
        )
    )
    link = db.session.scalar(query) if token else None
    if link is None or link.campaign.survey.kind == INDICATORS:  # heads enter indicators on their page, not here
        raise AccessRefused(
            404,
            "Ce lien de questionnaire n'existe pas. Vérifiez qu'il a été recopié en entier, "
            "ou saisissez le code d'accès communiqué par votre établissement.",
        )
    return link


def access_mode_of(token: str) -> AccessMode | None:
    """Return how the questionnaire of a link opens (None for an unknown link), in one small query."""
    return db.session.scalar(
        select(Campaign.access_mode).join(CampaignEstablishment).where(CampaignEstablishment.token == token)
    )


def ensure_open(campaign: Campaign, today: date) -> None:
    """Refuse a campaign that takes no answers today, saying since or until when."""
    state = campaign.state(today)
    if state == CampaignState.OPEN:
        return
    if campaign.closes_on and today > campaign.closes_on and state == CampaignState.CLOSED:
        raise AccessRefused(
            410,
            f"Ce questionnaire est clos : il était ouvert jusqu'au {french_date(campaign.closes_on)} "
            "inclus. Il n'accepte plus de réponses.",
            "Questionnaire clos",
        )
    if state == CampaignState.CLOSED:
        raise AccessRefused(410, "Ce questionnaire est clos : il n'accepte plus de réponses.", "Questionnaire clos")
    if campaign.opens_on and today < campaign.opens_on:
        until = f" jusqu'au {french_date(campaign.closes_on)}" if campaign.closes_on else ""
        scheduled = "Campagne programmée : c" if state == CampaignState.SCHEDULED else "C"
        raise AccessRefused(
            403,
            f"{scheduled}e questionnaire sera ouvert à partir du {french_date(campaign.opens_on)}{until}. "
            "Revenez à cette date avec le même lien.",
            "Questionnaire programmé" if state == CampaignState.SCHEDULED else None,
        )
    raise AccessRefused(
        403,
        "Ce questionnaire n'est pas encore ouvert. Votre établissement vous préviendra de son "
        "ouverture ; le lien restera le même.",
    )


def resolve_code(typed: str, today: date) -> CodeAccess:
    """Turn a typed code (an establishment's code or a single-use code) into the questionnaire it opens."""
    code = normalize_code(typed)
    if not code:
        raise AccessRefused(422, "Saisissez le code d'accès communiqué par votre établissement.")
    link = db.session.scalar(select(CampaignEstablishment).filter_by(short_code=code))
    if link is not None and link.campaign.survey.kind == INDICATORS:
        link = None  # an indicator campaign opens no questionnaire: the same answer as an unknown code
    if link is not None:
        ensure_open(link.campaign, today)
        if link.campaign.access_mode == AccessMode.CODES:
            raise AccessRefused(
                403,
                "Ce questionnaire se remplit avec un code individuel : saisissez le code personnel "
                "remis par votre établissement.",
                "Code individuel nécessaire",
            )
        return CodeAccess(link, None)
    access_code = db.session.scalar(select(AccessCode).filter_by(code=code))
    link = link_of(access_code.campaign_id, access_code.establishment_id) if access_code is not None else None
    if access_code is None or link is None:
        raise AccessRefused(
            404,
            "Ce code n'existe pas. Vérifiez qu'il est recopié sans erreur "
            "(les espaces, tirets et minuscules ne comptent pas).",
            "Code inconnu",
        )
    ensure_open(link.campaign, today)
    if access_code.used:
        raise CodeSpent(link)
    return CodeAccess(link, access_code.id)


def spend_code(access: CodeAccess) -> None:
    """Mark a single-use code used, only if it still was unused: of two browsers typing it, one wins.

    The code is spent when it opens the questionnaire, not when the answers are sent, so that no draft ever
    needs to know which code opened it.
    """
    if access.access_code_id is None:
        return
    result = db.session.execute(
        update(AccessCode)
        .where(
            AccessCode.id == access.access_code_id,
            AccessCode.campaign_id == access.link.campaign_id,
            AccessCode.used.is_(False),
        )
        .values(used=True)
    )
    if cast("CursorResult[Any]", result).rowcount != 1:  # an UPDATE gives a CursorResult
        raise CodeSpent(access.link)


def rate_limit_key(typed: str) -> str:
    """Key the rate limit on the code itself, however it is typed, so that guessing one code is slowed down."""
    return "code:" + normalize_code(typed)


def needs_code(link: CampaignEstablishment) -> bool:
    """Say whether the questionnaire opens only with a single-use code (never by its link alone)."""
    return link.campaign.access_mode == AccessMode.CODES


def other_open_links(link: CampaignEstablishment, today: date, skip_link_ids: set[int]) -> list[CampaignEstablishment]:
    """List the establishment's other questionnaires open today, of other instruments than `link`'s."""
    current_slug = link.campaign.survey.slug
    links = db.session.scalars(
        select(CampaignEstablishment)
        .join(Campaign)
        .join(SurveyDefinition)
        .where(
            CampaignEstablishment.establishment_id == link.establishment_id,
            Campaign.status == CampaignStatus.OPEN,
            SurveyDefinition.slug != current_slug,
            SurveyDefinition.kind != INDICATORS,
        )
        .order_by(Campaign.id)
    )
    return [other for other in links if other.id not in skip_link_ids and other.campaign.accepts_answers(today)]
