"""GROUP BY queries behind the dashboards: they return small count tables, never answer rows.

Each function takes the Session explicitly and returns a DataFrame with one row per group.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from app.extensions import DbSession
from app.models import Answer, CampaignEstablishment, Establishment, Question, Response
from app.services.dashboards.membership import kind_of_link, pole_of_link


def answer_counts(
    session: DbSession, campaign_id: int, *, establishment_ids: Collection[int] | None = None, by_category: bool = False
) -> pd.DataFrame:
    """Count answers per establishment × question × value (value NaN = "non concerné") in one campaign."""
    columns = [Response.establishment_id, Question.key.label("question")]
    if by_category:
        columns.append(Response.category)
    query = (
        select(*columns, Answer.value, func.count().label("n"))
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(Response.campaign_id == campaign_id)
        .group_by(*columns, Answer.value)
    )
    if establishment_ids is not None:
        query = query.where(Response.establishment_id.in_(list(establishment_ids)))
    names = ["establishment_id", "question"] + (["category"] if by_category else []) + ["value", "n"]
    frame = pd.DataFrame(session.execute(query).all(), columns=names)
    frame["value"] = frame["value"].astype("float64")
    return frame


def response_counts(
    session: DbSession, campaign_ids: Collection[int], *, establishment_ids: Collection[int] | None = None
) -> pd.DataFrame:
    """Count responses per campaign × establishment × respondent category."""
    query = (
        select(Response.campaign_id, Response.establishment_id, Response.category, func.count().label("n"))
        .where(Response.campaign_id.in_(list(campaign_ids)))
        .group_by(Response.campaign_id, Response.establishment_id, Response.category)
    )
    if establishment_ids is not None:
        query = query.where(Response.establishment_id.in_(list(establishment_ids)))
    return pd.DataFrame(session.execute(query).all(), columns=["campaign_id", "establishment_id", "category", "n"])


MEMBER_COLUMNS = ["establishment_id", "uai", "name", "kind", "pole_id", "network_id", "staff_size"]


def members_by_campaign(session: DbSession, campaign_ids: Collection[int]) -> dict[int, pd.DataFrame]:
    """The establishments taking part in each campaign, with their pole and type (frozen at closing) and staff
    size, in one query: a frame per campaign, whose dtypes are its own."""
    query = (
        select(
            CampaignEstablishment.campaign_id,
            Establishment.id,
            Establishment.uai,
            Establishment.name,
            kind_of_link,
            pole_of_link,
            Establishment.network_id,
            CampaignEstablishment.staff_size,
        )
        .join(Establishment, Establishment.id == CampaignEstablishment.establishment_id)
        .where(CampaignEstablishment.campaign_id.in_(list(campaign_ids)))
    )
    rows: dict[int, list[Any]] = {campaign_id: [] for campaign_id in campaign_ids}
    for row in session.execute(query):
        rows[row[0]].append(tuple(row[1:]))
    return {campaign_id: pd.DataFrame(found, columns=MEMBER_COLUMNS) for campaign_id, found in rows.items()}
