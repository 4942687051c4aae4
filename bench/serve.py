"""``hub serve`` as a subprocess on 127.0.0.1, for the HTTP benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.figures import note

DEFAULT_PORT = 8790
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def hub_env() -> dict[str, str]:
    """This environment, with the project root first on the import path: an editable
    install made before a package existed may map it as a namespace package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def hub_command() -> list[str]:
    """The ``hub`` entry point of this interpreter's environment."""
    script = Path(sys.executable).with_name("hub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


@contextmanager
def served(workers: int = 1, port: int = DEFAULT_PORT, log: Path | None = None) -> Iterator[str]:
    """Run ``hub serve --workers N`` until the block ends; yields the base URL. The
    response cache is off: these figures are what a query costs (``bench.cached``
    measures the cache)."""
    with served_process(workers, port, log) as (base, _):
        yield base


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@contextmanager
def served_process(
    workers: int = 1, port: int = DEFAULT_PORT, log: Path | None = None, cache: bool = False
) -> Iterator[tuple[str, int]]:
    """``served``, also yielding the server's process group (for ``cpu_seconds``)."""
    base = f"http://{HOST}:{port}"
    cmd = [*hub_command(), "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers)]
    sink = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        cmd,
        stdout=sink,
        stderr=sink,
        stdin=subprocess.DEVNULL,
        env={**hub_env(), "HUB_CACHE_ENABLED": "true" if cache else "false"},
        start_new_session=True,  # its own group: the workers stop with it
    )
    try:
        wait_ready(base, proc)
        note(f"hub serve --workers {workers} on {base} (pid {proc.pid})")
        yield base, proc.pid
    finally:
        stop(proc)
        if log:
            sink.close()  # type: ignore[union-attr]


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"hub serve exited with {proc.returncode} during start")
        try:
            if httpx.get(f"{base}/readyz", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"hub serve did not become ready on {base} within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
