"""Every error reaches clients as a message and one of the contract's codes, nothing more."""

from __future__ import annotations

import logging

import pytest
from graphql import GraphQLError

from hub.errors import (
    AuthError,
    BadInputError,
    ForbiddenError,
    GraphError,
    GraphUnavailableError,
    NotFoundError,
    QueryTooComplexError,
)
from hub.settings import _DEV_PASSWORD
from schema.errors import INTERNAL_MESSAGE, error_body, format_error, retry_after


def _field_error(cause: Exception) -> GraphQLError:
    return GraphQLError(str(cause), path=["enterprise"], original_error=cause)


@pytest.mark.parametrize(
    ("cause", "code", "message"),
    [
        (
            BadInputError("taxCode: tax code is empty"),
            "BAD_USER_INPUT",
            "taxCode: tax code is empty",
        ),
        (NotFoundError("no such programme"), "NOT_FOUND", "no such programme"),
        (AuthError("an API key is required"), "UNAUTHENTICATED", "an API key is required"),
        (ForbiddenError("not in the key's scope"), "FORBIDDEN", "not in the key's scope"),
        (QueryTooComplexError("too deep"), "QUERY_TOO_COMPLEX", "too deep"),
        (
            GraphError("the query took too long and was stopped"),
            "INTERNAL",
            "the query took too long and was stopped",
        ),
    ],
)
def test_hub_errors_keep_their_code_and_message(cause: Exception, code: str, message: str) -> None:
    assert format_error(_field_error(cause)) == {
        "message": message,
        "path": ["enterprise"],
        "extensions": {"code": code},
    }


def test_an_outage_is_service_unavailable_with_retry_advice() -> None:
    outage = GraphUnavailableError("the graph database is not reachable")
    assert format_error(_field_error(outage)) == {
        "message": "the graph database is not reachable; try again in 10 seconds",
        "path": ["enterprise"],
        "extensions": {"code": "SERVICE_UNAVAILABLE", "retryAfter": 10},
    }
    body = {"errors": [format_error(_field_error(outage))], "data": None}
    assert retry_after(body) == 10
    assert retry_after({"errors": [format_error(_field_error(NotFoundError("x")))]}) is None


def test_expected_failures_log_one_line_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="hub.api"):
        formatted = format_error(_field_error(GraphError("the query took too long")), "r-2")
    assert formatted["extensions"] == {"code": "INTERNAL"}
    [record] = caplog.records
    assert record.exc_info is None and "the query took too long" in record.getMessage()
    assert record.requestId == "r-2"  # type: ignore[attr-defined]


def test_unexpected_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    leak = RuntimeError(f"MATCH (e:Enterprise) password={_DEV_PASSWORD} Traceback")
    with caplog.at_level(logging.ERROR, logger="hub.api"):
        formatted = format_error(_field_error(leak), request_id="r-1")
    assert formatted == {
        "message": INTERNAL_MESSAGE,
        "path": ["enterprise"],
        "extensions": {"code": "INTERNAL"},
    }
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is leak
    assert record.requestId == "r-1"  # type: ignore[attr-defined]


def test_document_errors_are_bad_user_input_and_preset_codes_win() -> None:
    syntax = GraphQLError("Syntax Error: Expected Name, found <EOF>.")
    assert format_error(syntax)["extensions"] == {"code": "BAD_USER_INPUT"}
    limit = GraphQLError("too deep", extensions={"code": "QUERY_TOO_COMPLEX"})
    assert format_error(limit) == {
        "message": "too deep",
        "extensions": {"code": "QUERY_TOO_COMPLEX"},
    }
    # A variable whose value a scalar refused: graphql-core's message names the variable.
    variable = GraphQLError(
        "Variable '$d' got invalid value 'x'; 'x' is not a date; write it as YYYY-MM-DD",
        original_error=BadInputError("'x' is not a date; write it as YYYY-MM-DD"),
    )
    assert format_error(variable)["message"].startswith("Variable '$d' got invalid value")
    assert format_error(variable)["extensions"] == {"code": "BAD_USER_INPUT"}


def test_error_body() -> None:
    assert error_body("NOT_FOUND", "no such path") == {
        "errors": [{"message": "no such path", "extensions": {"code": "NOT_FOUND"}}]
    }
