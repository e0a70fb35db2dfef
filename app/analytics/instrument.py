"""What an instrument edition measures: its grid dimensions, its items by theme, their scales."""

from __future__ import annotations

from dataclasses import dataclass

from app.surveys.question_types import type_of
from app.surveys.schema import Survey


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    theme: str
    axis: str
    scale: str
    replaces: str | None


def dimensions_of(survey: Survey) -> list[Dimension]:
    """Return the grid dimensions (questions of a dimension type, `level`), titled by their section."""
    out = []
    for section, question in survey.questions():
        if type_of(question).is_dimension:
            alone = sum(1 for q in section.questions if type_of(q).is_dimension) == 1
            out.append(Dimension(question.id, section.title if alone else question.text))
    return out


def items_of(survey: Survey) -> list[Item]:
    """Return the self-positioning items (questions of an item type, `scale`), with their theme and axis."""
    axes = {axis.id: axis.title for axis in survey.axes}
    return [
        Item(q.id, q.text, s.title, axes.get(s.axis or "", ""), q.scale or "", q.replaces)
        for s, q in survey.questions()
        if type_of(q).is_item
    ]


def level_points(survey: Survey) -> list[tuple[int, str]]:
    """Return the (value, label) points of the scale the grid dimensions use."""
    for _, question in survey.questions():
        if type_of(question).is_dimension and question.scale:
            return [(p.value, p.label) for p in survey.scales[question.scale].points]
    return []


def item_points(survey: Survey) -> list[tuple[int, str]]:
    """Return the points of the items' scales; labels of scales sharing a value are joined ("Jamais / Pas du tout")."""
    labels: dict[int, list[str]] = {}
    for name in dict.fromkeys(i.scale for i in items_of(survey)):
        for point in survey.scales[name].points if name in survey.scales else ():
            if point.label not in labels.setdefault(point.value, []):
                labels[point.value].append(point.label)
    return [(value, " / ".join(names)) for value, names in sorted(labels.items())]


def all_values(survey: Survey) -> list[int]:
    """Return every value any scale of the survey can take, sorted."""
    return sorted({p.value for scale in survey.scales.values() for p in scale.points})


def edition_changes(before: Survey, after: Survey) -> list[str]:
    """Describe, in French, what changed between two editions for trend readers."""
    if before.version == after.version:
        return []
    changes = [f"L'édition du questionnaire a changé (version {before.version} → {after.version})."]
    old_keys = {q.id for _, q in before.questions()}
    for _, question in after.questions():
        if question.replaces:
            changes.append(f"« {_short(question.text)} » remplace un item de l'édition précédente.")
        elif question.id not in old_keys:
            changes.append(f"« {_short(question.text)} » est nouveau dans cette édition.")
    return changes


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
