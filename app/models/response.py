"""Responses and their answers, stored compactly so they aggregate in SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.campaign import Campaign
from app.models.territory import Establishment


class Question(Model):
    """A question's stable identity across editions of an instrument (slug + key)."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("survey_slug", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_slug: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(80))


class Response(Model):
    """One anonymous submission. No name, address, agent or time finer than the day."""

    __tablename__ = "response"
    __table_args__ = (Index("ix_response_campaign_establishment", "campaign_id", "establishment_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    survey_slug: Mapped[str] = mapped_column(String(80))
    survey_version: Mapped[str] = mapped_column(String(20))
    submitted_on: Mapped[date] = mapped_column(Date)
    # Random key chosen when the questionnaire is opened: a second submit of the same form finds it.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)

    campaign: Mapped[Campaign] = relationship()
    establishment: Mapped[Establishment] = relationship()
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Answer(Model):
    """One answer: a small integer, NULL for "non concerné", or -32768 for "je ne sais pas / ne se prononce pas".

    -32768 (`app.surveys.schema.DONT_KNOW`, the smallest small integer) is no scale point and no number question
    can take it; analytics count it apart (`n_dk`), never in n, a median or a mean.
    """

    __tablename__ = "answer"

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    value: Mapped[int | None] = mapped_column(SmallInteger)


class AnswerComment(Model):
    __tablename__ = "answer_comment"

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class Draft(Model):
    """Answers in progress, reachable only through the private resume token (kept hashed)."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"))
    category: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_on: Mapped[date] = mapped_column(Date)


class AgreedLevel(Model):
    """The level a team agreed in conseil pédagogique for one dimension of a campaign."""

    __tablename__ = "agreed_level"
    __table_args__ = (UniqueConstraint("campaign_id", "establishment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    level: Mapped[int] = mapped_column(SmallInteger)
    justification: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recorded_on: Mapped[date] = mapped_column(Date)
