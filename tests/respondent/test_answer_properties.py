"""Whatever a respondent's browser sends, the questionnaire answers with its form and French errors, or a 4xx.

Two levels: `validate_answers` (the check of an answer set against the survey definition) accepts every valid set
and refuses every corrupted one, naming the question; and the questionnaire pages, fed arbitrary form posts, never
fail, keep only valid answers in the draft and store a response only when the draft is complete and valid.
"""

from __future__ import annotations

import html
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import Answer, AnswerComment, Draft, Question, Response
from app.services.responding.drafts import answers_of, comments_of
from app.services.responding.responses import validate_answers
from app.surveys.loader import load_directory, parse_survey
from app.surveys.question_types import (
    COMMENT_MAX_LENGTH,
    DONT_KNOW_CHOICE,
    NOT_APPLICABLE,
    QUESTION_TYPES,
    STORED_MAX,
    STORED_MIN,
)
from app.surveys.schema import DONT_KNOW, Survey
from app.surveys.schema import Question as SurveyQuestion
from tests.respondent.helpers import open_link, section_data, survey_for
from tests.respondent.test_new_instrument import _store_numbers
from tests.surveys.samples import NUMBERS_FILE, SHIPPED_DIR


def _numbers() -> Survey:
    survey, errors = parse_survey(yaml.safe_load(NUMBERS_FILE.read_text(encoding="utf-8")), NUMBERS_FILE.name)
    assert not errors
    return survey


SURVEYS = [item.survey for item in load_directory(SHIPPED_DIR) if not item.survey.is_indicators] + [_numbers()]
# Text a browser can send (no lone surrogates, which cannot be encoded).
TYPED = st.characters(exclude_categories=("Cs",))
TRICKY = [
    "",
    " ",
    "na",
    "NA",
    "0",
    "6",
    "-1",
    "3.0",
    "3,5",
    "1e3",
    "٣",
    "１",
    "NaN",
    "null",
    "None",
    "true",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "' OR 1=1 --",
    "\u202e3",
    "3\n",
]


def _allowed(survey: Survey, question: SurveyQuestion) -> list[str]:
    return [value for value, _ in QUESTION_TYPES[question.type].choices(survey, question)]


def _bounds(question: SurveyQuestion) -> tuple[int, int]:
    low = question.minimum if question.minimum is not None else STORED_MIN
    high = question.maximum if question.maximum is not None else STORED_MAX
    return low, high


# --- the service: validate_answers ---------------------------------------------------------------------------------


@st.composite
def valid_sets(draw):
    """A complete, valid answer set, with the values and comments that must be kept."""
    survey = draw(st.sampled_from(SURVEYS))
    answers: dict[str, object] = {}
    comments: dict[str, object] = {}
    values: dict[str, int | None] = {}
    kept: dict[str, str] = {}
    for _, question in survey.questions():
        if not question.required and draw(st.booleans()):
            if draw(st.booleans()):
                answers[question.id] = draw(st.sampled_from(["", None]))  # an answer emptied again
            continue
        if question.type == "number":
            value = draw(st.integers(*_bounds(question)))
            answers[question.id] = draw(st.sampled_from([str(value), value, f" {value} "]))
            values[question.id] = value
        else:
            raw = draw(st.sampled_from(_allowed(survey, question)))
            values[question.id] = (
                {NOT_APPLICABLE: None, DONT_KNOW_CHOICE: DONT_KNOW}.get(raw) if not raw.isdigit() else int(raw)
            )
            # A draft read back from JSON may hold the number itself.
            answers[question.id] = int(raw) if raw.isdigit() and draw(st.booleans()) else raw
        if question.comment and draw(st.booleans()):
            text = draw(st.text(TYPED, max_size=COMMENT_MAX_LENGTH))
            comments[question.id] = text
            if text.strip():
                kept[question.id] = text.strip()
    return survey, answers, comments, values, kept


