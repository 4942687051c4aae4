"""Request ids, JSON logs and Prometheus metrics for the API.

Every HTTP request gets an id: the caller's ``X-Request-ID`` when it is a sane token,
else a new one. It is sent back in the response's ``X-Request-ID`` header and is in
every log line written while the request is served. One JSON log line per request
says what it cost (status, milliseconds, Cypher round trips).

Metrics live in prometheus_client's default registry, per process. With several
uvicorn workers each process counts its own; set PROMETHEUS_MULTIPROC_DIR and serve
``prometheus_client.multiprocess.MultiProcessCollector`` to aggregate them (not done
here: scrape each worker, or run one worker per container).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
_PREFIXES = ("/api/v1", "/guide")
_LOG_FIELDS = ("method", "path", "status", "ms", "roundTrips", "operation", "code")

REQUESTS = Counter("hub_http_requests_total", "HTTP requests served", ["method", "route", "status"])
LATENCY = Histogram(
    "hub_http_request_duration_seconds",
    "Time to serve an HTTP request",
    ["route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ROUND_TRIPS = Counter("hub_neo4j_round_trips_total", "Cypher round trips to Neo4j")
ROUND_TRIPS_PER_REQUEST = Histogram(
    "hub_neo4j_round_trips_per_request",
    "Cypher round trips one HTTP request made",
    buckets=(0, 1, 2, 3, 5, 10, 20),
)
GRAPHQL_ERRORS = Counter("hub_graphql_errors_total", "GraphQL errors returned", ["code"])

log = logging.getLogger("hub.http")


@dataclass
class _RequestState:
    request_id: str
    round_trips: int = 0


_current: ContextVar[_RequestState | None] = ContextVar("hub_request", default=None)


def current_request_id() -> str | None:
    state = _current.get()
    return state.request_id if state else None


def note_round_trip() -> None:
    """``hub.graph.driver.on_round_trip``: count for /metrics and for the request's log."""
    ROUND_TRIPS.inc()
    state = _current.get()
    if state is not None:
        state.round_trips += 1


def note_errors(codes: list[str]) -> None:
    for code in codes:
        GRAPHQL_ERRORS.labels(code).inc()


def metrics_body() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST


def _route(path: str) -> str:
    """A bounded label for metrics: the known routes, else their prefix, else other."""
    if path in _ROUTES:
        return path
    for prefix in _PREFIXES:
        if path.startswith(prefix):
            return prefix
    return "other"


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            if _ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


class RequestObservability:
    """ASGI middleware: request id in and out, metrics, one log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = _RequestState(_request_id(scope))
        token = _current.set(state)
        status = 500
        header = (b"x-request-id", state.request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = scope.get("path", "")
            route = _route(path)
            REQUESTS.labels(scope.get("method", ""), route, str(status)).inc()
            LATENCY.labels(route).observe(elapsed)
            ROUND_TRIPS_PER_REQUEST.observe(state.round_trips)
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "request",
                    extra={
                        "requestId": state.request_id,
                        "method": scope.get("method"),
                        "path": path,
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                        "roundTrips": state.round_trips,
                    },
                )
            _current.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id of the request being served."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "requestId", None) or current_request_id()
        if request_id:
            data["requestId"] = request_id
        for field in _LOG_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                data[field] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the ``hub`` loggers (idempotent); for the served app."""
    logger = logging.getLogger("hub")
    logger.setLevel(level.upper())
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.propagate = False
