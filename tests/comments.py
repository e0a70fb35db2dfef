"""Shared set-up for the comments tests: comments attached to stored responses, and a network that has some."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AnswerComment, Response
from app.services.surveys import question_ids
from tests.dashboards import small_network


def add_comments(db, campaign, establishment, texts: list[str], key: str = "collectif") -> None:
    """Give the first responses of `establishment` in `campaign` one comment each on question `key`."""
    responses = db.session.scalars(
        select(Response)
        .where(Response.campaign_id == campaign.id, Response.establishment_id == establishment.id)
        .order_by(Response.id)
    ).all()
    assert len(responses) >= len(texts), "fewer responses than comments"
    qid = question_ids(campaign.survey.slug)[key]
    for response, text in zip(responses, texts):
        db.session.add(AnswerComment(response_id=response.id, question_id=qid, text=text))
    db.session.flush()


def commented_network(make) -> dict:
    """small_network (a1: 4 answers, hidden; a2: 6, hidden as a complement; a3: 20; b1: 8) with comments on each.

    Every comment names its establishment, so that a test sees at once whose comment is where.
    """
    world = small_network(make)
    a1, a2, a3, b1 = world["est"]
    for establishment, count in ((a1, 2), (a2, 2), (a3, 3), (b1, 2)):
        texts = [f"{establishment.name} : remarque {i}" for i in range(1, count + 1)]
        add_comments(make.db, world["now"], establishment, texts)
    add_comments(make.db, world["now"], a3, ["Sur la direction, au Collège Grand"], key="equipe-direction")
    make.db.session.commit()
    return world
