"""Routes of the establishment's comments (on the establishment blueprint): reading and export."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import login_required

from app.establishment.routes import bp
from app.web.arguments import int_arg
from app.web.comments import comments_export_response, establishment_view
from app.web.dashboard_access import establishment_or_404


@bp.get("/<uai>/commentaires")
@login_required
def comments(uai: str):
    """Read the comments the staff wrote, by dimension, once the campaign is closed and the group large enough."""
    establishment = establishment_or_404(uai)
    view = establishment_view(establishment, int_arg("campagne"))
    return render_template(
        "dashboards/comments.html",
        view=view,
        heading=establishment.name,
        eyebrow=establishment.kind or "Établissement",
        page_url=lambda **args: url_for("establishment.comments", uai=establishment.uai, **args),
        export_url=lambda fmt: url_for(
            "establishment.comments_export", uai=establishment.uai, fmt=fmt, campagne=view.campaign and view.campaign.id
        ),
        back_url=url_for("establishment.dashboard", uai=establishment.uai, campagne=view.campaign and view.campaign.id),
        network=establishment.network,
    )


@bp.get("/<uai>/commentaires/export.<fmt>")
@login_required
def comments_export(uai: str, fmt: str):
    """Download the comments as CSV or Excel, under the same rules; never a hidden comment."""
    establishment = establishment_or_404(uai)
    view = establishment_view(establishment, int_arg("campagne"), for_file=True)
    return comments_export_response(view, fmt, f"boussole-{establishment.uai}")
