"""What a campaign hands out: links, QR codes, codes to cut out, and their CSV downloads."""

from __future__ import annotations

import base64
import csv
import io

import qrcode
import qrcode.image.svg
from flask import current_app
from werkzeug.routing import BuildError

from app.models import AccessCode, Campaign, CampaignEstablishment, User
from app.services.accounts import audit
from app.services.accounts.links import external_url
from app.services.campaigns.administration import codes_of
from app.services.campaigns.campaigns import campaign_links

# Spreadsheets run a cell starting with these as a formula: quote it (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _respondent_endpoint() -> str | None:
    """Find the respondent page opened by an establishment's token (the shortest such route)."""
    rules = [
        rule
        for rule in current_app.url_map.iter_rules()
        if rule.endpoint.startswith("respondent.") and set(rule.arguments) == {"token"} and "GET" in rule.methods
    ]
    return min(rules, key=lambda rule: len(rule.rule)).endpoint if rules else None


def respondent_url(token: str, endpoint: str | None = None) -> str:
    """The link an establishment's staff open to answer."""
    endpoint = endpoint or _respondent_endpoint()
    if endpoint:
        return external_url(endpoint, token=token)
    return current_app.config["BOUSSOLE_BASE_URL"].rstrip("/") + f"/q/{token}"


def code_entry_url() -> str:
    """The page where a code is typed (the respondent's code page, else the home page that also takes one)."""
    try:
        return external_url("respondent.code_form")
    except BuildError:
        return external_url("main.home")


def link_urls(links: list[CampaignEstablishment]) -> dict[int, str]:
    """Map each link's establishment id to its URL."""
    endpoint = _respondent_endpoint()
    return {link.establishment_id: respondent_url(link.token, endpoint) for link in links}


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


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[object]]) -> str:
    """A CSV that French spreadsheets open as is: BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


def links_csv(campaign: Campaign, links: list[CampaignEstablishment]) -> str:
    urls = link_urls(links)
    return _csv(
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


def codes_csv(codes: list[AccessCode], establishments: dict[int, CampaignEstablishment]) -> str:
    rows = []
    for code in codes:
        establishment = establishments[code.establishment_id].establishment
        rows.append([establishment.uai, establishment.name, display_code(code.code), "oui" if code.used else "non"])
    return _csv(["UAI", "Établissement", "Code", "Utilisé"], rows)


def csv_filename(campaign: Campaign, what: str) -> str:
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
    text = codes_csv(codes_of(campaign), links)
    audit.record(actor, "campaign.export_codes", campaign.label)
    return text