def _not_a_whole_number(question: SurveyQuestion):
    low, high = _bounds(question)
    return st.one_of(
        st.integers(high + 1, high + 10**9).map(str),
        st.integers(low - 10**9, low - 1),
        st.integers(STORED_MAX + 1, 10**30).map(str),
        st.integers(-1000, 1000).map(lambda n: f"{n}.5"),
        st.integers(0, 9).map(lambda n: f"{n},0"),
        # Letters, punctuation and symbols only: never a number, whatever int() accepts.
        st.text(st.characters(categories=("L", "P", "S")), min_size=1, max_size=30),
        st.just("9" * 5000),
        st.sampled_from([True, False, 3.0, [3], {"v": 3}]),
    )


def _off_the_scale(survey: Survey, question: SurveyQuestion):
    allowed = set(_allowed(survey, question)) | {""}
    if question.type == "level":
        allowed.discard(NOT_APPLICABLE)
    return st.one_of(
        st.text(TYPED, max_size=20),
        st.sampled_from(TRICKY),
        st.integers().map(str),
        st.sampled_from([True, 3.0, [3], {"v": 3}, NOT_APPLICABLE]),
    ).filter(lambda raw: str(raw) not in allowed and raw is not None)


CORRUPTIONS = ["missing", "off_scale", "unknown_question", "long_comment", "comment_not_offered", "comment_not_text"]


@st.composite
def corrupted_sets(draw):
    """A valid set with one thing broken; return it with the key that must be named among the errors."""
    survey, answers, comments, _, _ = draw(valid_sets())
    questions = [question for _, question in survey.questions()]
    ids = {question.id for question in questions}
    kind = draw(st.sampled_from(CORRUPTIONS))
    if kind == "missing":
        question = draw(st.sampled_from([q for q in questions if q.required]))
        if draw(st.booleans()):
            answers.pop(question.id, None)
        else:
            answers[question.id] = draw(st.sampled_from(["", None]))
        return survey, answers, comments, question.id
    if kind == "off_scale":
        question = draw(st.sampled_from(questions))
        bad = _not_a_whole_number(question) if question.type == "number" else _off_the_scale(survey, question)
        answers[question.id] = draw(bad)
        return survey, answers, comments, question.id
    if kind == "unknown_question":
        key = draw(st.text(TYPED, max_size=40).filter(lambda k: k not in ids))
        answers[key] = draw(st.one_of(st.text(TYPED, max_size=5), st.integers(), st.none()))
        return survey, answers, comments, key
    with_comment = [q for q in questions if q.comment]
    if kind == "long_comment" and with_comment:
        question = draw(st.sampled_from(with_comment))
        letter = draw(TYPED.filter(lambda c: c.strip()))
        comments[question.id] = " " + letter * draw(st.integers(COMMENT_MAX_LENGTH + 1, 5 * COMMENT_MAX_LENGTH))
        return survey, answers, comments, question.id
    if kind == "comment_not_text":
        key = draw(st.sampled_from([q.id for q in questions]))
        comments[key] = draw(st.sampled_from([3, 0, 2.5, True, ["texte"], {"texte": "x"}]))  # what JSON can hold
        return survey, answers, comments, key
    # A comment where none is offered: on a question without one, or on no question at all.
    without = [q.id for q in questions if not q.comment]
    key = (
        draw(st.sampled_from(without))
        if without and draw(st.booleans())
        else draw(st.text(TYPED, min_size=1, max_size=40).filter(lambda k: k not in ids))
    )
    comments[key] = draw(st.text(TYPED, min_size=1, max_size=50).filter(str.strip))
    return survey, answers, comments, key


@settings(max_examples=150, deadline=None)
@given(valid_sets())
def test_every_valid_answer_set_is_accepted_as_given(answer_set):
    survey, answers, comments, values, kept = answer_set
    stored, stored_comments, errors = validate_answers(survey, answers, comments)
    assert errors == {}
    assert stored == values
    assert stored_comments == kept


