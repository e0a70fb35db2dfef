"""The OpenAPI description of the indicator answer (merged into app/api/openapi.py's document)."""

from __future__ import annotations

from typing import Any

from app.web.converters import ID_MAX

ID = {"type": "integer", "minimum": 0, "maximum": ID_MAX}
ROWS = {
    "type": "array",
    "description": "Une ligne par pôle ou par établissement ; une colonne par période, sous la clé de la période.",
    "items": {"type": "object"},
}


def paths(errors: Any) -> dict[str, Any]:
    """The indicators path; `errors(*codes)` gives the documented error answers."""
    body = {
        "type": "object",
        "required": ["network_id", "instrument", "periods", "completeness", "indicators"],
        "properties": {
            "network_id": {"type": "integer"},
            "instrument": {
                "oneOf": [
                    {"type": "null"},
                    {"type": "object", "properties": {"slug": {"type": "string"}, "title": {"type": "string"}}},
                ]
            },
            "periods": {
                "type": "array",
                "items": {"type": "object", "properties": {"key": {"type": "string"}, "label": {"type": "string"}}},
            },
            "completeness": {"type": "object", "properties": {"sentence": {"type": "string"}, "rows": ROWS}},
            "indicators": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "text": {"type": "string"},
                        "type": {"enum": ["count", "percentage", "yesno", "text"]},
                        "unit": {"type": ["string", "null"]},
                        "total": {
                            "type": ["string", "null"],
                            "description": "Comment le chiffre d'un pôle est fait : somme, moyenne, nombre de « oui ».",
                        },
                        "by_pole": {"oneOf": [{"type": "null"}, ROWS]},
                        "by_establishment": ROWS,
                    },
                },
            },
        },
    }
    parameters = [
        {"name": "network_id", "in": "path", "required": True, "schema": ID},
        {
            "name": "instrument",
            "in": "query",
            "required": False,
            "description": "L'instrument d'indicateurs (slug) ; par défaut le premier du réseau.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[^\\u0000]*$"},  # no NUL: 400
        },
        {"name": "pole", "in": "query", "required": False, "schema": ID},
    ]
    ok = {"description": "Les indicateurs, sans seuil d'anonymat (chiffres d'établissement)"}
    return {
        "/networks/{network_id}/indicators": {
            "get": {
                "summary": "Indicateurs d'établissement (pôles de stages) par pôle et par établissement, S1 et S2",
                "operationId": "networkIndicators",
                "parameters": parameters,
                "responses": {
                    "200": {**ok, "content": {"application/json": {"schema": body}}},
                    **errors(400, 401, 403, 404),
                },
            }
        }
    }
