"""Flashed messages go to the section they were flashed for, and back to the top when that section is not drawn."""

from __future__ import annotations

from flask import flash, render_template_string

from app.web.flashes import flash_at

PAGE = (
    "{% extends 'base.html' %}{% from '_flashes.html' import flashes_for %}"
    "{% block content %}<section id='niveaux'>{{ flashes_for('niveaux') if drawn }}<h2>Niveaux</h2></section>"
    "{% endblock %}"
)


def _render(app, drawn: bool, *flashes) -> str:
    with app.test_request_context("/"):
        for message, anchor in flashes:
            if anchor:
                flash_at(message, anchor)
            else:
                flash(message, "success")
        return render_template_string(PAGE, drawn=drawn)


def test_a_message_shows_in_its_section_only(app):
    html = _render(app, True, ("Niveaux enregistrés.", "niveaux"), ("Bienvenue.", ""))
    section = html[html.index("<section id='niveaux'>") :]
    assert 'role="status">Niveaux enregistrés.' in section
    assert html.count("Niveaux enregistrés.") == 1
    assert html.index("Bienvenue.") < html.index("<section id='niveaux'>")  # an unplaced message stays at the top


def test_a_message_whose_section_is_not_drawn_shows_at_the_top(app):
    html = _render(app, False, ("Niveaux enregistrés.", "niveaux"))
    assert html.count("Niveaux enregistrés.") == 1
    assert html.index("Niveaux enregistrés.") < html.index("<section id='niveaux'>")


def test_an_error_is_an_alert_in_its_section(app):
    with app.test_request_context("/"):
        flash_at("Rien n'a été enregistré.", "niveaux", "error")
        html = render_template_string(PAGE, drawn=True)
    assert 'class="notice notice-error" role="alert">Rien n&#39;a été enregistré.' in html
