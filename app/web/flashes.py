"""Messages shown where the eye is: a saved form's confirmation at the section the page lands on.

A form that redirects to `#niveaux` flashes with `flash_at(…, "niveaux")`; the section of that id shows the message
at its top (`flashes_at` in the template), and the layout shows only the messages no section took, at the top.
"""

from __future__ import annotations

from typing import cast

from flask import flash, g, get_flashed_messages

ANCHOR_MARK = "@"


def flash_at(message: str, anchor: str, category: str = "success") -> None:
    """Flash `message` for the section whose id is `anchor` (`#anchor` ends the URL the view redirects to)."""
    flash(message, f"{category}{ANCHOR_MARK}{anchor}")


def _taken() -> set[str]:
    if "flash_anchors" not in g:
        g.flash_anchors = set()
    taken: set[str] = g.flash_anchors
    return taken


def _flashed() -> list[tuple[str, str, str]]:
    """(category, anchor, message) of this request's messages; Flask keeps them for the whole request."""
    found = []
    flashed = cast("list[tuple[str, str]]", get_flashed_messages(with_categories=True))
    for category, message in flashed:
        kind, _, place = str(category).partition(ANCHOR_MARK)
        found.append((kind, place, str(message)))
    return found


def flashes_at(anchor: str) -> list[tuple[str, str]]:
    """Return (category, message) of the messages flashed for `anchor`, and mark them shown."""
    _taken().add(anchor)
    return [(kind, message) for kind, place, message in _flashed() if place == anchor]


def page_flashes() -> list[tuple[str, str]]:
    """Return the messages no section of the page showed (a section not drawn gives its message back here)."""
    taken = _taken()
    return [(kind, message) for kind, place, message in _flashed() if not place or place not in taken]
