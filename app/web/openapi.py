"""The hand-written OpenAPI 3.1 document of the partner REST API (``/api/v1/openapi.json``).

Every error is a problem (``app.web.problems``): the ``Problem`` schema lists the codes
of ``CATALOGUE``, each operation names the statuses it answers, and ``default`` covers
the rest (404, 405 with ``Allow``, 500). Every answer carries ``X-Request-ID``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.web import openapi_review
from app.web.problems import CATALOGUE, MEDIA_TYPE, TYPE_BASE
from app.web.uploads import MEDIA_TYPES, MULTIPART
from hub import __version__
from hub.settings import Settings
from hub.webhooks import registry as webhook_events

_BINARY: dict[str, Any] = {"schema": {"type": "string", "format": "binary"}}

_ROW_ERROR = {
    "type": "object",
    "required": ["row", "column", "value", "reason"],
    "properties": {
        "row": {"type": "integer", "description": "row number in the file (header is row 1)"},
        "column": {"type": ["string", "null"]},
        "value": {"description": "the cell as sent (shortened beyond 200 characters)"},
        "reason": {"type": "string"},
    },
}

_REPORT = {
    "type": "object",
    "required": [
        "kind",
        "file",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "unresolved",
        "errors",
        "retired",
        "replayed",
    ],
    "properties": {
        "kind": {"type": "string"},
        "file": {"type": "string", "description": "the file name sent (or the kind)"},
        "status": {"enum": ["loaded", "validated", "refused"]},
        "agency": {"type": "string", "description": "the agency of the key, kept as provenance"},
        "mode": {"enum": ["upsert", "snapshot"]},
        "rows_read": {"type": "integer"},
        "rows_loaded": {"type": "integer"},
        "rows_rejected": {"type": "integer"},
        "unresolved": {"type": "integer", "description": "rows kept but not linked to a firm"},
        "changed": {"type": "integer", "description": "records created or changed"},
        "retired": {"type": "integer", "description": "records a snapshot retired"},
        "replayed": {
            "type": "boolean",
            "description": "true when this exact upload was already loaded: nothing changed "
            "and the first report is returned",
        },
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/RowError"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "refused": {"type": ["string", "null"], "description": "why the file was refused"},
        "dry_run": {"type": "boolean"},
        "load_run": {"type": ["string", "null"], "description": "the LoadRun key"},
        "checksum": {"type": ["string", "null"], "description": "SHA-256 of the file"},
        "seconds": {"type": "number"},
        "rejects": {
            "type": ["string", "null"],
            "description": "where to fetch the rejected rows as a file to fix and resend "
            "(`GET`, with the same key; `?format=csv|xlsx`)",
        },
    },
}

_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `code` is stable, `detail` is for people.",
    "required": ["type", "title", "status", "detail", "code", "requestId"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": f"`{TYPE_BASE}{{code}}`: what the code means",
        },
        "title": {"type": "string"},
        "status": {"type": "integer", "description": "the HTTP status of the answer"},
        "detail": {"type": "string", "description": "what went wrong this time"},
        "code": {"type": "string", "enum": list(CATALOGUE)},
        "requestId": {
            "type": ["string", "null"],
            "description": "the answer's X-Request-ID: name it when asking about a failure",
        },
        "instance": {"type": "string", "description": "the path asked for"},
    },
}

_PROBLEM_TYPE = {
    "type": "object",
    "required": ["type", "code", "status", "title", "description"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "code": {"type": "string", "enum": list(CATALOGUE)},
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "description": {"type": "string"},
    },
}

_REQUEST_ID = {
    "description": "the request's id: the caller's X-Request-ID when sane, else a new one",
    "required": True,
    "schema": {"type": "string"},
}
_RETRY_AFTER = {"description": "seconds", "required": True, "schema": {"type": "integer"}}
_CHALLENGE = {"required": True, "schema": {"type": "string"}}


def _flag(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "boolean", "default": False},
    }


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-ID": _REQUEST_ID, **(headers or {})},
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-ID": _REQUEST_ID},
        "content": {"application/json": {"schema": schema}},
    }


_DEFAULT = _problem(
    "any other error: `not-found` (404), `method-not-allowed` (405, with `Allow`), `internal` (500)"
)


def _upload_operation(kinds: Sequence[str], settings: Settings) -> dict[str, Any]:
    body: dict[str, Any] = {media: _BINARY for media in MEDIA_TYPES}
    body[MULTIPART] = {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }
    }
    report = {"$ref": "#/components/schemas/LoadReport"}
    return {
        "operationId": "uploadDataset",
        "summary": "Load one dataset file of an agency",
        "description": (
            "Runs the file through the same loader and report as `hub load`. The same file "
            "sent again (same content, agency, kind and options) changes nothing and returns "
            "the first report with `replayed: true`. Uploads are limited to "
            f"{settings.max_upload_bytes:,} bytes and "
            f"{settings.rate_limit_per_minute} requests a minute per key."
        ),
        "security": [{"bearerAuth": []}],
        "parameters": [
            {
                "name": "kind",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": list(kinds)},
            },
            _flag("dry_run", "validate and report; write nothing"),
            _flag("strict", "refuse the whole file on any row error"),
            {
                "name": "mode",
                "in": "query",
                "required": False,
                "description": "`snapshot`: the file is the agency's complete current list of "
                "this kind; its records missing from it are retired (kept, never deleted)",
                "schema": {"type": "string", "enum": ["upsert", "snapshot"], "default": "upsert"},
            },
            {
                "name": "filename",
                "in": "query",
                "required": False,
                "description": "the file's name, for reports and provenance (raw bodies)",
                "schema": {"type": "string"},
            },
            {
                "name": "sheet",
                "in": "query",
                "required": False,
                "description": "a workbook's sheet, by name or 1-based number (default: the first)",
                "schema": {"type": "string"},
            },
            {
                "name": "map",
                "in": "query",
                "required": False,
                "description": "`HEADER=column`: read the file's HEADER as the kind's column "
                "(`-` ignores it); repeatable; sent ones win over the key's saved mapping",
                "schema": {"type": "array", "items": {"type": "string"}},
                "style": "form",
                "explode": True,
            },
            _flag("save_map", "keep this upload's `map` with the key for its later uploads"),
            {
                "name": "Accept-Language",
                "in": "header",
                "required": False,
                "description": "`vi` for Vietnamese reasons, refusals and warnings (else English)",
                "schema": {"type": "string"},
            },
        ],
        "requestBody": {"required": True, "content": body},
        "responses": {
            "200": _json(report, "loaded, or validated in a dry run"),
            "400": _problem(
                "`bad-request`: an unknown kind, a bad option, a malformed "
                "multipart body; `malformed-request`: not valid HTTP (a bad "
                "Content-Length)"
            ),
            "401": _problem(
                "`unauthenticated`: no API key, or an unknown or revoked one",
                {"WWW-Authenticate": _CHALLENGE},
            ),
            "403": _problem("`forbidden`: the key may not send this kind"),
            "413": _problem("`payload-too-large`: the body is over the size limit"),
            "415": _problem("`unsupported-media-type`: a Content-Type the hub does not read"),
            "422": _json(report, "the file was refused; the report says why"),
            "429": _problem(
                "`rate-limited`: over the key's rate limit; "
                "`too-many-auth-failures`: this address failed to authenticate "
                "too often",
                {"Retry-After": _RETRY_AFTER},
            ),
            "503": _problem(
                "`service-unavailable`: the graph database is not reachable right "
                "now; `server-busy`: this hub process is reading as many uploads "
                "as it may",
                {"Retry-After": _RETRY_AFTER},
            ),
            "default": _DEFAULT,
        },
    }


def _read(operation_id: str, summary: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "security": [],
        "responses": {**responses, "default": _DEFAULT},
    }


def _problem_paths() -> dict[str, Any]:
    code = {
        "name": "code",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "an error code",
    }
    entry = {"$ref": "#/components/schemas/ProblemType"}
    listing = _read(
        "listProblemTypes",
        "Every error code of this API and what it means",
        {"200": _json({"type": "array", "items": entry}, "the error codes")},
    )
    one = _read(
        "getProblemType",
        "What one error code means (a problem's `type` points here)",
        {
            "200": _json(entry, "the code's meaning"),
            "404": _problem("`not-found`: no such code"),
        },
    )
    one["parameters"] = [code]
    return {"/problems": {"get": listing}, "/problems/{code}": {"get": one}}


def _webhook_paths() -> dict[str, Any]:
    """The key's webhooks (``app.web.partner_webhooks``)."""
    webhook = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "url": {"type": "string"},
            "events": {"type": "array", "items": {"enum": list(webhook_events.EVENTS)}},
            "days": {"type": ["integer", "null"]},
            "createdAt": {"type": "string"},
        },
    }
    errors = {
        "400": _problem("`bad-request`: a bad body"),
        "401": _problem("`unauthenticated`", {"WWW-Authenticate": _CHALLENGE}),
        "429": _problem("`rate-limited`", {"Retry-After": _RETRY_AFTER}),
        "default": _DEFAULT,
    }
    unknown = {"404": _problem("`not-found`: no webhook of this key by that id")}
    path_id = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    secured: dict[str, Any] = {"security": [{"bearerAuth": []}]}
    body = {
        "type": "object",
        "required": ["url", "events"],
        "properties": {
            "url": {"type": "string"},
            "events": {"type": "array", "items": {"enum": list(webhook_events.EVENTS)}},
            "days": {
                "type": "integer",
                "description": "certificate.expiring: how many days ahead (30 unless given)",
            },
        },
    }
    listing = {"type": "object", "properties": {"webhooks": {"type": "array", "items": webhook}}}
    return {
        "/webhooks": {
            "get": {
                **secured,
                "operationId": "listWebhooks",
                "summary": "The key's webhooks",
                "responses": {"200": _json(listing, "the webhooks"), **errors},
            },
            "post": {
                **secured,
                "operationId": "addWebhook",
                "summary": "Register a webhook; the answer has its signing secret, shown once",
                "description": "Deliveries are signed the Standard Webhooks way: headers "
                "`webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 "
                "HMAC-SHA256 of id.timestamp.body>` with the secret's key. A delivery not "
                "answered 2xx is retried with growing waits.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": body}},
                },
                "responses": {"201": _json(webhook, "registered (with `secret`)"), **errors},
            },
        },
        "/webhooks/{id}": {
            "delete": {
                **secured,
                "operationId": "removeWebhook",
                "parameters": path_id,
                "responses": {
                    "204": {"description": "removed", "headers": {"X-Request-ID": _REQUEST_ID}},
                    **unknown,
                    **errors,
                },
            }
        },
        "/webhooks/{id}/deliveries": {
            "get": {
                **secured,
                "operationId": "listDeliveries",
                "parameters": path_id,
                "responses": {
                    "200": _json(
                        {"type": "object"}, "deliveries, newest first, with their attempts"
                    ),
                    **unknown,
                    **errors,
                },
            }
        },
    }


