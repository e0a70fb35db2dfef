"""Routes of the network's and poles' comments (on the network blueprint): reading, export, moderation."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.models import Campaign
from app.network.forms import HideCommentForm, ShowCommentForm
from app.network.routes import bp
from app.services.comments import moderation
from app.web.arguments import int_arg
from app.web.comments import (
    comment_keys,
    comments_export_response,
    moderated_campaign,
    moderated_network,
    network_view,
)
from app.web.errors import abort_with
from app.web.redirects import local_path_or_none

UNKNOWN_COMMENT = "Ce commentaire n'existe pas, ou n'est pas publié."


def _min_size() -> int:
    return int(current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])


def _comments_args() -> tuple[int | None, int | None]:
    return int_arg("campagne"), int_arg("pole")


@bp.get("/<int:network_id>/commentaires")
@login_required
def comments(network_id: int):
    """Read the comments of the network or of a pole, by dimension, without a school whose results are hidden."""
    campaign_id, pole_id = _comments_args()
    network, whole, poles, view = network_view(network_id, campaign_id, pole_id)
    chosen = view.campaign.id if view.campaign else None
    return render_template(
        "dashboards/comments.html",
        view=view,
        heading=f"Réseau {network.name}",
        eyebrow="Commentaires des répondants",
        page_url=lambda **args: url_for("network.comments", network_id=network.id, **args),
        export_url=lambda fmt: url_for(
            "network.comments_export", network_id=network.id, fmt=fmt, campagne=chosen, pole=pole_id
        ),
        back_url=url_for("network.dashboard", network_id=network.id, campagne=chosen, pole=pole_id),
        network=network,
        poles=[(p, next(x.name for x in network.poles if x.id == p)) for p in poles] if len(poles) > 1 else [],
        pole_id=pole_id,
        all_poles="Tout le réseau" if whole else "Tous mes pôles",
    )


@bp.get("/<int:network_id>/commentaires/export.<fmt>")
@login_required
def comments_export(network_id: int, fmt: str):
    """Download the network's or a pole's comments as CSV or Excel, under the same rules; never a hidden one."""
    campaign_id, pole_id = _comments_args()
    *_, view = network_view(network_id, campaign_id, pole_id, for_file=True)
    basename = f"boussole-reseau-{network_id}{f'-pole-{pole_id}' if pole_id else ''}"
    return comments_export_response(view, fmt, basename)


def _moderated(network_id: int, form: HideCommentForm | ShowCommentForm) -> tuple[Campaign, str]:
    """The campaign a moderation form acts on, and the page to go back to (the comments page by default)."""
    network = moderated_network(network_id)
    campaign = moderated_campaign(network, int_arg("campagne"))
    back = local_path_or_none(form.back.data)
    return campaign, back or url_for("network.comments", network_id=network.id, campagne=campaign.id)


def _first_error(form: HideCommentForm | ShowCommentForm) -> str:
    return str(next(e for errors in form.errors.values() for e in errors))


@bp.post("/<int:network_id>/commentaires/masquer")
@login_required
def hide_comment(network_id: int):
    """Hide a comment that names a person, with the reason: from every reader and every file, until shown again."""
    form = HideCommentForm()
    campaign, back = _moderated(network_id, form)
    if not form.validate_on_submit():
        flash("Le commentaire n'a pas été masqué : " + _first_error(form), "error")
        return redirect(back, 303)
    try:
        done = moderation.hide_comment(
            db.session, campaign, form.token.data, form.reason.data, current_user, _min_size(), comment_keys()
        )
    except moderation.ReasonMissing:
        flash("Le commentaire n'a pas été masqué : indiquez le motif, en quelques mots.", "error")
        return redirect(back, 303)
    except moderation.UnknownComment:
        abort_with(404, UNKNOWN_COMMENT)
    db.session.commit()
    flash(
        "Commentaire masqué : plus aucun lecteur ne le voit." if done else "Ce commentaire était déjà masqué.",
        "success",
    )
    return redirect(back, 303)


@bp.post("/<int:network_id>/commentaires/afficher")
@login_required
def show_comment(network_id: int):
    """Show a hidden comment again."""
    form = ShowCommentForm()
    campaign, back = _moderated(network_id, form)
    if not form.validate_on_submit():
        flash("Le commentaire n'a pas été affiché : " + _first_error(form), "error")
        return redirect(back, 303)
    try:
        done = moderation.show_comment(db.session, campaign, form.token.data, current_user, _min_size(), comment_keys())
    except moderation.UnknownComment:
        abort_with(404, UNKNOWN_COMMENT)
    db.session.commit()
    flash("Commentaire de nouveau affiché." if done else "Ce commentaire n'était pas masqué.", "success")
    return redirect(back, 303)
