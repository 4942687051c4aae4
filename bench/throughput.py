"""Throughput: 64 concurrent clients for a fixed time against ``hub serve --workers N``.

The load generator is ``wrk`` (Debian's package) with a Lua script that rotates the
request bodies and counts GraphQL errors; without ``wrk`` an httpx asyncio client does
the same (it needs more CPU itself, so it understates the server on a small machine).
Traffic goes to 127.0.0.1 only and stops after ``seconds``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.figures import Figures, note, percentile
from bench.serve import DEFAULT_PORT, served
from bench.workload import Request

CLIENTS = 64


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


_LUA = """
local threads = {}
local bodies = {
__BODIES__
}
function setup(thread) table.insert(threads, thread) end
function init(args) errs = 0; i = math.random(#bodies) end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errs = errs + 1 end
end
function done(summary, latency, requests)
  local body_errors = 0
  for _, t in ipairs(threads) do body_errors = body_errors + t:get("errs") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, ' ..
    '"status_errors": %d, "body_errors": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, body_errors, latency:percentile(99)))
end
"""


def _lua(requests: list[Request]) -> str:
    bodies = []
    for request in requests:
        body = json.dumps(request.body(), ensure_ascii=False, separators=(",", ":"))
        if "]==]" in body:
            raise ValueError("a request body cannot be quoted in Lua")
        bodies.append(f"  [==[{body}]==],")
    return _LUA.replace("__BODIES__", "\n".join(bodies))


def with_wrk(base_url: str, requests: list[Request], seconds: float, clients: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8") as script:
        script.write(_lua(requests))
        script.flush()
        cmd = [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            base_url,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {done.stdout[-500:]} {done.stderr[-500:]}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    errors = data["socket_errors"] + data["body_errors"]
    return Result(data["requests"], data["duration_us"] / 1e6, data["p99_us"] / 1000, errors)


def with_httpx(base_url: str, requests: list[Request], seconds: float, clients: int) -> Result:
    return asyncio.run(_httpx_load(base_url, requests, seconds, clients))


async def _httpx_load(
    base_url: str, requests: list[Request], seconds: float, clients: int
) -> Result:
    bodies = [r.body() for r in requests]
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=10.0, limits=limits) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                i = (i + 1) % len(bodies)
                sent = time.perf_counter()
                try:
                    response = await client.post("/graphql", json=bodies[i])
                    failed = response.status_code != 200 or "errors" in response.json()
                except httpx.HTTPError:
                    failed = True
                latencies.append(time.perf_counter() - sent)
                errors += failed

        await asyncio.gather(*(one_client(n * 7) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return Result(len(latencies), elapsed, percentile(latencies, 0.99) * 1000, errors)


def load(base_url: str, requests: list[Request], seconds: float, clients: int = CLIENTS) -> Result:
    if shutil.which("wrk"):
        return with_wrk(base_url, requests, seconds, clients)
    return with_httpx(base_url, requests, seconds, clients)


def run(
    lookups: list[Request],
    flagships: list[Request],
    figures: Figures,
    seconds: float,
    workers: tuple[int, ...] = (1, 2, 3),
    port: int = DEFAULT_PORT,
    log: Path | None = None,
) -> None:
    """Each worker count in turn; the best by requests/s is reported per query."""
    best: dict[str, tuple[int, Result]] = {}
    for count in workers:
        with served(count, port, log) as base:
            for name, requests in (("lookup", lookups), ("flagship", flagships)):
                load(base, requests[:50], 2.0, clients=8)  # warm every worker up
                result = load(base, requests, seconds)
                note(
                    f"{name} with {count} worker(s): {result.rate:.0f} req/s, "
                    f"p99 {result.p99_ms:.1f} ms, {result.errors} errors"
                )
                if name not in best or result.rate > best[name][1].rate:
                    best[name] = (count, result)
    for name, (count, result) in best.items():
        figures.add(f"throughput_{name}_rps", result.rate, "req/s")
        figures.add(f"throughput_{name}_p99", result.p99_ms, "ms")
        figures.add(f"throughput_{name}_errors", result.errors, "errors")
        figures.add(f"throughput_{name}_workers", count, "workers")
