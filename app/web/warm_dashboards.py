"""Build, in each gunicorn worker before it answers anyone, one establishment's and one network's dashboard.

A worker's first dashboard otherwise pays for what only a first time costs: SQLAlchemy compiling each statement
(it keeps them per engine), the worker's database connection opened and, on PostgreSQL, its server process
loading the catalogue, the pages of memory shared with the master copied as they are first written. That was a
third of the first visit after a restart (bench/RESULTS.md). It only reads: while a closed campaign of that
network has results to compute (after an upgrade, before `flask campaigns tick`), it is skipped, rather than have
every worker compute them at once. Nothing read is kept: the network's content is rendered (its tables are most
of its cost) and dropped, never stored; the session's memo of results is closed with it, what the dashboards
built is collected; only the connection stays in the worker's pool, as after any request.
"""

from __future__ import annotations

import gc
import logging

from flask import Flask
from sqlalchemy import select

from app.charts.dashboards import establishment_figures
from app.extensions import DbSession, db
from app.models import Campaign, CampaignEstablishment, CampaignStatus, Establishment, Network
from app.network.routes import params_of, render_content
from app.services.dashboards import establishment as establishment_dashboard
from app.services.dashboards import network as network_dashboard
from app.services.dashboards import network_cache
from app.services.dashboards.campaign_data import network_campaigns, period_label, results_stored
from app.web.cells import chart_json

log = logging.getLogger(__name__)


def warm_dashboards(app: Flask) -> bool:
    """Build the dashboards of the latest closed campaign's first establishment; say whether there was one.

    Never fatal: a database not reachable yet, not migrated or empty only leaves the first visits to pay.
    """
    try:
        with app.test_request_context("/"):  # the network's content is rendered too: its tables are most of it
            try:
                return _warm(db.session, app.config["BOUSSOLE_MIN_GROUP_SIZE"])
            finally:
                db.session.rollback()
                db.session.remove()
    except Exception as error:  # a worker must start whatever the warm-up meets: gunicorn stops on a boot error
        log.warning("Préchauffage des tableaux de bord abandonné : %s", error)
        return False
    finally:
        gc.collect()


def _warm(session: DbSession, min_size: int) -> bool:
    link = session.scalars(
        select(CampaignEstablishment)
        .join(Campaign)
        .where(Campaign.status == CampaignStatus.CLOSED)
        .order_by(Campaign.id.desc(), CampaignEstablishment.id)
        .limit(1)
    ).first()
    if link is None:
        return False
    establishment = session.get_one(Establishment, link.establishment_id)
    campaigns = network_campaigns(session, establishment.network_id) if establishment.network_id else []
    if not results_stored(session, campaigns, min_size):
        # Every worker would compute them at once, each waiting for the others' to be stored: left to the tick
        log.info("Préchauffage des tableaux de bord sauté : des résultats de campagne restent à calculer.")
        return False
    dash = establishment_dashboard.build(session, establishment, None, min_size)
    previous = period_label(dash.previous_grid) if dash.previous_grid else None
    figures = establishment_figures(dash.frames, dash.level_points, dash.item_points, dash.year_label, previous)
    for figure in figures.values():
        chart_json(figure)
    network = session.get(Network, establishment.network_id) if establishment.network_id else None
    if network is not None:
        kinds = _warm_network(session, network, None, min_size)
        if kinds:
            _warm_network(session, network, kinds[0], min_size)  # a filtered dashboard restricts the cells
    return True


def _warm_network(session: DbSession, network: Network, kind: str | None, min_size: int) -> list[str]:
    """Build and render the default dashboard of a network seen whole, restricted to a type if given."""
    filters = network_dashboard.Filters(kind=kind)
    dash = network_dashboard.prepare(session, network, True, [p.id for p in network.poles], filters, min_size)
    network_cache.content_key(session, dash)
    render_content(network_dashboard.fill(session, dash), False, params_of(dash))
    return dash.kinds
