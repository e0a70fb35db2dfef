"""Anonymity by design: the response tables cannot hold who answered, from where, or when to the minute."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Date, DateTime, Time

from app.extensions import db as _db

RESPONSE_TABLES = ("response", "answer", "answer_comment")
IDENTIFYING = re.compile(r"ip|addr|agent|email|mail|name|nom|user|browser|time|_at$|code", re.IGNORECASE)


@pytest.mark.parametrize("table_name", RESPONSE_TABLES)
def test_no_column_can_identify_the_respondent(app, table_name):
    table = _db.metadata.tables[table_name]
    for column in table.columns:
        assert not isinstance(column.type, (DateTime, Time)), f"{table_name}.{column.name} is finer than a day"
        assert not IDENTIFYING.search(column.name), f"{table_name}.{column.name} looks identifying"


def test_the_only_date_is_the_day_of_submission(app):
    dates = [c.name for c in _db.metadata.tables["response"].columns if isinstance(c.type, Date)]
    assert dates == ["submitted_on"]


@pytest.mark.parametrize("table_name", RESPONSE_TABLES)
def test_no_foreign_key_to_codes_drafts_or_accounts(app, table_name):
    targets = {fk.column.table.name for fk in _db.metadata.tables[table_name].foreign_keys}
    assert not targets & {"access_code", "draft", "user_account", "audit_entry"}


def test_access_code_records_only_that_it_was_used(app):
    columns = {c.name for c in _db.metadata.tables["access_code"].columns}
    assert columns == {"id", "campaign_id", "establishment_id", "code", "used"}
    assert not any(fk.column.table.name == "response" for fk in _db.metadata.tables["access_code"].foreign_keys)
