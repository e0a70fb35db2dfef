"""Keyed hashes of comments: an order unrelated to submission, and an opaque reference that names no response."""

from __future__ import annotations

import hashlib
import hmac


def derived_key(secret: str | bytes, purpose: str) -> bytes:
    """Derive a key for one purpose from the application's secret key."""
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, f"boussole/comments/{purpose}".encode(), hashlib.sha256).digest()


def order_key(key: bytes, text: str) -> str:
    """Sort key of a comment: a keyed hash of its text, stable across readings, blind to who wrote it and when."""
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def comment_token(key: bytes, campaign_id: int, response_id: int, question_id: int) -> str:
    """Name one comment for the moderation forms without giving its response id away (it cannot be reversed)."""
    message = f"{campaign_id}:{response_id}:{question_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
