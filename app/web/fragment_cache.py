"""Rendered dashboard fragments whose data can no longer change (closed campaigns), kept in each worker's memory.

Building a network dashboard at académie scale takes seconds of pandas, plotly and Jinja; its closed campaigns
change only through rare corrections, which are part of the key (see `network_cache.content_key`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cachetools import LRUCache

T = TypeVar("T")
MAX_BYTES = 32 * 1024 * 1024  # bounds a worker's memory, whatever the number of readers and filters

_cache: LRUCache[Hashable, tuple[str, Any]] = LRUCache(
    maxsize=MAX_BYTES, getsizeof=lambda value: max(len(value[0].encode()), 1)
)
_lock = threading.Lock()


def cached(key_of: Callable[[], Hashable | None], render: Callable[[], tuple[str, T]]) -> tuple[str, T]:
    """Return `render()`, a (html, extra) pair, reusing the one stored under `key_of()`; a None key is never stored.

    The key is read again after rendering: a change committed meanwhile (the render reads other snapshots) would
    otherwise leave a page under a key it does not match.
    """
    key = key_of()
    if key is None:
        return render()
    with _lock:
        hit: tuple[str, T] | None = _cache.get(key)
    if hit is not None:
        return hit
    value = render()
    if len(value[0]) < MAX_BYTES // 4 and key_of() == key:
        with _lock:
            _cache[key] = value
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
