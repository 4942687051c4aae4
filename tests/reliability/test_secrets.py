"""No password or API key in logs, errors, the repository or the process list.

The module starts a private Neo4j (temporary home, Bolt 7693, HTTP 7483; the faults
suite uses the same ports, one module after the other) whose password is a fresh
random one, so any leak of it is unambiguous. Keys at rest are hashed: see
``tests/partner/test_auth.py::test_keys_are_stored_only_as_hashes``; this module checks
the same of the key it creates for its uploads.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from hub.auth import create_key
from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import _DEV_PASSWORD, PROJECT_ROOT, Settings
from loaders.registry import KINDS
from tests.conftest import DATA
from tests.ports import free_port
from tests.reliability.test_neo4j_faults import private_env, private_ports

pytestmark = pytest.mark.slow

PASSWORD = "pw-" + secrets.token_hex(12)
WRONG = "wrong-" + secrets.token_hex(12)
ENTERPRISES = DATA / "loaders" / "enterprises.csv"
QUERY = '{ enterprise(taxCode: "3700635642") { name } }'
ALLOWED = {"hub/settings.py", "docker-compose.yml", "README.md"}


@dataclass
class Private:
    env: dict[str, str]
    settings: Settings
    home: Path


def _hub(env: dict[str, str], *argv: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    home = tmp_path_factory.mktemp("neo4j-secrets")
    env = private_env(home, NEO4J_PASSWORD=PASSWORD, HUB_LOG_LEVEL="DEBUG")
    with private_ports():
        try:
            done = _hub(env, "neo4j", "start")
            assert done.returncode == 0, done.stderr
            assert PASSWORD not in done.stdout + done.stderr
            settings = Settings.from_env(env)
            with Graph(settings) as graph:
                admin.bootstrap(graph)
                admin.clear_data(graph)
            yield Private(env, settings, home)
        finally:
            _hub(env, "neo4j", "stop", timeout=90)


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], httpx.Client]:
    port = free_port()
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if client.get("/healthz").status_code == 200:
                return process, client
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "hub serve did not come up"
        time.sleep(0.2)


def _stop_serving(process: subprocess.Popen[bytes], client: httpx.Client) -> None:
    client.close()
    process.terminate()
    process.wait(timeout=30)


def _leaks(text: str, *needles: str) -> list[str]:
    return [needle for needle in needles if needle and needle in text]


def _secret(token: str) -> str:
    """The secret part of ``pdh_<id>_<secret>``; the secret itself may contain ``_``."""
    return token.split("_", 2)[2]


def _neo4j_pid(home: Path) -> int:
    return int((home / "run" / "hub-neo4j.pid").read_text().strip())


def test_the_neo4j_process_has_no_password_on_its_command_line_or_in_its_environment(
    private: Private,
) -> None:
    proc = Path("/proc") / str(_neo4j_pid(private.home))
    cmdline = (proc / "cmdline").read_bytes()
    environ = (proc / "environ").read_bytes()
    assert b"java" in cmdline
    for secret in (PASSWORD, _DEV_PASSWORD):
        assert secret.encode() not in cmdline
        assert secret.encode() not in environ
    assert b"NEO4J_PASSWORD" not in environ
    conf = (private.home / "conf" / "neo4j.conf").read_text()
    assert PASSWORD not in conf


def test_logs_and_answers_hold_neither_password_nor_api_key(
    private: Private, tmp_path: Path
) -> None:
    with Graph(private.settings) as graph:
        key = create_key(graph, "Sở Kế hoạch và Đầu tư", ["enterprises"], KINDS)
        stored = graph.read("MATCH (k:ApiKey) RETURN properties(k) AS p")
        assert stored and not _leaks(str(stored), key.token, _secret(key.token))

    log = tmp_path / "serve.log"
    process, client = _serve(private.env, log)
    answers: list[str] = []
    try:
        for _ in range(2):
            answers.append(client.post("/graphql", json={"query": QUERY}).text)
        body = ENTERPRISES.read_bytes()
        url = "/api/v1/datasets/enterprises?filename=enterprises.csv"
        for header in (f"Bearer {key.token}", f"Bearer {key.token}x", "Bearer nonsense"):
            response = client.post(
                url, content=body, headers={"Authorization": header, "Content-Type": "text/csv"}
            )
            answers.append(response.text)
        assert '"rowsLoaded"' in answers[2] or "loaded" in answers[2].lower(), answers[2]
        answers.append(client.get("/readyz").text)
        answers.append(client.get("/metrics").text)
    finally:
        _stop_serving(process, client)
    text = log.read_text()
    assert '"logger": "hub.http"' in text, text[:2000]
    assert not _leaks(text, PASSWORD, key.token, _secret(key.token))
    assert not _leaks("\n".join(answers), PASSWORD, key.token, _secret(key.token))

    loaded = _hub(private.env, "load", "enterprises", str(ENTERPRISES), "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert not _leaks(loaded.stdout + loaded.stderr, PASSWORD)
    listed = _hub(private.env, "keys", "list", "--json")
    assert listed.returncode == 0 and key.key_id in listed.stdout
    assert not _leaks(listed.stdout + listed.stderr, PASSWORD, key.token, _secret(key.token))


def test_a_wrong_password_reveals_neither_password(private: Private, tmp_path: Path) -> None:
    env = {**private.env, "NEO4J_PASSWORD": WRONG}
    log = tmp_path / "serve.log"
    process, client = _serve(env, log)
    try:
        response = client.post("/graphql", json={"query": QUERY})
        ready = client.get("/readyz")
    finally:
        _stop_serving(process, client)
    assert response.status_code < 500, response.text
    errors = response.json()["errors"]
    assert errors and errors[0]["extensions"]["code"] == "INTERNAL", errors
    assert ready.status_code == 503
    for text in (response.text, ready.text):
        assert not _leaks(text, PASSWORD, WRONG, "Traceback", "neo4j.")
    # The log may hold the stack of the INTERNAL error (for operators), but no secret.
    assert not _leaks(log.read_text(), PASSWORD, WRONG)

    loaded = _hub(env, "load", "enterprises", str(ENTERPRISES), "--json")
    assert loaded.returncode != 0
    assert "Traceback" not in loaded.stderr
    assert not _leaks(loaded.stdout + loaded.stderr, PASSWORD, WRONG)
    assert "password" in loaded.stderr or "credentials" in loaded.stderr, loaded.stderr
    time.sleep(5.5)  # Neo4j locks a user for 5 s after repeated failed logins


def test_the_dev_password_is_only_in_settings_compose_readme_and_docs() -> None:
    done = subprocess.run(
        ["git", "grep", "-l", "-F", _DEV_PASSWORD],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    hits = done.stdout.split()
    assert "hub/settings.py" in hits
    others = [hit for hit in hits if hit not in ALLOWED and not hit.startswith("docs/")]
    assert not others, f"the dev password is written in {others}"
