"""Rendered dashboard fragments whose data can no longer change (closed campaigns), kept in each worker's memory.

Building a network dashboard at académie scale takes seconds of pandas, plotly and Jinja; its closed campaigns
change only through rare corrections, which are part of the key (see `network_dashboard.content_key`).
"""
from __future__ import annotations

import threading
from typing import Callable, Hashable, TypeVar

from cachetools import LRUCache

T = TypeVar("T")
MAX_BYTES = 32 * 1024 * 1024  # bounds a worker's memory, whatever the number of readers and filters

_cache: LRUCache = LRUCache(maxsize=MAX_BYTES, getsizeof=lambda value: max(len(value[0]), 1))
_lock = threading.Lock()


def cached(key: Hashable | None, render: Callable[[], tuple[str, T]]) -> tuple[str, T]:
    """Return `render()`, a (html, extra) pair, reusing the one stored under `key`; a None key is never stored."""
    if key is None:
        return render()
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    value = render()
    if len(value[0]) < MAX_BYTES:
        with _lock:
            _cache[key] = value
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