@settings(max_examples=300, deadline=None)
@given(corrupted_sets())
def test_every_corrupted_answer_set_is_refused_naming_the_question(corrupted):
    survey, answers, comments, key = corrupted
    _, _, errors = validate_answers(survey, answers, comments)
    assert key in errors, errors
    for message in errors.values():
        assert isinstance(message, str) and message[:1].isupper() and message.endswith(".")


# --- the pages: arbitrary posts to a questionnaire step and to the submit route ------------------------------------

SLUGS = ["territoire-apprenant", "autopositionnement", "nombres-test"]
STATUSES = {200, 303, 400, 404, 413, 415, 422}


def _names(survey: Survey) -> list[str]:
    return [f"{prefix}{q.id}" for _, q in survey.questions() for prefix in ("q-", "c-")]


def _values(survey: Survey, huge: bool = True):
    allowed = sorted({value for _, q in survey.questions() if q.type != "number" for value in _allowed(survey, q)})
    values = [
        st.sampled_from(allowed or ["0"]),
        st.sampled_from(allowed or ["0"]),  # valid values, often
        st.integers(-5, 25000).map(str),
        st.text(TYPED, max_size=40),
        st.sampled_from(TRICKY),
        st.integers().map(str),
        st.floats().map(str),
        st.booleans().map(str),
        st.builds(lambda c, n: c * n, TYPED, st.integers(COMMENT_MAX_LENGTH - 2, COMMENT_MAX_LENGTH + 2)),
    ]
    if huge:  # up to a tenth of the upload limit
        values.append(st.builds(lambda c, n: c * n, TYPED, st.integers(COMMENT_MAX_LENGTH, 120_000)))
    return st.one_of(values)


def _forms(survey: Survey, huge: bool = True):
    keys = st.one_of(
        st.sampled_from(_names(survey)),
        st.sampled_from(_names(survey)),
        st.sampled_from(["action", "retour", "category", "submission_key", "csrf_token"]),
        st.text(TYPED, max_size=20),
        st.text(TYPED, max_size=12).map(lambda k: "q-" + k),
    )
    return st.dictionaries(keys, st.lists(_values(survey, huge), min_size=1, max_size=3), max_size=8)


def _bodies(survey: Survey):
    """How the form is sent: URL-encoded, multipart, or raw bytes under any content type."""
    raw = st.tuples(
        st.just("raw"),
        st.binary(max_size=300),
        st.sampled_from(
            [
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/xml",
            ]
        ),
    )
    return st.one_of(
        st.tuples(st.just("form"), _forms(survey), st.just(None)),
        # Werkzeug's test client spools a large multipart body to a file it never closes.
        st.tuples(st.just("multipart"), _forms(survey, huge=False), st.just("multipart/form-data")),
        raw,
    )


def _actions(survey: Survey):
    """A few steps: garbage to a page or to the category step, a valid page, every page valid, or a submit."""
    sections = [section.id for section in survey.sections]
    page = st.one_of(st.sampled_from(sections), st.sampled_from(sections), st.text(TYPED, min_size=1, max_size=30))
    valid = st.builds(
        lambda section, index: ("form", section_data(survey, section, index), None),
        st.sampled_from(survey.sections),
        st.integers(0, 5),
    )
    category = st.one_of(
        st.sampled_from([c.id for c in survey.categories]), st.text(TYPED, max_size=30), st.sampled_from(TRICKY)
    )
    categories = st.fixed_dictionaries(
        {"category": st.lists(category, min_size=1, max_size=2)},
        optional={"action": st.sampled_from(["suivant", "precedent", "x"]), "retour": st.text(TYPED, max_size=30)},
    )
    category_bodies = st.one_of(_bodies(survey), st.tuples(st.just("form"), categories, st.just(None)))
    return st.lists(
        st.one_of(
            st.tuples(st.just("section"), page, _bodies(survey)),
            st.tuples(st.just("category"), st.just(""), category_bodies),
            st.tuples(st.just("section"), st.sampled_from(sections), valid),
            st.tuples(st.just("fill"), st.just(""), st.just(None)),
            st.tuples(st.just("submit"), st.just(""), _bodies(survey)),
        ),
        min_size=1,
        max_size=5,
    )


