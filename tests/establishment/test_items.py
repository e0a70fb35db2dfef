"""Self-positioning items: diverging shares per item, "non concerné" apart, small items hidden."""

import re

from app.models import CampaignStatus
from tests.dashboards import small_network

ITEM_A, ITEM_B = "ap-besoins-debut-sequence", "ap-differenciation"


def test_items_of_the_same_school_year_are_shown(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    items = make.campaign(
        "autopositionnement",
        network=world["network"],
        school_year="2025-2026",
        status=CampaignStatus.CLOSED,
        establishments=[a3],
    )
    keys = [ITEM_A, ITEM_B]
    for value_a, value_b in [(1, 4), (2, 4), (3, None), (4, None), (4, None), (3, 3)]:
        make.response(items, a3, {keys[0]: value_a, keys[1]: value_b})
    login("head", a3)
    html = client.get(f"/etablissement/{a3.uai}?campagne={world['now'].id}").get_data(as_text=True)
    section = re.search(r'id="autopositionnement".*?</section>', html, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    # item A: 1, 2, 3, 4, 4, 3 → one sixth at each end, mean 17/6 ≈ 2.8
    assert "6 0 17 % 17 % 33 % 33 % 2,8" in text  # n, non concerné, shares per point, mean
    # item B: only 3 answers with a value (3 "non concerné"): hidden
    assert "moins de 5 réponses" in text
    assert '"type":"bar"' in section and '"orientation":"h"' in section
