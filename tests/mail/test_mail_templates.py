"""No mail can carry an answer or a comment: no mail template is given one to show."""

from __future__ import annotations

from pathlib import Path

from flask import render_template
from jinja2 import meta

TEMPLATES = Path(__file__).parents[2] / "app" / "templates" / "mail"
FORBIDDEN = ("answer", "comment", "response", "reponse", "réponse", "draft", "text_value")


def test_no_mail_template_reads_an_answer_or_a_comment(app):
    names = sorted(path.name for path in TEMPLATES.iterdir() if path.suffix in (".txt", ".html"))
    assert {"invitation.txt", "invitation.html", "reset.txt", "reset.html"} <= set(names)
    for name in names:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        variables = meta.find_undeclared_variables(app.jinja_env.parse(source))
        assert not [v for v in variables if any(word in v.lower() for word in FORBIDDEN)], (name, variables)


def test_every_mail_comes_in_text_and_html(app):
    stems = {path.stem for path in TEMPLATES.iterdir() if not path.name.startswith("_")}
    for stem in stems:
        assert (TEMPLATES / f"{stem}.txt").exists() and (TEMPLATES / f"{stem}.html").exists(), stem


def test_every_html_mail_escapes_what_it_is_given(app):
    """Names of people, establishments and campaigns are typed by others: in an HTML mail they stay text."""
    hostile = '<script>alert(1)</script><a href="https://evil.example">'
    names = sorted(path.stem for path in TEMPLATES.iterdir() if path.suffix == ".html" and path.name[0] != "_")
    with app.test_request_context():
        for stem in names:
            source = (TEMPLATES / f"{stem}.html").read_text(encoding="utf-8")
            variables = meta.find_undeclared_variables(app.jinja_env.parse(source))
            html = render_template(f"mail/{stem}.html", **dict.fromkeys(variables, hostile))
            assert "<script>" not in html and 'evil.example">' not in html, stem
            assert not variables or "&lt;script&gt;" in html, stem  # the hostile text was shown, as text
