"""Read every publication of a campaign as an attacker would, twice, and compare the two readings (issue 12).

A reading is the text of a page, a CSV, an Excel workbook (every cell of every sheet) or an API answer. Between two
readings around one more answer to an open campaign, only the participation may change: the number of responses
and the rate against declared staff, never a figure of the results, never a count by category.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable

import openpyxl

from app.models import CampaignStatus
from app.surveys.schema import DEFAULT_CATEGORIES
from tests.dashboards import answer

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
CATEGORY_LABELS = [c.label for c in DEFAULT_CATEGORIES]


def readable(response) -> str:
    """The reading of one answer: its status, then its text (every cell of a workbook)."""
    body = response.get_data()
    if response.mimetype == "application/json":
        text = json.dumps(response.get_json(), sort_keys=True, ensure_ascii=False)
    elif body[:2] == b"PK":  # an Excel workbook
        book = openpyxl.load_workbook(io.BytesIO(body))
        text = "\n".join(
            f"{sheet.title}!{cell.coordinate}={cell.value}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    else:
        text = body.decode("utf-8-sig")
    return f"{response.status_code}\n{text}"


def read_all(client, urls: Iterable[str]) -> dict[str, str]:
    return {url: readable(client.get(url)) for url in urls}


def participation_values(counts: Iterable[int], rates: Iterable[float]) -> list[float]:
    """Every way a count or a rate may be written: 7, 0.35, 35 (%), and a rounded percentage."""
    values = [float(c) for c in counts]
    for rate in rates:
        values += [rate, 100 * rate, float(round(100 * rate)), round(rate, 4)]
    return values


def _near(value: float, allowed: list[float]) -> bool:
    return any(math.isclose(value, a, rel_tol=1e-6, abs_tol=1e-6) for a in allowed)


def assert_only_participation_changed(
    before: dict[str, str], after: dict[str, str], allowed_before: list[float], allowed_after: list[float]
) -> None:
    """Every reading keeps its words and its numbers, but for the participation counts and rates named."""
    for url, old in before.items():
        new = after[url]
        assert NUMBER.sub("#", old) == NUMBER.sub("#", new), f"{url}: the words changed"
        old_numbers, new_numbers = NUMBER.findall(old), NUMBER.findall(new)
        assert len(old_numbers) == len(new_numbers), url
        for was, now in zip(old_numbers, new_numbers):
            if was == now:
                continue
            was_value, now_value = float(was.replace(",", ".")), float(now.replace(",", "."))
            assert _near(was_value, allowed_before) and _near(now_value, allowed_after), (
                f"{url}: {was} became {now}, which is not a participation figure"
            )


def assert_no_category(readings: dict[str, str]) -> None:
    for url, text in readings.items():
        for label in CATEGORY_LABELS:
            assert label not in text, f"{url} tells the respondents' category ({label})"


def open_network(make):
    """An open campaign (after a closed one): pole A holds X (staff 20, 6 responses, one of them by the head of
    establishment's team) and Y (staff 10, 5 responses); pole B holds Z (staff unknown, 8 responses)."""
    network = make.network("Réseau ouvert")
    pole_a, pole_b = make.pole("Aix", network=network), make.pole("Pertuis", network=network)
    x = make.establishment(pole=pole_a, name="Collège Xavier", kind="Collège")
    y = make.establishment(pole=pole_a, name="Lycée Yves", kind="Lycée")
    z = make.establishment(pole=pole_b, name="Collège Zola", kind="Collège")
    before = make.campaign(
        network=network, school_year="2024-2025", status=CampaignStatus.CLOSED, establishments=[x, y, z]
    )
    answer(make, before, x, [2] * 6)
    answer(make, before, z, [1] * 6)
    now = make.campaign(network=network, school_year="2025-2026", status=CampaignStatus.OPEN)
    links = {
        "x": make.campaign_establishment(now, x, staff_size=20),
        "y": make.campaign_establishment(now, y, staff_size=10),
        "z": make.campaign_establishment(now, z),
    }
    answer(make, now, x, [2, 3, 3, 4, 4])
    answer(make, now, x, [5], category="direction")
    answer(make, now, y, [3] * 5)
    answer(make, now, z, [2] * 4 + [4] * 4)
    return {
        "network": network,
        "poles": (pole_a, pole_b),
        "est": (x, y, z),
        "before": before,
        "now": now,
        "links": links,
    }


# What changes when one more person of X answers: X's count and rate, pole A's, the network's, the collèges'.
BEFORE = participation_values([6, 11, 19, 14], [6 / 20, 11 / 30])
AFTER = participation_values([7, 12, 20, 15], [7 / 20, 12 / 30])


def establishment_urls(establishment, campaign) -> list[str]:
    base, query = f"/etablissement/{establishment.uai}", f"?campagne={campaign.id}"
    return [
        base + query,
        f"{base}/imprimer{query}",
        f"{base}/export/participation.csv{query}",
        f"{base}/export/participation.xlsx{query}",
        f"{base}/export/tout.xlsx{query}",
        f"{base}/export/niveaux.csv{query}",
        f"{base}/export/categories.csv{query}",
        f"/api/v1/establishments/{establishment.uai}/levels?campaign={campaign.id}",
    ]


def network_urls(network, campaign, extra: str = "") -> list[str]:
    base, query = f"/reseau/{network.id}", f"?campagne={campaign.id}{extra}"
    api = f"?campaign={campaign.id}{extra}"
    return [
        base + query,
        f"{base}/imprimer{query}",
        f"{base}/export/etablissements.csv{query}",
        f"{base}/export/tout.xlsx{query}",
        f"{base}/export/poles.csv{query}",
        f"/api/v1/networks/{network.id}/poles{api}",
        f"/api/v1/networks/{network.id}/progression{api}",
        f"/api/v1/networks/{network.id}/establishments{api}",
    ]
