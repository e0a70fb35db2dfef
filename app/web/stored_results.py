"""Store a closed campaign's results when it closes, after the response; commit those a page computed.

Closing (by date, at the first request that notices, or by an administrator's button) only marks the campaign:
its results are computed once the response has gone, so that nobody waits for them, and stored for every worker
(app/services/dashboards/stored_results.py). If that work is lost (a process stopped), the first reader computes
them, and `flask campaigns tick` stores any still missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, g

from app.extensions import db
from app.services.dashboards.campaign_data import store_results
from app.services.dashboards.stored_results import PENDING
from app.web.after_response import after_response


def results_after_response(campaign_ids: Iterable[int]) -> None:
    """Have these closed campaigns' results computed once this request's response has gone."""
    g.setdefault("results_due", []).extend(campaign_ids)


def after_request(response: Response) -> Response:
    if db.session.info.pop(PENDING, False) and response.status_code < 400:
        db.session.commit()  # results a reader computed: no other worker computes them again
    ids = g.pop("results_due", None)
    if ids:  # if this fails, the first reader, or the tick, computes them
        after_response(
            response,
            lambda: store_results(db.session, ids, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]),
            f"results of campaigns {ids} left for their first reader",
        )
    return response


def init_stored_results(app: Flask) -> None:
    app.after_request(after_request)
