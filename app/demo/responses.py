"""Plausible demo answers, drawn from any instrument's definition and written in bulk with SQLAlchemy Core.

Levels are handled on a 0–1 "position" scale, then mapped to each question's own scale, so the same model
serves a five-level grid, four-point frequency items and bounded numbers alike.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import cast

import numpy as np
from sqlalchemy import Table, insert, select, text

from app.extensions import db
from app.models import AgreedLevel, Answer, AnswerComment, Response
from app.surveys.question_types import type_of
from app.surveys.schema import DONT_KNOW, Question, Survey

BATCH = 5_000  # responses per INSERT batch
NA = -1  # "non concerné" while in numpy; stored as NULL
# "Je ne sais pas" is stored as DONT_KNOW, in numpy too; a small share of answers, where the edition offers it.
DONT_KNOW_RATE = (0.03, 0.06)
OMITTED = -2  # an optional question left blank: no row
CATEGORY_WEIGHTS = {"enseignant": 74, "direction": 6, "vie-scolaire": 9, "autre": 8, "documentaliste": 4}
CATEGORY_BIAS = {"direction": 0.06}  # heads see their establishment a little more favourably
COMMENTS = {
    "collectif": [
        "Des temps de concertation existent mais restent rares en fin d'année.",
        "Le conseil pédagogique a lancé deux groupes de travail cette année.",
        "Beaucoup d'échanges informels, peu de choses formalisées.",
    ],
    "equipe-direction": [
        "La direction encourage les projets communs avec les écoles du secteur.",
        "Les rôles de chacun dans les instances sont désormais clairs.",
    ],
    "objets-travail": [
        "Le travail sur l'évaluation par compétences nous a rassemblés.",
        "Les projets restent portés par quelques collègues.",
    ],
    "partenaires": [
        "La médiathèque et le centre social participent au comité de pilotage.",
        "Les partenaires interviennent surtout à la demande, ponctuellement.",
    ],
    "structuration-territoire": [
        "Les liaisons école-collège se structurent autour du cycle 3.",
        "Le forum des métiers est le principal temps commun du bassin.",
    ],
}
GENERIC_COMMENTS = [
    "Difficile de répondre pour l'ensemble de l'établissement.",
    "Nette évolution depuis l'an dernier grâce aux formations de proximité.",
    "Manque de temps dédié pour travailler ensemble.",
    "Situation très différente selon les équipes disciplinaires.",
]
JUSTIFICATIONS = [
    "Positionnement discuté en conseil pédagogique à partir des réponses de l'équipe.",
    "Niveau retenu après échange en conseil d'école ; des disparités selon les cycles.",
    "Consensus de l'équipe, en cohérence avec le projet d'établissement.",
    "Niveau retenu prudemment : les actions engagées sont encore récentes.",
]


@dataclass
class QuestionPlan:
    """How to draw one question's answers."""

    id: int
    key: str
    section: str
    values: np.ndarray | None  # allowed values of a scale, in order; None for a number
    minimum: int = 0
    maximum: int = 100
    na_rate: float = 0.0
    dk_rate: float = 0.0  # share answering « je ne sais pas », 0 where the edition does not offer it
    omit_rate: float = 0.0
    is_level: bool = False
    comment: bool = False


@dataclass
class CampaignPlan:
    campaign_id: int
    survey: Survey
    year_index: int  # 0 for the first campaign; the open one follows the last closed
    first_day: date
    last_day: date
    counts: dict[int, int]  # establishment id → number of responses
    means: dict[int, np.ndarray]  # establishment id → expected position of each question (0–1)
    comment_rate: float = 0.03


@dataclass
class Written:
    responses: int = 0
    answers: int = 0
    comments: int = 0
    level_sums: dict[tuple[int, int], list[float]] = field(default_factory=dict)  # (establishment, question) → [sum, n]


def question_plans(survey: Survey, ids: dict[str, int], rng: np.random.Generator) -> list[QuestionPlan]:
    """Describe each question of an instrument from its definition, whatever its type."""
    plans = []
    for section, question in survey.questions():
        plans.append(_plan(survey, section.id, question, ids[question.id], rng))
    return plans


def _plan(survey: Survey, section: str, question: Question, qid: int, rng: np.random.Generator) -> QuestionPlan:
    omit_rate = 0.0 if question.required else 0.08
    qtype = type_of(question)
    space = qtype.answer_space(survey, question)
    if space.values is None:
        return QuestionPlan(qid, question.id, section, None, space.minimum, space.maximum, omit_rate=omit_rate)
    na_rate = float(rng.uniform(0.01, 0.12)) if space.not_applicable else 0.0
    dk_rate = float(rng.uniform(*DONT_KNOW_RATE)) if space.dont_know else 0.0
    return QuestionPlan(
        qid,
        question.id,
        section,
        np.array(space.values),
        na_rate=na_rate,
        dk_rate=dk_rate,
        omit_rate=omit_rate,
        is_level=qtype.is_dimension,
        comment=question.comment,
    )


