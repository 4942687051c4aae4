"""Cached lookups under writes: ``throughput_lookup_cached_rps``, ``_p99`` and ``stale_answers``.

``hub serve`` runs with the response cache on (the default). 64 clients (``wrk``)
ask ``enterprise(taxCode)`` over a hot set of firms, the same requests again and
again, as a public API's popular questions are. Meanwhile a writer uploads, once a
second, one of those firms with a new name through the partner API (a real write:
lease, LoadRun, graph version). After each upload has answered, so has committed,
the writer waits the cache's bound (``HUB_CACHE_VERSION_POLL_MS``) and reads that
firm back through the API, with the very request the clients send; an answer with
the old name is counted in ``stale_answers`` (the target is 0). Before the writer
starts, the same clients run for half the time with no writes
(``throughput_lookup_cached_quiet_*``): the part of the tail the writes do not cause.

Every write makes every cached answer old, so the hot set is what the cache can
help with: each write costs about one miss per hot firm per worker.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import throughput
from bench.figures import Figures, note
from bench.serve import cpu_seconds, served_process
from bench.workload import Request
from hub.auth import create_key
from hub.graph.driver import Graph
from hub.settings import Settings
from loaders.registry import KINDS

HOT_FIRMS = 100
CLIENTS = 64
_TAX = ("tax_code", "mã số thuế")
_NAME = ("name", "tên doanh nghiệp")


@dataclass
class Writes:
    done: int = 0
    reads: int = 0
    stale: int = 0
    failed: int = 0


@dataclass(frozen=True)
class Firms:
    """The enterprises.csv rows of the hot firms, to send again with a new name."""

    header: list[str]
    name: str  # the name column
    rows: dict[str, dict[str, str]]  # by tax code

    @classmethod
    def read(cls, path: Path, codes: set[str]) -> Firms:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            tax = next(h for h in header if h.strip().lower() in _TAX)
            name = next(h for h in header if h.strip().lower() in _NAME)
            rows = {row[tax]: row for row in reader if row[tax] in codes}
        return cls(header, name, rows)

    def renamed(self, tax: str, version: str) -> tuple[bytes, str]:
        """A one-row file that renames the firm, and the new name."""
        row = dict(self.rows[tax])
        row[self.name] = f"{row[self.name]} · bản {version}"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.header, extrasaction="ignore")
        writer.writeheader()
        writer.writerow(row)
        return out.getvalue().encode("utf-8"), row[self.name]


def _writer(
    base: str,
    token: str,
    hot: list[Request],
    firms: Firms,
    bound: float,
    stop: threading.Event,
    writes: Writes,
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    # Names no earlier run on this graph gave: a name already stored changes nothing.
    run = time.strftime("%Y%m%d%H%M%S")
    with httpx.Client(base_url=base, timeout=60) as http:
        for n, request in enumerate(_cycle(hot)):
            if stop.is_set():
                return
            started = time.monotonic()
            body, name = firms.renamed(request.variables["taxCode"], f"{run}.{n + 1}")
            response = http.post("/api/v1/datasets/enterprises", content=body, headers=headers)
            if response.status_code != 200 or response.json().get("changed") != 1:
                writes.failed += 1
                continue
            writes.done += 1
            time.sleep(bound + 0.001)  # the upload committed before it answered
            for _ in range(3):  # the clients' very request, sent after the bound
                answer = http.post("/graphql", json=request.body()).json()
                writes.reads += 1
                firm = (answer.get("data") or {}).get("enterprise") or {}
                if firm.get("name") != name:
                    writes.stale += 1
            stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def _cycle(requests: list[Request]) -> Iterator[Request]:
    while True:
        yield from requests


async def _hit_cpu_us(settings: Settings, request: Request, calls: int = 3000) -> float:
    """CPU of one cached answer through the whole ASGI app in this process: routing,
    middleware and metrics included; the HTTP server (uvicorn) and the JSON request log
    line (about 50 us more at HUB_LOG_LEVEL=INFO) not."""
    from app.web.app import create_app  # the app, only for this measure

    body = json.dumps(request.body(), ensure_ascii=False).encode("utf-8")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: object) -> None:
        return None

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        for _ in range(200):  # cached, warm
            await app(scope, receive, send)
        started = time.process_time()
        for _ in range(calls):
            await app(scope, receive, send)
        return (time.process_time() - started) / calls * 1e6


def _neo4j_group(settings: Settings) -> int | None:
    """The local Neo4j's process group (it runs in a session of its own), if local."""
    if not settings.local_neo4j:
        return None
    try:
        pid = int((settings.neo4j_home / "run" / "hub-neo4j.pid").read_text().strip())
        return os.getpgid(pid)
    except (OSError, ValueError):
        return None


