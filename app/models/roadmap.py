"""Feuilles de route: per school year, an establishment's, a pole's or a network's one to three priorities."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Enum, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import Model
from app.models.response import Question
from app.models.territory import Establishment, Network, Pole
from app.models.user import User


class RoadmapLevel(str, enum.Enum):
    ESTABLISHMENT = "establishment"
    POLE = "pole"
    NETWORK = "network"


class PriorityStatus(str, enum.Enum):
    TO_START = "a_lancer"
    ONGOING = "en_cours"
    DONE = "realisee"
    DROPPED = "abandonnee"


class SubjectKind(str, enum.Enum):
    DIMENSION = "dimension"  # a dimension of the grid: a question of the `grid` instrument
    THEME = "theme"  # a theme of self-positioning: a section of the `items` instrument


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Roadmap(Model):
    """One school year's feuille de route of one establishment, pole or network."""

    __tablename__ = "roadmap"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_owner",
        ),
        UniqueConstraint("establishment_id", "school_year"),
        UniqueConstraint("pole_id", "school_year"),
        UniqueConstraint("network_id", "school_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[RoadmapLevel] = mapped_column(_enum(RoadmapLevel, 20))
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id", ondelete="CASCADE"))
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("pole.id", ondelete="CASCADE"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    establishment: Mapped[Establishment | None] = relationship()
    pole: Mapped[Pole | None] = relationship()
    network: Mapped[Network | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    priorities: Mapped[list[RoadmapPriority]] = relationship(
        back_populates="roadmap",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RoadmapPriority.position",
    )


class RoadmapPriority(Model):
    """One priority: its subject (a dimension or a theme), target, actions, who, when, indicator and status."""

    __tablename__ = "roadmap_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmap.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=1)
    subject_kind: Mapped[SubjectKind] = mapped_column(_enum(SubjectKind, 20))
    survey_slug: Mapped[str] = mapped_column(String(80))
    subject_key: Mapped[str] = mapped_column(String(80))  # the question key, or the section id
    # A dimension refers to the stable question row, as AgreedLevel does, so a reworded edition keeps the link.
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    target: Mapped[int | None] = mapped_column(SmallInteger)
    actions: Mapped[str] = mapped_column(Text, default="")
    responsables: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    indicator: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PriorityStatus] = mapped_column(_enum(PriorityStatus, 20), default=PriorityStatus.TO_START)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_priority.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    roadmap: Mapped[Roadmap] = relationship(back_populates="priorities")
    question: Mapped[Question | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
