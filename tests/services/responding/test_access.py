"""Access-code rules: how a typed code is keyed, when a code is still needed, a code that has served."""

from __future__ import annotations

import pytest

from app.models import AccessMode
from app.services.campaigns.campaigns import generate_codes
from app.services.responding.access import AccessRefused, ensure_code_unused, needs_code, rate_limit_key
from tests.respondent.helpers import open_link


def test_the_rate_limit_key_ignores_how_the_code_is_typed():
    assert rate_limit_key(" abcd-efgh ") == rate_limit_key("ABCDEFGH") != rate_limit_key("ABCDEFGJ")


def test_only_a_campaign_by_codes_waits_for_a_code(make, db):
    by_link = open_link(make)
    by_codes = open_link(make, access_mode=AccessMode.CODES)
    assert not needs_code(by_link, None)
    assert needs_code(by_codes, None) and not needs_code(by_codes, 1)


def test_a_used_code_is_refused(make, db):
    link = open_link(make, access_mode=AccessMode.CODES)
    (code,) = generate_codes(link.campaign, link.establishment, 1)
    ensure_code_unused(None)
    ensure_code_unused(code.id)
    code.used = True
    db.session.flush()
    with pytest.raises(AccessRefused) as refused:
        ensure_code_unused(code.id)
    assert refused.value.status == 410
