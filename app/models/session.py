"""Browser sessions kept on the server: the cookie holds only the id of a row (or of a Redis key)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class ServerSession(Model):
    """One browser's session: what Flask keeps in `session`, serialized, until `expiry` (idle lifetime)."""

    __tablename__ = "server_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), unique=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expiry: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
