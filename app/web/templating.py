"""Every template filter and template global, registered in one place; each function lives with its logic."""

from __future__ import annotations

from flask import Flask

from app.services.accounts.accounts import role_label
from app.services.accounts.scopes import scope_label
from app.services.campaigns.materials import display_code
from app.services.mail.listing import kind_label, status_label
from app.services.mail.outbox import mail_enabled
from app.web.assets import asset_url
from app.web.cells import format_cell
from app.web.flashes import flashes_at, page_flashes
from app.web.formats import format_number, format_percent, local_datetime
from app.web.priorities import priority_url
from app.web.table_rows import table_body


def register(app: Flask) -> None:
    """Make the French formats, labels and static URLs available to every template."""
    app.add_template_global(mail_enabled, "mail_enabled")
    app.add_template_global(asset_url, "asset_url")
    app.add_template_global(format_cell, "cell")
    app.add_template_global(table_body, "table_body")
    app.add_template_global(priority_url, "priority_url")
    app.add_template_global(flashes_at, "flashes_at")
    app.add_template_global(page_flashes, "page_flashes")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_percent, "percent")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(display_code, "grouped_code")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(scope_label, "scope_label")
    app.add_template_filter(kind_label, "mail_kind")
    app.add_template_filter(status_label, "mail_status")
