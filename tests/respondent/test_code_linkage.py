"""No stored row, at any moment, joins a single-use code to a draft or a response (issue 12, attack 4).

A backup taken mid-questionnaire, or after sending, is read as an attacker would: every row of every table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.models import AccessCode, AccessMode, Draft
from app.services.campaigns.codes import generate_codes
from app.services.campaigns.materials import display_code
from tests.respondent.helpers import answer_everything, open_link, section_data, survey_for


def _cells(db) -> Iterator[tuple[str, str, object]]:
    """Every (table, column, value) of the database, the access_code table aside."""
    for table in db.metadata.sorted_tables:
        if table.name == AccessCode.__tablename__:
            continue
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                yield table.name, column, value


def _keys(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every key of a JSON value, nested ones included, with the value it holds."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{path}.{key}", inner
            yield from _keys(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner, path)


def assert_no_row_joins(db, code: AccessCode) -> None:
    """Neither the code (however written) nor its id in a column or key that could name a code."""
    db.session.expire_all()
    spellings = {code.code, display_code(code.code), code.code.lower()}
    for table, column, value in _cells(db):
        text = json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)
        assert not any(spelling in text for spelling in spellings), f"{table}.{column} holds the code"
        if "code" in column.lower():
            assert value != code.id and text != str(code.id), f"{table}.{column} holds the code's id"
        for key, inner in _keys(value):
            assert "code" not in key.lower(), f"{table}.{column}{key}: a key naming a code ({inner!r})"


def assert_session_forgets(client, code: AccessCode) -> None:
    with client.session_transaction() as session:
        stored = json.dumps(dict(session), default=str)
    assert code.code not in stored and '"codes"' not in stored
    assert not any("code" in key.lower() for key, _ in _keys(dict(session)))


def _codes_link(make, db):
    link = open_link(make, access_mode=AccessMode.CODES)
    codes = generate_codes(link.campaign, link.establishment, 3)
    db.session.commit()
    return link, codes[1]  # not the first: an id 1 would be found everywhere


def test_mid_questionnaire_and_after_sending_no_row_holds_the_code(client, make, db):
    link, code = _codes_link(make, db)
    assert client.post("/q/code", data={"code": code.code}).status_code == 303
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant", "action": "suivant"})
    first = survey_for(link).sections[0]
    saved = client.post(f"{base}/etape/{first.id}", data={**section_data(survey_for(link), first), "action": "suivant"})
    assert saved.status_code == 303
    assert db.session.scalar(select(Draft.id)) is not None  # the backup is taken now, mid-questionnaire
    assert_no_row_joins(db, code)
    assert_session_forgets(client, code)

    assert answer_everything(client, link).status_code == 303
    assert db.session.scalar(select(Draft.id)) is None
    assert_no_row_joins(db, code)
    assert_session_forgets(client, code)


def test_the_scan_finds_a_code_kept_in_a_draft(client, make, db):
    """The scan can fail: a draft that keeps the code's id, as drafts did before, is caught."""
    _, code = _codes_link(make, db)
    client.post("/q/code", data={"code": code.code})
    draft = db.session.scalars(select(Draft)).one()
    draft.data = {**draft.data, "access_code_id": code.id}
    db.session.commit()
    with pytest.raises(AssertionError, match=r"draft\.data\.access_code_id"):
        assert_no_row_joins(db, code)


def test_codes_csv_read_before_and_after_a_code_is_spent_differs_only_by_the_count(client, login, make, db):
    link, code = _codes_link(make, db)
    login("coordinator", link.establishment.network)

    def read() -> list[list[str]]:
        text = client.get(f"/admin/campagnes/{link.campaign_id}/codes.csv").get_data(as_text=True)
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))

    before = read()
    client.application.test_client().post("/q/code", data={"code": code.code})
    after = read()
    assert [row[:3] for row in before] == [row[:3] for row in after]  # the same codes, in the same order
    assert {row[3] for row in before[1:]} == {"0 sur 3"} and {row[3] for row in after[1:]} == {"1 sur 3"}
