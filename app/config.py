"""Configuration read from the environment, with safe development defaults."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'boussole.sqlite'}")
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Settings for one run of the app; every value can come from the environment."""

    # No default: outside debug and tests, create_app() refuses to start without one (check_secret_key).
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = _database_url()
    # hide_parameters: a database error must not copy a comment, a token or an e-mail address into the logs.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True, "hide_parameters": True}
    SURVEYS_DIR = os.environ.get("BOUSSOLE_SURVEYS_DIR", str(BASE_DIR / "surveys"))
    BOUSSOLE_MIN_GROUP_SIZE = int(os.environ.get("BOUSSOLE_MIN_GROUP_SIZE", "5"))
    # The address printed links start with. Unset: the address each page was served on, and for the command line
    # (which serves no page) app/services/accounts/links.COMMAND_LINE_BASE_URL. Set it behind a reverse proxy.
    BOUSSOLE_BASE_URL = os.environ.get("BOUSSOLE_BASE_URL") or None
    BOUSSOLE_RETENTION_DAYS = int(os.environ.get("BOUSSOLE_RETENTION_DAYS", "30"))
    # Heads are reminded this many days before a campaign closes, once (docs/campaigns.md, « Courriels de campagne »).
    BOUSSOLE_REMINDER_DAYS = int(os.environ.get("BOUSSOLE_REMINDER_DAYS", "3"))
    # Each process looks for campaigns past their closing date, or notices due, at most this often (and at each new
    # day): app/web/campaign_clock.py says why waiting is safe.
    BOUSSOLE_CLOCK_SECONDS = float(os.environ.get("BOUSSOLE_CLOCK_SECONDS", "60"))

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"

    # Production hardening is opt-in so that `make run` works over plain http on 127.0.0.1.
    BOUSSOLE_SECURE = _bool("BOUSSOLE_SECURE")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = BOUSSOLE_SECURE
    # Sessions live on the server (app/web/sessions.py): the cookie holds a random id, for 8 idle hours.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("BOUSSOLE_SESSION_HOURS", "8")))
    SESSION_REFRESH_EACH_REQUEST = True
    SESSION_REDIS_URL = os.environ.get("SESSION_REDIS_URL") or os.environ.get("BOUSSOLE_REDIS_URL")
    SESSION_KEY_PREFIX = "session:"
    SESSION_ID_LENGTH = 32
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = BOUSSOLE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # a questionnaire may stay open for a whole lesson
    MAX_CONTENT_LENGTH = int(os.environ.get("BOUSSOLE_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
    # Dashboards in gzip (Flask-Compress): a network dashboard's 360 KiB of tables is 25 KiB on the wire. Opt-in, view
    # by view (`@compress.compressed()`), only on pages of figures: a page that writes a secret next to text the
    # visitor chose (an establishment's codes) must not be compressed (BREACH). The CSRF token those pages carry is
    # signed with the second it was made: it changes every second, too fast for a compression oracle's guessing.
    COMPRESS_REGISTER = False
    COMPRESS_ALGORITHM = "gzip"
    COMPRESS_MIMETYPES: ClassVar[list[str]] = ["text/html", "application/json", "text/csv"]
    COMPRESS_LEVEL = 6
    COMPRESS_STREAMS = False  # a streamed answer (none today) is sent as it comes

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Responses sent through one establishment's link, and from one device (docs/privacy.md, padding).
    BOUSSOLE_SUBMIT_LIMIT_PER_LINK = os.environ.get("BOUSSOLE_SUBMIT_LIMIT_PER_LINK", "30/minute")
    BOUSSOLE_SUBMIT_LIMIT_PER_DEVICE = os.environ.get("BOUSSOLE_SUBMIT_LIMIT_PER_DEVICE", "3/hour")

    # Mail (Flask-Mailman, docs/mail.md). Without MAIL_SERVER nothing is sent: links are shown in the page and a
    # reset link goes to the log, as before. MAIL_BACKEND stays "smtp" in tests too: they talk to a real server.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Boussole <ne-pas-repondre@boussole.invalid>")
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_BACKEND = "smtp"
    # Mails, and the campaign notices due, go out once the response has gone (app/web/mail_after_response.py,
    # campaign_clock.py); off, they wait for `flask campaigns tick` and `flask mail send`. The test suite turns it off
    # (its requests share the test's open transaction, which that later work, in a session of its own, would wait
    # on); tests/mail turns it on again.
    BOUSSOLE_WORK_AFTER_RESPONSE = _bool("BOUSSOLE_WORK_AFTER_RESPONSE", True)
    # Single sign-on with an OpenID provider (docs/sso.md): offered on the login page when OIDC_ISSUER is set.
    OIDC_ISSUER = (os.environ.get("OIDC_ISSUER") or "").rstrip("/") or None
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID") or None
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET") or None
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "l'identité de l'académie")
    # How the client proves itself at the token endpoint: client_secret_basic, or client_secret_post (ProConnect).
    OIDC_TOKEN_AUTH_METHOD = os.environ.get("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")
    # A provider that sends no `email_verified` claim but vouches for its addresses (ProConnect): set it to 1.
    OIDC_TRUST_EMAIL = _bool("OIDC_TRUST_EMAIL")
    BOUSSOLE_PASSWORD_LOGIN = _bool("BOUSSOLE_PASSWORD_LOGIN", True)


class ConfigError(RuntimeError):
    """A combination of settings with which the app cannot work."""


def check_sign_in(config: MutableMapping[str, Any]) -> None:
    """Refuse a configuration with which nobody could sign in, or an incomplete OpenID client."""
    if config.get("OIDC_ISSUER") and not (config.get("OIDC_CLIENT_ID") and config.get("OIDC_CLIENT_SECRET")):
        raise ConfigError("OIDC_ISSUER est défini sans OIDC_CLIENT_ID et OIDC_CLIENT_SECRET : complétez les trois.")
    if config.get("OIDC_ISSUER") and "openid" not in str(config.get("OIDC_SCOPES", "")).split():
        raise ConfigError("OIDC_SCOPES doit contenir « openid » (et « email ») : c'est une connexion OpenID Connect.")
    if not config.get("BOUSSOLE_PASSWORD_LOGIN") and not config.get("OIDC_ISSUER"):
        raise ConfigError(
            "BOUSSOLE_PASSWORD_LOGIN=0 sans OIDC_ISSUER : personne ne pourrait se connecter. Configurez la "
            "connexion unique (docs/sso.md) ou laissez la connexion par mot de passe."
        )


class SecretKeyMissing(ConfigError):
    """The app was started for real without SECRET_KEY."""


def check_secret_key(config: MutableMapping[str, Any], debug: bool) -> None:
    """Refuse to run without SECRET_KEY, except in debug and tests, which get a random one for this process."""
    if config.get("SECRET_KEY"):
        return
    if debug or config.get("TESTING"):
        import secrets

        config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise SecretKeyMissing(
        "SECRET_KEY n'est pas défini : donnez-lui une longue valeur aléatoire, gardée secrète et la même pour "
        "tous les processus (par exemple python -c 'import secrets; print(secrets.token_hex(32))'). Elle signe "
        "les jetons CSRF et les liens d'invitation et de réinitialisation ; sans elle, l'application ne démarre "
        "pas. `make run` en crée une dans instance/secret_key."
    )
