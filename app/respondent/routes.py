"""Respondent pages: open a questionnaire by link or code, answer it page by page, submit, read one's feedback."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

from app.clock import today
from app.extensions import db, limiter
from app.models import AccessMode, CampaignEstablishment, Draft
from app.respondent import device, limits, state
from app.respondent.forms import (
    AnotherPersonForm,
    CodeForm,
    SectionForm,
    StartForm,
    SubmitForm,
    answer_name,
    category_form,
    comment_name,
    section_form,
)
from app.respondent.journey import (
    CATEGORY,
    REVIEW,
    neighbour,
    progress,
    review_rows,
    section_by_id,
    step_url,
    stray_errors,
)
from app.services.accounts.links import external_url
from app.services.campaigns.campaigns import link_of
from app.services.responding.access import (
    AccessRefused,
    CodeSpent,
    ensure_open,
    link_by_token,
    needs_code,
    other_open_links,
    rate_limit_key,
    resolve_code,
)
from app.services.responding.drafts import (
    answers_of,
    comments_of,
    find_draft,
    next_step,
    save_section,
    set_category,
    start_draft,
    start_draft_with_code,
)
from app.services.responding.feedback import personal_feedback
from app.services.responding.responses import (
    AnswersInvalid,
    answer_values,
    sent_again,
    submit_draft,
)
from app.surveys.registry import survey_of
from app.surveys.schema import Section, Survey
from app.web.errors import abort_with

bp = Blueprint("respondent", __name__)


@bp.errorhandler(AccessRefused)
def access_refused(error: AccessRefused):
    return render_template("respondent/unavailable.html", error=error, form=CodeForm(formdata=None)), error.status


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded):
    """A French page for each limit: typing codes, or sending responses."""
    if request.endpoint == "respondent.submit":
        refused = AccessRefused(429, limits.TOO_MANY_SUBMISSIONS, "Trop d'envois en peu de temps")
    else:
        refused = AccessRefused(
            429, "Trop de tentatives en peu de temps. Réessayez dans quelques minutes.", "Trop de tentatives"
        )
    # Retry-After and the X-RateLimit headers are added by the limiter after the request, error pages included.
    return render_template("respondent/unavailable.html", error=refused, form=CodeForm(formdata=None)), 429


@bp.after_request
def never_cached(response):
    """Drafts, answers and feedback must not come back from a cache of a shared computer."""
    response.headers["Cache-Control"] = "no-store"
    return device.save(response)


def _typed_code() -> str:
    return rate_limit_key(request.form.get("code", ""))


@bp.get("/")
@bp.get("/code")
def code_form():
    """Let a respondent type the code read aloud or printed for them."""
    return render_template("respondent/code.html", form=CodeForm(formdata=None))


@bp.post("/code")
@limiter.limit("60/minute", key_func=get_remote_address)  # generous: a whole school shares one address
@limiter.limit("20/minute", key_func=_typed_code)
def enter_code():
    """Open the questionnaire matching a typed access code."""
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("respondent/code.html", form=form), 422
    try:
        access = resolve_code(form.code.data, today())
        if access.access_code_id is not None:
            # Spent now, and forgotten: the draft and the session hold nothing of the code (docs/privacy.md).
            survey = survey_of(access.link.campaign.survey)
            _, raw = start_draft_with_code(access, today(), category=_known_category(survey))
            db.session.commit()
            state.remember_draft(access.link.id, raw)
    except CodeSpent as spent:
        db.session.rollback()
        if _draft(spent.link) is not None:  # spent by this browser: a double click, or coming back
            return redirect(url_for(".landing", token=spent.link.token), 303)
        return render_template("respondent/code.html", form=form, error=spent), spent.status
    except AccessRefused as error:
        return render_template("respondent/code.html", form=form, error=error), error.status
    return redirect(url_for(".landing", token=access.link.token), 303)


@bp.get("/<token>")
def landing(token: str):
    """Present the questionnaire: who asks, what is collected and why, anonymity, how long it takes."""
    link, survey = _open(token)
    draft = _draft(link)
    return render_template(
        "respondent/landing.html",
        link=link,
        campaign=link.campaign,
        survey=survey,
        draft=draft,
        needs_code=draft is None and needs_code(link),
        ask_another_person=draft is None and _sent_from_this_device(link),
        start_form=StartForm(formdata=None),
        another_form=AnotherPersonForm(formdata=None),
        code_form=CodeForm(formdata=None),
    )


@bp.post("/<token>/commencer")
def start(token: str):
    """Open a draft (or go back to the one in progress) and go to its first unanswered step."""
    link, survey = _open(token)
    draft = _draft(link)
    if draft is None:
        if needs_code(link):
            flash("Saisissez d'abord le code individuel remis par votre établissement.", "error")
            return redirect(url_for(".landing", token=token), 303)
        if _sent_from_this_device(link) and not AnotherPersonForm().confirmed():
            flash(
                "Une réponse a déjà été envoyée depuis cet appareil : confirmez qu'une autre personne répond.", "info"
            )
            return redirect(url_for(".landing", token=token), 303)
        draft, raw = start_draft(link, today(), category=_known_category(survey))
        db.session.commit()
        state.remember_draft(link.id, raw)
    return redirect(_next_url(link, survey, draft), 303)


@bp.get("/reprendre/<raw>")
def resume(raw: str):
    """Reopen a draft from the private resume link, in any browser."""
    draft = find_draft(raw)
    link = link_of(draft.campaign_id, draft.establishment_id) if draft else None
    if draft is None or link is None:
        raise AccessRefused(
            404,
            "Ce lien de reprise ne correspond à aucune réponse en cours : vos réponses ont "
            "peut-être déjà été envoyées, ou le questionnaire a été clos.",
            "Lien de reprise inconnu",
        )
    ensure_open(link.campaign, today())
    state.remember_draft(link.id, raw)
    if draft.category:
        state.remember_category(draft.category)
    flash("Vos réponses enregistrées ont été retrouvées : vous pouvez continuer.", "success")
    return redirect(_next_url(link, survey_of(link.campaign.survey), draft), 303)


@bp.route("/<token>/categorie", methods=["GET", "POST"])
def category(token: str):
    """Ask the respondent's staff category (asked once, kept for the other instrument)."""
    link, survey, draft = _journey(token)
    form = category_form(survey, {"category": draft.category, "retour": request.args.get("retour")})
    if request.method == "POST":
        valid = form.validate()
        if valid:
            set_category(draft, form.category.data, today())
            db.session.commit()
            state.remember_category(form.category.data)
        if request.form.get("action") == "precedent":
            return redirect(url_for(".landing", token=token), 303)
        if valid:
            target = REVIEW if form.retour.data == REVIEW else (next_step(draft, survey) or REVIEW)
            return redirect(step_url(token, target), 303)
    return render_template(
        "respondent/category.html",
        link=link,
        survey=survey,
        form=form,
        progress=progress(token, survey, draft, CATEGORY),
    ), 422 if form.errors else 200


