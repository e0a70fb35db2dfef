"""Instruments as data: schema, loader, registry and the question and indicator types."""

# Importing the package registers the indicator types beside the questionnaire's (all in QUESTION_TYPES).
from app.surveys import indicator_texts, indicator_types  # noqa: F401
