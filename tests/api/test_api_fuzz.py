"""Fuzzing of the JSON API from its own OpenAPI document (schemathesis, in-process through WSGI).

Every operation gets generated requests, valid and invalid (including undeclared methods), from signed-in users with
a scope and from an anonymous visitor. Each answer must be no 5xx, a documented status with `Allow` on a 405, JSON of
the documented shape, and invalid input refused with a 4xx. Each generated request is sent a second time with its
path pointing at real data, so that full answers are checked against the document too.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth
from schemathesis.core.parameters import ParameterLocation

from app import create_app
from tests.conftest import TEST_CONFIG
from tests.dashboards import small_network

# The document as the app serves it (it does not depend on the data): loaded once, at collection.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
)
# The session cookie is the test client's own: a generated one would only ever be refused.
schema.config.generation.update(with_security_parameters=False)
# That check resends a request without the "session" cookie, but the client's cookie jar still holds it; the
# anonymous runs below check instead that nothing is answered without a session.
EXCLUDED = [ignored_auth]


@pytest.fixture
def world(make, db):
    world = small_network(make)
    db.session.commit()
    return world


@pytest.fixture(params=["coordinator", "pilot", "head", "anonymous"])
def visitor(request, login, world) -> str:
    """The network's coordinator, the second pole's pilot, the head of one establishment, or nobody signed in."""
    scopes = {"coordinator": world["network"], "pilot": world["poles"][1], "head": world["est"][2]}
    if request.param != "anonymous":
        login(request.param, scopes[request.param])
    return request.param


def _on_real_data(case, world):
    """The same request with its (valid) path pointing at the world's network or at an establishment in it."""
    real = {"network_id": world["network"].id, "uai": world["est"][2].uai}
    if not set(real) & set(case.path_parameters or {}) or case.meta.is_negative_at(ParameterLocation.PATH):
        return None  # an invalid path stays as generated: putting a real id there would make it valid
    again = case.derive()  # same query, same generation metadata (a valid path stays valid)
    again.path_parameters.update({name: value for name, value in real.items() if name in again.path_parameters})
    return again


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_honours_its_document(app, client, world, visitor, case):
    # The browser's agent as the session was opened with it ("strong" session protection compares them).
    browser = {"User-Agent": client.environ_base["HTTP_USER_AGENT"]}
    for sent in filter(None, (case, _on_real_data(case, world))):
        response = sent.call_and_validate(session=client, app=app, headers=browser, excluded_checks=EXCLUDED)
        if visitor == "anonymous":
            # Refused before anything is read: malformed (400), unknown path (404), wrong method (405), or 401.
            assert response.status_code in (400, 401, 404, 405), response.status_code
