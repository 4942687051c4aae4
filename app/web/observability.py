"""Request ids, JSON logs and Prometheus metrics for the API.

Every HTTP request gets an id: the caller's ``X-Request-ID`` when it is a sane token,
else a new one. It is sent back in the response's ``X-Request-ID`` header and is in
every log line written while the request is served. One JSON log line per request
says what it cost (status, milliseconds, Cypher round trips).

Metrics live in prometheus_client's default registry. ``hub serve --workers N``
(N > 1) gives its workers one ``PROMETHEUS_MULTIPROC_DIR``, and any worker's
``/metrics`` then adds up every worker of the process group (prometheus_client's
multiprocess mode), so one scrape of a container sees all of it. Figures about
loads come from the LoadRuns in Neo4j at scrape time (``hub_graph_*``): every replica
reports the same, whichever process or replica loaded the files.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import __version__
from hub.errors import HubError
from hub.graph import load_runs, version
from hub.graph.driver import AsyncGraph, Row

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

CACHE_HITS = Counter("hub_cache_hits_total", "GraphQL answers served from the response cache")
CACHE_MISSES = Counter("hub_cache_misses_total", "GraphQL answers the response cache lacked")
CACHE_EVICTIONS = Counter(
    "hub_cache_evictions_total", "Cached answers dropped to keep the cache under its size"
)
CACHE_INVALIDATED = Counter(
    "hub_cache_invalidated_total", "Cached answers a newer graph version made old"
)
CACHE_COALESCED = Counter(
    "hub_cache_coalesced_total", "Answers shared with an identical request running at once"
)
CACHE_STALE_HITS = Counter(
    "hub_cache_stale_hits_total",
    "Answers of the version before, served within the bound while their refresh ran",
)
CACHE_VERSION_POLLS = Counter("hub_cache_version_polls_total", "Reads of the graph version")
CACHE_BYTES = Gauge(
    "hub_cache_bytes", "Bytes of answers the response cache holds", multiprocess_mode="livesum"
)
UPLOADS = Counter("hub_uploads_total", "Partner uploads by kind and outcome", ["kind", "outcome"])
UPLOAD_ROWS = Counter("hub_upload_rows_total", "Rows partner uploads loaded", ["kind"])
BUILD_INFO = Gauge(
    "hub_build_info", "The hub's version (always 1)", ["version"], multiprocess_mode="max"
)
BUILD_INFO.labels(__version__).set(1)

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


def note_upload(kind: str, outcome: str, rows: int = 0) -> None:
    UPLOADS.labels(kind, outcome).inc()
    if rows:
        UPLOAD_ROWS.labels(kind).inc(rows)


async def metrics_body(graph: AsyncGraph | None, multiproc_dir: str = "") -> tuple[bytes, str]:
    """This process's metrics (every worker's, in multiprocess mode), then the graph's."""
    if multiproc_dir:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    if graph is not None:
        body += await _graph_metrics(graph)
    return body, CONTENT_TYPE_LATEST


def process_exited(multiproc_dir: str) -> None:
    """A worker's shutdown: its live gauges leave the sums (multiprocess mode)."""
    if multiproc_dir:
        multiprocess.mark_process_dead(os.getpid(), multiproc_dir)


class _Figures:
    """Collector of figures read at scrape time."""

    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        return iter(self.metrics)


async def _graph_metrics(graph: AsyncGraph) -> bytes:
    up = GaugeMetricFamily("hub_graph_up", "Whether the graph answered this scrape")
    try:
        runs = await load_runs.summary(graph)
        current = await version.current_async(graph, counted=False)
    except HubError:
        up.add_metric([], 0)
        return _text([up])
    up.add_metric([], 1)
    graph_version = GaugeMetricFamily("hub_graph_version", "The graph version (hub.graph.version)")
    graph_version.add_metric([], current)
    return _text([up, graph_version, *_load_figures(runs)])


def _load_figures(runs: list[Row]) -> list[Metric]:
    by_status = GaugeMetricFamily(
        "hub_graph_load_runs",
        "Load runs (loads and uploads) per kind and status, all replicas",
        labels=["kind", "status"],
    )
    rows = GaugeMetricFamily(
        "hub_graph_rows_loaded", "Rows loaded by successful load runs, per kind", labels=["kind"]
    )
    last = GaugeMetricFamily(
        "hub_graph_last_load_timestamp_seconds",
        "When the last successful load of each kind finished (Unix time)",
        labels=["kind"],
    )
    rate = GaugeMetricFamily(
        "hub_graph_last_load_rows_per_second",
        "Rows per second of the last successful load of each kind",
        labels=["kind"],
    )
    for run in runs:
        kind = str(run["kind"])
        for status, count in run["byStatus"]:
            by_status.add_metric([kind, status], count)
        rows.add_metric([kind], run["rowsLoaded"] or 0)
        if run["lastFinished"] is not None:
            last.add_metric([kind], run["lastFinished"])
            seconds = run["lastSeconds"] or 0.0
            rate.add_metric([kind], (run["lastRows"] or 0) / seconds if seconds > 0 else 0.0)
    return [by_status, rows, last, rate]


def _text(metrics: list[Metric]) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Figures(metrics))
    return generate_latest(registry)


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
