"""Rate limits and leases live in Neo4j: two connections (as two hub processes) share them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from hub import leases
from hub.errors import BusyError
from hub.graph import leases as lease_graph
from hub.graph import load_runs
from hub.graph.driver import Graph
from hub.ratelimit import RateLimiter
from hub.settings import Settings


@pytest.fixture
def other(settings: Settings, clean_graph: Graph) -> Iterator[Graph]:
    """A second connection: what another hub process would have."""
    with Graph(settings) as connection:
        yield connection


def test_two_processes_share_one_limit_and_lose_no_count(clean_graph: Graph, other: Graph) -> None:
    limiters = [RateLimiter(25, clean_graph), RateLimiter(25, other)]
    verdicts: list[int | None] = []
    lock = threading.Lock()

    def burst(limiter: RateLimiter) -> None:
        for _ in range(20):
            verdict = limiter.acquire("key-a")
            with lock:
                verdicts.append(verdict)

    threads = [threading.Thread(target=burst, args=(limiter,)) for limiter in limiters * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(verdicts) == 80
    assert verdicts.count(None) == 25  # exactly the limit, however the 80 interleaved
    assert all(v is not None and 1 <= v <= 60 for v in verdicts if v is not None)
    # Another key, and the same key in another scope, have limits of their own.
    assert limiters[0].acquire("key-b") is None
    assert RateLimiter(25, other, scope="address").acquire("key-a") is None
    assert RateLimiter(0, other).acquire("key-a") is None  # 0: no limit


def test_a_lease_excludes_another_process_until_freed(clean_graph: Graph, other: Graph) -> None:
    order: list[str] = []
    with leases.hold(clean_graph, "upload:Test", ttl_seconds=30, wait_seconds=30):
        with pytest.raises(BusyError, match="upload:Test"):
            with leases.hold(other, "upload:Test", ttl_seconds=30, wait_seconds=0.3):
                pass  # pragma: no cover

        def second() -> None:
            with leases.hold(other, "upload:Test", ttl_seconds=30, wait_seconds=30):
                order.append("second")

        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)
        order.append("first done")
    waiter.join(timeout=30)
    assert order == ["first done", "second"]
    assert lease_graph.held(clean_graph) == []


def test_a_dead_holders_lease_expires_and_its_run_is_marked(
    clean_graph: Graph, other: Graph
) -> None:
    run = "enterprises:dead-writer"
    load_runs.start(
        clean_graph,
        load_runs.RunStart(run, "enterprises", "a.csv", "x", None, datetime.now(UTC)),
    )
    # A holder that never renews nor frees: a process killed with SIGKILL.
    taken = lease_graph.take(clean_graph, "upload:Test", "dead:1:x", run, ttl_ms=1500)
    assert taken.free
    marked: list[str] = []
    started = time.monotonic()
    with leases.hold(
        other, "upload:Test", ttl_seconds=30, wait_seconds=30, on_abandoned=marked.append
    ):
        waited = time.monotonic() - started
        assert load_runs.mark_interrupted(other, marked[0], datetime.now(UTC))
    assert 0.2 < waited < 10  # it waited for the expiry, then took over
    assert marked == [run]
    status = clean_graph.read("MATCH (r:LoadRun {key: $run}) RETURN r.status AS s", {"run": run})
    assert status == [{"s": "interrupted"}]


def test_a_resumed_run_counts_what_it_touched_from_its_first_start(clean_graph: Graph) -> None:
    run = "products:resumed"

    def start(at: datetime) -> datetime:
        return load_runs.start(
            clean_graph, load_runs.RunStart(run, "products", "p.csv", "x", None, at)
        )

    first, second, third = (datetime(2026, 1, day, tzinfo=UTC) for day in (1, 2, 3))
    assert start(first) == first
    assert load_runs.mark_interrupted(clean_graph, run, second)
    # Resumed: the dead writer's records were written after its first start.
    assert start(second) == first
    end = load_runs.RunEnd(
        finished=second, rows_read=1, rows_loaded=1, rows_rejected=0, unresolved=0, changed=1
    )
    load_runs.finish(clean_graph, run, None, end)
    # The same file sent again once loaded: a new load, counted from its own start.
    assert start(third) == third
