"""Every template filter and global is registered by app/web/templating.py, nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import app as package

REGISTRATION = re.compile(r"template_(?:filter|global|test)\(|add_app_template_|jinja_env\.(?:filters|globals)")


def test_filters_and_globals_are_registered_in_one_module():
    root = Path(package.__file__).parent
    elsewhere = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "templating.py" and REGISTRATION.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


def test_the_templates_find_every_name_they_use(app):
    for name in ("number", "percent", "local_datetime", "grouped_code", "role_label", "scope_label"):
        assert name in app.jinja_env.filters
    for name in ("asset_url", "cell"):
        assert name in app.jinja_env.globals


def test_no_module_imports_after_its_code():
    root = Path(package.__file__).parent
    assert [str(p.relative_to(root)) for p in root.rglob("*.py") if "noqa: E402" in p.read_text(encoding="utf-8")] == []
