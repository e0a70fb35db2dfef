"""Access-code rules: how a typed code is keyed, when a code is needed, a code spent when it opens a draft."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import AccessCode, AccessMode, Draft
from app.services.campaigns.campaigns import generate_codes
from app.services.responding.access import CodeSpent, needs_code, rate_limit_key, resolve_code, spend_code
from app.services.responding.drafts import start_draft_with_code
from tests.respondent.helpers import open_link

DAY = date(2026, 3, 12)


def test_the_rate_limit_key_ignores_how_the_code_is_typed():
    assert rate_limit_key(" abcd-efgh ") == rate_limit_key("ABCDEFGH") != rate_limit_key("ABCDEFGJ")


def test_only_a_campaign_by_codes_needs_a_code(make, db):
    assert not needs_code(open_link(make))
    assert needs_code(open_link(make, access_mode=AccessMode.CODES))


def test_a_code_is_spent_once_when_it_opens_a_draft_that_knows_nothing_of_it(make, db):
    link = open_link(make, access_mode=AccessMode.CODES)
    (code,) = generate_codes(link.campaign, link.establishment, 1)
    access = resolve_code(code.code, DAY)
    draft, _ = start_draft_with_code(access, DAY, category="enseignant")
    assert db.session.scalar(select(AccessCode.used).filter_by(id=code.id)) is True
    assert (draft.campaign_id, draft.establishment_id) == (link.campaign_id, link.establishment_id)
    assert not any("code" in key for key in draft.data) and code.id not in draft.data.values()
    with pytest.raises(CodeSpent) as spent:
        spend_code(access)  # the same code, typed a second time in a browser that read it as unused
    assert spent.value.status == 410 and spent.value.link is link
    with pytest.raises(CodeSpent) as spent:
        resolve_code(code.code.lower(), DAY)
    assert "lien de reprise" in spent.value.message
    assert db.session.scalar(select(Draft.id).where(Draft.id != draft.id)) is None
