"""What a network dashboard's content depends on: the key under which the views keep it (app/web/fragment_cache.py)."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from sqlalchemy import select

from app.extensions import DbSession
from app.models import CampaignEstablishment, CampaignStatus, Establishment
from app.services.dashboards import stored_results
from app.services.dashboards.campaign_data import current_marks
from app.services.dashboards.network import NetworkDashboard


def content_key(session: DbSession, dash: NetworkDashboard) -> tuple[Any, ...] | None:
    """What the dashboard's content depends on, when every campaign it reads is closed; None otherwise.

    A closed campaign's results change only through a late import, a corrected staff size or a renamed pole (a
    move to another pole changes only the note on moved establishments: results keep the poles of the closing):
    the key holds the fingerprint of what each campaign holds now (read once a page: the stored results are
    checked against the same one) and the names and poles the page shows, so that a cached page is never stale.
    """
    if not dash.published or any(c.status != CampaignStatus.CLOSED for c in dash.series):
        return None
    if dash.filters.sort not in _sort_keys(dash):  # an invented order is answered, never kept
        return None
    ids = [c.id for c in dash.series]
    marks = current_marks(session, dash.series, dash.min_size)
    heads = stored_results.headers(session, ids, dash.min_size)
    kinds = {kind for head in heads.values() for kind in head.kinds or []}  # the types its results were stored for
    if dash.filters.kind is not None and dash.filters.kind not in kinds:
        return None
    extra_ids = sorted({e for head in heads.values() for e in head.extra_ids or []})
    members = select(CampaignEstablishment.establishment_id).where(CampaignEstablishment.campaign_id.in_(ids))
    shown = session.execute(  # what the page shows of them as they stand now, not held in the results
        select(Establishment.id, Establishment.pole_id, Establishment.kind, Establishment.name, Establishment.uai)
        .where(Establishment.id.in_(members) | Establishment.id.in_(extra_ids))
        .order_by(Establishment.id)
    ).all()
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
        tuple(sorted(marks.items())),
        tuple(map(tuple, shown)),  # whole: a hash() would differ from one process to the next
    )


def _sort_keys(dash: NetworkDashboard) -> set[str | None]:
    """The orders of the establishments table (see `analytics.network.establishments_table`), or none."""
    keys = {None, "name", "kind", "pole", "responses", "rate"}
    return keys | {d.key for d in dash.dims} | {f"{d.key}__change" for d in dash.dims}
