"""One coherent /metrics per container: ``hub serve --workers 2`` counts both workers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hub import __version__
from hub.graph.driver import Graph
from tests.ports import free_port
from tests.scaleout.test_replicas import Replica, _wait_ready

pytestmark = pytest.mark.slow


def _count(text: str, route: str) -> float:
    labels = f'method="GET",route="{route}",status="200"'
    pattern = rf"^hub_http_requests_total\{{{re.escape(labels)}\}} ([0-9.e+]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_two_workers_answer_one_scrape_for_both(graph: Graph, tmp_path: Path) -> None:
    port = free_port()
    folder = tmp_path / "metrics"
    cmd = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*cmd, "--workers", "2"],
        env={**os.environ, "HUB_LOG_LEVEL": "WARNING", "PROMETHEUS_MULTIPROC_DIR": str(folder)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Replica(port, process)
    try:
        _wait_ready([server])
        for _ in range(60):  # new connections: the workers take turns accepting them
            assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200
        assert len(list(folder.glob("counter_*.db"))) == 2  # both workers counted some
        scrapes = [httpx.get(f"{server.base}/metrics", timeout=30).text for _ in range(6)]
        counts = {_count(text, "/healthz") for text in scrapes}
        assert counts == {60.0}  # every scrape, whichever worker answers, counts all 60
        assert all(f'hub_build_info{{version="{__version__}"}} 1.0' in text for text in scrapes)
        assert all("hub_graph_up 1.0" in text for text in scrapes)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