@bp.route("/<token>/etape/<section_id>", methods=["GET", "POST"])
def section(token: str, section_id: str):
    """Show one section (a dimension, a theme); save it on both buttons, move on only when it is valid."""
    link, survey, draft = _journey(token)
    page = section_by_id(survey, section_id)
    if page is None:
        abort(404)
    if not draft.category:
        return redirect(step_url(token, CATEGORY), 303)
    answers, comments = answers_of(draft), comments_of(draft)
    data = {"retour": request.args.get("retour")}
    for question in page.questions:
        data[answer_name(question.id)] = answers.get(question.id)
        data[comment_name(question.id)] = comments.get(question.id, "")
    form = section_form(survey, page, request.form if request.method == "POST" else None, data)
    if request.method == "POST":
        valid = form.validate()
        if form.form_errors:
            return _render_section(link, survey, draft, page, form), 422
        save_section(draft, form.values, form.comments, today())
        db.session.commit()
        if request.form.get("action") == "precedent":
            return redirect(step_url(token, neighbour(survey, page.id, -1) or CATEGORY), 303)
        if valid:
            target = REVIEW if form.retour.data == REVIEW else (neighbour(survey, page.id, +1) or REVIEW)
            return redirect(step_url(token, target), 303)
        return _render_section(link, survey, draft, page, form), 422
    return _render_section(link, survey, draft, page, form)