def as_asked_by(survey: Survey, plans: list[QuestionPlan]) -> list[QuestionPlan]:
    """Return the plans (of the newest edition) as `survey` asks them: no « je ne sais pas » where it is not offered."""
    offered = {q.id for _, q in survey.questions() if type_of(q).answer_space(survey, q).dont_know}
    return [plan if plan.key in offered else replace(plan, dk_rate=0.0) for plan in plans]


def draw_values(plans: list[QuestionPlan], position: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Turn a (responses × questions) matrix of positions into stored values, NA, DONT_KNOW and OMITTED."""
    out = np.empty(position.shape, dtype=np.int32)
    for column, plan in enumerate(plans):
        p = np.clip(position[:, column], 0.0, 1.0)
        if plan.values is None:
            out[:, column] = np.rint(plan.minimum + p * (plan.maximum - plan.minimum)).astype(np.int32)
        else:
            index = np.rint(p * (len(plan.values) - 1)).astype(np.int64)
            out[:, column] = plan.values[index]
            if plan.na_rate:
                out[rng.random(len(p)) < plan.na_rate, column] = NA
            if plan.dk_rate:
                out[rng.random(len(p)) < plan.dk_rate, column] = DONT_KNOW
        if plan.omit_rate:
            out[rng.random(len(p)) < plan.omit_rate, column] = OMITTED
    return out


def write_campaign(plan: CampaignPlan, plans: list[QuestionPlan], rng: np.random.Generator) -> Written:
    """Insert a campaign's responses, answers and comments in batches; never one ORM object per row."""
    with _without_foreign_key_triggers():
        return _write_rows(plan, plans, rng)


def _write_rows(plan: CampaignPlan, plans: list[QuestionPlan], rng: np.random.Generator) -> Written:
    written = Written()
    establishments = np.repeat(
        np.array(list(plan.counts), dtype=np.int64), np.array(list(plan.counts.values()), dtype=np.int64)
    )
    categories = [c.id for c in plan.survey.categories]
    weights = np.array([CATEGORY_WEIGHTS.get(c, 5) for c in categories], dtype=float)
    days = (plan.last_day - plan.first_day).days
    for start in range(0, len(establishments), BATCH):
        batch = establishments[start : start + BATCH]
        size = len(batch)
        chosen = rng.choice(len(categories), size=size, p=weights / weights.sum())
        # Most answers come in the first days after the link is sent, then trickle in.
        offsets = np.minimum(rng.exponential(max(days, 1) / 4, size=size).astype(int), days)
        rows = [
            {
                "campaign_id": plan.campaign_id,
                "establishment_id": int(e),
                "category": categories[c],
                "survey_slug": plan.survey.slug,
                "survey_version": plan.survey.version,
                "submitted_on": plan.first_day + timedelta(days=int(o)),
                "submission_key": secrets.token_hex(16),
            }
            for e, c, o in zip(batch.tolist(), chosen.tolist(), offsets.tolist())
        ]
        table = cast(Table, Response.__table__)  # declared as a FromClause; a mapped class has a Table
        result = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        response_ids = np.array(result.scalars().all(), dtype=np.int64)

        mean = np.stack([plan.means[int(e)] for e in batch])
        bias = np.array([CATEGORY_BIAS.get(categories[c], 0.0) for c in chosen.tolist()])
        position = mean + (rng.normal(0, 0.08, size) + bias)[:, None] + rng.normal(0, 0.14, mean.shape)
        values = draw_values(plans, position, rng)
        written.answers += _insert_answers(response_ids, plans, values)
        written.comments += _insert_comments(response_ids, plans, values, plan.comment_rate, rng)
        _sum_levels(written, batch, plans, values)
        written.responses += size
    return written


def _insert_answers(response_ids: np.ndarray, plans: list[QuestionPlan], values: np.ndarray) -> int:
    question_ids = [p.id for p in plans]
    rows = [
        (rid, qid, None if v == NA else v)
        for rid, line in zip(response_ids.tolist(), values.tolist())
        for qid, v in zip(question_ids, line)
        if v != OMITTED
    ]
    if rows:
        _bulk_insert(cast(Table, Answer.__table__), ("response_id", "question_id", "value"), rows)
    return len(rows)


@contextmanager
def _without_foreign_key_triggers():
    """On PostgreSQL, as a superuser, skip the per-row foreign-key triggers for the bulk inserts only.

    The demo's rows are valid by construction; at académie scale the triggers would triple the build time.
    The setting is put back at once, so that nothing else in the transaction runs without its checks.
    """
    connection = db.session.connection()
    skip = connection.dialect.name == "postgresql" and bool(
        connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    )
    if skip:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
    try:
        yield
    finally:
        if skip:
            connection.execute(text("SET LOCAL session_replication_role = origin"))


def _bulk_insert(table: Table, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> None:
    """Insert many rows in the session's transaction: PostgreSQL's COPY (ten times faster there), else executemany."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        with (
            # A checked-out connection always has its driver connection; SQLAlchemy types it as optional.
            connection.connection.driver_connection.cursor() as cursor,  # type: ignore[union-attr]
            cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])


def _insert_comments(
    response_ids: np.ndarray, plans: list[QuestionPlan], values: np.ndarray, rate: float, rng: np.random.Generator
) -> int:
    rows = []
    for column, plan in enumerate(plans):
        if not plan.comment:
            continue
        texts = COMMENTS.get(plan.section, []) + GENERIC_COMMENTS
        for row in np.flatnonzero((rng.random(len(response_ids)) < rate) & (values[:, column] != OMITTED)).tolist():
            rows.append(
                {
                    "response_id": int(response_ids[row]),
                    "question_id": plan.id,
                    "text": texts[int(rng.integers(len(texts)))],
                }
            )
    if rows:
        db.session.execute(insert(cast(Table, AnswerComment.__table__)), rows)
    return len(rows)


def _sum_levels(written: Written, batch: np.ndarray, plans: list[QuestionPlan], values: np.ndarray) -> None:
    for column, plan in enumerate(plans):
        if not plan.is_level:
            continue
        for establishment, value in zip(batch.tolist(), values[:, column].tolist()):
            if value >= 0:
                total = written.level_sums.setdefault((establishment, plan.id), [0.0, 0])
                total[0] += value
                total[1] += 1


def write_agreed_levels(
    campaign_id: int,
    written: Written,
    plans: list[QuestionPlan],
    establishments: list[int],
    recorded_on: date,
    rng: np.random.Generator,
    recorded_by: dict[int, int] | None = None,
) -> int:
    """Record the level a team agreed on, close to the mean of its answers, for some establishments."""
    scales = {p.id: p.values for p in plans if p.is_level and p.values is not None}  # a level has values
    rows = []
    for establishment in establishments:
        for qid, allowed in scales.items():
            total, n = written.level_sums.get((establishment, qid), (0.0, 0))
            if n < 3:
                continue
            target = total / n + rng.choice([-0.4, 0.0, 0.0, 0.4])
            level = int(allowed[np.abs(allowed - target).argmin()])
            rows.append(
                {
                    "campaign_id": campaign_id,
                    "establishment_id": establishment,
                    "question_id": qid,
                    "level": level,
                    "justification": JUSTIFICATIONS[int(rng.integers(len(JUSTIFICATIONS)))],
                    "recorded_by_id": (recorded_by or {}).get(establishment),
                    "recorded_on": recorded_on,
                }
            )
    if rows:
        db.session.execute(insert(cast(Table, AgreedLevel.__table__)), rows)
    return len(rows)


def write_showcase_comments(campaign_id: int, establishment_id: int, plans: list[QuestionPlan], wanted: int) -> int:
    """Give the head's establishment at least `wanted` comments in a closed campaign, so its page shows some.

    Drawn from its own seeded generator (not the demo's), so the rest of the demo stays the same.
    """
    sections = {p.id: p.section for p in plans if p.comment}
    if not sections:
        return 0
    answered = db.session.execute(
        select(Answer.response_id, Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.campaign_id == campaign_id,
            Response.establishment_id == establishment_id,
            Answer.question_id.in_(sections),
        )
        .order_by(Answer.response_id, Answer.question_id)
    ).all()
    taken = set(
        db.session.execute(
            select(AnswerComment.response_id, AnswerComment.question_id).where(
                AnswerComment.response_id.in_({r for r, _ in answered})
            )
        ).all()
    )
    free = [pair for pair in answered if tuple(pair) not in taken]
    rng = random.Random(campaign_id)  # nosec B311  # demo data, seeded: reproducible, not a secret
    chosen = rng.sample(free, min(max(wanted - len(taken), 0), len(free)))
    rows = []
    for response_id, question_id in chosen:
        texts = COMMENTS.get(sections[question_id], []) + GENERIC_COMMENTS
        rows.append({"response_id": response_id, "question_id": question_id, "text": rng.choice(texts)})
    if rows:
        db.session.execute(insert(cast(Table, AnswerComment.__table__)), rows)
    return len(rows)
