"""Single sign-on's matching rule: the provider's verified address opens the active account that has it.

Sign-on never creates an account: who sees what comes from the invitation an administrator sends (docs/sso.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models import User
from app.services.accounts.accounts import AccountError, find_user

ASK_FOR_INVITATION = "demandez une invitation à l'administrateur de votre réseau."


def user_for_claims(claims: Mapping[str, Any], *, trust_email: bool = False) -> User:
    """Return the active account whose address the provider vouches for, or raise AccountError saying why not.

    `email_verified` must be true; a provider that sends no such claim is believed only with `trust_email`
    (OIDC_TRUST_EMAIL), and an explicit false never is. The error's `field` names the reason for the log
    (no-email, unverified, unknown, disabled), which never holds the address.
    """
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise AccountError(
            "Le fournisseur d'identité n'a pas transmis votre adresse électronique : Boussole ne peut pas "
            "retrouver votre compte. Vérifiez que la connexion unique demande la portée « email ».",
            "no-email",
        )
    verified = claims.get("email_verified")
    if not (verified is True or verified == "true" or (verified is None and trust_email)):
        raise AccountError(
            f"Le fournisseur d'identité n'a pas vérifié l'adresse {email} : Boussole ne peut pas s'y fier. "
            "Faites-la vérifier chez lui, puis recommencez.",
            "unverified",
        )
    user = None if _lowercases_into_ascii(email) else find_user(email)
    if user is None:
        raise AccountError(
            f"Aucun compte Boussole ne correspond à l'adresse {email}. La connexion unique ne crée pas de "
            f"compte : {ASK_FOR_INVITATION}",
            "unknown",
        )
    if not user.active:
        raise AccountError(
            f"Le compte Boussole de l'adresse {email} est désactivé : pour le retrouver, {ASK_FOR_INVITATION}",
            "disabled",
        )
    return user


def _lowercases_into_ascii(address: str) -> bool:
    """Say whether a non-ASCII letter of `address` lowercases into ASCII (the Kelvin sign into « k »).

    Such an address is another mailbox, which a provider may have verified, but `find_user` would match it with the
    ASCII account of the same letters.
    """
    return any(not char.isascii() and any(low.isascii() for low in char.lower()) for char in address)
