"""Every action journals itself in the service that performs it, with the wording the journal has always shown."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import AccessMode, AuditEntry, CampaignStatus, Role
from app.services.accounts.accounts import AccountError, change_password, create_user, set_active, set_password
from app.services.accounts.links import INVITATION, RESET, renew_invitation, set_password_from_link
from app.services.campaigns.campaigns import add_codes, change_status, start_campaign
from app.services.campaigns.export import export_campaign
from app.services.campaigns.materials import export_codes, export_links
from app.services.territory.establishments import move_establishment
from app.services.territory.tree import create_network, create_pole, rename_network, rename_pole

PASSWORD = "un mot de passe assez long"


def _last(db) -> tuple:
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    return entry.user_id, entry.action, entry.detail


def test_territory_changes(make, db):
    admin = make.user("admin")
    network = create_network("Sainte Victoire", "Aix-Marseille", admin)
    assert _last(db) == (admin.id, "network.create", "Réseau « Sainte Victoire » (Aix-Marseille)")
    rename_network(network, "Sainte-Victoire", admin)
    assert _last(db) == (admin.id, "network.rename", "« Sainte Victoire » → « Sainte-Victoire »")
    pole = create_pole(network, "Aix", admin)
    assert _last(db) == (admin.id, "pole.create", "Pôle « Aix » du réseau « Sainte-Victoire »")
    rename_pole(pole, "Aix Nord", admin)
    assert _last(db) == (admin.id, "pole.rename", "Réseau « Sainte-Victoire » : « Aix » → « Aix Nord »")
    establishment = make.establishment(network=network)
    move_establishment(establishment, pole, admin)
    assert _last(db) == (admin.id, "establishment.move", f"{establishment.label} : sans pôle → Aix Nord")
    move_establishment(establishment, None, admin)
    assert _last(db) == (admin.id, "establishment.move", f"{establishment.label} : Aix Nord → sans pôle")


def test_accounts_from_the_web_and_from_the_command_line(make, db):
    network = make.network("Calanques")
    coordinator = make.user("coordinator", network)
    invited = create_user("Adjoint@ac-test.fr", Role.COORDINATOR, [network], actor=coordinator)
    assert _last(db) == (
        coordinator.id,
        "user.invite",
        "adjoint@ac-test.fr : Coordonnateur de réseau — Réseau Calanques",
    )
    create_user("second@ac-test.fr", Role.COORDINATOR, [network], actor=None)
    assert _last(db) == (
        None,
        "user.invite",
        "second@ac-test.fr — Coordonnateur de réseau — Réseau Calanques (ligne de commande)",
    )
    create_user("admin@ac-test.fr", Role.ADMIN, [], actor=None, password=PASSWORD)
    assert _last(db) == (
        None,
        "user.create",
        "admin@ac-test.fr — Administrateur — toute l'académie (ligne de commande)",
    )
    set_active(invited, False, coordinator)
    assert _last(db) == (coordinator.id, "user.disable", "adjoint@ac-test.fr")
    set_active(invited, True, None)
    assert _last(db) == (None, "user.enable", "adjoint@ac-test.fr (ligne de commande)")
    assert "/compte/invitation/" in renew_invitation(invited, coordinator)
    assert _last(db) == (coordinator.id, "user.invitation", "adjoint@ac-test.fr")


def test_passwords_journal_who_changed_their_own(make, db):
    user = make.user("admin")
    set_password_from_link(user, PASSWORD, INVITATION)
    assert _last(db) == (user.id, "account.password_set", "")
    set_password_from_link(user, PASSWORD + "!", RESET)
    assert _last(db) == (user.id, "account.password_reset", "")
    change_password(user, PASSWORD + "!", PASSWORD)
    assert _last(db) == (user.id, "account.password_change", "")


def test_a_wrong_current_password_changes_and_journals_nothing(make, db):
    user = make.user("admin")
    set_password(user, PASSWORD)
    before = user.password_hash
    with pytest.raises(AccountError) as refused:
        change_password(user, "pas le bon mot de passe", PASSWORD + "!")
    assert refused.value.field == "current"
    assert user.password_hash == before and db.session.scalar(select(AuditEntry.id)) is None


def test_campaigns(make, db, tmp_path):
    admin = make.user("admin")
    network = make.network("Calanques")
    establishment = make.establishment(network=network)
    campaign = start_campaign(
        make.surveys()["territoire-apprenant"],
        network,
        "2025-2026",
        period=None,
        opens_on=None,
        closes_on=None,
        access_mode=AccessMode.CODES,
        actor=admin,
    )
    assert _last(db) == (admin.id, "campaign.create", f"{campaign.label} — réseau « Calanques »")
    assert change_status(campaign, "ouvrir", admin) == "campaign.open" and campaign.status == CampaignStatus.OPEN
    assert _last(db) == (admin.id, "campaign.open", campaign.label)
    add_codes(campaign, establishment, 2, admin)
    assert _last(db) == (admin.id, "campaign.codes", f"2 code(s) pour {establishment.label} — {campaign.label}")
    assert establishment.uai in export_links(campaign, admin)
    assert _last(db) == (admin.id, "campaign.export_links", campaign.label)
    assert establishment.uai in export_codes(campaign, admin)
    assert _last(db) == (admin.id, "campaign.export_codes", campaign.label)
    counts = export_campaign(campaign, tmp_path / "export.zip", date(2026, 3, 1), actor=None)
    total = sum(counts.values())
    assert _last(db) == (
        None,
        "campaign.export_data",
        f"campagne {campaign.id} exportée ({total} lignes) (ligne de commande)",
    )