@bp.post("/<token>/etape/<section_id>/enregistrer")
@limiter.limit("120/minute", key_func=device.rate_limit_key, scope="autosave")  # a click costs one; a script more
def autosave(token: str, section_id: str):
    """Save a page's valid choices as they change (respondent.js), without moving on: leaving keeps them."""
    link, survey = _open(token)
    draft, page = _draft(link), section_by_id(survey, section_id)
    if draft is None or page is None or not draft.category:
        abort_with(404, "Aucune réponse en cours pour cette page dans ce navigateur.")
    form = section_form(survey, page, request.form, {"retour": None})
    form.validate()
    if form.form_errors:
        abort_with(422, str(form.form_errors[0]))
    save_section(draft, form.values, form.comments, today())
    db.session.commit()
    return "", 204


@bp.get("/<token>/relecture")
def review(token: str):
    """Show every answer before sending, each with a link to change it."""
    link, survey, draft = _journey(token)
    if not draft.category:
        return redirect(step_url(token, CATEGORY), 303)
    return _render_review(link, survey, draft, {})


@bp.post("/<token>/envoyer")
@limiter.limit(
    limits.per_link, key_func=limits.link_key, exempt_when=limits.by_codes, deduct_when=limits.stored, scope="link"
)
@limiter.limit(
    limits.per_device,
    key_func=device.rate_limit_key,
    exempt_when=limits.by_codes,
    deduct_when=limits.stored,
    scope="device",
)
def submit(token: str):
    """Store the response once (a double click or a reload finds the first one), then show the feedback."""
    link = link_by_token(token)
    form = SubmitForm()
    draft = _draft(link)
    if draft is None:
        return _already_sent(link, form.submission_key.data or "")
    ensure_open(link.campaign, today())
    survey = survey_of(link.campaign.survey)
    try:
        submission = submit_draft(draft, survey, today())
    except AnswersInvalid as error:
        return _render_review(link, survey, draft, error.errors), 422
    values, link_id = submission.stored_values(), link.id
    db.session.commit()
    if submission.created:
        limits.count_stored()
    _remember_sent(link_id, values)
    return redirect(url_for(".feedback", token=token), 303)


@bp.get("/<token>/merci")
def feedback(token: str):
    """Show the respondent their own position beside their establishment's, right after sending (never later)."""
    link = link_by_token(token)
    stored = state.feedback(link.id)
    if stored is None:
        raise AccessRefused(
            404,
            "Le retour personnel ne s'affiche qu'une fois, juste après l'envoi des réponses, "
            "dans le navigateur qui les a envoyées.",
            "Retour personnel indisponible",
        )
    survey = survey_of(link.campaign.survey)
    result = personal_feedback(
        survey, stored["values"], link.campaign, link.establishment_id, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    )
    others = other_open_links(link, today(), state.answered_links())
    return render_template(
        "respondent/feedback.html",
        link=link,
        campaign=link.campaign,
        survey=survey,
        feedback=result,
        others=others,
        start_form=StartForm(formdata=None),
        code_form=CodeForm(formdata=None),
        AccessMode=AccessMode,
    )


@bp.post("/<token>/merci/effacer")
def forget_feedback(token: str):
    """Remove the personal feedback from this browser (a shared computer, for instance)."""
    StartForm().validate_on_submit()
    state.forget_feedback()
    flash("Votre retour personnel a été effacé de ce navigateur. Merci de votre participation !", "success")
    return redirect(url_for("main.home"), 303)


