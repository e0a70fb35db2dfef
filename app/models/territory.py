"""The territory: académie → (département) → réseau → pôle → établissement."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, db


class Academy(Model):
    __tablename__ = "academy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    networks: Mapped[list[Network]] = relationship(back_populates="academy", order_by="Network.name")
    departments: Mapped[list[Department]] = relationship(back_populates="academy", order_by="Department.code")


class Department(Model):
    """A département of the académie, where the DASEN and its departmental coordinator follow the networks."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"), index=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)  # "13", "2A", "974"
    name: Mapped[str] = mapped_column(String(120))

    academy: Mapped[Academy] = relationship(back_populates="departments")
    networks: Mapped[list[Network]] = relationship(back_populates="department", order_by="Network.name")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


class Network(Model):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Optional: an inter-départemental network, or one not placed yet, is read at the académie's level only.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)

    academy: Mapped[Academy] = relationship(back_populates="networks")
    department: Mapped[Department | None] = relationship(back_populates="networks")
    poles: Mapped[list[Pole]] = relationship(back_populates="network", order_by="Pole.name")


class Pole(Model):
    __tablename__ = "pole"
    __table_args__ = (db.UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    network: Mapped[Network] = relationship(back_populates="poles")
    establishments: Mapped[list[Establishment]] = relationship(back_populates="pole")


class Establishment(Model):
    """A school identified by its UAI; it belongs to a network, and within it to a pole."""

    __tablename__ = "establishment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uai: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60), default="")
    commune: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    departement: Mapped[str] = mapped_column(String(10), default="")
    academy_label: Mapped[str] = mapped_column(String(120), default="")
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("pole.id"), index=True)

    network: Mapped[Network | None] = relationship()
    pole: Mapped[Pole | None] = relationship(back_populates="establishments")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.uai})"
