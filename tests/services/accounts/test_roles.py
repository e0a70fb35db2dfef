"""The table of roles: every role has its entry, and the checks read it."""

from __future__ import annotations

import pytest

from app.models import Role
from app.services.accounts.accounts import AccountError, check_scope, role_label
from app.services.accounts.roles import ROLES, SCOPE_KINDS


def test_every_role_has_a_label_and_a_scope_kind():
    assert set(ROLES) == set(Role)
    kinds = set(SCOPE_KINDS)
    assert all(spec.scope is None or spec.scope in kinds for spec in ROLES.values())
    assert role_label("pilot") == "Pilote de pôle"


def test_the_scope_must_fit_the_role(make):
    network = make.network("Sainte Victoire")
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    check_scope(Role.PILOT, [aix])
    check_scope(Role.COORDINATOR, [network])
    with pytest.raises(AccountError, match="un pôle, pas davantage"):
        check_scope(Role.PILOT, [aix, pertuis])
    with pytest.raises(AccountError, match="un ou plusieurs réseaux"):
        check_scope(Role.INSPECTOR, [aix])
    with pytest.raises(AccountError, match="toute l'académie"):
        check_scope(Role.ADMIN, [network])
