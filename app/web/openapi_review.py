"""The review routes' part of the partner API's OpenAPI document (``app.web.review_routes``)."""

from __future__ import annotations

from typing import Any

from app.web.problems import MEDIA_TYPE

_ERROR_REF = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _ERROR_REF}


_ITEM_ID = {
    "name": "item",
    "in": "path",
    "required": True,
    "description": "an item's `id` from GET /review (or `hub review list`)",
    "schema": {"type": "string"},
}
_COMMON = {
    "401": _error("no API key, or an unknown or revoked one"),
    "403": _error("the key has no review scope, or the record is of a kind it may not send"),
    "429": _error("over the key's rate limit"),
}
_DECIDED = {
    "application/json": {
        "schema": {
            "type": "object",
            "properties": {"decision": {"$ref": "#/components/schemas/ReviewDecision"}},
        }
    }
}

SCHEMAS: dict[str, Any] = {
    "ReviewItem": {
        "type": "object",
        "required": ["id", "kind", "key", "status", "record", "candidates"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "description": "the record's label: Certificate, ..."},
            "key": {"type": "string"},
            "status": {"enum": ["unresolved", "ambiguous"]},
            "record": {
                "type": "object",
                "description": "the firm as the row named it",
                "properties": {
                    "caption": {"type": ["string", "null"]},
                    "name": {"type": ["string", "null"]},
                    "taxCode": {"type": ["string", "null"]},
                    "address": {"type": ["string", "null"]},
                },
            },
            "candidates": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "taxCode": {"type": "string"},
                        "score": {"type": ["number", "null"], "description": "0..1"},
                        "name": {"type": ["string", "null"]},
                        "address": {"type": ["string", "null"]},
                    },
                },
            },
        },
    },
    "ReviewDecision": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "decision": {"enum": ["linked", "rejected"]},
            "taxCode": {"type": ["string", "null"]},
            "decidedBy": {"type": "string"},
            "decidedAt": {"type": "string", "format": "date-time"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/review": {
        "get": {
            "operationId": "listReviewItems",
            "summary": "Records no linking rule may decide, with candidates and scores",
            "security": [{"bearerAuth": []}],
            "parameters": [
                {"name": "kind", "in": "query", "required": False, "schema": {"type": "string"}},
                {
                    "name": "first",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
                },
                {"name": "after", "in": "query", "required": False, "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {
                    "description": "a page of items, by kind then key; `next` pages on",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "items": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/ReviewItem"},
                                    },
                                    "next": {"type": ["string", "null"]},
                                },
                            }
                        }
                    },
                },
                "400": _error("unknown kind or bad paging"),
                **_COMMON,
            },
        }
    },
    "/review/{item}/link": {
        "post": {
            "operationId": "linkReviewItem",
            "summary": "Link the record to an enterprise (method manual)",
            "security": [{"bearerAuth": []}],
            "parameters": [_ITEM_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["taxCode"],
                            "properties": {"taxCode": {"type": "string"}},
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "the decision, stored", "content": _DECIDED},
                "400": _error("not an item id, no or bad tax code, or linked by its tax code"),
                "404": _error("no such record or enterprise"),
                **_COMMON,
            },
        }
    },
    "/review/{item}/reject": {
        "post": {
            "operationId": "rejectReviewItem",
            "summary": "Say no enterprise of the register is the one the record names",
            "security": [{"bearerAuth": []}],
            "parameters": [_ITEM_ID],
            "responses": {
                "200": {"description": "the decision, stored", "content": _DECIDED},
                "400": _error("not an item id, or linked by its tax code"),
                "404": _error("no such record"),
                **_COMMON,
            },
        }
    },
}
