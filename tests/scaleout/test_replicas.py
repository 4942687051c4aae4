"""Three ``hub serve`` replicas on one Neo4j behave as one hub.

Each replica is its own process on its own port against the tests' Neo4j, as
containers behind a proxy would be. They share one rate limit per key, one upload
lease per record label, the upload receipts, and the graph version that bounds how
stale a cached answer may be; a replica killed with SIGKILL mid-upload leaves
nothing locked for longer than its lease, and its half-written load is resumed by
the same upload sent again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from app.web.uploads import remove_abandoned
from hub.graph import leases
from hub.graph.driver import Graph
from tests.partner.conftest import new_key, upload_headers
from tests.ports import free_ports
from tests.reliability.test_interrupted_load import _enterprises_file

pytestmark = pytest.mark.slow

LIMIT = 20
POLL_MS = 500
LEASE_SECONDS = 3
ENTERPRISES = "/api/v1/datasets/enterprises"
ROWS = 12_000  # three chunks of the ingest service: killed after one is written
LOOKUP = "query L($tax: String!) { enterprise(taxCode: $tax) { taxCode name } }"


@dataclass
class Replica:
    port: int
    process: subprocess.Popen[bytes]
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _start(port: int) -> Replica:
    env = {
        **os.environ,
        "HUB_RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "HUB_CACHE_VERSION_POLL_MS": str(POLL_MS),
        "HUB_UPLOAD_LEASE_SECONDS": str(LEASE_SECONDS),
        "HUB_LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Replica(port, process)


def _wait_ready(replicas: list[Replica], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for replica in replicas:
        while True:
            assert replica.process.poll() is None, f"replica on {replica.port} exited"
            try:
                if httpx.get(f"{replica.base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the replicas did not start"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def replicas(graph: Graph) -> Iterator[list[Replica]]:
    started = [_start(port) for port in free_ports(3)]
    try:
        _wait_ready(started)
        yield started
    finally:
        for replica in started:
            if replica.process.poll() is None:
                os.killpg(replica.process.pid, signal.SIGTERM)
                replica.process.wait(timeout=30)


def _csv(rows: list[tuple[str, str]]) -> bytes:
    lines = ["Mã số thuế,Tên doanh nghiệp"] + [f"{tax},{name}" for tax, name in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _test_firms(graph: Graph) -> int:
    rows = graph.read(
        "MATCH (e:Enterprise) WHERE e.name STARTS WITH 'Công ty TNHH Thử Nghiệm' "
        "RETURN count(e) AS n"
    )
    return int(rows[0]["n"])


def _lookup(replica: Replica, tax: str) -> str | None:
    body = {"query": LOOKUP, "variables": {"tax": tax}}
    answer = httpx.post(f"{replica.base}/graphql", json=body, timeout=10).json()
    firm = answer["data"]["enterprise"]
    return firm["name"] if firm else None


def test_one_rate_limit_and_one_receipt_across_replicas(
    replicas: list[Replica], clean_graph: Graph
) -> None:
    key = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    body = _csv([("3700635642", "Công ty Cổ phần Phú Hòa")])
    statuses: list[int] = []
    replayed: list[bool] = []
    with httpx.Client(timeout=30) as http:
        for n in range(2 * LIMIT):
            url = replicas[n % 3].base + ENTERPRISES
            response = http.post(url, content=body, headers=upload_headers(key))
            statuses.append(response.status_code)
            if response.status_code == 200:
                replayed.append(response.json()["replayed"])
            else:
                assert response.json()["code"] == "rate-limited"
                assert int(response.headers["Retry-After"]) >= 1
    assert statuses.count(200) == LIMIT and statuses.count(429) == LIMIT
    assert statuses[:LIMIT] == [200] * LIMIT  # the first 20, through all three
    # Loaded once (through the first replica), then replayed from the receipt by all three.
    assert replayed == [False] + [True] * (LIMIT - 1)
    runs = clean_graph.read("MATCH (r:LoadRun) RETURN count(r) AS n, min(r.status) AS s")
    assert runs == [{"n": 1, "s": "loaded"}]


def test_a_write_through_one_is_read_through_the_others_within_the_bound(
    replicas: list[Replica], clean_graph: Graph
) -> None:
    writer, readers = replicas[0], replicas[1:]
    key = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    tax = "3702445566"
    with httpx.Client(timeout=30) as http:
        first = _csv([(tax, "Công ty TNHH Hiệp Thành")])
        response = http.post(writer.base + ENTERPRISES, content=first, headers=upload_headers(key))
        assert response.status_code == 200
        time.sleep(POLL_MS / 1000 + 0.1)
        for reader in readers:  # cached on both readers now
            assert [_lookup(reader, tax) for _ in range(2)] == ["Công ty TNHH Hiệp Thành"] * 2
        renamed = _csv([(tax, "Công ty TNHH Hiệp Thành Mới")])
        response = http.post(
            writer.base + ENTERPRISES, content=renamed, headers=upload_headers(key)
        )
        assert response.status_code == 200 and response.json()["changed"] == 1
    committed = time.monotonic()  # the write committed before its answer came back
    late: list[tuple[int, float, str | None]] = []
    while time.monotonic() < committed + 3 * POLL_MS / 1000:
        for reader in readers:
            sent = time.monotonic()
            name = _lookup(reader, tax)
            if sent > committed + POLL_MS / 1000 and name != "Công ty TNHH Hiệp Thành Mới":
                late.append((reader.port, sent - committed, name))
    assert late == []  # no answer older than the bound, on either reader
    assert [_lookup(r, tax) for r in replicas] == ["Công ty TNHH Hiệp Thành Mới"] * 3


def test_a_replica_killed_mid_upload_leaves_nothing_locked_or_half_written(
    replicas: list[Replica], clean_graph: Graph, tmp_path: Path
) -> None:
    first, second, victim = replicas
    key = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    big = _enterprises_file(tmp_path / "big.csv", ROWS).read_bytes()
    small = _csv([("3700635642", "Công ty Cổ phần Phú Hòa")])
    outcomes: dict[str, tuple[int, float]] = {}

    def upload(name: str, replica: Replica, body: bytes) -> None:
        try:
            response = httpx.post(
                replica.base + ENTERPRISES, content=body, headers=upload_headers(key), timeout=120
            )
            outcomes[name] = (response.status_code, time.monotonic())
        except httpx.HTTPError:
            outcomes[name] = (0, time.monotonic())

    doomed = threading.Thread(target=upload, args=("big", victim, big))
    doomed.start()
    deadline = time.monotonic() + 90
    while _test_firms(clean_graph) == 0:
        assert time.monotonic() < deadline and doomed.is_alive(), "the upload never wrote"
        time.sleep(0.02)
    assert [h["key"] for h in leases.held(clean_graph)] == ["upload:Enterprise"]
    waiting = threading.Thread(target=upload, args=("small", first, small))
    waiting.start()
    time.sleep(0.5)
    victim.kill()
    killed = time.monotonic()
    written = _test_firms(clean_graph)
    doomed.join(timeout=30)
    waiting.join(timeout=60)
    assert 0 < written < ROWS  # half-written when it died
    assert outcomes["big"][0] == 0  # the connection died with the replica
    # Its upload folder outlived it, until a hub starting on this machine removes it.
    spool = Path(tempfile.gettempdir())
    assert list(spool.glob(f"hub-upload-{victim.process.pid}-*"))
    remove_abandoned()
    assert not list(spool.glob(f"hub-upload-{victim.process.pid}-*"))
    # The other upload waited for the dead replica's lease to expire, then loaded.
    status, done = outcomes["small"]
    assert status == 200 and done > killed
    run = clean_graph.read("MATCH (r:LoadRun) WHERE r.rowsRead IS NULL RETURN r.status AS s")
    assert run == [{"s": "interrupted"}]

    # The same upload sent again through another replica resumes and completes it.
    response = httpx.post(
        second.base + ENTERPRISES, content=big, headers=upload_headers(key), timeout=180
    )
    assert response.status_code == 200 and response.json()["replayed"] is False
    assert response.json()["rows_loaded"] == ROWS
    assert _test_firms(clean_graph) == ROWS
    statuses = clean_graph.read("MATCH (r:LoadRun) RETURN collect(r.status) AS s")
    assert statuses == [{"s": ["loaded", "loaded"]}]
    assert leases.held(clean_graph) == []
