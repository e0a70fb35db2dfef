"""gunicorn.conf.py: production defaults, and an access log with no address, no query and no link secret."""

from __future__ import annotations

import runpy
import urllib.error
import urllib.request
from pathlib import Path

from bench.server import deployed_gunicorn

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zx8_kPq2-Lm4Nb6Vc9Rt1Yw3"


def _settings(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_defaults_are_safe_and_the_environment_overrides_them(monkeypatch):
    settings = _settings(monkeypatch)
    assert settings["bind"] == "127.0.0.1:8000" and settings["timeout"] == 30
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert 1 <= settings["workers"] <= 8
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(a)s", "%(f)s", "%(u)s"):
        assert atom not in settings["access_log_format"]
    settings = _settings(monkeypatch, WEB_CONCURRENCY="3", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert settings["workers"] == 3 and settings["forwarded_allow_ips"] == "10.0.0.5"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_access_log_holds_no_address_query_or_secret(app, database_url, tmp_path):
    log = tmp_path / "gunicorn.log"
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "WEB_CONCURRENCY": "1"}
    with deployed_gunicorn(env, log) as port:
        base = f"http://127.0.0.1:{port}"
        assert _get(f"{base}/confidentialite?email=anne.martin@ac-test.fr") == 200
        _get(f"{base}/q/{TOKEN}?code=ABCD2345")
    text = log.read_text()
    access = [line for line in text.splitlines() if '"GET /' in line]
    assert any('"GET /confidentialite HTTP/1.1" 200' in line for line in access), text
    assert any('"GET /q/[masqué] HTTP/1.1"' in line for line in access), text
    assert not [line for line in access if "127.0.0.1" in line]
    for secret in (TOKEN, "anne.martin", "ABCD2345"):
        assert secret not in text
