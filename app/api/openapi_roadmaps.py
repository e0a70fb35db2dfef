"""The OpenAPI description of the feuilles de route answers (merged into app/api/openapi.py's document)."""

from __future__ import annotations

from typing import Any

from app.web.converters import ID_MAX

ID = {"type": "integer", "minimum": 0, "maximum": ID_MAX}
YEAR_PARAM = {
    "name": "school_year",
    "in": "query",
    "required": False,
    "description": "Année scolaire, écrite 2025-2026 (par défaut : l'année en cours).",
    "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$"},
}
MEASURE = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "description": "Le chiffre d'une campagne clôturée (niveau médian, ou moyenne des réponses aux items du "
            "thème), ou la raison de son masquage.",
            "properties": {
                "campaign": {"type": "string"},
                "value": {"type": ["number", "null"]},
                "hidden": {"type": "boolean"},
                "reason": {"type": ["string", "null"]},
            },
        },
    ]
}
SCHEMAS: dict[str, Any] = {
    "Roadmap": {
        "type": "object",
        "required": ["school_year", "priorities"],
        "properties": {
            "level": {"enum": ["establishment", "pole", "network", None]},
            "owner": {"type": "string"},
            "school_year": {"type": "string"},
            "updated_at": {"type": ["string", "null"]},
            "updated_by": {"type": ["string", "null"]},
            "priorities": {"type": "array", "maxItems": 3, "items": {"$ref": "#/components/schemas/Priority"}},
        },
    },
    "Priority": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "position": {"type": "integer"},
            "subject": {
                "type": "object",
                "properties": {
                    "kind": {"enum": ["dimension", "theme"]},
                    "key": {"type": "string"},
                    "title": {"type": "string"},
                },
            },
            "target": {"type": ["integer", "null"]},
            "actions": {"type": "string"},
            "responsables": {"type": "string"},
            "due_on": {"type": ["string", "null"], "format": "date"},
            "indicator": {"type": "string"},
            "status": {"enum": ["a_lancer", "en_cours", "realisee", "abandonnee"]},
            "baseline": MEASURE,
            "later": MEASURE,
            "outcome": {
                "type": "object",
                "properties": {
                    "code": {"enum": ["atteint", "en progrès", "pas encore", "pas mesurable"]},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}


def _operation(summary: str, operation_id: str, parameters: list[dict[str, Any]], errors: dict[str, Any]):
    body = {
        "type": "object",
        "properties": {
            "min_group_size": {"type": "integer"},
            "roadmap": {"$ref": "#/components/schemas/Roadmap"},
            "above": {
                "type": "array",
                "description": "Les feuilles de route du pôle et du réseau de la même année (lecture seule).",
                "items": {"$ref": "#/components/schemas/Roadmap"},
            },
        },
    }
    ok = {"description": "La feuille de route", "content": {"application/json": {"schema": body}}}
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"200": ok, **errors},
        }
    }


def _path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def paths(errors: Any) -> dict[str, Any]:
    """The three feuille de route paths; `errors(*codes)` gives the documented error answers."""
    uai = _path("uai", {"type": "string", "pattern": "^[0-9]{7}[A-Za-z]$"})
    network = _path("network_id", ID)
    return {
        "/establishments/{uai}/roadmap": _operation(
            "Feuille de route d'un établissement (et celles de son pôle et de son réseau)",
            "establishmentRoadmap",
            [uai, YEAR_PARAM],
            errors(400, 401, 404),
        ),
        "/networks/{network_id}/roadmap": _operation(
            "Feuille de route d'un réseau", "networkRoadmap", [network, YEAR_PARAM], errors(400, 401, 404)
        ),
        "/networks/{network_id}/poles/{pole_id}/roadmap": _operation(
            "Feuille de route d'un pôle (et celle de son réseau)",
            "poleRoadmap",
            [network, _path("pole_id", ID), YEAR_PARAM],
            errors(400, 401, 404),
        ),
    }
