"""Routes of the api blueprint: campaigns, an establishment's levels, a network's poles and progression."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from app.analytics.identifiers import FrameId, TableId
from app.analytics.suppression import hidden_label
from app.api.openapi import openapi_document
from app.extensions import csrf, db
from app.models import Campaign
from app.services.accounts.scopes import visible_networks
from app.services.comments.reading import CommentsView
from app.services.dashboards import establishment as establishment_dashboard
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.campaign_data import period_label
from app.services.dashboards.establishment import UnknownCampaign
from app.web.arguments import int_arg
from app.web.comments import establishment_view, network_view
from app.web.dashboard_access import UNKNOWN_ESTABLISHMENT_CAMPAIGN, establishment_or_404, prepared_network_dashboard
from app.web.errors import abort_with

STATS = ("n", "median", "mean", "q1", "q3", "std")
KIND_MAX_LENGTH = 60  # Establishment.kind, and maxLength of `type` in the OpenAPI document

bp = Blueprint("api", __name__)
# Every route is GET-only and reads the session: nothing here changes state, so no CSRF token is asked.
csrf.exempt(bp)


@bp.before_request
def require_session():
    """Every answer but the API's description needs a signed-in user (the session cookie, for now)."""
    if request.endpoint == "api.openapi":
        return None
    if not current_user.is_authenticated:
        abort_with(401, "Authentification requise : connectez-vous à Boussole.")
    return None


def _number(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def _cell(record: Mapping[Hashable, Any], min_size: int, extra: dict[str, Any]) -> dict[str, Any]:
    """One figure with its n and spread, or only the reason it is withheld."""
    if record.get("hidden") or record.get("hidden_label"):
        label = record.get("hidden_label") or hidden_label(record.get("reason", ""), min_size)
        return {**extra, "hidden": True, "reason": label}
    return {**extra, "hidden": False, **{k: _number(record.get(k)) for k in STATS if k in record}}


def _publication(published: bool, note: str) -> dict[str, Any]:
    """Whether the results are published (the campaign is closed), and if not, when they will be."""
    return {"results_published": published, "publication_note": None if published else note or None}


def _campaign_json(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "network_id": campaign.network_id,
        "school_year": campaign.school_year,
        "period": campaign.period,
        "label": period_label(campaign),
        "status": campaign.state().value,  # what it is today: a scheduled campaign says so
        "survey": {"slug": campaign.survey.slug, "version": campaign.survey.version, "title": campaign.survey.title},
    }


@bp.get("/openapi.json")
def openapi():
    """Describe this API (OpenAPI 3.1)."""
    return jsonify(openapi_document(request.host_url.rstrip("/") + "/api/v1"))


@bp.get("/campaigns")
def campaigns():
    """List the campaigns of the networks the user sees, at least in part."""
    rows = db.session.scalars(
        select(Campaign)
        .where(Campaign.network_id.in_(visible_networks(current_user)))
        .order_by(Campaign.school_year, Campaign.id)
    ).all()
    return jsonify({"campaigns": [_campaign_json(c) for c in rows]})


@bp.get("/establishments/<uai>/levels")
def establishment_levels(uai: str):
    """Perceived level per dimension (with n, spread and distribution) and the agreed level."""
    establishment = establishment_or_404(uai)
    min_size = current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    try:
        dash = establishment_dashboard.build(db.session, establishment, _id_arg("campaign"), min_size)
    except UnknownCampaign:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)
    levels = []
    if FrameId.DISTRIBUTION in dash.frames:
        values = [v for v, _ in dash.level_points]
        for record in dash.frames[FrameId.DISTRIBUTION].to_dict("records"):
            cell = _cell(record, min_size, {"dimension": record["key"], "title": record["dimension"]})
            if not cell["hidden"]:
                cell["distribution"] = {str(v): _number(record[f"c{v}"]) for v in values}
            agreed = dash.agreed.get(record["key"])
            cell["agreed_level"] = agreed["level"] if agreed else None
            levels.append(cell)
    return jsonify(
        {
            "establishment": {"uai": establishment.uai, "name": establishment.name},
            "campaign": _campaign_json(dash.grid_campaign) if dash.grid_campaign else None,
            "min_group_size": min_size,
            "responses": dash.responses,
            "staff_size": dash.staff_size,
            "participation": dash.rate,
            **_publication(dash.grid_published, " ".join(dash.publication_notes)),
            "levels": levels,
            "warnings": dash.warnings,
        }
    )


def _id_arg(name: str) -> int | None:
    """Read an optional id from the query: as the document says, an integer (an empty value is a 400 too)."""
    return int_arg(name, empty_is_absent=False)


def _kind_arg() -> str | None:
    """Read ?type= (an establishment type); longer than the stored types, as the document says, is a 400."""
    raw = request.args.get("type", "")
    if len(raw) > KIND_MAX_LENGTH:
        abort_with(400, f"Le paramètre « type » ne doit pas dépasser {KIND_MAX_LENGTH} caractères.")
    return raw.strip() or None


def _network_dashboard(network_id: int) -> network_dashboard.NetworkDashboard:
    filters = network_dashboard.Filters(campaign_id=_id_arg("campaign"), pole_id=_id_arg("pole"), kind=_kind_arg())
    return network_dashboard.fill(db.session, prepared_network_dashboard(network_id, filters))


