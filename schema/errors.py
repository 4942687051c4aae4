"""GraphQL errors as clients see them: a message and ``extensions.code``, nothing more.

    BAD_USER_INPUT       the request is wrong: syntax, unknown fields, bad arguments
    NOT_FOUND            HubError codes pass through as they are
    UNAUTHENTICATED      ...
    FORBIDDEN            ...
    QUERY_TOO_COMPLEX    depth, aliases, tokens, size or cost over the limits (schema.limits)
    SERVICE_UNAVAILABLE  Neo4j cannot be reached right now: retry later; the message says
                         when, and ``extensions.retryAfter`` in seconds
    INTERNAL             anything else, with a generic message unless a HubError's own

HubErrors are written to be shown (``hub.graph.driver.translate`` already strips
Cypher and secrets from driver errors) and are expected: the log gets one line without
a traceback. Any other exception is masked, and logged with its traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from hub.errors import GraphUnavailableError, HubError

INTERNAL_MESSAGE = "internal error; the request id in the response header identifies it"
UNAVAILABLE = GraphUnavailableError.code
log = logging.getLogger("hub.api")


def _cause(error: GraphQLError) -> BaseException | None:
    cause: BaseException | None = error.original_error
    while isinstance(cause, GraphQLError) and cause.original_error is not None:
        cause = cause.original_error
    return cause


def code_and_message(error: GraphQLError) -> tuple[str, str]:
    preset = (error.extensions or {}).get("code")
    if isinstance(preset, str):
        return preset, error.message
    cause = _cause(error)
    if cause is None or isinstance(cause, GraphQLError):
        return "BAD_USER_INPUT", error.message  # syntax, validation, coercion
    if isinstance(cause, HubError):
        message = str(cause) or cause.code.lower().replace("_", " ")
        if error.path is None and cause.code == "BAD_USER_INPUT":
            return cause.code, error.message  # a variable or literal, named by graphql-core
        if isinstance(cause, GraphUnavailableError):
            message = cause.advice()
        return cause.code, message
    return "INTERNAL", INTERNAL_MESSAGE


def format_error(error: GraphQLError, request_id: str | None = None) -> dict[str, Any]:
    code, message = code_and_message(error)
    cause = _cause(error)
    if code == "INTERNAL":
        _log_internal(error, cause, request_id)
    formatted: dict[str, Any] = {"message": message}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if error.path is not None:
        formatted["path"] = list(error.path)
    formatted["extensions"] = {"code": code}
    if isinstance(cause, GraphUnavailableError):
        formatted["extensions"]["retryAfter"] = cause.retry_after
    return formatted


def _log_internal(error: GraphQLError, cause: BaseException | None, request_id: str | None) -> None:
    extra = {"requestId": request_id}
    if isinstance(cause, HubError):  # expected (a timeout, a refused query): no traceback
        log.warning("GraphQL request failed: %s", cause, extra=extra)
    else:
        log.error("unexpected error in a GraphQL request", exc_info=cause or error, extra=extra)


def retry_after(body: dict[str, Any]) -> int | None:
    """The longest ``retryAfter`` of a response body's errors, for a Retry-After header."""
    waits = [
        e["extensions"]["retryAfter"]
        for e in body.get("errors") or ()
        if isinstance(e.get("extensions", {}).get("retryAfter"), int)
    ]
    return max(waits) if waits else None


def error_body(code: str, message: str) -> dict[str, Any]:
    """A whole response body for an error outside GraphQL execution (HTTP level)."""
    return {"errors": [{"message": message, "extensions": {"code": code}}]}
