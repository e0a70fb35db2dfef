"""submit_response: checked against the definition, atomic, idempotent; a single-use code opens one draft only."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import event, func, select

from app.extensions import db as _db
from app.models import AccessCode, AccessMode, Answer, AnswerComment, Draft, Response
from app.services.campaigns.codes import generate_codes
from app.services.responding.access import CodeSpent, resolve_code
from app.services.responding.drafts import find_draft, start_draft, start_draft_with_code
from app.services.responding.responses import (
    AnswersInvalid,
    submit_draft,
    submit_response,
    validate_answers,
)
from app.services.surveys import question_ids
from app.surveys.registry import survey_of
from tests.respondent.helpers import open_link

DAY = date(2026, 3, 12)
GRID = {
    "collectif": "3",
    "equipe-direction": "2",
    "objets-travail": "4",
    "partenaires": "1",
    "structuration-territoire": "5",
}


def _count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def _submit(link, key="k1", answers=None, comments=None, category="enseignant"):
    return submit_response(
        campaign=link.campaign,
        establishment_id=link.establishment_id,
        survey=survey_of(link.campaign.survey),
        category=category,
        answers=GRID if answers is None else answers,
        comments=comments or {},
        submission_key=key,
        today=DAY,
    )


def test_stores_values_comments_and_the_day_only(make, db):
    link = open_link(make)
    submission = _submit(link, comments={"collectif": "  Beaucoup d'échanges.  "})
    assert submission.created
    response = submission.response
    assert response.submitted_on == DAY and type(response.submitted_on) is date
    ids = question_ids("territoire-apprenant")
    stored = dict(db.session.execute(select(Answer.question_id, Answer.value)).all())
    assert stored == {ids[key]: int(value) for key, value in GRID.items()}
    comment = db.session.scalars(select(AnswerComment)).one()
    assert (comment.question_id, comment.text) == (ids["collectif"], "Beaucoup d'échanges.")


def test_second_submit_with_the_same_key_returns_the_first(make, db):
    link = open_link(make)
    first = _submit(link)
    second = _submit(link, answers={**GRID, "collectif": "1"})
    assert not second.created and second.response.id == first.response.id
    assert _count(Response) == 1 and _count(Answer) == 5


def test_a_duplicate_is_skipped_by_the_insert_itself_and_the_first_stands(make, db):
    """Another request committed the same key first: the insert skips it (ON CONFLICT) and nothing is raised."""
    link = open_link(make)
    first = _submit(link).response.id
    db.session.commit()
    sent = []
    event.listen(db.engine, "before_cursor_execute", record := lambda *args: sent.append(args[2]))
    try:
        second = _submit(link, answers={**GRID, "collectif": "1"})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert not second.created and second.response.id == first
    assert any("ON CONFLICT" in statement for statement in sent)
    assert not any(statement.startswith("SAVEPOINT") for statement in sent)
    assert _count(Response) == 1
    assert sorted(db.session.scalars(select(Answer.value))) == sorted(int(v) for v in GRID.values())


def test_a_duplicate_leaves_the_callers_work_alone(make, db):
    """Nothing is undone by a duplicate: what the caller wrote before in its transaction stays."""
    link = open_link(make)
    _submit(link)
    db.session.commit()
    _, raw = start_draft(link, DAY, category="enseignant")  # flushed, not committed
    assert not _submit(link).created
    assert find_draft(raw) is not None


def test_a_duplicate_of_invalid_answers_still_finds_the_first(make, db):
    """A reload whose answers no longer validate (an edition changed) still finds what was sent."""
    link = open_link(make)
    first = _submit(link).response.id
    again = _submit(link, answers={**GRID, "collectif": "9"})
    assert not again.created and again.response.id == first


@pytest.mark.parametrize(
    "answers, key, message",
    [
        ({**GRID, "collectif": "6"}, "collectif", "ne fait pas partie des choix"),
        ({**GRID, "collectif": "na"}, "collectif", "ne fait pas partie des choix"),
        ({**GRID, "collectif": 3.5}, "collectif", "ne fait pas partie des choix"),
        ({k: v for k, v in GRID.items() if k != "partenaires"}, "partenaires", "Veuillez choisir une réponse."),
        ({**GRID, "inventee": "2"}, "inventee", "ne fait pas partie du questionnaire"),
    ],
)
def test_invalid_answer_sets_are_refused_with_nothing_stored(make, db, answers, key, message):
    link = open_link(make)
    with pytest.raises(AnswersInvalid) as refused:
        _submit(link, answers=answers)
    assert message in refused.value.errors[key]
    assert _count(Response) == 0 and _count(Answer) == 0


def test_unknown_category_is_refused(make, db):
    link = open_link(make)
    with pytest.raises(AnswersInvalid) as refused:
        _submit(link, category="eleve")
    assert "category" in refused.value.errors


def test_comments_are_checked(make, db):
    survey = survey_of(open_link(make, "autopositionnement").campaign.survey)
    answers = {q.id: "2" for _, q in survey.questions()}
    first = survey.sections[0].questions[0].id
    _, _, errors = validate_answers(survey, answers, {first: "pas de commentaire ici"})
    assert errors == {first: "Cette question n'accepte pas de commentaire."}
    grid = survey_of(open_link(make).campaign.survey)
    _, kept, errors = validate_answers(grid, GRID, {"collectif": "x" * 1001, "partenaires": "   "})
    assert "1000" in errors["collectif"] and kept == {}


def test_not_applicable_item_is_stored_as_null(make, db):
    link = open_link(make, "autopositionnement")
    survey = survey_of(link.campaign.survey)
    answers = {q.id: "na" for _, q in survey.questions()}
    _submit(link, answers=answers)
    assert set(db.session.scalars(select(Answer.value))) == {None}


def test_submit_draft_deletes_the_draft(make, db):
    link = open_link(make)
    draft, raw = start_draft(link, DAY, category="enseignant")
    draft.data = {**draft.data, "answers": GRID}
    submission = submit_draft(draft, survey_of(link.campaign.survey), DAY)
    assert submission.created and find_draft(raw) is None


def _in_threads(app, work, count=2):
    """Run `work()` in `count` threads at once, each in its own app context; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work()
                _db.session.commit()
            except Exception as exc:
                _db.session.rollback()
                results[index] = exc
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_concurrent_submits_of_one_draft_store_one_response(app, make, db):
    link = open_link(make)
    draft, raw = start_draft(link, DAY, category="enseignant")
    draft.data = {**draft.data, "answers": GRID}
    db.session.commit()

    def submit():
        found = find_draft(raw)
        if found is None:  # the other thread already committed
            return "already"
        return submit_draft(found, survey_of(found_campaign(found)), DAY).response.id

    results = _in_threads(app, submit)
    assert not any(isinstance(r, Exception) for r in results), results
    assert _count(Response) == 1 and _count(Draft) == 0


def test_two_browsers_typing_one_code_at_once_open_one_draft(app, make, db):
    link = open_link(make, access_mode=AccessMode.CODES)
    (code,) = generate_codes(link.campaign, link.establishment, 1)
    db.session.commit()
    typed = code.code

    def open_draft():
        return start_draft_with_code(resolve_code(typed, DAY), DAY, category="enseignant")[0].id

    results = _in_threads(app, open_draft)
    assert sorted(type(r).__name__ for r in results) == ["CodeSpent", "int"], results
    assert _count(Draft) == 1 and isinstance(next(r for r in results if not isinstance(r, int)), CodeSpent)
    assert db.session.scalar(select(AccessCode.used).filter_by(id=code.id)) is True


def found_campaign(draft):
    from app.models import Campaign

    return _db.session.get(Campaign, draft.campaign_id).survey
