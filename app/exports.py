"""Tables from GraphQL answers, for ``hub export`` and ``GET /graphql/export.{format}``.

``run_export`` executes a query as the API does (queries only, the same limits and
error codes), takes the first connection of each answer (``hub.reports.flatten``) and,
when the operation declares ``$after`` and the connection has ``pageInfo``, follows
``endCursor`` page after page, up to ``max_rows`` rows (0: no limit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from graphql import GraphQLSyntaxError, OperationDefinitionNode, parse

from hub.errors import BadInputError
from hub.reports import flatten
from schema import HubSchema
from schema.context import Context
from schema.execute import execute


class ExportError(BadInputError):
    """The query failed; ``code`` is the first error's code, ``errors`` the answer's."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        first = errors[0] if errors else {}
        super().__init__("; ".join(str(err.get("message", "")) for err in errors[:3]))
        self.code = str(first.get("extensions", {}).get("code", "BAD_USER_INPUT"))
        self.errors = errors


@dataclass(frozen=True)
class ExportRequest:
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    explode: str | None = None
    max_rows: int = 0


@dataclass(frozen=True)
class Export:
    frame: pd.DataFrame
    rows: int
    pages: int
    truncated: bool  # max_rows stopped it before the last page


def declares_after(query: str, operation_name: str | None) -> bool:
    """Whether the operation has an ``$after`` variable (so the export can page)."""
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return False  # execution reports it
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None or (definition.name and definition.name.value == operation_name)
        ):
            declared = definition.variable_definitions or ()
            return any(v.variable.name.value == "after" for v in declared)
    return False


async def run_export(
    schema: HubSchema, context: Callable[[], Context], request: ExportRequest
) -> Export:
    variables = dict(request.variables or {})
    pages_allowed = declares_after(request.query, request.operation_name)
    rows: list[dict[str, Any]] = []
    pages, truncated = 0, False
    while True:
        payload = {
            "query": request.query,
            "variables": variables,
            "operationName": request.operation_name,
        }
        body = await execute(schema, payload, context())
        if body.get("errors"):
            raise ExportError(body["errors"])
        found = flatten.rows_of(body.get("data"))
        rows.extend(found.rows)
        pages += 1
        if request.max_rows and len(rows) >= request.max_rows:
            info = found.page_info or {}
            truncated = len(rows) > request.max_rows or bool(info.get("hasNextPage"))
            rows = rows[: request.max_rows]
            break
        info = found.page_info or {}
        if not (pages_allowed and info.get("hasNextPage") and info.get("endCursor")):
            break
        if variables.get("after") == info["endCursor"]:
            break  # a cursor that does not move would loop
        variables["after"] = info["endCursor"]
    return Export(flatten.table(rows, request.explode), len(rows), pages, truncated)
