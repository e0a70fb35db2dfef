"""The instruments known to the running app, loaded once at start-up."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from app.surveys.loader import LoadedSurvey, SurveyLoadError, load_directory, parse_survey
from app.surveys.schema import Survey

if TYPE_CHECKING:
    from app.models import SurveyDefinition


class SurveyRegistry:
    """Editions by (slug, version); an edition whose file is gone is rebuilt from the database copy."""

    def __init__(self, loaded: list[LoadedSurvey]):
        self._by_key = {(item.survey.slug, item.survey.version): item for item in loaded}

    def __iter__(self) -> Iterator[LoadedSurvey]:
        return iter(sorted(self._by_key.values(), key=lambda i: (i.survey.slug, i.survey.version_key)))

    def latest(self, slug: str) -> Survey | None:
        editions = [item.survey for (s, _), item in self._by_key.items() if s == slug]
        return max(editions, key=lambda s: s.version_key, default=None)

    def get(self, slug: str, version: str, stored_content: Callable[[], dict[str, Any]] | None = None) -> Survey:
        """Return an edition; `stored_content` gives the database copy, read only when the file is gone."""
        item = self._by_key.get((slug, version))
        if item is not None:
            return item.survey
        if stored_content is None:
            raise KeyError(f"{slug} {version}")
        return _from_stored(slug, version, _freeze(stored_content()))


def _freeze(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True)


@lru_cache(maxsize=64)
def _from_stored(slug: str, version: str, frozen: str) -> Survey:
    survey, errors = parse_survey(json.loads(frozen), f"{slug}@{version} (base)")
    if errors or survey is None:  # no survey comes without its errors
        raise SurveyLoadError(errors)
    return survey


def init_registry(app: Flask) -> None:
    """Load the instruments directory into app.extensions; a broken file stops start-up with its place."""
    app.extensions["surveys"] = SurveyRegistry(load_directory(app.config["SURVEYS_DIR"]))


def registry() -> SurveyRegistry:
    surveys: SurveyRegistry = current_app.extensions["surveys"]
    return surveys


def survey_of(definition: SurveyDefinition) -> Survey:
    """Return the immutable survey for a stored SurveyDefinition row."""
    return registry().get(definition.slug, definition.version, lambda: definition.content)
