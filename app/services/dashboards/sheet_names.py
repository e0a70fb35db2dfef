"""Excel sheet names a reader recognises: a table's title shortened with care, never cut mid-word or silently.

Excel refuses a sheet name over 31 characters, holding one of : \\ / ? * [ ], starting or ending with an
apostrophe, or twice in a workbook (case aside). A title is shortened step by step, each step losing less
meaning than the next: filler words, then school years (« 2024-2025 » → « 2024-25 » → « 24-25 »), then whole
words at the end (marked « … »).
"""

from __future__ import annotations

import re

SHEET_MAX = 31
# Each forbidden character becomes a visible look-alike, so that « Évolution : 2024 » keeps its sense.
VISIBLE = {":": " –", "/": "-", "\\": "-", "?": "？", "*": "×", "[": "(", "]": ")"}
FILLERS = re.compile(r"\s(?:de la|de l'|des|du|de|d'|les|la|le|l'|par)\s", re.IGNORECASE)
FULL_YEAR = re.compile(r"\b(20\d\d)-20(\d\d)\b")
SHORT_YEAR = re.compile(r"\b20(\d\d)-(\d\d)\b")
# Words long enough to crowd out the rest, in the abbreviations a French reader knows.
ABBREVIATIONS = {
    "Autopositionnement": "Autopos.",
    "autopositionnement": "autopos.",
    "Établissements": "Étab.",
    "établissements": "étab.",
    "Établissement": "Étab.",
    "établissement": "étab.",
    "Participation": "Particip.",
    "participation": "particip.",
}
TAIL = re.compile(r"^(?P<head>.+?)(?P<tail> [–—] [^–—]{1,12})$")  # « … — 2025-26 S1 »: the year, kept whole
RESERVED = {"history"}  # Excel keeps that name for itself


def _visible(title: str) -> str:
    text = "".join(VISIBLE.get(char, char) for char in title)
    return re.sub(r"\s+", " ", text).strip().strip("'").strip()


def _drop_fillers(text: str) -> str:
    previous = None
    while previous != text:  # « des pôles et des » : overlapping matches need a second pass
        previous, text = text, FILLERS.sub(" ", text)
    return text


def _abbreviate(text: str) -> str:
    return " ".join(ABBREVIATIONS.get(word, word) for word in text.split(" "))


def _cut(text: str, limit: int) -> str:
    """Keep whole words up to `limit` characters, « … » marking what was left out; a year at the end stays."""
    if len(text) <= limit:
        return text
    tail = TAIL.match(text)
    if tail and len(tail["tail"]) < limit - 8:
        return _cut(tail["head"], limit - len(tail["tail"])) + tail["tail"]
    words, kept = text.split(" "), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate) + 1 > limit:
            break
        kept = candidate
    kept = (kept or text[: limit - 1]).rstrip(" –-,;")
    return kept + "…"


def shorten(title: str, limit: int = SHEET_MAX) -> str:
    """Return `title` with its forbidden characters made visible, shortened to `limit` characters."""
    text = _visible(title)
    for step in (
        _drop_fillers,
        lambda t: FULL_YEAR.sub(r"\1-\2", t),
        _abbreviate,
        lambda t: SHORT_YEAR.sub(r"\1-\2", t),
    ):
        if len(text) <= limit:
            return text
        text = step(text)
    return _cut(text, limit) or "Tableau"


def sheet_name(title: str, used: set[str]) -> str:
    """Return a sheet name for `title` not yet in `used` (lower-cased names), and add it there."""
    base = shorten(title) or "Tableau"
    name, counter = base, 2
    while name.lower() in used or name.lower() in RESERVED:
        suffix = f" ({counter})"
        name = shorten(title, SHEET_MAX - len(suffix)) + suffix
        counter += 1
    used.add(name.lower())
    return name