def _open(token: str) -> tuple[CampaignEstablishment, Survey]:
    link = link_by_token(token)
    ensure_open(link.campaign, today())
    return link, survey_of(link.campaign.survey)


def _known_category(survey: Survey) -> str | None:
    """The category this browser gave for another questionnaire, if this one asks it too."""
    return state.category() if state.category() in {c.id for c in survey.categories} else None


def _sent_from_this_device(link: CampaignEstablishment) -> bool:
    """Say whether this device already sent a response through this link (the question asked before another)."""
    return link.campaign.access_mode == AccessMode.LINK and link.id in device.sent_links()


def _draft(link: CampaignEstablishment) -> Draft | None:
    draft = find_draft(state.draft_token(link.id))
    if draft is None or (draft.campaign_id, draft.establishment_id) != (link.campaign_id, link.establishment_id):
        return None
    return draft


def _journey(token: str) -> tuple[CampaignEstablishment, Survey, Draft]:
    """Return the open link, its survey and this browser's draft, or send the respondent to the landing page."""
    link, survey = _open(token)
    draft = _draft(link)
    if draft is None:
        if state.feedback(link.id):
            flash("Vos réponses ont déjà été envoyées. Merci !", "success")
            abort(redirect(url_for(".feedback", token=token), 303))
        flash(
            "Aucune réponse en cours dans ce navigateur : commencez le questionnaire, ou ouvrez votre lien de reprise.",
            "info",
        )
        abort(redirect(url_for(".landing", token=token), 303))
    return link, survey, draft


def _next_url(link: CampaignEstablishment, survey: Survey, draft: Draft) -> str:
    if not draft.category:
        return step_url(link.token, CATEGORY)
    return step_url(link.token, next_step(draft, survey) or REVIEW)


def _resume_url(raw: str | None) -> str:
    return external_url("respondent.resume", raw=raw) if raw else ""


def _render_section(link: CampaignEstablishment, survey: Survey, draft: Draft, page: Section, form: SectionForm) -> str:
    return render_template(
        "respondent/section.html",
        link=link,
        survey=survey,
        section=page,
        form=form,
        progress=progress(link.token, survey, draft, page.id),
        previous=neighbour(survey, page.id, -1),
        resume_url=_resume_url(state.draft_token(link.id)),
    )


def _render_review(link, survey, draft, errors: dict[str, str]):
    rows = review_rows(survey, answers_of(draft), comments_of(draft), errors)
    missing = [item for _, items in rows for item in items if item["answer"] is None and item["question"].required]
    form = SubmitForm(formdata=None, data={"submission_key": (draft.data or {}).get("submission_key", "")})
    return render_template(
        "respondent/review.html",
        link=link,
        survey=survey,
        draft=draft,
        rows=rows,
        errors=errors,
        stray=stray_errors(survey, errors),
        missing=missing,
        form=form,
        category=survey.category_label(draft.category or ""),
        progress=progress(link.token, survey, draft, REVIEW),
        resume_url=_resume_url(state.draft_token(link.id)),
    )


def _remember_sent(link_id: int, values: dict[str, Any]) -> None:
    state.remember_draft(link_id, None)
    state.mark_answered(link_id)
    device.mark_sent(link_id)
    state.remember_feedback(link_id, values)


def _already_sent(link: CampaignEstablishment, submission_key: str):
    """A submit without a draft: the same response sent again (reload, back button) finds the stored one."""
    response = sent_again(submission_key, link.campaign_id, link.establishment_id, today())
    if response is not None:
        _remember_sent(link.id, answer_values(response.id))
        return redirect(url_for(".feedback", token=link.token), 303)
    if state.feedback(link.id):
        return redirect(url_for(".feedback", token=link.token), 303)
    flash(
        "Aucune réponse en cours dans ce navigateur : commencez le questionnaire, ou ouvrez votre lien de reprise.",
        "info",
    )
    return redirect(url_for(".landing", token=link.token), 303)
