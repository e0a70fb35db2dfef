"""A grid trend across editions 1 and 2: the same dimensions (same series), « je ne sais pas » offered since 2.

The caveat says just that, on the establishment and the network dashboards: no item is reworded, replaced or new.
"""

from __future__ import annotations

import html
import re

import pytest

from app.extensions import db
from app.models import CampaignStatus
from app.services.dashboards import establishment as establishment_dashboard
from app.surveys.schema import DONT_KNOW
from tests.dashboards import answer

SINCE_2 = (
    "« Je ne sais pas » est proposé depuis la version 2 : "
    "les réponses « ne se prononce pas » ne comptent dans aucune médiane."
)


def plain(text: str) -> str:
    """Tags out, entities read, no-break spaces as ordinary ones, runs of spaces as one."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ")).strip()


def caveats(page: str) -> str:
    return plain(re.search(r'<div class="notice notice-warning caveats".*?</div>', page, re.S).group(0))


@pytest.fixture
def grid_editions(make):
    """One establishment: six responses to grid edition 1 in 2024-2025, seven to edition 2 in 2025-2026."""
    network = make.network("Réseau test")
    school = make.establishment(pole=make.pole("Aix", network=network), name="Collège Grand")
    closed = {"network": network, "status": CampaignStatus.CLOSED, "establishments": [school]}
    before = make.campaign(school_year="2024-2025", version="1", **closed)
    now = make.campaign(school_year="2025-2026", version="2", **closed)
    answer(make, before, school, [2] * 6)
    answer(make, now, school, [3] * 6)
    answer(make, now, school, [3], collectif=DONT_KNOW)  # one unsure of its collective
    return {"network": network, "school": school, "before": before, "now": now}


def test_the_establishment_caveat_says_dont_know_arrived_and_nothing_else_changed(client, login, grid_editions):
    school, now = grid_editions["school"], grid_editions["now"]
    login("head", school)
    text = caveats(client.get(f"/etablissement/{school.uai}?campagne={now.id}").get_data(as_text=True))
    assert (
        "Entre 2024-2025 et 2025-2026 : « Territoire apprenant — grille de positionnement » a changé d'édition "
        f"(version 1 → 2). {SINCE_2}"
    ) in text
    for misleading in ("Reformulé", "remplace", "Nouveau", "Retiré"):
        assert misleading not in text


def test_the_series_continue_across_the_two_editions(grid_editions):
    dash = establishment_dashboard.build(db.session, grid_editions["school"], grid_editions["now"].id, min_size=5)
    progression = dash.frames["progression"].set_index(["key", "school_year"])
    # Every dimension has both years; « collectif » is n = 6 in 2025-2026, its « je ne sais pas » apart.
    assert (
        progression.loc[("collectif", "2024-2025"), "median"],
        progression.loc[("collectif", "2025-2026"), "n"],
    ) == (
        2,
        6,
    )
    assert progression.loc[("partenaires", "2025-2026"), "n"] == 7
    assert progression["median"].notna().all()


def test_the_network_caveat_says_the_same(client, login, grid_editions):
    network, now = grid_editions["network"], grid_editions["now"]
    login("coordinator", network)
    text = caveats(client.get(f"/reseau/{network.id}?campagne={now.id}").get_data(as_text=True))
    assert f"a changé d'édition (version 1 → 2). {SINCE_2}" in text
    assert "Reformulé" not in text and "Nouveau" not in text
