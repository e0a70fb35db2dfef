"""What a priority may be about: a dimension of the grid or a theme of self-positioning, as the instruments say."""

from __future__ import annotations

from dataclasses import dataclass

from app.analytics.instrument import dimensions_of, items_of, level_points
from app.models import SubjectKind
from app.surveys.question_types import type_of
from app.surveys.registry import registry
from app.surveys.schema import Survey

KIND_PREFIX = {SubjectKind.DIMENSION: "dimension", SubjectKind.THEME: "theme"}


class UnknownSubject(ValueError):
    """The subject names no dimension of the grid nor theme of self-positioning."""


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    survey_slug: str
    key: str
    title: str
    levels: tuple[tuple[int, str], ...]  # the scale a target is chosen on
    descriptors: dict[int, str]  # a dimension's level descriptors (empty for a theme)

    @property
    def value(self) -> str:
        """The `sujet` argument: dimension:<question key> or theme:<section id>."""
        return f"{KIND_PREFIX[self.kind]}:{self.key}"

    @property
    def label(self) -> str:
        return ("Dimension — " if self.kind == SubjectKind.DIMENSION else "Thème — ") + self.title


def _latest_of_kind(kind: str) -> Survey | None:
    slugs = sorted({item.survey.slug for item in registry() if item.survey.kind == kind})
    return registry().latest(slugs[0]) if slugs else None


def _theme_points(survey: Survey, section_id: str) -> tuple[tuple[int, str], ...]:
    section = next(s for s in survey.sections if s.id == section_id)
    labels: dict[int, list[str]] = {}
    for question in section.questions:
        if type_of(question).is_item and question.scale in survey.scales:
            for point in survey.scales[question.scale].points:
                if point.label not in labels.setdefault(point.value, []):
                    labels[point.value].append(point.label)
    return tuple((value, " / ".join(names)) for value, names in sorted(labels.items()))


def all_subjects() -> list[Subject]:
    """List every dimension of the grid, then every theme of self-positioning (latest editions)."""
    out = []
    grid = _latest_of_kind("grid")
    if grid is not None:
        points = tuple(level_points(grid))
        for dim in dimensions_of(grid):
            question = grid.question(dim.key)
            descriptors = dict(question.descriptors or {}) if question else {}
            out.append(Subject(SubjectKind.DIMENSION, grid.slug, dim.key, dim.title, points, descriptors))
    items = _latest_of_kind("items")
    if items is not None:
        themes = dict.fromkeys(i.theme for i in items_of(items))
        for section in items.sections:
            if section.title in themes:
                points = _theme_points(items, section.id)
                out.append(Subject(SubjectKind.THEME, items.slug, section.id, section.title, points, {}))
    return out


def subject_for(value: str) -> Subject:
    """Return the subject of a `sujet` value (dimension:<key> or theme:<section id>), or raise UnknownSubject."""
    found = next((s for s in all_subjects() if s.value == value), None)
    if found is None:
        raise UnknownSubject(value)
    return found


def stored_subject(kind: SubjectKind, slug: str, key: str) -> Subject:
    """Return a stored priority's subject; one gone from the latest edition keeps its key as title."""
    found = next((s for s in all_subjects() if (s.kind, s.survey_slug, s.key) == (kind, slug, key)), None)
    return found or Subject(kind, slug, key, key, (), {})


def theme_keys(survey: Survey, section_id: str) -> list[str]:
    """Return the item keys of one theme (section) in one edition."""
    for section in survey.sections:
        if section.id == section_id:
            return [q.id for q in section.questions if type_of(q).is_item]
    return []


def target_options(subject: Subject) -> list[tuple[str, str]]:
    """Return the target choices of one subject: each level with its name (« 3. Collectif implanté… »)."""
    return [(str(value), f"{value}. {name}") for value, name in subject.levels]


def generic_target_groups() -> dict[str, list[tuple[str, str]]]:
    """Return the target choices before a subject is chosen: the grid's levels, then the items' scale."""
    groups: dict[str, dict[int, list[str]]] = {}
    for subject in all_subjects():
        title = "Dimension : niveau de la grille" if subject.kind == SubjectKind.DIMENSION else "Thème : moyenne visée"
        for value, name in subject.levels:
            for part in name.split(" / ") if subject.kind == SubjectKind.THEME else [name]:
                names = groups.setdefault(title, {}).setdefault(value, [])
                if part not in names:
                    names.append(part)
    return {
        title: [(str(v), f"{v}. {' / '.join(n)}") for v, n in sorted(levels.items())]
        for title, levels in groups.items()
    }


def target_hint(subject: Subject, target: int | None) -> str:
    """Describe a target level of a subject: a dimension's descriptor, a theme's point of the scale."""
    if target is None:
        return "Sans cible chiffrée : le résultat dira seulement si le niveau a progressé."
    name = dict(subject.levels).get(target)
    if name is None:
        return ""
    if subject.kind == SubjectKind.DIMENSION:
        descriptor = subject.descriptors.get(target)
        return f"Niveau {target} — {name}" + (f" : {descriptor}" if descriptor else ".")
    return f"Moyenne visée des items du thème : {target} ({name})."


def target_guide() -> dict[str, dict[str, object]]:
    """Return, for each subject, its named target levels and their hints (the form updates them as one chooses)."""
    return {
        s.value: {
            "options": target_options(s),
            "hints": {str(v): target_hint(s, v) for v, _ in s.levels},
            "none": target_hint(s, None),
        }
        for s in all_subjects()
    }
