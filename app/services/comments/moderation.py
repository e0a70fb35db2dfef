"""Hide a comment that names a person, or show it again: the network's coordination only, always journaled."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.analytics.cells import establishment_unit
from app.extensions import DbSession
from app.models import Campaign, CommentModeration, Establishment, User
from app.services.accounts import audit
from app.services.comments.keys import comment_token
from app.services.comments.reading import Keys, comment_questions, comment_rows
from app.services.dashboards.campaign_data import campaign_data, period_label, results_published
from app.surveys.registry import survey_of

REASON_MAX_LENGTH = 300


class UnknownComment(LookupError):
    """No comment the moderator can read carries this reference."""


class ReasonMissing(ValueError):
    """Hiding a comment needs a reason, in a few words."""


@dataclass(frozen=True)
class FoundComment:
    response_id: int
    question_id: int
    establishment: Establishment
    topic: str


def find_comment(session: DbSession, campaign: Campaign, token: str, min_size: int, keys: Keys) -> FoundComment:
    """Find the comment a token names, among those published: a closed campaign, its establishment's cell shown."""
    if not results_published(campaign) or not token:
        raise UnknownComment(token)
    cells = campaign_data(session, campaign, min_size).cells
    shown = cells[(cells["kind"] == "establishment") & ~cells["hidden"].astype(bool)]
    visible = {(u, q) for u, q in zip(shown["unit"], shown["question"])}
    ids = sorted({int(e) for e in shown["entity_id"]})
    titles = dict(comment_questions(survey_of(campaign.survey)))
    for row in comment_rows(session, campaign, ids).to_dict("records"):
        if (establishment_unit(int(row["establishment_id"])), row["question"]) not in visible:
            continue
        if row["question"] not in titles:
            continue
        if comment_token(keys.token, campaign.id, int(row["response_id"]), int(row["question_id"])) == token:
            establishment = session.get_one(Establishment, int(row["establishment_id"]))  # a response's is kept
            return FoundComment(
                int(row["response_id"]), int(row["question_id"]), establishment, titles[row["question"]]
            )
    raise UnknownComment(token)


def _where(campaign: Campaign, found: FoundComment) -> str:
    place = found.establishment
    return f"campagne {period_label(campaign)} (n° {campaign.id}), {place.name} ({place.uai}), « {found.topic} »"


def hide_comment(
    session: DbSession, campaign: Campaign, token: str, reason: str, actor: User, min_size: int, keys: Keys
) -> bool:
    """Hide one comment from every reader and export, with the reason; return False if it was already hidden."""
    reason = " ".join(reason.split())
    if not reason:
        raise ReasonMissing()
    reason = reason[:REASON_MAX_LENGTH]
    found = find_comment(session, campaign, token, min_size, keys)
    if session.get(CommentModeration, (found.response_id, found.question_id)) is not None:
        return False
    session.add(
        CommentModeration(
            response_id=found.response_id, question_id=found.question_id, reason=reason, hidden_by_id=actor.id
        )
    )
    audit.record(actor, "comment.hide", f"Commentaire masqué : {_where(campaign, found)}. Motif : {reason}")
    session.flush()
    return True


def show_comment(session: DbSession, campaign: Campaign, token: str, actor: User, min_size: int, keys: Keys) -> bool:
    """Show a hidden comment again; return False if it was not hidden."""
    found = find_comment(session, campaign, token, min_size, keys)
    moderation = session.scalar(
        select(CommentModeration).filter_by(response_id=found.response_id, question_id=found.question_id)
    )
    if moderation is None:
        return False
    session.delete(moderation)
    audit.record(actor, "comment.show", f"Commentaire de nouveau affiché : {_where(campaign, found)}.")
    session.flush()
    return True
