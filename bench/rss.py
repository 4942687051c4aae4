"""The loader's peak memory: ``hub load`` on a large file, as a subprocess.

The peak resident set size comes from ``wait4``'s resource usage of that one child,
so nothing else the bench runs is counted.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench.figures import Figures, note
from bench.ingest import csv_rows
from bench.serve import hub_command, hub_env


def rows_label(rows: int) -> str:
    """``1m`` for about a million rows, ``100k`` for about a hundred thousand."""
    if rows >= 950_000:
        return f"{round(rows / 1_000_000)}m"
    if rows >= 1000:
        return f"{round(rows / 1000)}k"
    return str(rows)


def peak_rss(kind: str, path: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of ``hub load KIND PATH --json``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [*hub_command(), "load", kind, str(path), "--json"],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=hub_env(),
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:  # the peak still stands; the caller reports the exit
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-300:]
            note(f"hub load {kind} {path.name} exited {proc.returncode}: {tail}")
    return usage.ru_maxrss / 1024, seconds, proc.returncode  # Linux reports kB


def run(path: Path, figures: Figures, kind: str = "trace_events") -> None:
    rows = csv_rows(path)
    note(f"hub load {kind} {path.name} ({rows} rows) as a subprocess, for its peak RSS")
    megabytes, seconds, status = peak_rss(kind, path)
    label = rows_label(rows)
    figures.add(f"loader_peak_rss_{label}_rows", megabytes, "MB")
    figures.add(f"loader_{label}_rows_subprocess", rows / seconds, "rows/s")
    figures.add(f"loader_{label}_rows_exit_status", status, "status")
