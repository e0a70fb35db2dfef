"""Where a `?next=` may lead: a path of this site, nothing else."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# As sent: one slash, then only the printable ASCII characters of a URL (no space, backslash, quote or control
# character), and never a second slash or a backslash right after the first.
_URL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*")
_MAX_LENGTH = 2000
_MAX_DECODINGS = 3


def local_path_or_none(target: str | None) -> str | None:
    """Return `target` if it is a path of this site (`/reseau/?x=1`), else None.

    Refused: schemes (`https:`, `javascript:`), `//host`, backslashes, control characters and spaces, and each of
    these percent-encoded (`/%2F%2Fhost`, `/%09/host`, even twice), since a browser or a proxy may decode them.
    """
    if not target or len(target) > _MAX_LENGTH or not _URL_PATH.fullmatch(target):
        return None
    candidate = target
    for _ in range(_MAX_DECODINGS):
        decoded = unquote(candidate)
        if decoded == candidate:
            return target if _stays_here(candidate) else None
        if not _stays_here(decoded):
            return None
        candidate = decoded
    return None  # still encoded after several decodings: no link of this site looks like that


def _stays_here(path: str) -> bool:
    """Say whether a browser would read `path` as a path of the current site."""
    if not path.startswith("/") or path.startswith(("//", "/\\")) or "\\" in path:
        return False
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
