"""Which comments a reader may read: closed campaigns, groups the anonymity threshold shows, never a hidden school.

A comment is published only where the campaign's suppressed cells show its group (docs/privacy.md, § 9): on an
establishment's page when that establishment's cell for the question is visible; on a pole's or the network's page
when that group's cell is visible, and then only the comments of its establishments whose own cell is visible. So
a group's list is the union of lists readers may already read one by one, and subtracting visible lists from a
group's list never gives the comments of a hidden establishment.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import and_, select

from app.analytics.cells import establishment_unit, network_unit, pole_unit
from app.analytics.instrument import dimensions_of
from app.analytics.suppression import NO_ANSWER, hidden_label
from app.extensions import DbSession
from app.models import AnswerComment, Campaign, CommentModeration, Establishment, Network, Question, Response, User
from app.services.comments.keys import comment_token, order_key
from app.services.dashboards.campaign_data import (
    ChosenCampaign,
    campaign_data,
    default_campaign,
    network_campaigns,
)
from app.services.dashboards.establishment import UnknownCampaign
from app.surveys.registry import survey_of
from app.surveys.schema import Survey


@dataclass(frozen=True)
class Keys:
    """The two keys derived from the secret: one orders comments, one names them in moderation forms."""

    order: bytes
    token: bytes


@dataclass(frozen=True)
class Moderation:
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class ShownComment:
    text: str
    token: str
    moderation: Moderation | None = None  # filled only for the network's coordination


@dataclass
class Topic:
    """The comments on one dimension of the grid (or one theme), or why there are none to read."""

    key: str
    title: str
    comments: list[ShownComment] = field(default_factory=list)
    withheld: str = ""  # why the group's comments are not shown, in French
    establishments_withheld: int = 0  # establishments of the group whose cell is hidden


@dataclass
class CommentGroup:
    unit: str
    title: str
    topics: list[Topic] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(1 for t in self.topics for c in t.comments if c.moderation is None)


@dataclass
class CommentsView(ChosenCampaign):
    campaigns: list[Campaign]
    campaign: Campaign | None = None
    groups: list[CommentGroup] = field(default_factory=list)
    min_size: int = 5
    moderator: bool = False


def comment_questions(survey: Survey) -> list[tuple[str, str]]:
    """Return (key, title) of the questions that take a comment: a grid dimension's title, or an item's theme."""
    titles = {d.key: d.title for d in dimensions_of(survey)}
    return [(q.id, titles.get(q.id, section.title)) for section, q in survey.questions() if q.comment]


def comment_campaigns(session: DbSession, network_id: int) -> list[Campaign]:
    """List a network's campaigns whose instrument takes comments, in time order."""
    return [c for c in network_campaigns(session, network_id) if comment_questions(survey_of(c.survey))]


def _choose(campaigns: list[Campaign], campaign_id: int | None) -> Campaign | None:
    if campaign_id is None:
        return default_campaign(campaigns)
    found = next((c for c in campaigns if c.id == campaign_id), None)
    if found is None:
        raise UnknownCampaign(campaign_id)
    return found


def comment_rows(session: DbSession, campaign: Campaign, establishment_ids: list[int]) -> pd.DataFrame:
    """Read the comments of some establishments in a campaign, with their moderation if any."""
    query = (
        select(
            AnswerComment.response_id,
            AnswerComment.question_id,
            Question.key.label("question"),
            AnswerComment.text,
            Response.establishment_id,
            CommentModeration.reason.label("hidden_reason"),
            CommentModeration.hidden_at,
            User.name.label("hidden_by_name"),
            User.email.label("hidden_by_email"),
        )
        .join(Response, Response.id == AnswerComment.response_id)
        .join(Question, Question.id == AnswerComment.question_id)
        .outerjoin(
            CommentModeration,
            and_(
                CommentModeration.response_id == AnswerComment.response_id,
                CommentModeration.question_id == AnswerComment.question_id,
            ),
        )
        .outerjoin(User, User.id == CommentModeration.hidden_by_id)
        .where(Response.campaign_id == campaign.id, Response.establishment_id.in_(establishment_ids))
    )
    columns = [
        "response_id",
        "question_id",
        "question",
        "text",
        "establishment_id",
        "hidden_reason",
        "hidden_at",
        "hidden_by_name",
        "hidden_by_email",
    ]
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def _visibility(cells: pd.DataFrame) -> dict[tuple[str, str], tuple[bool, str]]:
    return {
        (unit, question): (bool(hidden), reason or "")
        for unit, question, hidden, reason in zip(cells["unit"], cells["question"], cells["hidden"], cells["reason"])
    }


