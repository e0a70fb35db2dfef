"""Sessions kept on the server (Flask-Session): the browser's cookie holds only a random session id.

The database holds them by default (table `server_session`, created by migration 0003), Redis in production
when SESSION_REDIS_URL (or BOUSSOLE_REDIS_URL) is set. Ending a session deletes it, so a copied cookie opens
nothing once its owner has logged out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from flask import Flask, current_app, session
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import CursorResult, delete, event, select, update
from sqlalchemy.orm import Session as OrmSession

from app.clock import utcnow
from app.extensions import db
from app.models import ServerSession

# Set on the database session by a flush, cleared by its commit or rollback: work a view has not committed.
UNCOMMITTED = "boussole_uncommitted_writes"


class DatabaseSession(ServerSideSession):
    pass


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Flask-Session's SQLAlchemy store on the app's own model and migration.

    Flask-Session's SqlAlchemySessionInterface declares a model of its own and creates its table at start-up,
    outside Alembic; this one uses `ServerSession`. It writes through the request's database session: when the
    view left work uncommitted (to be rolled back at teardown), the session row joins that work instead of
    committing it.
    """

    session_class = DatabaseSession
    ttl = False  # rows carry their expiry: an expired one is never loaded, and `flask purge` deletes it

    def _register_cleanup_app_command(self) -> None:
        """Leave expired sessions to `flask purge` rather than to a command of Flask-Session's own."""

    def _retrieve_session_data(self, store_id: str) -> dict[str, Any] | None:
        data = db.session.scalar(
            select(ServerSession.data).where(ServerSession.session_id == store_id, ServerSession.expiry > utcnow())
        )
        return None if data is None else self.serializer.decode(data)

    def _delete_session(self, store_id: str) -> None:
        joined = _holds_uncommitted_work()
        db.session.execute(delete(ServerSession).where(ServerSession.session_id == store_id))
        _finish(joined)

    def _upsert_session(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str) -> None:
        joined = _holds_uncommitted_work()
        data = self.serializer.encode(session)
        expiry = utcnow() + session_lifetime
        changed = cast(
            CursorResult[Any],
            db.session.execute(
                update(ServerSession).where(ServerSession.session_id == store_id).values(data=data, expiry=expiry)
            ),
        )
        if not changed.rowcount:
            db.session.add(ServerSession(session_id=store_id, data=data, expiry=expiry))
        _finish(joined)

    def _delete_expired_sessions(self) -> None:
        delete_expired_sessions()
        db.session.commit()


def _holds_uncommitted_work() -> bool:
    """Say whether the request's database session holds changes nobody committed (a view's, or a test's)."""
    orm_session = db.session()
    return bool(orm_session.new or orm_session.dirty or orm_session.deleted or orm_session.info.get(UNCOMMITTED))


def _finish(joined: bool) -> None:
    """Commit the session row on its own, or leave it in the uncommitted work it joined (which a commit would save)."""
    if joined:
        db.session.flush()
    else:
        db.session.commit()


def delete_expired_sessions() -> int:
    """Delete the database sessions past their expiry; return how many (flushes, does not commit)."""
    result = cast(CursorResult[Any], db.session.execute(delete(ServerSession).where(ServerSession.expiry <= utcnow())))
    return int(result.rowcount)


def renew_session() -> None:
    """Give the session a new id, the old one deleted from the store, then empty it (at login and logout)."""
    # In this order: Flask-Session regenerates only a session that holds something (an empty one is not stored).
    cast(ServerSideSessionInterface, current_app.session_interface).regenerate(session)
    session.clear()


def redis_url(app: Flask) -> str | None:
    return app.config.get("SESSION_REDIS_URL") or None


def init_sessions(app: Flask) -> None:
    """Keep sessions in Redis when a URL is configured, in the database otherwise."""
    url = redis_url(app)
    options = {
        "app": app,
        "key_prefix": app.config["SESSION_KEY_PREFIX"],
        "use_signer": False,  # the id is 32 random bytes: nothing to sign
        "permanent": True,
        "sid_length": app.config["SESSION_ID_LENGTH"],
        "serialization_format": "msgpack",
    }
    if url:
        from flask_session.redis import RedisSessionInterface
        from redis import Redis

        app.session_interface = RedisSessionInterface(client=Redis.from_url(url), **options)
    else:
        app.session_interface = DatabaseSessionInterface(**options)
    if not event.contains(OrmSession, "after_flush", _mark_uncommitted):
        event.listen(OrmSession, "after_flush", _mark_uncommitted)
        event.listen(OrmSession, "after_commit", _clear_uncommitted)
        event.listen(OrmSession, "after_rollback", _clear_uncommitted)


def _mark_uncommitted(orm_session: OrmSession, _context: object) -> None:
    orm_session.info[UNCOMMITTED] = True


def _clear_uncommitted(orm_session: OrmSession) -> None:
    orm_session.info.pop(UNCOMMITTED, None)
