"""« Je ne sais pas / ne se prononce pas » is counted apart: never in n, a median or a mean, shown beside n."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.analytics.stats import summarize
from app.models import CampaignStatus
from app.surveys.schema import DONT_KNOW
from tests.dashboards import answer, grid_answers


def test_summarize_counts_dont_know_apart_from_values_and_non_applicable():
    counts = pd.DataFrame(
        {"g": ["a"] * 4, "value": [2.0, 4.0, float(DONT_KNOW), math.nan], "n": [3, 1, 2, 5]},
    )
    row = summarize(counts, ["g"], [1, 2, 3, 4, 5]).iloc[0]
    assert (row["n"], row["n_na"], row["n_dk"]) == (4, 5, 2)
    assert row["mean"] == pytest.approx(2.5)  # (3 × 2 + 4) / 4: the reserved value never enters a statistic
    assert row["median"] == 2
    assert [row[f"d{v}"] for v in range(1, 6)] == [0, 3, 0, 1, 0]


def _campaign(make, establishment, **fields):
    """A campaign of the grid's edition 2, whose levels offer « je ne sais pas »."""
    return make.campaign(
        network=establishment.network, school_year="2025-2026", establishments=[establishment], version="2", **fields
    )


@pytest.mark.parametrize("unsure, shown", [(2, True), (3, False)])
def test_dashboard_shows_dont_know_beside_n_and_the_threshold_counts_levels_only(client, make, login, unsure, shown):
    establishment = make.establishment()
    campaign = _campaign(make, establishment, status=CampaignStatus.CLOSED)
    # Seven responses: `unsure` said « je ne sais pas » on « collectif »; the others chose a level.
    answer(make, campaign, establishment, [3] * (7 - unsure))
    answer(make, campaign, establishment, [3] * unsure, collectif=DONT_KNOW)
    login("head", establishment)
    page = client.get(f"/etablissement/{establishment.uai}?campagne={campaign.id}").get_data(as_text=True)
    assert "Ne se prononce pas" in page
    csv = client.get(f"/etablissement/{establishment.uai}/export/niveaux.csv?campagne={campaign.id}")
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[1:3] == ["Réponses", "Ne se prononce pas"]
    collectif = next(line.split(";") for line in lines if line.startswith("Collectif"))
    if shown:  # 5 levels reach the threshold of 5: n = 5 beside 2 « ne se prononce pas », median 3
        assert collectif[1:4] == ["5", "2", "3,0"]
    else:  # 4 levels stay under it, whatever the 3 other responses said
        assert collectif[1] == collectif[2] == "moins de 5 réponses"
    other = next(line.split(";") for line in lines if line.startswith("Partenaires"))
    assert other[1:3] == ["7", "0"]  # a dimension nobody was unsure of
    distribution = client.get(f"/etablissement/{establishment.uai}/export/repartition.csv?campagne={campaign.id}")
    assert "Ne se prononce pas" in distribution.get_data().decode("utf-8-sig").splitlines()[0]


def test_the_response_count_keeps_every_response(client, make, login):
    establishment = make.establishment()
    campaign = _campaign(make, establishment, status=CampaignStatus.CLOSED)
    answer(make, campaign, establishment, [2] * 3)
    for _ in range(3):
        make.response(campaign, establishment, grid_answers(2, collectif=DONT_KNOW))
    login("head", establishment)
    csv = client.get(f"/etablissement/{establishment.uai}/export/participation.csv?campagne={campaign.id}")
    total = next(line.split(";") for line in csv.get_data().decode("utf-8-sig").splitlines() if "Total" in line)
    assert "6" in total
