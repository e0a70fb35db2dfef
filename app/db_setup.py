"""Per-connection database settings."""

from collections.abc import MutableMapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def adapt_engine_options(config: MutableMapping[str, Any]) -> None:
    """No ping before each checkout on SQLite: a file has no server that could drop a pooled connection, and the
    ping was a tenth of a submission's time (py-spy, bench/run.py). PostgreSQL keeps it."""
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {**config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "pool_pre_ping": False}


def configure_engine(engine: Engine) -> None:
    """Give SQLite foreign keys, WAL and a busy timeout, so that concurrent submissions wait, not fail."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every SQLite test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
