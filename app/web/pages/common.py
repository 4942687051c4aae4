"""What the report pages share: the request's language, today, errors as pages, files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hub.errors import BadInputError, GraphUnavailableError, HubError, NotFoundError
from hub.reports.html import e
from hub.reports.i18n import Words, words
from hub.reports.tables import MEDIA_TYPES

Endpoint = Callable[[Request], Awaitable[Response]]


def words_of(request: Request) -> Words:
    """``?lang=en`` for English; Vietnamese otherwise (the pages' language)."""
    return words(request.query_params.get("lang"))


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadInputError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadInputError(f"{name} must be between {low} and {high}")
    return value


def pages(endpoint: Endpoint) -> Endpoint:
    """Expected failures as a short page with the right status, never a trace."""

    @wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except NotFoundError as exc:
            return _error(404, str(exc))
        except BadInputError as exc:
            return _error(400, str(exc))
        except GraphUnavailableError as exc:
            return _error(503, str(exc), {"Retry-After": "30"})
        except HubError as exc:
            return _error(500, str(exc))

    return guarded


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = f"<!doctype html><meta charset='utf-8'><title>{status}</title><p>{e(message)}</p>"
    return HTMLResponse(body, status_code=status, headers=headers)


def file_response(content: bytes, fmt: str, name: str) -> Response:
    """A download: its media type, and a file name for the browser to save it as."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)