def _shown(row: Mapping[Hashable, Any], campaign_id: int, keys: Keys, moderator: bool) -> ShownComment | None:
    moderated = isinstance(row["hidden_reason"], str)
    if moderated and not moderator:
        return None
    moderation = None
    if moderated:
        by = row["hidden_by_name"] or row["hidden_by_email"] or "compte supprimé"
        moderation = Moderation(row["hidden_reason"], str(by), row["hidden_at"])
    token = comment_token(keys.token, campaign_id, int(row["response_id"]), int(row["question_id"]))
    return ShownComment(row["text"].strip(), token, moderation)


def group_topics(
    cells: pd.DataFrame,
    rows: pd.DataFrame,
    unit: str,
    questions: list[tuple[str, str]],
    *,
    campaign_id: int,
    keys: Keys,
    min_size: int,
    moderator: bool = False,
) -> list[Topic]:
    """Return each question's comments for one unit (establishment, pole or network) of the campaign's tree."""
    seen = _visibility(cells)
    establishments = cells[cells["kind"] == "establishment"]
    topics = []
    for key, title in questions:
        topic = Topic(key, title)
        topics.append(topic)
        hidden, reason = seen.get((unit, key), (True, NO_ANSWER))
        if hidden:
            topic.withheld = hidden_label(reason, min_size)
            continue
        members = establishments[establishments["question"] == key]
        if unit.startswith("p:"):
            members = members[members["parent"] == unit]
        elif unit.startswith("e:"):
            members = members[members["unit"] == unit]
        visible = set(members.loc[~members["hidden"].astype(bool), "entity_id"].astype(int))
        topic.establishments_withheld = int(members["hidden"].astype(bool).sum())
        mine = rows[(rows["question"] == key) & rows["establishment_id"].isin(visible)]
        shown = [_shown(row, campaign_id, keys, moderator) for row in mine.to_dict("records")]
        kept = [c for c in shown if c is not None and c.text]
        topic.comments = sorted(kept, key=lambda c: (order_key(keys.order, c.text), c.text, c.token))
    return topics


def establishment_comments(
    session: DbSession,
    establishment: Establishment,
    campaign_id: int | None,
    min_size: int,
    keys: Keys,
    moderator: bool = False,
) -> CommentsView:
    """Read an establishment's comments on the chosen (or latest closed) campaign, under the threshold."""
    campaigns = comment_campaigns(session, establishment.network_id) if establishment.network_id else []
    view = CommentsView(campaigns, _choose(campaigns, campaign_id), min_size=min_size, moderator=moderator)
    if view.campaign is None or not view.published:
        return view
    campaign = view.campaign
    cells = campaign_data(session, campaign, min_size).cells
    rows = comment_rows(session, campaign, [establishment.id])
    unit = establishment_unit(establishment.id)
    questions = comment_questions(survey_of(campaign.survey))
    topics = group_topics(
        cells, rows, unit, questions, campaign_id=campaign.id, keys=keys, min_size=min_size, moderator=moderator
    )
    view.groups = [CommentGroup(unit, establishment.name, topics)]
    return view


def network_comments(
    session: DbSession,
    network: Network,
    units: list[tuple[str, str]] | None,
    campaign_id: int | None,
    min_size: int,
    keys: Keys,
    moderator: bool = False,
) -> CommentsView:
    """Read the comments of a network's poles (or of the whole network), grouped, under the threshold.

    `units` are (unit, title) of the groups shown, e.g. `[("p:3", "Pôle Aix")]`; None means the whole network.
    """
    campaigns = comment_campaigns(session, network.id)
    view = CommentsView(campaigns, _choose(campaigns, campaign_id), min_size=min_size, moderator=moderator)
    if view.campaign is None or not view.published:
        return view
    campaign = view.campaign
    cells = campaign_data(session, campaign, min_size).cells
    ids = sorted({int(e) for e in cells.loc[cells["kind"] == "establishment", "entity_id"]})
    rows = comment_rows(session, campaign, ids)
    questions = comment_questions(survey_of(campaign.survey))
    for unit, title in units if units is not None else [(network_unit(network.id), f"Réseau {network.name}")]:
        topics = group_topics(
            cells, rows, unit, questions, campaign_id=campaign.id, keys=keys, min_size=min_size, moderator=moderator
        )
        view.groups.append(CommentGroup(unit, title, topics))
    return view


def pole_units(pole_ids: list[int], names: dict[int, str]) -> list[tuple[str, str]]:
    """Name the pole groups of a network's comments page."""
    return [(pole_unit(p), f"Pôle {names.get(p, '—')}") for p in pole_ids]
