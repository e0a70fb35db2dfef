"""A respondent's comment hidden by the network's coordination (it names a person): who, when and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, ForeignKeyConstraint, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import Model
from app.models.user import User


class CommentModeration(Model):
    """One hidden comment, keyed like the comment itself; showing it again deletes the row (the journal keeps it)."""

    __tablename__ = "comment_moderation"
    __table_args__ = (
        ForeignKeyConstraint(
            ["response_id", "question_id"],
            ["answer_comment.response_id", "answer_comment.question_id"],
            name="fk_comment_moderation_answer_comment",
            ondelete="CASCADE",
        ),
    )

    response_id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    hidden_by: Mapped[User | None] = relationship()
