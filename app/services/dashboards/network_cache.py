"""What a network dashboard's content depends on: the key under which the views keep it (app/web/fragment_cache.py)."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from sqlalchemy import func, select

from app.extensions import DbSession
from app.models import CampaignEstablishment, CampaignStatus, Establishment, Response
from app.services.dashboards.membership import kind_of_link, pole_of_link
from app.services.dashboards.network import NetworkDashboard


def content_key(session: DbSession, dash: NetworkDashboard) -> tuple[Any, ...] | None:
    """What the dashboard's content depends on, when every campaign it reads is closed; None otherwise.

    A closed campaign's results change only through a late import, a corrected staff size or a renamed pole (a
    move to another pole changes only the note on moved establishments: results keep the poles of the closing):
    the key holds the response counts and those facts, read in two small queries, so that a cached page is never
    stale.
    """
    if not dash.published or any(c.status != CampaignStatus.CLOSED for c in dash.series):
        return None
    if dash.filters.sort not in _sort_keys(dash):  # an invented order is answered, never kept
        return None
    ids = [c.id for c in dash.series]
    counts = session.execute(
        select(Response.campaign_id, func.count())
        .where(Response.campaign_id.in_(ids))
        .group_by(Response.campaign_id)
        .order_by(Response.campaign_id)
    ).all()
    members = session.execute(
        select(
            CampaignEstablishment.campaign_id,
            Establishment.id,
            pole_of_link.label("pole_id"),
            kind_of_link.label("kind"),
            Establishment.pole_id.label("pole_now"),  # for the note on establishments moved since closing
            Establishment.kind.label("kind_now"),
            Establishment.name,
            Establishment.uai,
            CampaignEstablishment.staff_size,
        )
        .join(Establishment, Establishment.id == CampaignEstablishment.establishment_id)
        .where(CampaignEstablishment.campaign_id.in_(ids))
        .order_by(CampaignEstablishment.campaign_id, Establishment.id)
    ).all()
    if dash.filters.kind is not None and dash.filters.kind not in {row.kind for row in members}:
        return None
    # naive: SQLite gives the stored time back without its zone
    campaigns = tuple((c.id, c.created_at.replace(tzinfo=None).isoformat(), c.survey_id) for c in dash.series)
    return (
        str(session.get_bind().engine.url),
        dash.network.id,
        dash.network.name,
        tuple(sorted(dash.pole_names.items())),
        dash.whole,
        tuple(dash.pole_ids),
        astuple(dash.filters),
        dash.min_size,
        tuple(t.key for t in dash.themes),  # what a self-positioning campaign's content reads
        campaigns,
        tuple(map(tuple, counts)),
        tuple(map(tuple, members)),  # whole: a hash() would differ from one process to the next
    )


def _sort_keys(dash: NetworkDashboard) -> set[str | None]:
    """The orders of the establishments table (see `analytics.network.establishments_table`), or none."""
    keys = {None, "name", "kind", "pole", "responses", "rate"}
    return keys | {d.key for d in dash.dims} | {f"{d.key}__change" for d in dash.dims}
