"""The loader's peak memory: ``hub load`` on a large file, as a subprocess.

The peak is the child's own high-water mark (``VmHWM``), read by the child as it
exits. ``wait4``'s ``ru_maxrss`` is no measure of it: Linux keeps the largest RSS of
the memory a process ever ran in, and a child runs in its parent's memory until it
execs, so it reported the bench's own peak (406-431 MB after the earlier steps, while
the loader peaked at 225-236 MB).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from bench.figures import Figures, note
from bench.ingest import csv_rows
from bench.serve import hub_env


def rows_label(rows: int) -> str:
    """``1m`` for about a million rows, ``100k`` for about a hundred thousand."""
    if rows >= 950_000:
        return f"{round(rows / 1_000_000)}m"
    if rows >= 1000:
        return f"{round(rows / 1000)}k"
    return str(rows)


# ``hub`` in a Python that writes its VmHWM (kB) to the file named first when it exits.
_CHILD = """
import atexit, sys
from pathlib import Path

def record(out=Path(sys.argv[1])):
    with open("/proc/self/status") as status:
        out.write_text(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

atexit.register(record)
from app.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def peak_rss(kind: str, path: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of ``hub load KIND PATH --json``."""
    return command_peak_rss(["load", kind, str(path), "--json"])


def command_peak_rss(
    args: list[str], stdout: IO[bytes] | int = subprocess.DEVNULL, timeout: float | None = None
) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of ``hub ARGS...`` in a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "vmhwm"
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(peak_file), *args],
            stdout=stdout,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=hub_env(),
        )
        returncode = proc.wait(timeout)
        seconds = time.perf_counter() - started
        if returncode != 0:  # the peak still stands; the caller reports the exit
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-300:]
            note(f"hub {' '.join(args[:2])} exited {returncode}: {tail}")
        kilobytes = int(peak_file.read_text()) if peak_file.exists() else 0
    return kilobytes / 1024, seconds, returncode


def run(path: Path, figures: Figures, kind: str = "trace_events") -> None:
    rows = csv_rows(path)
    note(f"hub load {kind} {path.name} ({rows} rows) as a subprocess, for its peak RSS")
    megabytes, seconds, status = peak_rss(kind, path)
    label = rows_label(rows)
    figures.add(f"loader_peak_rss_{label}_rows", megabytes, "MB")
    figures.add(f"loader_{label}_rows_subprocess", rows / seconds, "rows/s")
    figures.add(f"loader_{label}_rows_exit_status", status, "status")
