"""The OpenAPI 3.1 description of /api/v1, written by hand to stay readable."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from app.api import openapi_indicators, openapi_roadmaps
from app.web.converters import ID_MAX


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 0, "maximum": ID_MAX},
    }


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Paramètre invalide",
        401: "Non connecté",
        403: "Un chef d'établissement, sur le réseau de son établissement : pas de tableau de bord de réseau",
        # the same answer for an identifier that exists outside the reader's scope, so that none can be probed
        404: "Introuvable, ou hors du périmètre du lecteur (la même réponse dans les deux cas)",
    }
    return {
        str(code): {"description": text[code], "content": {"application/json": {"schema": _ref("Error")}}}
        for code in codes
    }


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


NUMBER_OR_NULL = {"type": ["number", "null"]}
# A campaign's results are published once it is closed; until then only participation is answered.
PUBLICATION = {
    "results_published": {
        "type": "boolean",
        "description": "Vrai quand la campagne est clôturée. Tant qu'elle ne l'est pas, aucun résultat n'est "
        "donné (listes vides) : seulement le nombre total de réponses et le taux de participation.",
    },
    "publication_note": {
        "type": ["string", "null"],
        "description": "Quand les résultats ne sont pas encore publiés, la date prévue de leur publication.",
    },
}
CAMPAIGN_PARAM = _query("campaign", "Identifiant de la campagne (par défaut : la dernière campagne clôturée).")
NETWORK_PARAMS = [
    {
        "name": "network_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": ID_MAX},
    },
    CAMPAIGN_PARAM,
    _query("pole", "Ne garder qu'un pôle."),
    # No NUL character: every request holding one is refused (400).
    {
        "name": "type",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "maxLength": 60, "pattern": "^[^\\u0000]*$"},
        "description": "Ne garder qu'un type d'établissement (ex. Collège).",
    },
]

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "message", "status"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Campaign": {
        "type": "object",
        "required": ["id", "school_year", "status", "survey"],
        "properties": {
            "id": {"type": "integer"},
            "network_id": {"type": "integer"},
            "school_year": {"type": "string"},
            "period": {"type": ["string", "null"]},
            "label": {"type": "string"},
            "status": {"enum": ["draft", "scheduled", "open", "closed"]},
            "survey": {
                "type": "object",
                "properties": {"slug": {"type": "string"}, "version": {"type": "string"}, "title": {"type": "string"}},
            },
        },
    },
    "Figure": {
        "description": "Un chiffre avec son effectif et sa dispersion, ou seulement la raison de son masquage "
        "(moins de N réponses, ou secret secondaire).",
        "type": "object",
        "required": ["hidden"],
        "properties": {
            "hidden": {"type": "boolean"},
            "reason": {"type": "string"},
            "n": {"type": ["integer", "null"]},
            "median": NUMBER_OR_NULL,
            "mean": NUMBER_OR_NULL,
            "q1": NUMBER_OR_NULL,
            "q3": NUMBER_OR_NULL,
            "std": NUMBER_OR_NULL,
        },
    },
    "Level": {
        "allOf": [
            _ref("Figure"),
            {
                "type": "object",
                "properties": {
                    "dimension": {"type": "string"},
                    "title": {"type": "string"},
                    "distribution": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "agreed_level": {"type": ["integer", "null"]},
                },
            },
        ]
    },
    "PoleCell": {
        "allOf": [
            _ref("Figure"),
            {
                "type": "object",
                "properties": {
                    "scope": {"enum": ["pole", "network"]},
                    "id": {"type": ["integer", "null"]},
                    "name": {"type": "string"},
                    "dimension": {"type": "string"},
                    "title": {"type": "string"},
                    "change_since_previous": NUMBER_OR_NULL,
                    "school_year": {"type": "string"},
                },
            },
        ]
    },
    "NetworkRef": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
    "CommentGroup": {
        "description": "Les commentaires d'un groupe (établissement, pôle ou réseau) par dimension ou thème, sans "
        "catégorie ni date, dans un ordre sans rapport avec l'envoi. Un thème dont le groupe est masqué par le seuil "
        "d'anonymat n'a aucun commentaire et dit pourquoi (`withheld`) ; les commentaires d'un établissement masqué "
        "ne figurent dans aucun groupe ; un commentaire masqué par la coordination n'est jamais donné.",
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "topics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "title": {"type": "string"},
                        "withheld": {"type": ["string", "null"]},
                        "comments": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
}

PATHS = {
    "/campaigns": {
        "get": {
            "summary": "Campagnes des réseaux visibles",
            "operationId": "listCampaigns",
            "responses": {
                **_ok(
                    {"type": "object", "properties": {"campaigns": {"type": "array", "items": _ref("Campaign")}}},
                    "Les campagnes",
                ),
                **_errors(401),
            },
        }
    },
    "/establishments/{uai}/levels": {
        "get": {
            "summary": "Niveaux perçus et convenus d'un établissement",
            "operationId": "establishmentLevels",
            "parameters": [
                {
                    "name": "uai",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9]{7}[A-Za-z]$"},
                },
                CAMPAIGN_PARAM,
            ],
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "establishment": {"type": "object"},
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "min_group_size": {"type": "integer"},
                            "responses": {"type": "integer"},
                            "staff_size": {"type": ["integer", "null"]},
                            "participation": NUMBER_OR_NULL,
                            **PUBLICATION,
                            "levels": {"type": "array", "items": _ref("Level")},
                            "warnings": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                    "Les niveaux",
                ),
                **_errors(400, 401, 404),
            },
        }
    },
    "/networks/{network_id}/poles": {
        "get": {
            "summary": "Médiane par pôle et par dimension, et évolution depuis N-1",
            "operationId": "networkPoles",
            "parameters": NETWORK_PARAMS,
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "network": _ref("NetworkRef"),
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "previous_campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "cells": {"type": "array", "items": _ref("PoleCell")},
                            "warnings": {"type": "array", "items": {"type": "string"}},
                            "membership_note": {
                                "type": ["string", "null"],
                                "description": "Les établissements qui ont changé de pôle ou de type depuis la clôture "
                                "(les résultats gardent ceux de la clôture).",
                            },
                        },
                    },
                    "Les pôles",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/networks/{network_id}/progression": {
        "get": {
            "summary": "Progression de chaque pôle par dimension, année après année",
            "operationId": "networkProgression",
            "parameters": NETWORK_PARAMS,
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "network": _ref("NetworkRef"),
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "points": {"type": "array", "items": _ref("PoleCell")},
                            "warnings": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                    "La progression",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/networks/{network_id}/establishments": {
        "get": {
            "summary": "Tableau des établissements",
            "operationId": "networkEstablishments",
            "parameters": NETWORK_PARAMS,
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "network": _ref("NetworkRef"),
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "columns": {"type": "array", "items": {"type": "object"}},
                            "rows": {"type": "array", "items": {"type": "object"}},
                            "membership_note": {
                                "type": ["string", "null"],
                                "description": "Les établissements qui ont changé de pôle ou de type depuis la clôture "
                                "(les résultats gardent ceux de la clôture).",
                            },
                        },
                    },
                    "Les établissements",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/establishments/{uai}/comments": {
        "get": {
            "summary": "Commentaires des personnels d'un établissement, par dimension",
            "operationId": "establishmentComments",
            "parameters": [
                {
                    "name": "uai",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9]{7}[A-Za-z]$"},
                },
                CAMPAIGN_PARAM,
            ],
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "establishment": {"type": "object"},
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "groups": {"type": "array", "items": _ref("CommentGroup")},
                        },
                    },
                    "Les commentaires",
                ),
                **_errors(400, 401, 404),
            },
        }
    },
    "/networks/{network_id}/comments": {
        "get": {
            "summary": "Commentaires du réseau ou d'un pôle, par dimension",
            "operationId": "networkComments",
            "parameters": NETWORK_PARAMS[:3],
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "network": _ref("NetworkRef"),
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "groups": {"type": "array", "items": _ref("CommentGroup")},
                        },
                    },
                    "Les commentaires",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/networks/{network_id}/self-positioning": {
        "get": {
            "summary": "Autopositionnement : moyenne par pôle et par thème, progression par thème, items classés",
            "description": "Pour une campagne d'autopositionnement (campaign=…). La moyenne d'un thème (1 à 4) est "
            "celle des réponses à ses items, lue dans les cellules publiées ; un chiffre masqué est "
            '{"hidden": true, "reason": …}. Sur une campagne de la grille, listes vides.',
            "operationId": "networkSelfPositioning",
            "parameters": NETWORK_PARAMS,
            "responses": {
                **_ok(
                    {
                        "type": "object",
                        "properties": {
                            "network": _ref("NetworkRef"),
                            "campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "previous_campaign": {"oneOf": [_ref("Campaign"), {"type": "null"}]},
                            "self_positioning": {"type": "boolean"},
                            "min_group_size": {"type": "integer"},
                            **PUBLICATION,
                            "themes": {"type": "array", "items": {"type": "object"}},
                            "progression": {"type": "array", "items": {"type": "object"}},
                            "items": {"type": "array", "items": {"type": "object"}},
                            "warnings": {"type": "array", "items": {"type": "string"}},
                            "membership_note": {"type": ["string", "null"]},
                        },
                    },
                    "L'autopositionnement du réseau",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
}


def openapi_document(server_url: str) -> dict[str, Any]:
    """Return the API description, pointing at this server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Boussole — API de lecture",
            "version": "1",
            "description": "Agrégats des tableaux de bord, avec les mêmes périmètres et le même seuil d'anonymat "
            "que les pages. Les résultats d'une campagne ne sont publiés qu'à sa clôture ; avant, seule la "
            "participation (total et taux) est donnée. Authentification : la session du navigateur (cookie).",
        },
        "servers": [{"url": server_url}],
        "security": [{"session": []}],
        "paths": deepcopy({**PATHS, **openapi_roadmaps.paths(_errors), **openapi_indicators.paths(_errors)}),
        "components": {
            "schemas": deepcopy({**SCHEMAS, **openapi_roadmaps.SCHEMAS}),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        },
    }
