"""What an instrument edition measures: its grid dimensions, its items by theme, their scales."""

from __future__ import annotations

from dataclasses import dataclass

from app.surveys.question_types import ChoiceType, type_of
from app.surveys.schema import Question, Survey


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


UNCHANGED, REWORDED, REPLACES, NEW = "inchangé", "reformulé", "remplace", "nouveau"


@dataclass(frozen=True)
class QuestionChange:
    """How a question of an edition stands against the edition a trend compares it with.

    A reworded question keeps its id and its series; one that `replaces:` another measures something else, so its
    series starts afresh (a break, named on the page); a new one has no past.
    """

    key: str
    kind: str  # UNCHANGED, REWORDED, REPLACES or NEW
    replaced_key: str | None = None
    replaced_text: str | None = None

    @property
    def continues(self) -> str | None:
        """Return the key of the earlier series this question's series continues, or None at a break."""
        return self.key if self.kind in (UNCHANGED, REWORDED) else None


def question_changes(before: Survey | None, after: Survey) -> dict[str, QuestionChange]:
    """Map each question of `after` to how it stands against `before`; empty when there is nothing to compare."""
    if before is None:
        return {}
    old = {q.id: q for _, q in before.questions()}
    changes = {}
    for _, question in after.questions():
        earlier = old.get(question.id)
        if earlier is not None:
            kind = UNCHANGED if earlier.text == question.text else REWORDED
            changes[question.id] = QuestionChange(question.id, kind)
        elif question.replaces in old:
            replaced = old[question.replaces]
            changes[question.id] = QuestionChange(question.id, REPLACES, replaced.id, replaced.text)
        else:
            changes[question.id] = QuestionChange(question.id, NEW)
    return changes


def continuing_keys(before: Survey | None, after: Survey) -> set[str]:
    """Return the ids of `after` whose series continue from `before`: the items a trend (or a theme's) may compare."""
    return {key for key, change in question_changes(before, after).items() if change.continues}


def removed_questions(before: Survey, after: Survey) -> list[str]:
    """Return the texts of the questions of `before` that `after` neither asks nor replaces."""
    kept = {q.id for _, q in after.questions()} | {q.replaces for _, q in after.questions() if q.replaces}
    return [q.text for _, q in before.questions() if q.id not in kept]


def change_flag(change: QuestionChange | None) -> str:
    """Say in a few French words how an item compares with last year's (blank when it simply continues)."""
    if change is None or change.kind == UNCHANGED:
        return ""
    if change.kind == REWORDED:
        return "reformulé (comparable)"
    if change.kind == REPLACES:
        return f"remplace {_quoted(change.replaced_text or '', 80)} (pas de comparaison)"
    return "nouvel item (pas d'année précédente)"


def edition_changes(before: Survey, after: Survey) -> list[str]:
    """Describe, in French, what changed between two editions for trend readers, naming the questions."""
    if before.version == after.version:
        return []
    changes = question_changes(before, after)
    texts = {q.id: q.text for _, q in after.questions()}
    out = [f"{_quoted(after.title)} a changé d'édition (version {before.version}\u00a0→ {after.version})."]
    reworded = [texts[c.key] for c in changes.values() if c.kind == REWORDED]
    if reworded:
        out.append(f"Reformulé, sans changer de sens (comparable) : {_names(reworded)}.")
    for change in changes.values():
        if change.kind == REPLACES:
            out.append(
                f"{_quoted(texts[change.key])} remplace {_quoted(change.replaced_text or '')} : "
                "pas de comparaison avec les années précédentes."
            )
    new = [texts[c.key] for c in changes.values() if c.kind == NEW]
    if new:
        out.append(f"Nouveau dans cette édition, sans année précédente : {_names(new)}.")
    removed = removed_questions(before, after)
    if removed:
        out.append(f"Retiré de cette édition : {_names(removed)}.")
    out += _dont_know_changes(before, after, changes)
    return out


def dont_know_keys(survey: Survey) -> set[str]:
    """Return the ids of the questions offering « je ne sais pas » (a type that allows it, a scale declaring it)."""
    return {q.id for _, q in survey.questions() if _may_offer_dont_know(q) and _scale_offers_dont_know(survey, q)}


def _may_offer_dont_know(question: Question) -> bool:
    kind = type_of(question)
    return isinstance(kind, ChoiceType) and kind.offers_dont_know


def _scale_offers_dont_know(survey: Survey, question: Question) -> bool:
    scale = survey.scales.get(question.scale or "")
    return scale is not None and bool(scale.dont_know)


def _dont_know_changes(before: Survey, after: Survey, changes: dict[str, QuestionChange]) -> list[str]:
    """Say where « je ne sais pas » starts or stops being offered on questions whose series continue."""
    asked = {q.id: q for _, q in after.questions()}
    able = [key for key, change in changes.items() if change.continues and _may_offer_dont_know(asked[key])]
    had, has = dont_know_keys(before), dont_know_keys(after)
    gained = [k for k in able if k in has and k not in had]
    lost = [k for k in able if k in had and k not in has]

    def where(keys: list[str]) -> str:
        return "" if len(keys) == len(able) else f" pour {_names([asked[k].text for k in keys])}"

    out, since, unsure = [], f"depuis la version {after.version}", _quoted("Je ne sais pas")
    if gained:
        silent = _quoted("ne se prononce pas")
        out.append(
            f"{unsure} est proposé {since}{where(gained)} : les réponses {silent} ne comptent dans aucune médiane."
        )
    if lost:
        out.append(f"{unsure} n'est plus proposé {since}{where(lost)}.")
    return out


def _names(texts: list[str], most: int = 4) -> str:
    shown = ", ".join(_quoted(t) for t in texts[:most])
    return shown + (f" et {len(texts) - most} autre(s)" if len(texts) > most else "")


def _quoted(text: str, length: int = 120) -> str:
    """Quote an item's text, without its final full stop: the sentence around it has one."""
    return f"«\u00a0{_short(text.rstrip('. '), length)}\u00a0»"  # no-break spaces: a guillemet never ends a line


def _short(text: str, length: int = 120) -> str:
    """Cut a long text at a word, so that a name stays readable."""
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
