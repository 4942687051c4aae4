"""The partner API as served by `hub serve`, fuzzed from its own live OpenAPI document.

schemathesis (pinned in the dev extra) runs as its CLI against ``/api/v1/openapi.json``
of a hub on a free port, with a valid key: zero 5xx, zero answers outside the document
(status, media type, headers, body schema), and no traceback in the hub's log. The
check ``positive_data_acceptance`` is left out: the schema says "a file", so random bytes
are schema-valid, and the hub rightly refuses them (422 with the report).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.web.problems import MEDIA_TYPE
from hub.graph.driver import Graph
from loaders.registry import KINDS
from tests.partner.conftest import new_key
from tests.ports import free_port

pytestmark = pytest.mark.slow

EXAMPLES = 30


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``hub serve`` on a free port (its log in a file): its base URL and the log."""
    port = free_port()
    log = tmp_path_factory.mktemp("hub-serve") / "stderr.log"
    env = {**os.environ, "HUB_RATE_LIMIT_PER_MINUTE": "0", "HUB_AUTH_FAILURES_PER_MINUTE": "0"}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "hub serve did not come up"
            time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _raw(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "length_headers",
    [b"Content-Length: abc\r\n", b"Content-Length: 5\r\nContent-Length: 7\r\n"],
)
def test_a_bad_content_length_gets_the_problem_envelope(
    hub: tuple[str, Path], length_headers: bytes
) -> None:
    base, _ = hub
    answer = _raw(
        base,
        b"POST /api/v1/datasets/enterprises HTTP/1.1\r\nHost: hub\r\n"
        + length_headers
        + b"\r\nabcdefg",
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    assert lines[0] == "HTTP/1.1 400 Bad Request"
    assert headers["content-type"] == MEDIA_TYPE
    problem = json.loads(body)
    assert (problem["status"], problem["code"]) == (400, "malformed-request")
    assert problem["requestId"] == headers["x-request-id"]


def test_schemathesis_finds_no_5xx_and_no_schema_violation(
    hub: tuple[str, Path], graph: Graph, tmp_path: Path
) -> None:
    base, log = hub
    key = new_key(graph, "Kiểm thử", list(KINDS))
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(EXAMPLES),
        "--workers",
        "1",  # uploads beyond HUB_MAX_CONCURRENT_UPLOADS are 503 by design
        "--generation-database",
        "none",
        "--no-color",
    ]
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    assert "Traceback" not in log.read_text(), log.read_text()[-4000:]
    cases = re.search(r"\d+ generated[^\n]*", output)
    assert cases is not None, output[-2000:]
    print(f"schemathesis_cases: {cases.group(0)} in {seconds:.0f} s")
