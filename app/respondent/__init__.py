"""Respondents: anonymous access by link or code, the questionnaire, personal feedback."""

from app.respondent.routes import bp

__all__ = ["bp"]
