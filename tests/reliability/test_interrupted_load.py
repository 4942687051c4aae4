"""A load killed halfway and run again converges to the graph a clean load gives."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from stdnum.vn import mst

from hub.graph.driver import Graph
from tests.conftest import graph_fingerprint, load

pytestmark = pytest.mark.slow

_WARDS = [
    "Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương",
    "Phường Lái Thiêu, Thành phố Thuận An, Tỉnh Bình Dương",
    "Thị trấn Phước Vĩnh, Huyện Phú Giáo, Tỉnh Bình Dương",
]


def _tax_codes(count: int) -> list[str]:
    codes: list[str] = []
    body = 370200000
    while len(codes) < count:
        digit = mst.calc_check_digit(str(body))
        if len(digit) == 1:
            codes.append(f"{body}{digit}")
        body += 1
    return codes


def _enterprises_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã số thuế", "Tên doanh nghiệp", "Địa chỉ", "Quy mô"])
        for i, code in enumerate(_tax_codes(rows)):
            writer.writerow([code, f"Công ty TNHH Thử Nghiệm {i}", _WARDS[i % 3], "nhỏ"])
    return path


def _hub_load(path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "load", "enterprises", str(path), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A killed load's lease on Enterprise expires this soon (the re-run waits for it).
        env={**os.environ, "HUB_UPLOAD_LEASE_SECONDS": "1"},
    )


def _count(graph: Graph) -> int:
    return int(graph.read("MATCH (e:Enterprise) RETURN count(e) AS n")[0]["n"])


def test_sigkill_at_several_points_then_rerun_equals_a_clean_load(
    clean_graph: Graph, tmp_path: Path
) -> None:
    path = _enterprises_file(tmp_path / "enterprises.csv", 15_000)
    assert load(clean_graph, "enterprises", path).ok
    clean = graph_fingerprint(clean_graph, ignore_times=True)

    # Killed while its rows are written (after the first of three chunks), then once
    # all rows are in, while the derived links are refreshed (a fast load may finish
    # before that second kill).
    kills = 0
    for fraction in (0.2, 0.8):
        from hub.graph import admin

        admin.clear_data(clean_graph)
        process = _hub_load(path)
        deadline = time.monotonic() + 120
        while _count(clean_graph) < 15_000 * fraction and process.poll() is None:
            assert time.monotonic() < deadline, "the load made no progress"
            time.sleep(0.05)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        report = load(clean_graph, "enterprises", path)
        assert report.ok and report.rows_rejected == 0
        assert graph_fingerprint(clean_graph, ignore_times=True) == clean
    assert kills >= 1, "the load finished before it could be killed: make the file larger"
