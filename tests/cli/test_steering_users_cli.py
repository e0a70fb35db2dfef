"""`flask users` gives the steering roles their académie (by name) or département (by code)."""

from __future__ import annotations

from app.extensions import db
from app.services.accounts.accounts import find_user

PASSWORD = "une phrase de passe solide"


def test_steering_scopes_by_academy_name_and_department_code(runner, make):
    academy = make.academy("Aix-Marseille")
    department = make.department("84", "Vaucluse", academy)
    db.session.commit()
    cases = [
        ("cellule@ac-test.fr", ["--role", "academy", "--scope", "aix-marseille"], "academy_id", academy.id),
        ("dasen@ac-test.fr", ["--role", "department", "--scope", "84"], "department_id", department.id),
    ]
    for email, options, field, target in cases:
        result = runner.invoke(args=["users", "create", email, *options], input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        assert [getattr(scope, field) for scope in find_user(email).scopes] == [target]
    for options, message in (
        (["--role", "department", "--scope", "06"], "Aucun département n'a le code « 06 »"),
        (["--role", "academy", "--scope", "Nice"], "Académie inconnue"),
        (["--role", "academy"], "une académie"),
    ):
        result = runner.invoke(args=["users", "create", "x@ac-test.fr", *options], input=PASSWORD + "\n")
        assert result.exit_code == 1 and message in result.output, (options, result.output)
    assert find_user("x@ac-test.fr") is None
