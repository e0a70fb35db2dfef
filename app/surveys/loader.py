"""Load instrument files from `surveys/` and report every problem with its place."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from app.surveys.question_types import QUESTION_TYPES
from app.surveys.schema import Survey, path_of


@dataclass(frozen=True)
class SurveyError:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class SurveyLoadError(Exception):
    def __init__(self, errors: list[SurveyError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def content_hash(data: dict[str, Any]) -> str:
    """Hash the parsed content, so that reformatting a file does not look like a new edition."""
    as_stored = json.loads(json.dumps(data, ensure_ascii=False))  # keys become text, as in the database
    return hashlib.sha256(json.dumps(as_stored, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parse_survey(data: object, file: str) -> tuple[Survey | None, list[SurveyError]]:
    """Validate one instrument's parsed YAML: structure first, then meaning."""
    if not isinstance(data, dict):
        return None, [SurveyError(file, "(racine)", "le fichier doit décrire un questionnaire (un dictionnaire YAML)")]
    try:
        survey = Survey.model_validate(data)
    except ValidationError as exc:
        return None, [SurveyError(file, path_of(e["loc"]), _french(e)) for e in _meaningful(exc.errors())]
    return survey, [SurveyError(file, p, m) for p, m in semantic_problems(survey)]


def _meaningful(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop the "too short after validation" echo of a list whose items were themselves reported."""

    def echoes(error: ErrorDetails) -> bool:
        loc = error["loc"]
        return error["type"] == "too_short" and any(
            other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in errors
        )

    return [e for e in errors if not echoes(e)]


def semantic_problems(survey: Survey) -> list[tuple[str, str]]:
    """Check what the structure alone cannot: references, uniqueness, per-type rules."""
    problems: list[tuple[str, str]] = []
    for name, scale in survey.scales.items():
        values = scale.values()
        if len(set(values)) != len(values):
            problems.append((f"scales.{name}.points", "valeurs en double dans l'échelle"))
    axis_ids = [a.id for a in survey.axes]
    _duplicates(axis_ids, "axes", problems)
    _duplicates([c.id for c in survey.categories], "categories", problems)
    _duplicates([s.id for s in survey.sections], "sections", problems)
    seen_questions: set[str] = set()
    all_ids = {q.id for _, q in survey.questions()}
    for i, section in enumerate(survey.sections):
        if section.axis and section.axis not in axis_ids:
            problems.append((f"sections[{i}].axis", f"axe inconnu « {section.axis} »"))
        for j, question in enumerate(section.questions):
            where = f"sections[{i}].questions[{j}]"
            if question.id in seen_questions:
                problems.append((f"{where}.id", f"identifiant « {question.id} » déjà utilisé"))
            seen_questions.add(question.id)
            if question.replaces is not None and question.replaces in all_ids:
                problems.append(
                    (
                        f"{where}.replaces",
                        f"« {question.replaces} » est encore posé dans cette édition : un item ne remplace "
                        "qu'un item d'une édition précédente (pour le reformuler, gardez son identifiant)",
                    )
                )
            qtype = QUESTION_TYPES.get(question.type)
            if qtype is None:
                known = ", ".join(
                    sorted(n for n, t in QUESTION_TYPES.items() if t.is_indicator == survey.is_indicators)
                )
                problems.append((f"{where}.type", f"type inconnu « {question.type} » (types connus : {known})"))
                continue
            if qtype.is_indicator != survey.is_indicators:
                problems.append((f"{where}.type", _kind_mismatch(question.type, qtype.is_indicator)))
                continue
            problems.extend((f"{where}.{sub}", message) for sub, message in qtype.check(survey, question))
    return problems


def _kind_mismatch(name: str, is_indicator: bool) -> str:
    """Say why an indicator and a staff question never share an instrument (docs/indicators.md)."""
    indicators = ", ".join(sorted(n for n, kind in QUESTION_TYPES.items() if kind.is_indicator))
    if is_indicator:
        return (
            f"le type « {name} » est un indicateur : il n'est permis que dans un instrument « kind: indicators », "
            "rempli par le chef d'établissement et jamais mêlé aux questionnaires anonymes"
        )
    return f"un instrument « kind: indicators » ne contient que des indicateurs (types : {indicators}), pas « {name} »"


def _duplicates(ids: list[str], where: str, problems: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            problems.append((f"{where}[{index}].id", f"identifiant « {value} » déjà utilisé"))
        seen.add(value)


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "string_pattern_mismatch": "format invalide (lettres minuscules, chiffres, - et _)",
    "string_too_short": "texte vide",
    "string_too_long": "texte trop long",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu (sans partie décimale)",
    "bool_type": "valeur attendue : true ou false",
    "bool_parsing": "valeur attendue : true ou false",
    "dict_type": "dictionnaire attendu (des lignes « clé: valeur »)",
    "model_type": "dictionnaire attendu (des lignes « clé: valeur »)",
    "model_attributes_type": "dictionnaire attendu (des lignes « clé: valeur »)",
    "tuple_type": "liste attendue (des lignes commençant par « - »)",
    "list_type": "liste attendue (des lignes commençant par « - »)",
}


def _french(error: ErrorDetails) -> str:
    """Say what is wrong in French; pydantic's own messages are English."""
    kind, ctx, loc = error["type"], error.get("ctx") or {}, error["loc"]
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "version":
        return "version invalide (attendu : des nombres séparés par des points, ex. 1 ou 2025.1)"
    if kind == "string_too_long":
        return f"texte trop long ({ctx.get('max_length')} caractères au plus)"
    if kind == "too_short":
        return f"trop court ou vide (au moins {ctx.get('min_length', 1)} élément(s) attendu(s))"
    if kind == "literal_error":
        return f"valeur inconnue (valeurs permises : {str(ctx.get('expected', '')).replace(' or ', ' ou ')})"
    if kind == "greater_than_equal":
        return f"valeur trop petite (minimum : {ctx.get('ge')})"
    if kind == "less_than_equal":
        return f"valeur trop grande (maximum : {ctx.get('le')})"
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    return _MESSAGES.get(kind, f"valeur invalide ({error['msg']})")


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a key given twice in a mapping (plain YAML silently keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable: the safe loader reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"clé « {key} » présente deux fois", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_file(path: Path) -> tuple[Survey | None, dict[str, Any] | None, list[SurveyError]]:
    """Read and validate one file; return the survey, its raw data and the problems."""
    name = path.name
    try:
        source = path.read_text(encoding="utf-8-sig")
        # _StrictLoader is a yaml.SafeLoader: no tag can build an object or run code (SECURITY-CHECKS.md).
        data = yaml.load(source, Loader=_StrictLoader)  # nosec B506  # noqa: S506
    except UnicodeDecodeError:
        return None, None, [SurveyError(name, "(fichier)", "le fichier n'est pas encodé en UTF-8")]
    except OSError as exc:
        return None, None, [SurveyError(name, "(fichier)", f"lecture impossible : {exc.strerror or exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "(fichier)"
        return None, None, [SurveyError(name, where, f"YAML invalide : {getattr(exc, 'problem', exc)}")]
    survey, errors = parse_survey(data, name)
    return (None if errors else survey), data, errors


@dataclass(frozen=True)
class LoadedSurvey:
    survey: Survey
    content: dict[str, Any]
    content_hash: str
    file: str


def load_directory(directory: str | Path) -> list[LoadedSurvey]:
    """Load every `*.yaml` file of a directory, or raise SurveyLoadError listing all problems."""
    loaded: list[LoadedSurvey] = []
    errors: list[SurveyError] = []
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(Path(directory).glob("*.y*ml")):
        survey, data, file_errors = read_file(path)
        errors.extend(file_errors)
        if survey is None or data is None:  # data is there whenever the survey is
            continue
        key = (survey.slug, survey.version)
        if key in seen:
            errors.append(
                SurveyError(
                    path.name, "version", f"{survey.slug} version {survey.version} déjà définie dans {seen[key]}"
                )
            )
            continue
        seen[key] = path.name
        loaded.append(LoadedSurvey(survey, data, content_hash(data), path.name))
    if errors:
        raise SurveyLoadError(errors)
    return loaded
