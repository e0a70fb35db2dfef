"""The test OpenID provider, one for the session, allowing the test client's callback (http://localhost)."""

from __future__ import annotations

import pytest

from tests.oidc.server import Provider, running_provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Provider:
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with running_provider(log, ["http://localhost/compte/connexion/sso/retour"], ["http://localhost/"]) as provider:
        yield provider
