"""The partner REST API's one error shape: RFC 9457 problem details.

Every ``/api/v1`` answer that is not a success or a load report is
``application/problem+json``::

    {"type": "/api/v1/problems/payload-too-large", "title": "Payload too large",
     "status": 413, "detail": "the upload is over the limit of 1,024 bytes; split the file",
     "code": "payload-too-large", "requestId": "5f0c...", "instance": "/api/v1/datasets/awards"}

``code`` is stable (clients branch on it; ``detail`` is for people), ``type`` resolves
to the code's entry of ``CATALOGUE`` (``GET /api/v1/problems/{code}``) and
``requestId`` is the ``X-Request-ID`` of the answer. ``CATALOGUE`` is the one list of
the codes: the OpenAPI document and the docs are written from it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.web.observability import current_request_id

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"


@dataclass(frozen=True)
class ProblemType:
    code: str
    status: int
    title: str
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": TYPE_BASE + self.code,
            "code": self.code,
            "status": self.status,
            "title": self.title,
            "description": self.description,
        }


_TYPES = (
    ProblemType(
        "bad-request",
        400,
        "Bad request",
        "An option, the kind or the body's framing is wrong (an unknown kind, a flag that is "
        "not true or false, a multipart body without a `file` part); `detail` says which.",
    ),
    ProblemType(
        "malformed-request",
        400,
        "Malformed HTTP request",
        "The request is not valid HTTP/1.1 (a Content-Length that is not a number, two that "
        "disagree, a broken header); the server refused it before reading the body.",
    ),
    ProblemType(
        "unauthenticated",
        401,
        "Unauthenticated",
        "No API key, or an unknown or revoked one. Send `Authorization: Bearer KEY`.",
    ),
    ProblemType("forbidden", 403, "Forbidden", "The key may not send this kind."),
    ProblemType("not-found", 404, "Not found", "No such path or problem type under /api/v1."),
    ProblemType(
        "method-not-allowed",
        405,
        "Method not allowed",
        "The path exists but not with this method; `Allow` lists the methods it has.",
    ),
    ProblemType(
        "payload-too-large",
        413,
        "Payload too large",
        "The body is over the upload limit (`HUB_MAX_UPLOAD_BYTES`); split the file.",
    ),
    ProblemType(
        "unsupported-media-type",
        415,
        "Unsupported media type",
        "The Content-Type is not one the hub reads (CSV, TSV, XLSX, JSON, JSON-LD, JSON "
        "Lines, or multipart/form-data with a `file` part).",
    ),
    ProblemType(
        "rate-limited",
        429,
        "Too many requests",
        "Over the key's requests a minute (`HUB_RATE_LIMIT_PER_MINUTE`); wait `Retry-After` "
        "seconds.",
    ),
    ProblemType(
        "too-many-auth-failures",
        429,
        "Too many failed authentications",
        "This client address sent too many missing or invalid keys a minute "
        "(`HUB_AUTH_FAILURES_PER_MINUTE`); wait `Retry-After` seconds.",
    ),
    ProblemType(
        "internal",
        500,
        "Internal error",
        "Something failed inside the hub; the request id identifies it in the hub's log.",
    ),
    ProblemType(
        "service-unavailable",
        503,
        "Service unavailable",
        "The graph database cannot be reached right now; retry after `Retry-After` seconds.",
    ),
    ProblemType(
        "busy",
        503,
        "Busy",
        "Another upload or `hub load` of the same records is running and did not finish "
        "within `HUB_UPLOAD_LEASE_WAIT_SECONDS`; retry after `Retry-After` seconds.",
    ),
    ProblemType(
        "server-busy",
        503,
        "Server busy",
        "This hub process is already reading as many uploads as it may "
        "(`HUB_MAX_CONCURRENT_UPLOADS`); retry after `Retry-After` seconds.",
    ),
)
CATALOGUE: dict[str, ProblemType] = {t.code: t for t in _TYPES}


class Problem(Exception):
    """Raised by a route to answer with a problem; ``headers`` go with it (Retry-After...)."""

    def __init__(self, code: str, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.type = CATALOGUE[code]
        self.detail = detail
        self.headers = dict(headers or {})

    def response(self, instance: str | None = None) -> Response:
        return problem(self.type.code, self.detail, self.headers, instance)


def body(code: str, detail: str, instance: str | None, request_id: str | None) -> dict[str, Any]:
    kind = CATALOGUE[code]
    document: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "code": code,
        "requestId": request_id,
    }
    if instance:
        document["instance"] = instance
    return document


def problem(
    code: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    instance: str | None = None,
) -> Response:
    """The answer for ``code``; the request id is the one the middleware gives the request."""
    document = body(code, detail, instance, current_request_id())
    return JSONResponse(
        document, status_code=document["status"], headers=dict(headers or {}), media_type=MEDIA_TYPE
    )


def raw_response(code: str, detail: str) -> tuple[bytes, str]:
    """Body and request id for an answer written below the app (``app.web.protocol``)."""
    request_id = uuid.uuid4().hex
    document = body(code, detail, None, request_id)
    return json.dumps(document).encode("utf-8"), request_id


async def _catalogue(request: Request) -> Response:
    return JSONResponse([t.as_dict() for t in _TYPES])


async def _problem_type(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in CATALOGUE:
        detail = f"no problem type {code!r}; the list is at {TYPE_BASE.rstrip('/')}"
        return problem("not-found", detail, instance=request.url.path)
    return JSONResponse(CATALOGUE[code].as_dict())


def routes() -> list[BaseRoute]:
    """``/problems`` and ``/problems/{code}``: what each ``type`` of a problem means."""
    return [
        Route("/problems", _catalogue, methods=["GET"]),
        Route("/problems/{code}", _problem_type, methods=["GET"]),
    ]
