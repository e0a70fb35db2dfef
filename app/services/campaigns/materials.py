"""What a campaign hands out: links, QR codes, codes to cut out, and their CSV downloads."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from sqlalchemy import select
from werkzeug.routing import BuildError

from app.extensions import db
from app.models import (
    AccessCode,
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignStatus,
    Establishment,
    User,
)
from app.services.accounts import audit
from app.services.accounts.links import external_url
from app.services.campaigns.campaigns import campaign_links
from app.services.campaigns.codes import code_counts, codes_of
from app.services.dashboards.exports import csv_text


def respondent_url(token: str, *, from_request: bool = True) -> str:
    """Return the link an establishment's staff open to answer, on `base_url()` (also from the command line).

    `from_request=False` for a mail: its link must not depend on whose request happened to queue it.
    """
    return external_url("respondent.landing", from_request=from_request, token=token)


def code_entry_url(*, from_request: bool = True) -> str:
    """The page where a code is typed (the respondent's code page, else the home page that also takes one)."""
    try:
        return external_url("respondent.code_form", from_request=from_request)
    except BuildError:
        return external_url("main.home", from_request=from_request)


def sheet_context(campaign: Campaign, link: CampaignEstablishment, *, from_request: bool = True) -> dict[str, object]:
    """What the staff-room poster shows (admin/_staff_sheet.html): on the page, and as the PDF a head is mailed."""
    url = respondent_url(link.token, from_request=from_request)
    return {
        "campaign": campaign,
        "link": link,
        "url": url,
        "qr": qr_data_uri(url),
        "entry_url": code_entry_url(from_request=from_request),
        "code": display_code(link.short_code),
    }


def link_urls(links: list[CampaignEstablishment]) -> dict[int, str]:
    """Map each link's establishment id to its URL."""
    return {link.establishment_id: respondent_url(link.token) for link in links}


def display_code(code: str) -> str:
    """Show a code in groups of four, easier to read aloud (typing ignores the dash)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def qr_data_uri(text: str) -> str:
    """Return an SVG QR code of `text` as a data: URI (the CSP allows data: images)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def links_csv(campaign: Campaign, links: list[CampaignEstablishment]) -> str:
    """Return the CSV of each establishment's link and short code."""
    urls = link_urls(links)
    return csv_text(
        ["UAI", "Établissement", "Pôle", "Code établissement", "Lien"],
        [
            [
                link.establishment.uai,
                link.establishment.name,
                link.establishment.pole.name if link.establishment.pole else "",
                link.short_code,
                urls[link.establishment_id],
            ]
            for link in links
        ],
    )


def codes_csv(
    codes: list[AccessCode], establishments: dict[int, CampaignEstablishment], counts: dict[int, tuple[int, int]]
) -> str:
    """Return the CSV of single-use codes with their establishment, and how many of its codes are used, never which.

    Every code is listed, used or not: two downloads a week apart then show no difference to draw a name from.
    """
    rows = []
    for code in codes:
        establishment = establishments[code.establishment_id].establishment
        total, used = counts.get(code.establishment_id, (0, 0))
        rows.append([establishment.uai, establishment.name, display_code(code.code), f"{used} sur {total}"])
    return csv_text(["UAI", "Établissement", "Code", "Codes utilisés dans l'établissement"], rows)


@dataclass(frozen=True)
class CodeSheet:
    """The codes still to hand out in one establishment, and how many of its codes are used (not which)."""

    codes: list[str]
    total: int
    used: int


def code_sheet(campaign: Campaign, establishment_id: int) -> CodeSheet:
    """Return the sheet of an establishment's unused single-use codes, to cut out and hand out one per person."""
    codes = [display_code(code.code) for code in codes_of(campaign, establishment_id, unused_only=True)]
    total, used = code_counts(campaign).get(establishment_id, (0, 0))
    return CodeSheet(codes, total, used)


@dataclass(frozen=True)
class CodesCampaign:
    """A campaign by single-use codes an establishment takes part in, with how many of its codes are used."""

    link: CampaignEstablishment
    total: int
    used: int


def codes_campaigns(establishment: Establishment) -> list[CodesCampaign]:
    """Return the establishment's campaigns by single-use codes that are not closed, newest first."""
    links = db.session.scalars(
        select(CampaignEstablishment)
        .join(Campaign)
        .where(
            CampaignEstablishment.establishment_id == establishment.id,
            Campaign.access_mode == AccessMode.CODES,
            Campaign.status != CampaignStatus.CLOSED,
        )
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    found = []
    for link in links:
        total, used = code_counts(link.campaign).get(establishment.id, (0, 0))
        found.append(CodesCampaign(link, total, used))
    return found


def csv_filename(campaign: Campaign, what: str) -> str:
    """Name a campaign's CSV download after its instrument, network, year and period."""
    period = f"-{campaign.period}" if campaign.period else ""
    return f"{what}-{campaign.survey.slug}-{campaign.network.name}-{campaign.school_year}{period}.csv".replace(" ", "_")


def export_links(campaign: Campaign, actor: User) -> str:
    """Return the CSV of every establishment's link and code, journaled as downloaded."""
    text = links_csv(campaign, campaign_links(campaign))
    audit.record(actor, "campaign.export_links", campaign.label)
    return text


def export_codes(campaign: Campaign, actor: User) -> str:
    """Return the CSV of the campaign's single-use codes, journaled as downloaded."""
    links = {link.establishment_id: link for link in campaign_links(campaign)}
    text = codes_csv(codes_of(campaign), links, code_counts(campaign))
    audit.record(actor, "campaign.export_codes", campaign.label)
    return text
