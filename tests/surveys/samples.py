"""Small valid instruments, as parsed YAML, for tests to break one piece at a time."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DIR = ROOT / "surveys"
NUMBERS_FILE = ROOT / "tests" / "data" / "nombres-test.yaml"
GESTES = {"pilotage", "atmosphere", "tissage", "etayage", "travail-equipe"}


def grid() -> dict:
    """Return a three-dimension grid on a five-level scale."""
    levels = {value: f"Descripteur du niveau {value}." for value in range(1, 6)}
    return {
        "slug": "grille-test",
        "version": "1",
        "kind": "grid",
        "title": "Grille de test",
        "scales": {"niveaux": {"points": [{"value": v, "label": f"Niveau {v}"} for v in range(1, 6)]}},
        "sections": [
            {
                "id": f"dimension-{i}",
                "title": f"Dimension {i}",
                "questions": [
                    {
                        "id": f"dimension-{i}",
                        "type": "level",
                        "scale": "niveaux",
                        "text": f"Où en est la dimension {i} ?",
                        "descriptors": dict(levels),
                    }
                ],
            }
            for i in range(3)
        ],
    }


def items() -> dict:
    """Return two themes of frequency items, each tied to an axis."""
    return {
        "slug": "items-test",
        "version": "1",
        "kind": "items",
        "title": "Items de test",
        "scales": {
            "frequence": {
                "points": [
                    {"value": 1, "label": "Jamais"},
                    {"value": 2, "label": "Parfois"},
                    {"value": 3, "label": "Souvent"},
                    {"value": 4, "label": "Systématiquement"},
                ],
                "not_applicable": "Non concerné",
            }
        },
        "axes": [
            {"id": "climat-scolaire", "title": "Climat scolaire"},
            {"id": "geste-professionnel", "title": "Geste professionnel"},
        ],
        "sections": [
            {
                "id": "rituels",
                "title": "Rituels",
                "axis": "climat-scolaire",
                "questions": [
                    {
                        "id": "ap-rituel-accueil",
                        "type": "scale",
                        "scale": "frequence",
                        "text": "J'accueille les élèves selon un rituel connu de tous.",
                        "tags": ["atmosphere"],
                    }
                ],
            },
            {
                "id": "pilotage",
                "title": "Pilotage",
                "axis": "geste-professionnel",
                "questions": [
                    {
                        "id": "ap-objectifs-seance",
                        "type": "scale",
                        "scale": "frequence",
                        "text": "J'explicite aux élèves l'objectif de la séance.",
                        "tags": ["pilotage"],
                    },
                    {
                        "id": "ap-consignes",
                        "type": "scale",
                        "scale": "frequence",
                        "text": "Je vérifie que les consignes ont été comprises.",
                    },
                ],
            },
        ],
    }


def numbers() -> dict:
    """Return the instrument of tests/data: `number` questions, without any scale, answered anonymously."""
    return yaml.safe_load(NUMBERS_FILE.read_text(encoding="utf-8"))


def write(directory: Path, name: str, content: dict | str | bytes) -> Path:
    """Write a YAML file (a dict is dumped, text and bytes are written as they are)."""
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return path