def _metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def run(
    settings: Settings,
    data: Path,
    lookups: list[Request],
    figures: Figures,
    seconds: float,
    workers: int,
    port: int,
) -> None:
    hot = lookups[:HOT_FIRMS]
    firms = Firms.read(data / "enterprises.csv", {r.variables["taxCode"] for r in hot})
    hot = [r for r in hot if r.variables["taxCode"] in firms.rows]
    with Graph(settings) as graph:
        token = create_key(graph, "Bench writer", ["enterprises"], KINDS).token
    bound = settings.cache_version_poll_ms / 1000
    figures.add("cache_hit_cpu_us", asyncio.run(_hit_cpu_us(settings, hot[0])), "us")
    writes = Writes()
    neo4j = _neo4j_group(settings)
    with served_process(workers, port, cache=True) as (base, group):
        throughput.load(base, hot, 2.0, clients=8)  # warm up every worker
        # The same load with no writer first: what the tail owes to the writes.
        quiet = throughput.load(base, hot, seconds / 2, CLIENTS)
        note(f"cached lookups, no writer: {quiet.rate:.0f} req/s, p99 {quiet.p99_ms:.1f} ms")
        before = httpx.get(f"{base}/metrics", timeout=60).text
        cpu = (cpu_seconds(group), cpu_seconds(neo4j) if neo4j else 0.0)
        stop = threading.Event()
        writer = threading.Thread(
            target=_writer, args=(base, token, hot, firms, bound, stop, writes)
        )
        writer.start()
        try:
            result = throughput.load(base, hot, seconds, CLIENTS)
            hub_cpu = cpu_seconds(group) - cpu[0]
            neo4j_cpu = (cpu_seconds(neo4j) if neo4j else 0.0) - cpu[1]
        finally:
            stop.set()
            writer.join(timeout=120)
        after = httpx.get(f"{base}/metrics", timeout=60).text
    hits = _metric(after, "hub_cache_hits_total") - _metric(before, "hub_cache_hits_total")
    misses = _metric(after, "hub_cache_misses_total") - _metric(before, "hub_cache_misses_total")
    note(
        f"cached lookups, {len(hot)} hot firms, {workers} worker(s): {result.rate:.0f} req/s, "
        f"p99 {result.p99_ms:.1f} ms, {writes.done} writes, {writes.stale} stale of "
        f"{writes.reads} read-backs"
    )
    figures.add("throughput_lookup_cached_quiet_rps", quiet.rate, "req/s")
    figures.add("throughput_lookup_cached_quiet_p99", quiet.p99_ms, "ms")
    figures.add("throughput_lookup_cached_rps", result.rate, "req/s")
    figures.add("throughput_lookup_cached_p99", result.p99_ms, "ms")
    figures.add("throughput_lookup_cached_errors", result.errors, "errors")
    figures.add("throughput_lookup_cached_workers", workers, "workers")
    # CPU per request, whatever else the machine runs: what sizing multiplies by a rate.
    served_requests = max(1, result.requests)
    figures.add("cached_hub_cpu_ms_per_request", 1000 * hub_cpu / served_requests, "ms")
    if neo4j:
        figures.add("cached_neo4j_cpu_ms_per_request", 1000 * neo4j_cpu / served_requests, "ms")
    figures.add("cache_hit_ratio", hits / (hits + misses) if hits + misses else 0.0, "ratio")
    figures.add("cached_bench_writes", writes.done, "writes")
    figures.add("cached_bench_failed_writes", writes.failed, "writes")
    figures.add("stale_answers", writes.stale, "answers")
    figures.add("stale_checks", writes.reads, "answers")
