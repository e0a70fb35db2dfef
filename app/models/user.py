"""Accounts of the people who run and read Boussole (respondents have none)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import Model
from app.models.territory import Academy, Department, Establishment, Network, Pole


class Role(str, enum.Enum):
    ADMIN = "admin"  # the whole académie
    COORDINATOR = "coordinator"  # one or more networks
    INSPECTOR = "inspector"  # IA-IPR / IEN: one or more networks, read only
    PILOT = "pilot"  # one pole
    HEAD = "head"  # one or more establishments
    ACADEMY = "academy"  # the académie's steering cell: every network of one académie, read only
    DEPARTMENT = "department"  # the DASEN / departmental coordinator: the networks of one département, read only


class User(UserMixin, Model):  # type: ignore[misc]  # flask_login ships no type information
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped at every password change or disabling, so that old sessions and links stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # In the order they were given: pages and the journal list them so, on every database.
    scopes: Mapped[list[UserScope]] = relationship(
        cascade="all, delete-orphan", back_populates="user", order_by="UserScope.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class UserScope(Model):
    """One académie, département, network, pole or establishment that a user may see."""

    __tablename__ = "user_scope"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN academy_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN department_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("pole.id", ondelete="CASCADE"))
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id", ondelete="CASCADE"))
    academy_id: Mapped[int | None] = mapped_column(ForeignKey("academy.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship(back_populates="scopes")
    network: Mapped[Network | None] = relationship()
    pole: Mapped[Pole | None] = relationship()
    establishment: Mapped[Establishment | None] = relationship()
    academy: Mapped[Academy | None] = relationship()
    department: Mapped[Department | None] = relationship()
