"""The feuille de route pages, shared by the establishment and network blueprints: each route finds its owner
(same 404 as unknown outside the reader's scope), then calls one of these, which authorize, validate, call one
service, commit and redirect or render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.clock import utcnow
from app.establishment.forms import ConfirmForm, PriorityForm, PriorityStatusForm
from app.extensions import db
from app.models import Establishment, Pole, PriorityStatus, RoadmapPriority
from app.services.accounts.scopes import RoadmapOwner, can_edit_roadmap
from app.services.dashboards.exports import csv_text
from app.services.roadmaps import roadmaps as service
from app.services.roadmaps.outcomes import default_target
from app.services.roadmaps.pages import CSV_HEADER, RoadmapView, csv_rows, default_year, view_of
from app.services.roadmaps.subjects import UnknownSubject, subject_for, target_guide
from app.web.errors import abort_with
from app.web.exports import CSV
from app.web.flashes import flash_at

READ_ONLY = {
    "establishment": "Seuls le chef d'établissement et la coordination du réseau modifient cette feuille de route.",
    "pole": "Seuls le pilote du pôle et la coordination du réseau modifient cette feuille de route.",
    "network": "Seule la coordination du réseau modifie cette feuille de route.",
}
UNKNOWN_PRIORITY = "Cette priorité n'existe pas dans cette feuille de route."
REVIEW_ENDPOINTS = {  # the annual review (PDF) that prints each feuille de route with its outcomes
    "establishment.roadmap": "establishment.review_pdf",
    "network.network_roadmap": "network.review_pdf",
    "network.pole_roadmap": "network.review_pdf",
}


@dataclass(frozen=True)
class Place:
    """Where a feuille de route lives: its owner, the endpoint of its page and that endpoint's URL arguments."""

    owner: RoadmapOwner
    endpoint: str  # e.g. "establishment.roadmap"; its actions are endpoint + "_priority", "_status", ...
    args: dict[str, Any]
    back_url: str
    back_label: str

    def url(self, suffix: str = "", **more: Any) -> str:
        return url_for(self.endpoint + suffix, **self.args, **more)

    def review_url(self, year: str) -> str:
        """Return the annual review (PDF) of that school year for this owner: it prints the feuille de route."""
        args = dict(self.args)
        pole_id = args.pop("pole_id", None)
        return url_for(REVIEW_ENDPOINTS[self.endpoint], **args, annee=year, **({"pole": pole_id} if pole_id else {}))


def school_year() -> str:
    """Read ?annee=2025-2026 (the current school year when absent); a malformed one is a 400."""
    raw = request.args.get("annee", "").strip()
    if not raw:
        return default_year()
    year = service.parse_school_year(raw)
    if year is None:
        abort_with(400, "Année scolaire invalide : écrivez-la comme 2025-2026.")
    return year


def _min_size() -> int:
    return int(current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])


def _level(place: Place) -> str:
    return service.level_of(place.owner).value


def _editable(place: Place) -> bool:
    return can_edit_roadmap(current_user, place.owner)


def _require_edit(place: Place) -> None:
    if not _editable(place):
        abort_with(403, READ_ONLY[_level(place)])


def _prefilled(place: Place, year: str) -> PriorityForm:
    sujet = request.args.get("sujet", "").strip()
    if not sujet:
        return PriorityForm(formdata=None)
    try:
        subject = subject_for(sujet[:100])
    except UnknownSubject:
        abort_with(400, "Sujet inconnu : il doit être dimension:<dimension de la grille> ou theme:<thème>.")
    target = default_target(db.session, place.owner, subject, year, _min_size())
    return PriorityForm(formdata=None, data={"subject": subject.value, "target": str(target) if target else ""})


def _already_there(place: Place, year: str):
    """A proposed subject (?sujet=) that is already a priority: open that priority to change it instead."""
    try:
        subject = subject_for(request.args.get("sujet", "").strip()[:100])
    except UnknownSubject:
        return None  # _prefilled answers the 400
    found = service.same_subject(service.roadmap_of(place.owner, year), subject)
    if found is None:
        return None
    flash(
        f"« {subject.title} » est déjà la priorité {found.position} de cette feuille de route : modifiez-la ici.",
        "info",
    )
    return redirect(place.url(annee=year, modifier=found.id) + f"#modifier-{found.id}", 303)


def render(place: Place, year: str, form: PriorityForm | None = None, editing: int | None = None, status: int = 200):
    """Show the feuille de route of that year, its outcomes, the levels above it, and (to its writers) the forms."""
    if form is None and editing is None and request.args.get("sujet") and _editable(place):
        moved = _already_there(place, year)
        if moved is not None:
            return moved
    view: RoadmapView = view_of(db.session, place.owner, year, _min_size())
    editable = _editable(place)
    edit_forms: dict[int, PriorityForm] = {}
    if editable:
        wanted = editing if editing is not None else request.args.get("modifier", type=int)
        for item in view.priorities:
            if item.priority.id == wanted:
                edit_forms[item.priority.id] = (
                    form if editing is not None and form is not None else _edit_form(item.priority)
                )
        if wanted is not None and not edit_forms and editing is None:
            abort_with(404, UNKNOWN_PRIORITY)
    new_form = form if editing is None and form is not None else (_prefilled(place, year) if editable else None)
    shown = [f for f in (new_form, *edit_forms.values()) if f is not None]
    for shown_form in shown:
        shown_form.offer_targets()
    body = render_template(
        "roadmaps/page.html",
        view=view,
        place=place,
        level=_level(place),
        editable=editable,
        new_form=new_form,
        edit_forms=edit_forms,
        target_guide=target_guide() if shown else None,
        statuses=[(s.value, label) for s, label in service.STATUS_LABELS.items()],
        confirm_form=ConfirmForm(formdata=None),
        max_priorities=service.MAX_PRIORITIES,
        min_size=_min_size(),
    )
    return body, status


