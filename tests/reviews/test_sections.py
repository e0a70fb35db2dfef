"""The reviews' small parts: school years read and chosen, items ranked from a dashboard's frame."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from app.models import CampaignStatus
from app.services.reviews.sections import (
    BadYear,
    UnknownYear,
    campaign_of_year,
    items_summary,
    parse_year,
)
from app.services.roadmaps.roadmaps import next_school_year


@pytest.mark.parametrize("text", ["2025", "2025-2027", "2025-2026x", "25-26", "2025 - 2026", "２０２５-２０２６"])
def test_a_badly_written_year_is_refused(text):
    with pytest.raises(BadYear):
        parse_year(text)


def test_a_year_is_read_and_followed():
    assert parse_year(" 2025-2026 ") == "2025-2026" and parse_year("") is None and parse_year(None) is None
    assert next_school_year("2025-2026") == "2026-2027"


def _campaign(year: str, status: CampaignStatus, period: str = "") -> SimpleNamespace:
    return SimpleNamespace(school_year=year, status=status, period=period)


def test_the_latest_closed_campaign_of_the_year_is_chosen():
    t1 = _campaign("2025-2026", CampaignStatus.CLOSED, "T1")
    t2 = _campaign("2025-2026", CampaignStatus.CLOSED, "T2")
    t3 = _campaign("2025-2026", CampaignStatus.OPEN, "T3")
    items = _campaign("2025-2026", CampaignStatus.CLOSED)
    every = [t1, t2, t3, items]
    assert campaign_of_year(every, "2025-2026", [t1, t2, t3]) is t2  # type: ignore[arg-type]
    assert campaign_of_year(every, "2025-2026", [t3]) is t3  # type: ignore[arg-type]
    assert campaign_of_year(every, "2025-2026", []) is items  # type: ignore[arg-type]
    with pytest.raises(UnknownYear):
        campaign_of_year(every, "2024-2025", [t1])  # type: ignore[arg-type]


HIDDEN = "moins de 5 réponses"


def test_items_are_ranked_from_their_published_means_only():
    frame = pd.DataFrame(
        [
            {"theme": "A", "text": "haut", "n": 9, "mean": 3.6, "hidden": False, "hidden_label": ""},
            {"theme": "A", "text": "bas", "n": 8, "mean": 1.4, "hidden": False, "hidden_label": ""},
            {"theme": "B", "text": "milieu", "n": 7, "mean": 2.5, "hidden": False, "hidden_label": ""},
            {
                "theme": "B",
                "text": "caché",
                "n": None,
                "mean": None,
                "hidden": True,
                "hidden_label": "moins de 5 réponses",
            },
        ]
    )
    summary = items_summary(frame, ranked=1)
    assert [r["text"] for r in summary.strengths] == ["haut"]
    assert [r["text"] for r in summary.to_develop] == ["bas"]
    assert (summary.withheld, summary.withheld_label, summary.total) == (1, HIDDEN, 4)
    assert items_summary(None).total == 0
