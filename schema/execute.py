"""One GraphQL-over-HTTP request: a JSON payload in, a response body out."""

from __future__ import annotations

from typing import Any, NoReturn

from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from hub.errors import BadInputError
from schema import HubSchema
from schema.context import Context
from schema.errors import format_error

_QUERIES_ONLY = (OperationType.QUERY,)


class MalformedRequest(BadInputError):
    """Not a GraphQL request at all (HTTP 400): no query, wrong JSON shapes, no operation."""


def _refused(message: str) -> NoReturn:
    raise MalformedRequest(message)


async def execute(schema: HubSchema, payload: object, context: Context) -> dict[str, Any]:
    """Run ``payload`` (``{query, variables, operationName}``); errors carry their code.

    Raises ``MalformedRequest`` when the payload is not a GraphQL request."""
    if not isinstance(payload, dict):
        _refused("the request body must be a JSON object with a query")
    query = payload.get("query")
    variables = payload.get("variables")
    operation = payload.get("operationName")
    if not isinstance(query, str) or not query.strip():
        _refused("the request has no query")
    if variables is not None and not isinstance(variables, dict):
        _refused("variables must be a JSON object")
    if operation is not None and not isinstance(operation, str):
        _refused("operationName must be a string")
    try:
        result = await schema.execute(
            query,
            variable_values=variables,
            context_value=context,
            operation_name=operation,
            allowed_operation_types=_QUERIES_ONLY,
        )
    except InvalidOperationTypeError:
        return _refused("this API serves queries only")
    except CannotGetOperationTypeError:
        return _refused("the document has no operation of that name, or several unnamed")
    except MissingQueryError:
        return _refused("the request has no query")
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [format_error(error, context.request_id) for error in result.errors]
    # ``data`` is there once execution started (field errors have a path), even as null.
    if result.data is not None or not result.errors or any(e.path for e in result.errors):
        body["data"] = result.data
    return body
