"""``hub load --dry-run --offline``: a clerk checks a file's columns, values and codes
with no Neo4j at all; linking is reported as not checked."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.agency.forms import table_csv

ROWS = [
    ["Số giấy chứng nhận", "Loại", "Mã số thuế", "Tên doanh nghiệp", "Quy chuẩn áp dụng",
     "Ngày cấp", "Ngày hết hạn"],
    ["HQ-01", "chứng nhận hợp quy", "3700635642", "", "QCVN 8-2:2011/BYT", "01/03/2024", ""],
    ["HQ-02", "công bố hợp quy", "", "Cơ sở Trứng gà Ba Huân", "QCVN 8-2:2011/BYT",
     "02/03/2024", ""],
    ["HQ-03", "hợp quy", "3700635643", "", "QCVN 8-2:2011/BYT", "02/03/2024", ""],
    ["HQ-04", "hợp quy", "3702445566", "", "QCVN 8-2:2011/BYT", "31/02/2024", ""],
]  # fmt: skip


def _hub(args: list[str], neo4j_uri: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "HUB_LOCAL_NEO4J": "0", "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_offline_dry_run_never_connects_and_checks_everything_but_links(
    tmp_path: Path,
) -> None:
    path = table_csv(tmp_path / "gcn.csv", ROWS)
    # A port that listens but is never served: a connection attempt would wait there.
    with socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))
        trap.listen(8)
        trap.setblocking(False)
        uri = f"neo4j://127.0.0.1:{trap.getsockname()[1]}"
        done = _hub(["load", "certificates", str(path), "--dry-run", "--offline", "--json"], uri)
        try:
            trap.accept()
            connected = True
        except BlockingIOError:
            connected = False
    assert not connected, "the offline dry run opened a connection to NEO4J_URI"
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "validated" and report["linking_checked"] is False
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (4, 2, 2)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (4, "tax_code", "invalid-tax-code"),
        (5, "issued_on", "bad-date"),
    ]
    assert any("not checked" in w and "1 rows" in w for w in report["warnings"]), report


def test_offline_on_a_closed_port_reports_in_words(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = table_csv(tmp_path / "gcn.csv", ROWS)
    done = _hub(
        ["load", "certificates", str(path), "--offline", "--lang", "vi"],
        f"neo4j://127.0.0.1:{port}",
    )
    assert done.returncode == 0, done.stderr
    assert "chưa kiểm tra (ngoại tuyến)" in done.stdout
    assert "ngày" in done.stdout.lower()  # the bad date, in Vietnamese