def _post(client, url: str, body):
    _, payload, content_type = body
    return client.post(url, data=payload, content_type=content_type)  # None: URL-encoded, as a browser's form


def _ensure_draft(client, base: str, survey: Survey) -> None:
    # One browser sends many responses here: it answers « oui » to « Une autre personne répond-elle ? ».
    response = client.post(f"{base}/commencer", data={"autre_personne": "oui"})
    assert response.status_code == 303
    if response.headers["Location"].endswith("/categorie"):
        response = client.post(f"{base}/categorie", data={"category": survey.categories[0].id})
        assert response.status_code == 303, response.get_data(as_text=True)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _draft(db) -> Draft | None:
    db.session.expire_all()
    return db.session.scalars(select(Draft)).one_or_none()


def _assert_draft_holds_only_valid_answers(survey: Survey, draft: Draft) -> None:
    questions = {q.id: q for _, q in survey.questions()}
    for key, raw in answers_of(draft).items():
        assert key in questions, f"answer to an unknown question kept: {key!r}"
        assert raw not in (None, ""), f"empty answer kept for {key}"
        QUESTION_TYPES[questions[key].type].parse(survey, questions[key], raw)  # raises if it is not valid
    for key, text in comments_of(draft).items():
        assert key in questions and questions[key].comment, f"comment kept where none is offered: {key!r}"
        assert isinstance(text, str) and 0 < len(text) <= COMMENT_MAX_LENGTH and text == text.strip()


def _assert_french_page(response) -> None:
    body = response.get_data(as_text=True)
    assert 'lang="fr"' in body
    if response.status_code == 422:
        assert "à corriger" in body  # the error summary, listing each problem


@pytest.fixture
def questionnaire(request, client, make, db):
    """An open questionnaire of the instrument `request.param`, with a draft started in the client's session."""
    if request.param == "nombres-test":
        make.surveys()
        _store_numbers(db)
    link = open_link(make, request.param)
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    _ensure_draft(client, base, survey)
    return base, survey


@pytest.mark.parametrize("questionnaire", SLUGS, indirect=True)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_arbitrary_posts_never_fail_and_store_only_complete_valid_responses(client, db, questionnaire, data):
    base, survey = questionnaire
    for kind, page, body in data.draw(_actions(survey)):
        if _draft(db) is None:  # the previous example sent its response
            _ensure_draft(client, base, survey)
        draft = _draft(db)
        before = _count(db, Response)
        if kind == "fill":
            for section in survey.sections:
                response = client.post(f"{base}/etape/{section.id}", data=section_data(survey, section))
                assert response.status_code == 303
        elif kind in ("section", "category"):
            url = f"{base}/categorie" if kind == "category" else f"{base}/etape/{quote(page, safe='')}"
            response = _post(client, url, body)
            assert response.status_code in STATUSES, response.status_code
            assert _count(db, Response) == before
        else:
            _, _, errors = validate_answers(survey, answers_of(draft), comments_of(draft))
            complete = not errors and draft.category in {c.id for c in survey.categories}
            expected = _stored_values(survey, answers_of(draft))
            response = _post(client, f"{base}/envoyer", body)
            assert response.status_code in STATUSES, response.status_code
            if response.status_code in (400, 413, 415):  # refused before reaching the draft
                assert _count(db, Response) == before
            elif complete:
                assert response.status_code == 303 and _count(db, Response) == before + 1
                assert _last_values(db) == expected
                event("a complete draft was stored")
            else:
                assert response.status_code == 422 and _count(db, Response) == before
        if response.status_code >= 400:
            _assert_french_page(response)
        draft = _draft(db)
        if draft is not None:
            _assert_draft_holds_only_valid_answers(survey, draft)
            assert draft.category in {c.id for c in survey.categories}


def _stored_values(survey: Survey, answers: dict) -> dict[str, int | None]:
    values, _, _ = validate_answers(survey, answers, {})
    return values


