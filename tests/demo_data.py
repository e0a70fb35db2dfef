"""The demo data built inside a test, each account's password hashed once (argon2 is slow on purpose)."""

from __future__ import annotations

import functools

from app.demo import accounts as demo_accounts
from app.demo.build import DemoOptions, DemoReport, build_demo
from app.services.accounts.passwords import hash_password


@functools.cache
def hashed_once(password: str) -> str:
    return hash_password(password)


def built_demo(db, monkeypatch, options: DemoOptions) -> DemoReport:
    monkeypatch.setattr(demo_accounts, "hash_password", hashed_once)
    report = build_demo(options)
    db.session.flush()
    return report
