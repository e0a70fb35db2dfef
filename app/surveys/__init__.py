"""Instruments as data: schema, loader, registry and the question and indicator types."""

# Importing the package registers the indicator types beside the questionnaire's (both in QUESTION_TYPES).
from app.surveys import indicator_types  # noqa: F401
