"""Single sign-on in chromium, through the real test provider: the login page, the way there and back, the logout
that also ends the provider's session (browsers apply the CSP's form-action to the logout form's redirects).

The screenshots of docs/sso.md are taken on purpose:
    BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k sign_on
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import SHOT_DESKTOP, SHOT_PHONE
from tests.oidc.server import running_provider, sign_on_enabled

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HEAD = "principal@ac-test.fr"


@pytest.fixture(scope="module")
def live_provider(live_server, tmp_path_factory):
    log = tmp_path_factory.mktemp("oidc-live") / "provider.log"
    with running_provider(log, [live_server.url("/compte/connexion/sso/retour")], [live_server.url("/")]) as provider:
        yield provider


@pytest.fixture
def live_sign_on(live_server, live_provider):
    with sign_on_enabled(live_server.app, live_provider.issuer):
        yield live_provider


def test_sign_on_there_and_back_then_logout_everywhere(page, live_server, live_make, live_db, live_sign_on):
    live_make.user("head", live_make.establishment(name="Collège Mignet"), email=HEAD)
    live_db.session.commit()
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_role("link", name="Se connecter avec l'identité de l'académie").click()
    page.wait_for_url(re.compile(re.escape(live_sign_on.issuer) + "/interaction/"))
    page.get_by_label("Adresse électronique").fill(HEAD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(re.escape(live_server.url("/etablissement/"))))

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(re.escape(live_sign_on.issuer) + "/session/end"))
    page.get_by_role("button", name="Oui, me déconnecter").click()
    page.wait_for_url(live_server.url("/"))
    assert "Vous êtes déconnecté." in page.content()

    # The provider's session is over too: signing on again asks who you are.
    page.goto(live_server.url("/compte/connexion/sso"))
    page.wait_for_url(re.compile(re.escape(live_sign_on.issuer) + "/interaction/"))


@pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1")
@pytest.mark.parametrize(
    "name,viewport,settings",
    [
        ("login-sso", SHOT_DESKTOP, {}),
        ("login-sso-phone", SHOT_PHONE, {}),
        ("login-sso-only", SHOT_DESKTOP, {"BOUSSOLE_PASSWORD_LOGIN": False}),
    ],
)
def test_sign_on_screenshots(new_page, live_server, live_provider, name, viewport, settings):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sign_on_enabled(live_server.app, live_provider.issuer, **settings):
        page = new_page(viewport=viewport)
        page.goto(live_server.url("/compte/connexion"))
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
