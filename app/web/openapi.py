"""The hand-written OpenAPI 3.1 document of the partner REST API (``/api/v1/openapi.json``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.web.uploads import MEDIA_TYPES, MULTIPART
from hub import __version__
from hub.settings import Settings

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

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _flag(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "boolean", "default": False},
    }


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def _upload_operation(kinds: Sequence[str], settings: Settings) -> dict[str, Any]:
    body: dict[str, Any] = {media: _BINARY for media in MEDIA_TYPES}
    body[MULTIPART] = {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }
    }
    report = {"application/json": {"schema": {"$ref": "#/components/schemas/LoadReport"}}}
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
            "200": {"description": "loaded, or validated in a dry run", "content": report},
            "400": _error("unknown kind or bad option"),
            "401": _error(
                "no API key, or an unknown or revoked one",
                {"WWW-Authenticate": {"schema": {"type": "string"}}},
            ),
            "403": _error("the key may not send this kind"),
            "413": _error("the body is over the size limit"),
            "415": _error("a Content-Type the hub does not read"),
            "422": {"description": "the file was refused; the report says why", "content": report},
            "429": _error(
                "over the key's rate limit",
                {"Retry-After": {"description": "seconds", "schema": {"type": "integer"}}},
            ),
            "503": _error("the graph database is not reachable right now"),
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
            "400": _error("unknown kind or format"),
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
            "401": _error("no API key, or an unknown or revoked one"),
            "404": _error("no rejected rows of that run for this key's agency"),
        },
    }


_FILES: dict[str, Any] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _BINARY,
    "text/csv": {"schema": {"type": "string"}},
}


def document(kinds: Sequence[str], settings: Settings) -> dict[str, Any]:
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
            "schemas": {"LoadReport": _REPORT, "RowError": _ROW_ERROR, "Error": _ERROR},
        },
    }
