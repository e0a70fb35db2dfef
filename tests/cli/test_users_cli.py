"""`flask users …`: the first administrator, scoped accounts, invitations; passwords never on the command line."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Role, User
from app.services.accounts.accounts import authenticate, find_user

PASSWORD = "une phrase de passe solide"


def test_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(args=["users", "create", "Admin@AC-test.fr", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Compte créé : admin@ac-test.fr" in result.output
    assert PASSWORD not in result.output
    user = authenticate("admin@ac-test.fr", PASSWORD)
    assert user is not None and user.role == Role.ADMIN and user.scopes == []
    entry = db.session.scalar(select(AuditEntry).filter_by(action="user.create"))
    assert entry.user_id is None and "ligne de commande" in entry.detail


def test_there_is_no_password_option(runner):
    result = runner.invoke(args=["users", "create", "a@ac-test.fr", "--role", "admin", "--password", PASSWORD])
    assert result.exit_code != 0
    assert find_user("a@ac-test.fr") is None


def test_a_short_password_is_refused(runner):
    result = runner.invoke(args=["users", "create", "a@ac-test.fr", "--role", "admin"], input="court\n")
    assert result.exit_code == 1
    assert "au moins 12 caractères" in result.output
    assert find_user("a@ac-test.fr") is None


def test_scopes_by_network_pole_and_uai(runner, make):
    network = make.network("Sainte Victoire")
    pole = make.pole("Aix", network)
    make.pole("Aix", make.network("Calanques"))  # same pole name elsewhere
    establishment = make.establishment(pole=pole)
    db.session.commit()
    cases = [
        ("coord@ac-test.fr", "coordinator", ["sainte victoire"], "network_id", network.id),
        ("ia@ac-test.fr", "inspector", ["Sainte Victoire"], "network_id", network.id),
        ("pilote@ac-test.fr", "pilot", ["Sainte Victoire/Aix"], "pole_id", pole.id),
        ("chef@ac-test.fr", "head", [establishment.uai.lower()], "establishment_id", establishment.id),
    ]
    for email, role, scopes, field, target in cases:
        args = ["users", "create", email, "--role", role]
        for scope in scopes:
            args += ["--scope", scope]
        result = runner.invoke(args=args, input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        user = find_user(email)
        assert [getattr(scope, field) for scope in user.scopes] == [target]


def test_a_scope_that_does_not_fit_the_role_is_refused(runner, make):
    network = make.network("Sainte Victoire")
    make.pole("Aix", network)
    make.pole("Aix", make.network("Calanques"))
    db.session.commit()
    cases = [
        (["--role", "admin", "--scope", "Sainte Victoire"], "n'indiquez pas de --scope"),
        (["--role", "coordinator"], "un ou plusieurs réseaux"),
        (["--role", "coordinator", "--scope", "Inconnu"], "Réseau inconnu"),
        (["--role", "pilot", "--scope", "Aix"], "Plusieurs pôles s'appellent"),
        (["--role", "head", "--scope", "0000000A"], "Aucun établissement"),
    ]
    for options, message in cases:
        result = runner.invoke(args=["users", "create", "x@ac-test.fr", *options], input=PASSWORD + "\n")
        assert result.exit_code == 1, options
        assert message in result.output, (options, result.output)
    assert find_user("x@ac-test.fr") is None


def test_invite_prints_a_link_that_sets_the_password(runner, client, make):
    establishment = make.establishment()
    db.session.commit()
    result = runner.invoke(args=["users", "invite", "chef@ac-test.fr", "--role", "head", "--scope", establishment.uai])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:5000/compte/invitation/")
    assert "Liens construits sur http://127.0.0.1:5000 (adresse par défaut)" in result.stderr
    path = link.removeprefix("http://127.0.0.1:5000")
    assert client.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert authenticate("chef@ac-test.fr", PASSWORD) is not None


def test_list_and_disable(runner, make):
    make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    make.user("coordinator", make.network("Sainte Victoire"), email="coord@ac-test.fr")
    db.session.commit()
    listing = runner.invoke(args=["users", "list"]).output
    assert "admin@ac-test.fr — Administrateur — toute l'académie [actif]" in listing
    assert "coord@ac-test.fr — Coordonnateur de réseau — Réseau Sainte Victoire [invité]" in listing
    result = runner.invoke(args=["users", "disable", "COORD@ac-test.fr"])
    assert result.exit_code == 0 and "Compte désactivé" in result.output
    db.session.expire_all()
    user = db.session.scalar(select(User).filter_by(email="coord@ac-test.fr"))
    assert not user.active and user.session_version == 2
    assert runner.invoke(args=["users", "disable", "nobody@ac-test.fr"]).exit_code == 1


def test_a_duplicate_address_is_refused(runner, make):
    make.user("admin", email="admin@ac-test.fr")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "ADMIN@ac-test.fr", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 1 and "existe déjà" in result.output
