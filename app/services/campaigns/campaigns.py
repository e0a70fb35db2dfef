"""Campaigns: create them, give each establishment its link and code, open and close them."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AccessCode,
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignStatus,
    Establishment,
    Network,
    SurveyDefinition,
)

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    """Return an unguessable URL token (192 bits)."""
    return secrets.token_urlsafe(24)


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(value: str) -> str:
    """Accept a code typed with spaces, dashes or in lower case."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


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
) -> Campaign:
    """Create a campaign and give every establishment of the network its link and short code."""
    campaign = Campaign(
        survey=survey,
        network=network,
        school_year=school_year,
        period=period or None,
        opens_on=opens_on,
        closes_on=closes_on,
        access_mode=access_mode,
        status=status,
    )
    db.session.add(campaign)
    db.session.flush()
    attach_establishments(campaign)
    return campaign


def attach_establishments(campaign: Campaign) -> list[CampaignEstablishment]:
    """Give each establishment of the campaign's network a link, once (new establishments get one too)."""
    attached = set(
        db.session.scalars(select(CampaignEstablishment.establishment_id).filter_by(campaign_id=campaign.id))
    )
    establishments = db.session.scalars(
        select(Establishment).filter_by(network_id=campaign.network_id).order_by(Establishment.name)
    ).all()
    missing = [e for e in establishments if e.id not in attached]
    codes = _unique_short_codes(len(missing))
    added = [
        CampaignEstablishment(
            campaign_id=campaign.id, establishment_id=establishment.id, token=new_token(), short_code=code
        )
        for establishment, code in zip(missing, codes)
    ]
    db.session.add_all(added)
    db.session.flush()
    return added


def _unique_short_codes(count: int) -> list[str]:
    """Draw `count` short codes used by no link nor single-use code, checking them in one query per round."""
    chosen: set[str] = set()
    while len(chosen) < count:
        candidates = {new_code(8) for _ in range(count - len(chosen))} - chosen
        with db.session.no_autoflush:
            taken = set(
                db.session.scalars(
                    select(CampaignEstablishment.short_code).where(CampaignEstablishment.short_code.in_(candidates))
                )
            )
            taken |= set(db.session.scalars(select(AccessCode.code).where(AccessCode.code.in_(candidates))))
        chosen |= candidates - taken
    return list(chosen)


def generate_codes(campaign: Campaign, establishment: Establishment, count: int) -> list[AccessCode]:
    """Create `count` single-use codes for one establishment of a campaign."""
    if not 1 <= count <= 2000:
        raise ValueError("Le nombre de codes doit être compris entre 1 et 2000.")
    codes = [
        AccessCode(campaign_id=campaign.id, establishment_id=establishment.id, code=code)
        for code in _unique_short_codes(count)
    ]
    db.session.add_all(codes)
    db.session.flush()
    return codes


def set_status(campaign: Campaign, status: CampaignStatus) -> Campaign:
    """Open, close or reopen a campaign; opening attaches establishments added since its creation."""
    campaign.status = status
    if status == CampaignStatus.OPEN:
        attach_establishments(campaign)
    db.session.flush()
    return campaign


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
