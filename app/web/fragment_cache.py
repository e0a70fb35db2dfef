"""Rendered dashboard fragments whose data can no longer change (closed campaigns): in the database for every
worker and every machine (rendered_fragment), and in each worker's memory in front of it.

Building a network dashboard at académie scale takes a good part of a second of pandas, plotly and Jinja; its
closed campaigns change only through rare corrections, which are part of the key (see
`network_cache.content_key`). A restart, a new worker or another machine reads what one of them rendered.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from cachetools import LRUCache
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.extensions import db
from app.models import RenderedFragment
from app.services.dashboards.stored_results import PENDING

T = TypeVar("T")
MAX_BYTES = 32 * 1024 * 1024  # bounds a worker's memory, whatever the number of readers and filters
KEPT = timedelta(days=30)  # a fragment nobody rendered again for that long is forgotten (`flask campaigns tick`)

_memory: LRUCache[str, tuple[str, Any]] = LRUCache(maxsize=MAX_BYTES, getsizeof=lambda value: max(len(value[0]), 1))
_lock = threading.Lock()


@functools.cache
def code_version() -> str:
    """A name of the code that renders the pages (every template, script and module of app/, and the instruments).

    Part of every fragment's key: after an upgrade, a page is rendered by the new templates, never read back from
    what the old ones stored.
    """
    digest = hashlib.sha256()
    roots = [Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "surveys"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".js", ".css", ".yaml"} and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _name(key: Hashable) -> str:
    return hashlib.sha256((code_version() + repr(key)).encode()).hexdigest()


def cached(key_of: Callable[[], Hashable | None], render: Callable[[], tuple[str, T]]) -> tuple[str, T]:
    """Return `render()`, an (html, extra) pair with a JSON-able extra, reusing the one stored under `key_of()`.

    A None key is never stored. The key is read again after rendering: a change committed meanwhile (the render
    reads other snapshots) would otherwise leave a page under a key it does not match.
    """
    key = key_of()
    if key is None:
        return render()
    name = _name(key)
    with _lock:
        hit = _memory.get(name)
    if hit is None:
        row = db.session.get(RenderedFragment, name)
        if row is not None:
            hit = (row.html, row.extra)
            _remember(name, hit)
    if hit is not None:
        return cast("tuple[str, T]", hit)
    value = render()
    if len(value[0]) < MAX_BYTES // 4 and key_of() == key:
        _remember(name, value)
        _store(name, value)
    return value


def _remember(name: str, value: tuple[str, Any]) -> None:
    with _lock:
        _memory[name] = value


def _store(name: str, value: tuple[str, Any]) -> None:
    """Keep it for every worker; committed once the page is answered (app/web/stored_results.py)."""
    try:
        with db.session.begin_nested():
            db.session.add(RenderedFragment(key=name, html=value[0], extra=value[1]))
    except IntegrityError:  # another worker rendered it meanwhile
        return
    db.session.info[PENDING] = True


def forget_unused(now: datetime | None = None) -> int:
    """Delete the fragments stored more than KEPT ago (a busy one is rendered and stored again); flushes."""
    cutoff = (now or utcnow()) - KEPT
    result = db.session.execute(delete(RenderedFragment).where(RenderedFragment.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def clear() -> None:
    """Forget what this worker holds in memory (the database keeps its rows)."""
    with _lock:
        _memory.clear()