def _template_operation(kinds: Sequence[str]) -> dict[str, Any]:
    return {
        "operationId": "getTemplate",
        "summary": "A ready-to-fill template of a kind, with its Vietnamese headers",
        "description": "XLSX with drop-downs for enumerated columns and a notes sheet, or "
        "a CSV header row. No key needed. A filled-in template loads as it is.",
        "parameters": [
            {
                "name": "kind",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": [k for k in kinds if k != "epcis"]},
            },
            {
                "name": "format",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": ["xlsx", "csv"], "default": "xlsx"},
            },
        ],
        "responses": {
            "200": {"description": "the template", "content": _FILES},
            "400": _problem("`bad-request`: an unknown kind or format"),
            "default": _DEFAULT,
        },
    }


def _rejects_operation() -> dict[str, Any]:
    return {
        "operationId": "getRejectedRows",
        "summary": "The rejected rows of an upload, in the file's own columns plus Lỗi",
        "description": "The `rejects` link of an upload's report: the rows to fix and send "
        "again (at most HUB_REJECTS_MAX_ROWS), rendered on request by any replica.",
        "security": [{"bearerAuth": []}],
        "parameters": [
            {"name": "run", "in": "path", "required": True, "schema": {"type": "string"}},
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "default: the uploaded file's own (CSV, or XLSX for workbooks)",
                "schema": {"type": "string", "enum": ["xlsx", "csv"]},
            },
        ],
        "responses": {
            "200": {"description": "the rejected rows", "content": _FILES},
            "400": _problem("`bad-request`: an unknown format"),
            "401": _problem("`unauthenticated`", {"WWW-Authenticate": _CHALLENGE}),
            "404": _problem("`not-found`: no rejected rows of that run for this key's agency"),
            "429": _problem("`rate-limited`", {"Retry-After": _RETRY_AFTER}),
            "default": _DEFAULT,
        },
    }


