"""``GET /graphql/export.{csv|xlsx|parquet}``: a GraphQL query's answer as a table.

It takes the parameters GraphQL over GET takes (``query``, ``variables``,
``operationName``, ``extensions``) and ``explode`` (a list to give one row per item).
With Apollo's Automatic Persisted Queries (``extensions={"persistedQuery":
{"version": 1, "sha256Hash": ...}}``) the query text may be left out: ``persisted``
is the one seam where a hash is looked up (the API's persisted-query store plugs in
there; without one, an unknown hash answers ``PERSISTED_QUERY_NOT_FOUND``). A query
sent with its hash must match it. Pages are followed up to ``HUB_EXPORT_MAX_ROWS``
rows; ``X-Export-Rows`` and ``X-Export-Truncated`` say how many and whether more exist.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.exports import ExportError, ExportRequest, run_export
from hub.errors import BadInputError, HubError
from hub.reports import tables
from hub.settings import Settings
from schema import HubSchema
from schema.context import Context
from schema.errors import error_body

FORMATS = ("csv", "xlsx", "parquet")
PersistedLookup = Callable[[str], Awaitable[str | None]]


async def no_store(sha256: str) -> str | None:
    """The lookup used until a persisted-query store is given: knows no hash."""
    return None


class PersistedQueryNotFound(BadInputError):
    code = "PERSISTED_QUERY_NOT_FOUND"


class ExportApi:
    def __init__(
        self,
        settings: Settings,
        schema: HubSchema,
        context: Callable[[], Context],
        persisted: PersistedLookup = no_store,
    ) -> None:
        self.settings = settings
        self.schema = schema
        self.context = context
        self.persisted = persisted
        self.routes: list[BaseRoute] = [
            Route("/graphql/export.{fmt}", self.export, methods=["GET"]),
        ]

    async def export(self, request: Request) -> Response:
        try:
            fmt = tables.check_format(request.path_params["fmt"], FORMATS)
            asked = await self._request(request)
            done = await run_export(self.schema, self.context, asked)
        except ExportError as exc:
            return JSONResponse({"errors": exc.errors}, status_code=400)
        except PersistedQueryNotFound as exc:
            return JSONResponse(error_body(exc.code, str(exc)), status_code=404)
        except HubError as exc:
            status = 400 if isinstance(exc, BadInputError) else 503
            return JSONResponse(error_body(exc.code, str(exc)), status_code=status)
        headers = {
            "Content-Disposition": f'attachment; filename="export.{fmt}"',
            "X-Export-Rows": str(done.rows),
            "X-Export-Truncated": "true" if done.truncated else "false",
        }
        body = tables.write(done.frame, fmt, "export")
        return Response(body, media_type=tables.MEDIA_TYPES[fmt], headers=headers)

    async def _request(self, request: Request) -> ExportRequest:
        params = request.query_params
        variables = _json_param(params.get("variables"), "variables")
        extensions = _json_param(params.get("extensions"), "extensions") or {}
        query = await self._document(params.get("query"), extensions)
        return ExportRequest(
            query=query,
            variables=variables,
            operation_name=params.get("operationName") or None,
            explode=params.get("explode") or None,
            max_rows=self.settings.export_max_rows,
        )

    async def _document(self, query: str | None, extensions: dict[str, Any]) -> str:
        persisted = extensions.get("persistedQuery")
        if persisted is None:
            if not query:
                raise BadInputError("send a query (or a persisted query's hash in extensions)")
            return query
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(digest, str) or not digest:
            raise BadInputError("extensions.persistedQuery needs a sha256Hash")
        if query:
            if hashlib.sha256(query.encode("utf-8")).hexdigest() != digest.lower():
                raise BadInputError("the query does not match its sha256Hash")
            return query
        stored = await self.persisted(digest.lower())
        if stored is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        return stored


def _json_param(raw: str | None, name: str) -> dict[str, Any] | None:
    if raw is None or raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise BadInputError(f"{name} is not JSON") from None
    if not isinstance(value, dict):
        raise BadInputError(f"{name} must be a JSON object")
    return value
