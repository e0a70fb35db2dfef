"""Tokens and codes: unguessable link tokens, short codes drawn unique, single-use codes and their lists."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from app.extensions import db
from app.models import AccessCode, Campaign, CampaignEstablishment, Establishment

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# The most single-use codes made in one go: from the command line, and from the administration page, whose
# codes end up on a printed sheet to cut out.
MAX_CODES_PER_BATCH = 2000
MAX_CODES_ON_A_PAGE = 500


def new_token() -> str:
    """Return an unguessable URL token (192 bits)."""
    return secrets.token_urlsafe(24)


def new_code(length: int = 8) -> str:
    """Draw a short code from the alphabet that reads aloud without confusion."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(value: str) -> str:
    """Accept a code typed with spaces, dashes or in lower case."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def unique_short_codes(count: int) -> list[str]:
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
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValueError(f"Le nombre de codes doit être compris entre 1 et {MAX_CODES_PER_BATCH}.")
    codes = [
        AccessCode(campaign_id=campaign.id, establishment_id=establishment.id, code=code)
        for code in unique_short_codes(count)
    ]
    db.session.add_all(codes)
    db.session.flush()
    return codes


def codes_of(campaign: Campaign, establishment_id: int | None = None, *, unused_only: bool = False) -> list[AccessCode]:
    """Return a campaign's single-use codes (of one establishment, unused only), in creation order."""
    query = select(AccessCode).where(AccessCode.campaign_id == campaign.id).order_by(AccessCode.id)
    if establishment_id is not None:
        query = query.where(AccessCode.establishment_id == establishment_id)
    if unused_only:
        query = query.where(AccessCode.used.is_(False))
    return list(db.session.scalars(query))


def code_counts(campaign: Campaign) -> dict[int, tuple[int, int]]:
    """Count each establishment's single-use codes: (made, used). How many are used, never which."""
    counts: dict[int, tuple[int, int]] = {}
    for establishment_id, used, count in db.session.execute(
        select(AccessCode.establishment_id, AccessCode.used, func.count())
        .where(AccessCode.campaign_id == campaign.id)
        .group_by(AccessCode.establishment_id, AccessCode.used)
    ):
        total, done = counts.get(establishment_id, (0, 0))
        counts[establishment_id] = (total + count, done + (count if used else 0))
    return counts