def _unit_fields(record: Mapping[Hashable, Any]) -> dict[str, Any]:
    kind, _, raw = record["unit"].partition(":")
    return {
        "scope": "network" if kind == "n" else "pole",
        "id": int(raw) if raw.isdigit() else None,
        "name": record["pole"],
        "dimension": record["key"],
        "title": record["dimension"],
    }


@bp.get("/networks/<int:network_id>/poles")
def network_poles(network_id: int):
    """Median (with n and spread) per pole × dimension for one campaign, and the change since N-1."""
    dash = _network_dashboard(network_id)
    cells = []
    if FrameId.HEATMAP in dash.frames:
        changes = {}
        if FrameId.COMPARISON in dash.frames:
            changes = {(r["unit"], r["dimension"]): r for r in dash.frames[FrameId.COMPARISON].to_dict("records")}
        for record in dash.frames[FrameId.HEATMAP].to_dict("records"):
            cell = _cell(record, dash.min_size, _unit_fields(record))
            change = changes.get((record["unit"], record["dimension"]))
            cell["change_since_previous"] = _number(change["change"]) if change else None
            cells.append(cell)
    return jsonify(
        {
            "network": {"id": dash.network.id, "name": dash.network.name},
            "campaign": _campaign_json(dash.campaign) if dash.campaign else None,
            "previous_campaign": _campaign_json(dash.previous) if dash.previous else None,
            "min_group_size": dash.min_size,
            **_publication(dash.published, dash.publication_note),
            "cells": cells,
            "warnings": dash.warnings,
            "membership_note": dash.membership_note,
        }
    )


@bp.get("/networks/<int:network_id>/progression")
def network_progression(network_id: int):
    """Mean and median per pole × dimension for every school year up to the chosen campaign."""
    dash = _network_dashboard(network_id)
    points = []
    if FrameId.PROGRESSION in dash.frames:
        for record in dash.frames[FrameId.PROGRESSION].to_dict("records"):
            points.append(_cell(record, dash.min_size, {**_unit_fields(record), "school_year": record["school_year"]}))
    return jsonify(
        {
            "network": {"id": dash.network.id, "name": dash.network.name},
            "min_group_size": dash.min_size,
            **_publication(dash.published, dash.publication_note),
            "points": points,
            "warnings": dash.warnings,
        }
    )


@bp.get("/networks/<int:network_id>/establishments")
def network_establishments(network_id: int):
    """The table of establishments: type, pole, participation, median per dimension and change."""
    dash = _network_dashboard(network_id)
    table = dash.tables.get(TableId.ESTABLISHMENTS)
    return jsonify(
        {
            "network": {"id": dash.network.id, "name": dash.network.name},
            "campaign": _campaign_json(dash.campaign) if dash.campaign else None,
            "min_group_size": dash.min_size,
            **_publication(dash.published, dash.publication_note),
            "columns": [{"key": c.key, "label": c.label} for c in table.columns] if table else [],
            "rows": table.records() if table else [],
            "membership_note": dash.membership_note,
        }
    )


def _comments_json(view: CommentsView) -> dict[str, Any]:
    """The comments of each group by topic, or why a topic's are withheld; never a hidden (moderated) comment."""
    return {
        "campaign": _campaign_json(view.campaign) if view.campaign else None,
        "min_group_size": view.min_size,
        **_publication(view.published, view.publication_note),
        "groups": [
            {
                "name": group.title,
                "topics": [
                    {
                        "key": topic.key,
                        "title": topic.title,
                        "withheld": topic.withheld or None,
                        "comments": [c.text for c in topic.comments if c.moderation is None],
                    }
                    for topic in group.topics
                ],
            }
            for group in view.groups
        ],
    }


@bp.get("/establishments/<uai>/comments")
def establishment_comments(uai: str):
    """The comments of an establishment's staff by dimension, once the campaign is closed and the group large enough."""
    establishment = establishment_or_404(uai)
    view = establishment_view(establishment, _id_arg("campaign"), for_file=True)
    return jsonify({"establishment": {"uai": establishment.uai, "name": establishment.name}, **_comments_json(view)})


@bp.get("/networks/<int:network_id>/comments")
def network_comments(network_id: int):
    """The comments of a network's establishments (or a pole's), grouped, never those of a hidden establishment."""
    network, _, _, view = network_view(network_id, _id_arg("campaign"), _id_arg("pole"), for_file=True)
    return jsonify({"network": {"id": network.id, "name": network.name}, **_comments_json(view)})


@bp.get("/networks/<int:network_id>/self-positioning")
def network_self_positioning(network_id: int):
    """A self-positioning campaign across the network: pole × theme, themes over the years, items ranked."""
    dash = _network_dashboard(network_id)
    found = {
        key: dash.tables[key].records() if key in dash.tables else []
        for key in (TableId.THEMES, TableId.THEME_PROGRESSION, TableId.ITEMS_RANKED)
    }
    return jsonify(
        {
            "network": {"id": dash.network.id, "name": dash.network.name},
            "campaign": _campaign_json(dash.campaign) if dash.campaign else None,
            "previous_campaign": _campaign_json(dash.previous) if dash.previous else None,
            "self_positioning": bool(dash.themes),
            "min_group_size": dash.min_size,
            **_publication(dash.published, dash.publication_note),
            "themes": found[TableId.THEMES],
            "progression": found[TableId.THEME_PROGRESSION],
            "items": found[TableId.ITEMS_RANKED],
            "warnings": dash.warnings,
            "membership_note": dash.membership_note,
        }
    )
