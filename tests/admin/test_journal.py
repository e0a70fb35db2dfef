"""The audit log: every administrative action, newest first, paginated, for administrators."""

from __future__ import annotations

from app.extensions import db
from app.services.accounts import audit


def test_the_journal_lists_actions_newest_first_with_pages(client, login, world):
    admin = login("admin")
    for number in range(55):
        audit.record(admin, "network.rename", f"renommage n°{number}")
    audit.record(None, "user.create", "premier administrateur")
    db.session.flush()
    page = client.get("/admin/journal").get_data(as_text=True)
    assert page.index("premier administrateur (ligne de commande)") < page.index("renommage n°54")
    assert "Ligne de commande" in page and admin.email in page and "Réseau renommé" in page
    assert "Page 1 sur 2" in page and "renommage n°5<" not in page
    second = client.get("/admin/journal?page=2").get_data(as_text=True)
    assert "renommage n°0<" in second
    assert client.get("/admin/journal?page=999").status_code == 200


def test_the_dashboard_counts_what_the_coordinator_manages(client, login, world):
    login("coordinator", world.network)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Sainte Victoire" in page and "Calanques" not in page
    assert '<span class="value">2</span><span class="label">établissements</span>' in page
    assert "Journal" not in page  # the journal is for administrators


def test_every_recorded_action_has_a_french_label():
    """The journal shows labels, not codes: any action written somewhere in the app must have one."""
    import re
    from pathlib import Path

    from app.services.accounts.audit import ACTION_LABELS

    app_dir = Path(__file__).resolve().parents[2] / "app"
    source = "\n".join(p.read_text(encoding="utf-8") for p in app_dir.rglob("*.py"))
    actions = set(re.findall(r'record\([^,]+,\s*"([a-z_]+\.[a-z_]+)"', source))
    assert {"campaign.create", "data.purge", "campaign.export_data"} <= actions
    assert actions - set(ACTION_LABELS) == set()
