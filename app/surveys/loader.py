"""Load instrument files from `surveys/` and report every problem with its place."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

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


def content_hash(data: dict) -> str:
    """Hash the parsed content, so that reformatting a file does not look like a new edition."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parse_survey(data: object, file: str) -> tuple[Survey | None, list[SurveyError]]:
    """Validate one instrument's parsed YAML: structure first, then meaning."""
    if not isinstance(data, dict):
        return None, [SurveyError(file, "(racine)", "le fichier doit décrire un questionnaire (un dictionnaire YAML)")]
    try:
        survey = Survey.model_validate(data)
    except ValidationError as exc:
        return None, [SurveyError(file, path_of(e["loc"]), _french(e)) for e in exc.errors()]
    return survey, [SurveyError(file, p, m) for p, m in semantic_problems(survey)]


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
    for i, section in enumerate(survey.sections):
        if section.axis and section.axis not in axis_ids:
            problems.append((f"sections[{i}].axis", f"axe inconnu « {section.axis} »"))
        for j, question in enumerate(section.questions):
            where = f"sections[{i}].questions[{j}]"
            if question.id in seen_questions:
                problems.append((f"{where}.id", f"identifiant « {question.id} » déjà utilisé"))
            seen_questions.add(question.id)
            qtype = QUESTION_TYPES.get(question.type)
            if qtype is None:
                known = ", ".join(sorted(QUESTION_TYPES))
                problems.append((f"{where}.type", f"type inconnu « {question.type} » (types connus : {known})"))
                continue
            problems.extend((f"{where}.{sub}", message) for sub, message in qtype.check(survey, question))
    return problems


def _duplicates(ids: list[str], where: str, problems: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            problems.append((f"{where}[{index}].id", f"identifiant « {value} » déjà utilisé"))
        seen.add(value)


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "string_pattern_mismatch": "format invalide (lettres minuscules, chiffres, - et _)",
    "too_short": "trop court ou vide",
    "string_too_short": "texte vide",
}


def _french(error: dict) -> str:
    if error["type"] == "string_pattern_mismatch" and error["loc"] and error["loc"][-1] == "version":
        return "version invalide (attendu : des nombres séparés par des points, ex. 1 ou 2025.1)"
    return _MESSAGES.get(error["type"], error["msg"])


def read_file(path: Path) -> tuple[Survey | None, dict | None, list[SurveyError]]:
    """Read and validate one file; return the survey, its raw data and the problems."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, None, [SurveyError(name, "(fichier)", "le fichier n'est pas encodé en UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "(fichier)"
        return None, None, [SurveyError(name, where, f"YAML invalide : {getattr(exc, 'problem', exc)}")]
    survey, errors = parse_survey(data, name)
    return (None if errors else survey), data, errors


@dataclass(frozen=True)
class LoadedSurvey:
    survey: Survey
    content: dict
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
        if survey is None:
            continue
        key = (survey.slug, survey.version)
        if key in seen:
            errors.append(SurveyError(path.name, "version",
                                      f"{survey.slug} version {survey.version} déjà définie dans {seen[key]}"))
            continue
        seen[key] = path.name
        loaded.append(LoadedSurvey(survey, data, content_hash(data), path.name))
    if errors:
        raise SurveyLoadError(errors)
    return loaded
