"""The test OpenID provider (tests/oidc/provider/server.mjs, the certified `oidc-provider` for Node) on loopback.

`running_provider()` installs it with `npm ci` when its node_modules is missing, starts it on a free port, waits
for its discovery document and fails loudly, with its output, when it never answers; `sign_on_enabled()` points an
app at it for the length of a test; `ProviderBrowser` walks its pages over HTTP as a browser would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from flask import Flask

from app.auth.provider import EXTENSION, init_provider
from bench.server import _stop, free_port, wait_until_listening

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "boussole-tests"
CLIENT_SECRET = "a-test-only-client-secret"
UNVERIFIED = "non.verifiee@ac-test.fr"
SHORT_CODE = "code.court@ac-test.fr"  # the provider gives this address codes that live one second


@dataclass(frozen=True)
class Provider:
    issuer: str
    log: Path


def _install_if_missing() -> None:
    """`npm ci` the provider once (node_modules is not committed); without Node, skip locally, fail in CI."""
    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        message = "Node.js and npm are needed for the single sign-on tests (apt-get install nodejs npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300)


@contextmanager
def running_provider(log: Path, redirect_uris: list[str], post_logout_uris: list[str]) -> Iterator[Provider]:
    """Start the provider with one client allowed to come back to `redirect_uris`; stop it at the end."""
    _install_if_missing()
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
        "OIDC_POST_LOGOUT_REDIRECT_URIS": ",".join(post_logout_uris),
        "OIDC_UNVERIFIED_EMAILS": UNVERIFIED,
        "OIDC_SHORT_CODE_EMAILS": SHORT_CODE,
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(shutil.which("node")), "server.mjs"], cwd=PROVIDER_DIR, env=env, stdout=output, stderr=output
        )
    try:
        wait_until_listening("127.0.0.1", port, 30, process, path="/.well-known/openid-configuration", log=log)
        yield Provider(f"http://127.0.0.1:{port}", log)
    finally:
        _stop(process)


@contextmanager
def sign_on_enabled(app: Flask, issuer: str, **settings: object) -> Iterator[None]:
    """Point a running app at the provider (as OIDC_* settings would at start-up), and back to none after."""
    saved = dict(app.config)
    app.config.update(
        {
            "OIDC_ISSUER": issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_PROVIDER_NAME": "l'identité de l'académie",
            **settings,
        }
    )
    init_provider(app)
    try:
        yield
    finally:
        app.extensions.pop(EXTENSION, None)
        app.config.clear()
        app.config.update(saved)


class LoginAsked(Exception):
    """The provider shows its login form: nobody is signed in there."""


class ProviderBrowser:
    """The provider's side of a browser: its cookies, its redirects, its login and logout forms."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self.http = requests.Session()
        self.http.trust_env = False  # loopback: no proxy from the environment

    def follow(self, url: str, email: str | None = None) -> str:
        """Follow the provider's redirects (signing in as `email` if it asks) to the first URL off the provider."""
        for _ in range(20):
            if not url.startswith(self.issuer):
                return url
            reply = self.http.get(url, allow_redirects=False)
            if reply.is_redirect:
                url = urljoin(url, reply.headers["Location"])
            elif reply.status_code == 200 and "/interaction/" in url:
                if email is None:
                    raise LoginAsked(url)
                reply = self.http.post(
                    urljoin(url, _form_action(reply.text)), data={"email": email}, allow_redirects=False
                )
                url = urljoin(url, reply.headers["Location"])
            elif reply.status_code == 200 and "/session/end" in url:
                url = self._confirm_logout(url, reply.text)
            else:
                raise AssertionError(f"the provider answered {reply.status_code} on {url}: {reply.text[:1000]}")
        raise AssertionError("the provider redirected more than 20 times")

    def _confirm_logout(self, url: str, page: str) -> str:
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        reply = self.http.post(
            urljoin(url, _form_action(page)), data={**fields, "logout": "yes"}, allow_redirects=False
        )
        if not reply.is_redirect:
            raise AssertionError(f"the provider's logout answered {reply.status_code}: {reply.text[:1000]}")
        return urljoin(url, reply.headers["Location"])


def _form_action(page: str) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page)
    if match is None:
        raise AssertionError(f"no form on the provider's page: {page[:1000]}")
    return match.group(1)
