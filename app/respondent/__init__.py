"""Respondents: anonymous access by link or code, the questionnaire, personal feedback."""

from flask import Blueprint

bp = Blueprint("respondent", __name__)

from app.respondent import routes  # noqa: E402,F401  (routes attach themselves to bp)