def _last_values(db) -> dict[str, int | None]:
    response_id = db.session.scalar(select(func.max(Response.id)))
    rows = db.session.execute(
        select(Question.key, Answer.value)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id == response_id)
    )
    return dict(rows.all())


@pytest.mark.parametrize("questionnaire", ["territoire-apprenant"], indirect=True)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corrupted=corrupted_sets().filter(lambda c: c[0].slug == "territoire-apprenant"))
def test_a_tampered_draft_is_refused_at_submit_and_nothing_is_stored(client, db, questionnaire, corrupted):
    """A draft changed behind the form's back (an old edition, a hand-edited row) is checked again when sent."""
    base, survey = questionnaire
    _, answers, comments, _ = corrupted
    draft = _draft(db)
    draft.data = {**draft.data, "answers": answers, "comments": comments}
    db.session.commit()
    responses, stored_comments = _count(db, Response), _count(db, AnswerComment)
    response = client.post(f"{base}/envoyer", data={})
    assert response.status_code == 422
    _assert_french_page(response)
    assert _count(db, Response) == responses and _count(db, AnswerComment) == stored_comments
    assert _draft(db) is not None  # kept, so that the respondent can correct it
    for page in ["relecture", *(f"etape/{section.id}" for section in survey.sections)]:
        assert client.get(f"{base}/{page}").status_code == 200, page


@pytest.fixture
def link(make, db):
    link = open_link(make)
    db.session.commit()
    return link


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    typed=st.one_of(
        st.text(TYPED, max_size=60),
        st.sampled_from(TRICKY),
        st.builds(lambda c, n: c * n, TYPED, st.integers(100, 50_000)),
    ),
    decorated=st.booleans(),
)
def test_any_typed_code_opens_its_questionnaire_or_is_refused_in_french(client, link, typed, decorated):
    """The code form: the right code, however typed, opens the questionnaire; anything else is a French 4xx."""
    if decorated:  # the real code, in lower case, split by spaces and dashes, with whatever around
        code = link.short_code
        typed = f" {code[:3].lower()} -{code[3:]}\t"
    response = client.post("/q/code", data={"code": typed})
    if decorated:
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/q/{link.token}")
    else:
        expected = {400: "caractère nul", 404: "Ce code n'existe pas", 422: "Saisissez"}
        assert response.status_code in expected, response.status_code
        assert expected[response.status_code] in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("questionnaire", ["territoire-apprenant"], indirect=True)
def test_huge_comments_are_refused_and_past_the_limit_get_the_french_413_page(client, db, questionnaire):
    base, survey = questionnaire
    section = survey.sections[0]
    answer, comment = f"q-{section.questions[0].id}", f"c-{section.questions[0].id}"
    response = client.post(f"{base}/etape/{section.id}", data={answer: "3", comment: "x" * 600_000})
    assert response.status_code == 422
    assert "ne doit pas dépasser 1000 caractères (il en compte 600000)" in html.unescape(
        response.get_data(as_text=True)
    )
    # Past 5 Mo for the whole form; past 500 ko for one part of a multipart form (built by hand: Werkzeug's test
    # client would spool it to a file it never closes).
    boundary = "boussole"
    multipart = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{comment}"\r\n\r\n'.encode()
        + b"x" * 600_000
        + f"\r\n--{boundary}--\r\n".encode()
    )
    for sent in (
        client.post(f"{base}/etape/{section.id}", data={answer: "4", comment: "x" * 6_000_000}),
        client.post(
            f"{base}/etape/{section.id}", data=multipart, content_type=f"multipart/form-data; boundary={boundary}"
        ),
    ):
        assert sent.status_code == 413
        page = html.unescape(sent.get_data(as_text=True))
        assert "5 Mo au plus pour un fichier, 500 ko pour les champs d'un formulaire" in page
        assert "rien n'a été enregistré" in page
    assert answers_of(_draft(db)) == {section.questions[0].id: "3"}  # what the first, readable post saved
