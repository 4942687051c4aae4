"""Neo4j going away under a load and under the running API, on a private server.

The module starts its own Neo4j (home in a temporary folder, Bolt 7693, HTTP 7483) with
``hub neo4j start`` and stops it with ``hub neo4j stop``, so stopping it mid-test touches
no other server. Both the loader and the API run as ``hub`` subprocesses.
"""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.conftest import DATA, graph_fingerprint, load
from tests.ports import free_port
from tests.reliability.test_interrupted_load import _enterprises_file

pytestmark = pytest.mark.slow

ROWS = 12_000
STOP_AFTER = 3_000
QUERY = '{ enterprise(taxCode: "3700635642") { name } }'
INTERNALS = ("Traceback", "neo4j.", "MATCH (", "RETURN ", "/work/", "bolt://", "7693")
FIGURES: dict[str, float] = {}


@dataclass
class Private:
    env: dict[str, str]
    settings: Settings


def _hub(env: dict[str, str], *argv: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _start(env: dict[str, str]) -> None:
    done = _hub(env, "neo4j", "start")
    assert done.returncode == 0, done.stderr


def _stop(env: dict[str, str]) -> None:
    done = _hub(env, "neo4j", "stop", timeout=90)
    assert done.returncode == 0, done.stderr


def private_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a hub command aimed at a private local server in ``home``."""
    return {
        **os.environ,
        "HUB_NEO4J_HOME": str(home),
        "HUB_NEO4J_BOLT_PORT": "7693",
        "HUB_NEO4J_HTTP_PORT": "7483",
        "NEO4J_URI": "neo4j://127.0.0.1:7693",
        "HUB_LOCAL_NEO4J": "1",
        "HUB_NEO4J_HEAP": "512m",
        "HUB_NEO4J_PAGECACHE": "256m",
        **extra,
    }


@contextmanager
def private_ports(seconds: float = 400) -> Iterator[None]:
    """Hold 7693/7483 for this module: another run of these suites on the machine waits
    on the same lock file (bounded), so two private servers never race for the ports."""
    with open("/tmp/hub-reliability-7693.lock", "w") as lock:
        deadline = time.monotonic() + seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "another run held the private ports"
                time.sleep(1)
        try:
            for port in (7693, 7483):
                while True:
                    with socket.socket() as sock:
                        if sock.connect_ex(("127.0.0.1", port)) != 0:
                            break
                    assert time.monotonic() < deadline, f"port {port} stayed taken"
                    time.sleep(1)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    home = tmp_path_factory.mktemp("neo4j-faults")
    env = private_env(home)
    with private_ports():
        try:
            started = time.monotonic()
            _start(env)
            FIGURES["first_start_s"] = time.monotonic() - started
            settings = Settings.from_env(env)
            with Graph(settings) as graph:
                admin.bootstrap(graph)
            yield Private(env, settings)
        finally:
            _hub(env, "neo4j", "stop", timeout=90)


def _count(graph: Graph) -> int:
    return int(graph.read("MATCH (e:Enterprise) RETURN count(e) AS n")[0]["n"])


def _load_cmd(path: Path) -> list[str]:
    return [sys.executable, "-m", "app.cli", "load", "enterprises", str(path), "--json"]


def test_stopping_neo4j_mid_load_exits_cleanly_and_a_rerun_converges(
    private: Private, tmp_path: Path
) -> None:
    path = _enterprises_file(tmp_path / "big.csv", ROWS)
    with Graph(private.settings) as graph:
        admin.clear_data(graph)
        started = time.monotonic()
        assert load(graph, "enterprises", path).ok
        FIGURES["clean_load_s"] = time.monotonic() - started
        clean = graph_fingerprint(graph, ignore_times=True)
        admin.clear_data(graph)

        stderr_path = tmp_path / "stderr.txt"
        with stderr_path.open("w") as stderr:
            process = subprocess.Popen(
                _load_cmd(path), env=private.env, stdout=subprocess.PIPE, stderr=stderr, text=True
            )
            deadline = time.monotonic() + 120
            while _count(graph) < STOP_AFTER and process.poll() is None:
                assert time.monotonic() < deadline, "the load made no progress"
                time.sleep(0.05)
            assert process.poll() is None, "the load finished before Neo4j could be stopped"
            rows_in = _count(graph)
            _stop(private.env)
            stopped = time.monotonic()
            stdout, _ = process.communicate(timeout=120)
            FIGURES["loader_exit_after_stop_s"] = time.monotonic() - stopped
        message = stderr_path.read_text()
        assert process.returncode != 0, stdout
        assert "Traceback" not in message, message
        lines = message.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("hub: "), message
        assert "not reachable" in lines[0] or "connection" in lines[0], message
        FIGURES["rows_in_when_stopped"] = rows_in

        _start(private.env)
        rerun = subprocess.run(
            _load_cmd(path), env=private.env, capture_output=True, text=True, timeout=180
        )
        assert rerun.returncode == 0, rerun.stderr
        assert "Traceback" not in rerun.stderr
        assert graph_fingerprint(graph, ignore_times=True) == clean
    print(FIGURES)


@pytest.fixture
def served(private: Private) -> Iterator[httpx.Client]:
    with Graph(private.settings) as graph:
        admin.clear_data(graph)
        assert load(graph, "enterprises", DATA / "loaders" / "enterprises.csv").ok
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=private.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, "hub serve exited"
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "hub serve did not come up"
                time.sleep(0.2)
            yield client
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ask(client: httpx.Client) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = client.post("/graphql", json={"query": QUERY})
    return response, time.monotonic() - started


def test_the_api_fails_fast_while_neo4j_is_down_and_recovers_without_a_restart(
    private: Private, served: httpx.Client
) -> None:
    response, _ = _ask(served)
    assert response.status_code == 200
    assert response.json()["data"]["enterprise"]["name"], response.text
    assert served.get("/readyz").status_code == 200

    _stop(private.env)
    try:
        for attempt in range(3):
            response, seconds = _ask(served)
            FIGURES[f"down_query_{attempt}_s"] = seconds
            assert seconds < 5, f"a request took {seconds:.1f} s while Neo4j was down"
            assert response.status_code < 500 or response.status_code == 503, response.text
            body = response.json()
            assert body.get("data") in (None, {"enterprise": None}), body
            codes = {e["extensions"]["code"] for e in body["errors"]}
            assert codes == {"SERVICE_UNAVAILABLE"}, body  # retry later, not a bug
            assert int(response.headers["Retry-After"]) >= 1
            assert not any(word in response.text for word in INTERNALS), response.text
            started = time.monotonic()
            ready = served.get("/readyz")
            FIGURES[f"down_readyz_{attempt}_s"] = time.monotonic() - started
            assert ready.status_code == 503, ready.text
            assert FIGURES[f"down_readyz_{attempt}_s"] < 5
    finally:
        _start(private.env)

    deadline = time.monotonic() + 30
    while served.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "/readyz did not recover"
        time.sleep(0.2)
    response, _ = _ask(served)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["enterprise"]["name"]
    print(FIGURES)
