"""Failed sign-ins: limited per account and address together, slowed down per account.

A stranger who types wrong passwords for someone else's address locks out only their own address: the owner,
from theirs, still signs in. Past ACCOUNT_SLOWDOWN failures on one account from anywhere, every attempt on it
waits SLOWDOWN_SECONDS first, which turns a guessing attack from many addresses into a slow one without ever
refusing the right password.
"""

from __future__ import annotations

import time

from flask import Response, request
from flask_limiter.util import get_remote_address
from limits import parse

from app.extensions import limiter
from app.services.accounts.accounts import normalize_email

# A whole school may share one public IP: the address limit alone is generous, the tight one is per account there.
LOGIN_PER_ACCOUNT_AND_ADDRESS = "5/minute;20/hour"
LOGIN_PER_ADDRESS = "100/minute"
ACCOUNT_SLOWDOWN = parse("10/15 minutes")
SLOWDOWN_SECONDS = 1.5


def attempted_email() -> str:
    return normalize_email(request.form.get("email", ""))


def account_key() -> str:
    return "account:" + attempted_email()


def account_and_address_key() -> str:
    return f"account:{attempted_email()}|address:{get_remote_address()}"


def failed(response: Response) -> bool:
    """Only failed attempts count (a success redirects)."""
    return bool(response.status_code != 302)


def wait_if_account_under_attack() -> None:
    """Hold the attempt a short while if the account has had many recent failures, from whatever address."""
    if limiter.enabled and not limiter.limiter.test(ACCOUNT_SLOWDOWN, "login-failures", attempted_email()):
        pause(SLOWDOWN_SECONDS)


def count_failure() -> None:
    if limiter.enabled:
        limiter.limiter.hit(ACCOUNT_SLOWDOWN, "login-failures", attempted_email())


def pause(seconds: float) -> None:
    time.sleep(seconds)