_FILES: dict[str, Any] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _BINARY,
    "text/csv": {"schema": {"type": "string"}},
}


def document(kinds: Sequence[str], settings: Settings) -> dict[str, Any]:
    described = _document(kinds, settings)
    # The app adds X-Request-ID to every answer (app.web.observability): say so everywhere.
    for path_item in described["paths"].values():
        for operation in path_item.values():
            for response in operation["responses"].values():
                response.setdefault("headers", {}).setdefault("X-Request-ID", _REQUEST_ID)
    return described


def _document(kinds: Sequence[str], settings: Settings) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Provincial Data Hub: partner API",
            "version": __version__,
            "description": "Partner agencies push their datasets with an API key. Reads are "
            "open, over GraphQL at /graphql (including the `changes` feed).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/datasets/{kind}": {"post": _upload_operation(kinds, settings)},
            "/openapi.json": {
                "get": _read(
                    "getOpenApi",
                    "This document",
                    {"200": _json({"type": "object"}, "the OpenAPI 3.1 document")},
                )
            },
            **_problem_paths(),
            **_webhook_paths(),
            **openapi_review.PATHS,
            "/templates/{kind}": {"get": _template_operation(kinds)},
            "/loads/{run}/rejects": {"get": _rejects_operation()},
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a key from `hub keys create` (shown once)",
                }
            },
            "schemas": {
                "LoadReport": _REPORT,
                "RowError": _ROW_ERROR,
                "Problem": _PROBLEM,
                "ProblemType": _PROBLEM_TYPE,
                **openapi_review.SCHEMAS,
            },
        },
    }
