"""Logs hold no query string, no access secret, no client address and no form body."""

from __future__ import annotations

import logging

import pytest

from app import create_app
from app.logging_setup import MASK, configure_logging, install_log_scrubber, scrub
from tests.conftest import TEST_CONFIG

TOKEN = "Zx8_kPq2-Lm4Nb6Vc9Rt1Yw3"  # the shape of a link token (secrets.token_urlsafe)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ('"GET /confidentialite?email=anne.martin@ac-test.fr HTTP/1.1" 200', '"GET /confidentialite HTTP/1.1" 200'),
        (f"Exception on /q/{TOKEN} [POST]", f"Exception on /q/{MASK} [POST]"),
        (f'"GET /q/{TOKEN}/etape/collectif?x=1 HTTP/1.1"', f'"GET /q/{MASK} HTTP/1.1"'),
        ('"GET /q/reprendre/Ab3_dEf-8?x=1 HTTP/1.1"', f'"GET /q/{MASK} HTTP/1.1"'),
        (
            f"lien https://boussole.ac-exemple.fr/q/{TOKEN}?k=v envoyé",
            f"lien https://boussole.ac-exemple.fr/q/{MASK} envoyé",
        ),
        (
            '127.0.0.1 - - [23/Nov/2026 10:00:00] "GET /reseau/ HTTP/1.1" 200 -',
            '- - - [23/Nov/2026 10:00:00] "GET /reseau/ HTTP/1.1" 200 -',
        ),
        (
            '2001:db8::1 - - [23/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -',
            '- - - [23/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -',
        ),
    ],
)
def test_scrub_removes_what_could_identify_or_open(raw, expected):
    assert scrub(raw) == expected


def test_account_links_are_masked_in_request_logs_only():
    line = '"GET /compte/reinitialiser/eyJ1IjoxfQ.Z3x.c2ln HTTP/1.1" 200'
    assert scrub(line, "gunicorn.access") == f'"GET /compte/reinitialiser/{MASK} HTTP/1.1" 200'
    assert (
        scrub(line.replace("reinitialiser", "invitation"), "werkzeug")
        == f'"GET /compte/invitation/{MASK} HTTP/1.1" 200'
    )
    # Until mail is sent, auth logs a reset link for the administrator on purpose.
    message = "Lien de réinitialisation du mot de passe du compte n°3 : https://b.fr/compte/reinitialiser/abc.def"
    assert scrub(message, "app") == message


@pytest.mark.parametrize(
    "message",
    [
        "Campagne 12 ouverte : 34 établissements",
        "GET /reseau/territoire-apprenant/2025-2026 200",
        "Vraiment ? oui.",
        "/static/css/boussole.css",
        "GET /quitter 200",
    ],
)
def test_scrub_leaves_ordinary_messages_alone(message):
    assert scrub(message, "gunicorn.access") == message


def test_records_from_any_logger_are_scrubbed(caplog):
    install_log_scrubber()
    install_log_scrubber()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("gunicorn.access").info(
            '%(t)s "%(r)s" %(s)s',
            {"t": "[23/Nov/2026:10:00:00 +0100]", "r": f"GET /q/{TOKEN}?code=ABCD2345 HTTP/1.1", "s": "200"},
        )
        logging.getLogger("werkzeug").info(
            '192.168.1.20 - - [23/Nov/2026 10:00:00] "%s" %s %s', "POST /q/code?c=1 HTTP/1.1", 302, "-"
        )
    text = caplog.text
    assert TOKEN not in text and "ABCD2345" not in text and "192.168.1.20" not in text and "c=1" not in text
    assert f"GET /q/{MASK} HTTP/1.1" in text


def test_database_errors_show_no_value(db, caplog):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    assert db.engine.hide_parameters
    with pytest.raises(DBAPIError) as failure:
        db.session.execute(text("SELECT * FROM table_absente WHERE commentaire = :c"), {"c": "MARQUEUR-SQL"})
    db.session.rollback()
    assert "MARQUEUR-SQL" not in str(failure.value)
    install_log_scrubber()
    with caplog.at_level(logging.ERROR):
        logging.getLogger("app").error("[SQL: INSERT …]\n[parameters: ('MARQUEUR-SQL', 3)]")
    assert "MARQUEUR-SQL" not in caplog.text and f"[parameters: {MASK}]" in caplog.text


def test_an_error_on_a_respondent_page_logs_neither_secret_nor_form_body(database_url, caplog):
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "TESTING": False, "PROPAGATE_EXCEPTIONS": False}
    )
    configure_logging(app)

    @app.post("/q/<token>/boom")
    def boom(token):
        raise RuntimeError("panne simulée")

    with caplog.at_level(logging.INFO):
        response = app.test_client().post(
            f"/q/{TOKEN}/boom?email=anne.martin@ac-test.fr",
            data={"commentaire": "MARQUEUR-DU-FORMULAIRE", "code": "ABCD2345"},
        )
    assert response.status_code == 500
    assert "Erreur interne" in response.get_data(as_text=True)
    text = caplog.text
    assert "panne simulée" in text and f"/q/{MASK}" in text  # the error is logged…
    for secret in (TOKEN, "anne.martin", "MARQUEUR-DU-FORMULAIRE", "ABCD2345"):  # …without anything personal
        assert secret not in text