def _edit_form(priority: RoadmapPriority) -> PriorityForm:
    subject_prefix = "dimension" if priority.subject_kind.value == "dimension" else "theme"
    return PriorityForm(
        formdata=None,
        data={
            "subject": f"{subject_prefix}:{priority.subject_key}",
            "target": str(priority.target) if priority.target is not None else "",
            "actions": priority.actions,
            "responsables": priority.responsables,
            "due_on": priority.due_on,
            "indicator": priority.indicator,
            "status": priority.status.value,
        },
    )


NEW_FORM = "nouvelle-priorite"


def _back(place: Place, year: str, anchor: str = ""):
    return redirect(place.url(annee=year) + anchor, 303)


def create(place: Place, year: str):
    """Add a priority (a fourth is refused with its reason)."""
    _require_edit(place)
    form = PriorityForm()
    if not form.validate_on_submit():
        flash_at("La priorité n'a pas été enregistrée : corrigez les champs signalés.", NEW_FORM, "error")
        return render(place, year, form=form, status=422)
    try:
        priority = service.add_priority(place.owner, year, form.data_in(), current_user, utcnow())
    except service.RoadmapError as exc:
        flash_at(f"La priorité n'a pas été enregistrée. {exc}", NEW_FORM, "error")
        return render(place, year, form=form, status=422)
    db.session.commit()
    flash_at("Priorité ajoutée à la feuille de route.", f"priorite-{priority.id}")
    return _back(place, year, f"#priorite-{priority.id}")


def _priority(place: Place, priority_id: int) -> RoadmapPriority:
    priority = service.priority_of(place.owner, priority_id)
    if priority is None:
        abort_with(404, UNKNOWN_PRIORITY)
    return priority


def edit(place: Place, priority_id: int):
    """Change a priority."""
    _require_edit(place)
    priority = _priority(place, priority_id)
    year = priority.roadmap.school_year
    form = PriorityForm()
    if not form.validate_on_submit():
        flash_at("La priorité n'a pas été modifiée : corrigez les champs signalés.", f"modifier-{priority.id}", "error")
        return render(place, year, form=form, editing=priority.id, status=422)
    try:
        service.update_priority(priority, form.data_in(), current_user, utcnow())
    except service.RoadmapError as exc:
        flash_at(f"La priorité n'a pas été modifiée. {exc}", f"modifier-{priority.id}", "error")
        return render(place, year, form=form, editing=priority_id, status=422)
    db.session.commit()
    flash_at("Priorité modifiée.", f"priorite-{priority.id}")
    return _back(place, year, f"#priorite-{priority.id}")


def change_status(place: Place, priority_id: int):
    """Record where a priority stands during the year."""
    _require_edit(place)
    priority = _priority(place, priority_id)
    form = PriorityStatusForm()
    raw = form.status.data if form.validate_on_submit() else None
    if raw not in {s.value for s in PriorityStatus}:
        abort_with(400, "Statut inconnu : à lancer, en cours, réalisée ou abandonnée.")
    service.set_status(priority, PriorityStatus(raw), current_user, utcnow())
    db.session.commit()
    flash_at("Statut enregistré.", f"priorite-{priority.id}")
    return _back(place, priority.roadmap.school_year, f"#priorite-{priority.id}")


def remove(place: Place, priority_id: int):
    """Remove a priority."""
    _require_edit(place)
    priority = _priority(place, priority_id)
    year = priority.roadmap.school_year
    if not ConfirmForm().validate_on_submit():
        abort_with(400, "Formulaire expiré : rechargez la page et recommencez.")
    service.remove_priority(priority, current_user, utcnow())
    db.session.commit()
    flash("Priorité retirée.", "success")
    return _back(place, year)


def next_year(place: Place, year: str):
    """Start next year's feuille de route from this one."""
    _require_edit(place)
    if not ConfirmForm().validate_on_submit():
        abort_with(400, "Formulaire expiré : rechargez la page et recommencez.")
    try:
        roadmap, copied = service.start_next_year(place.owner, year, current_user, utcnow())
    except service.RoadmapError as exc:
        flash(str(exc), "error")
        return _back(place, year)
    db.session.commit()
    flash(f"Feuille de route {roadmap.school_year} commencée : {copied} priorité(s) reprise(s).", "success")
    return _back(place, roadmap.school_year)


def csv_download(place: Place, year: str) -> Response:
    """The feuille de route (and, for an establishment or pole, those above it) as a CSV: `;`, formulas neutralised."""
    view = view_of(db.session, place.owner, year, _min_size())
    body = csv_text(CSV_HEADER, csv_rows([view, *view.related]))
    name = {Establishment: f"etablissement-{getattr(place.owner, 'uai', '')}", Pole: f"pole-{place.owner.id}"}.get(
        type(place.owner), f"reseau-{place.owner.id}"
    )
    return Response(
        body.encode("utf-8"),
        content_type=CSV,
        headers={
            "Content-Disposition": f'attachment; filename="feuille-de-route-{name}-{year}.csv"',
            "Cache-Control": "private, no-store",
        },
    )
