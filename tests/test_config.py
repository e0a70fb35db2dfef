"""SECRET_KEY is required outside debug and tests: no public default can sign a session, a token or a link."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import Config, SecretKeyMissing

ROOT = Path(__file__).resolve().parents[1]


def _config(database_url: str, **overrides) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": None, "TESTING": False, **overrides}


def test_there_is_no_default_secret_key():
    if "SECRET_KEY" not in os.environ:
        assert Config.SECRET_KEY is None


@pytest.mark.parametrize("secure", [False, True])
def test_the_app_refuses_to_start_without_a_secret_key(database_url, secure):
    with pytest.raises(SecretKeyMissing, match=r"^SECRET_KEY n'est pas défini : "):
        create_app(_config(database_url, BOUSSOLE_SECURE=secure, SESSION_COOKIE_SECURE=secure))


def test_an_empty_secret_key_is_no_secret_key(database_url):
    with pytest.raises(SecretKeyMissing):
        create_app(_config(database_url, SECRET_KEY=""))


def test_debug_gets_a_random_key_of_its_own(database_url):
    keys = set()
    for _ in range(2):
        app = create_app(_config(database_url, DEBUG=True))
        keys.add(app.config["SECRET_KEY"])
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "SECRET_KEY n'est pas défini"),
        ({"SECRET_KEY": "k", "BOUSSOLE_PASSWORD_LOGIN": "0"}, "personne ne pourrait se connecter"),
    ],
)
def test_wsgi_with_a_wrong_setting_says_why_in_french_and_stops_without_a_traceback(tmp_path, settings, message):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "FLASK_DEBUG", "OIDC_ISSUER"}}
    env.update(settings, DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite'}")
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("Boussole ne démarre pas : ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_sqlite_pools_without_a_ping_postgresql_with_one():
    from app.db_setup import adapt_engine_options

    options = {"pool_pre_ping": True, "hide_parameters": True}
    sqlite = {"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite", "SQLALCHEMY_ENGINE_OPTIONS": options}
    postgresql = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/boussole", "SQLALCHEMY_ENGINE_OPTIONS": options}
    adapt_engine_options(sqlite)
    adapt_engine_options(postgresql)
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False, "hide_parameters": True}
    assert postgresql["SQLALCHEMY_ENGINE_OPTIONS"] == options == {"pool_pre_ping": True, "hide_parameters": True}
