"""The peer as a subprocess on 127.0.0.1: installed with ``npm ci``, started, stopped."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.figures import note
from bench.serve import HOST, stop, wait_ready
from hub.settings import Settings

HERE = Path(__file__).resolve().parent
DEFAULT_PORT = 8795
# ``npm ci`` again only when the lock file changed.
_STAMP = HERE / "node_modules" / ".hub-installed"


def install() -> None:
    """``npm ci`` from the committed lock file (npm's cache keeps the downloads)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("the peer needs Node.js 20+ and npm (bench/run installs them)")
    digest = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    if _STAMP.exists() and _STAMP.read_text() == digest:
        return
    note("installing the peer (@neo4j/graphql) with npm ci")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )
    _STAMP.write_text(digest)


def _env(settings: Settings, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEO4J_URI=settings.neo4j_uri,
        NEO4J_USER=settings.neo4j_user,
        NEO4J_PASSWORD=settings.neo4j_password.reveal(),
        NEO4J_DATABASE=settings.neo4j_database or "neo4j",
        PEER_PORT=str(port),
        NODE_ENV="production",
    )
    return env


@contextmanager
def served(settings: Settings, port: int = DEFAULT_PORT) -> Iterator[str]:
    """Run the peer until the block ends; yields its base URL."""
    install()
    base = f"http://{HOST}:{port}"
    proc = subprocess.Popen(
        ["node", str(HERE / "server.mjs")],
        cwd=HERE,
        env=_env(settings, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_ready(base, proc)
        note(f"peer (@neo4j/graphql) on {base} (pid {proc.pid})")
        yield base
    finally:
        stop(proc)
