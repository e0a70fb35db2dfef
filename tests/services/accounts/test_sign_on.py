"""The matching rule of single sign-on: a verified address opens the active account that has it, nothing else."""

from __future__ import annotations

import pytest

from app.services.accounts.accounts import AccountError
from app.services.accounts.sign_on import user_for_claims


@pytest.fixture
def head(make):
    return make.user("head", make.establishment(), email="principal@ac-test.fr")


def test_the_address_is_matched_whatever_its_case(head):
    assert user_for_claims({"email": " Principal@AC-Test.fr", "email_verified": True}) is head


@pytest.mark.parametrize(
    "claims,trust,reason",
    [
        ({"email": "principal@ac-test.fr"}, False, "unverified"),  # no claim: not believed by default
        ({"email": "principal@ac-test.fr", "email_verified": False}, True, "unverified"),  # a no is never believed
        ({"email": "principal@ac-test.fr", "email_verified": "false"}, True, "unverified"),
        ({"email_verified": True}, False, "no-email"),
        ({"email": "", "email_verified": True}, False, "no-email"),
        ({"email": ["principal@ac-test.fr"], "email_verified": True}, False, "no-email"),
        ({"email": "autre@ac-test.fr", "email_verified": True}, False, "unknown"),
    ],
)
def test_what_is_refused(head, claims, trust, reason):
    with pytest.raises(AccountError) as refused:
        user_for_claims(claims, trust_email=trust)
    assert refused.value.field == reason
    assert " : D" not in str(refused.value)  # French: no capital after a colon


def test_an_absent_claim_is_believed_when_the_provider_is_trusted(head):
    assert user_for_claims({"email": "principal@ac-test.fr"}, trust_email=True) is head


def test_a_disabled_account_is_refused_even_verified(make):
    make.user("admin", email="ancien@ac-test.fr", active=False)
    with pytest.raises(AccountError, match="est désactivé") as refused:
        user_for_claims({"email": "ancien@ac-test.fr", "email_verified": True}, trust_email=True)
    assert refused.value.field == "disabled"


@pytest.mark.parametrize("address", ["\u212aevin@ac-test.fr", "adm\u0130n@ac-test.fr"])
def test_a_letter_that_only_lowercases_into_the_accounts_is_refused(make, address):
    """The Kelvin sign lowercases to « k », « İ » to « i » and a dot: another mailbox, never the account's."""
    make.user("admin", email="kevin@ac-test.fr")
    make.user("admin", email="admin@ac-test.fr")
    with pytest.raises(AccountError) as refused:
        user_for_claims({"email": address, "email_verified": True})
    assert refused.value.field == "unknown"
