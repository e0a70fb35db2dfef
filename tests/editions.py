"""The shipped self-positioning instrument's second edition, as tests read it: which items it changes, and text.

Edition 2 rewords ap-temps-seance (same id: its series continues), replaces ap-signalement-harcelement by
ap-prevention-harcelement (a new id: its series starts afresh) and adds ap-formation-proximite (no past).
"""

from __future__ import annotations

import html
import re

REWORDED_KEY, OLD_KEY, REPLACING_KEY, ADDED_KEY, KEPT_KEY = (
    "ap-temps-seance",
    "ap-signalement-harcelement",
    "ap-prevention-harcelement",
    "ap-formation-proximite",
    "ap-concertation",
)


def plain(text: str) -> str:
    """Return what a reader sees: tags out, entities read, no-break spaces as ordinary ones, runs of spaces as one."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ")).strip()
