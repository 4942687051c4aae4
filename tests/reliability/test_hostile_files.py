"""Hostile files (tests/data/bad/hostile.py) through the ingest service, the command line
and the upload API, against the real graph.

Every file gets its verdict and a stable code; a refused file changes nothing, wherever
the refusal is found; nothing non-finite, no look-alike digit and no invisible character
is stored; every stored record names a LoadRun that exists; ``hub load`` stays within
300 MB whatever the file declares; non-regular paths are refused without hanging.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.rss import command_peak_rss
from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.conftest import DATA, NOT_RECORDS, graph_fingerprint, load
from tests.data.bad import hostile
from tests.partner.conftest import bearer, new_key, serve

GOOD = DATA / "loaders" / "enterprises.csv"
MAX_RSS_MB = 300

_ORPHANS = (
    "MATCH (n) WHERE NOT "
    + NOT_RECORDS
    + """ AND NOT (n:LoadRun OR n:ApiKey)
OPTIONAL MATCH (r:LoadRun) WHERE r.key IN coalesce(n.loadRuns, [])
WITH n, count(r) AS runs
WHERE runs = 0 OR runs < size(n.loadRuns)
RETURN labels(n) AS labels, n.key AS key LIMIT 5
"""
)
_NOT_FINITE = """
MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: FLOAT
  AND (isNaN(n[k]) OR abs(n[k]) > 1.7976931348623157e308))
RETURN labels(n) AS labels, n.key AS key LIMIT 5
"""
_KEYS_OF = "MATCH (e:Enterprise) WHERE e.name = $name RETURN e.key AS key"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every hostile file: the committed ones, and the big ones built once here."""
    scratch = tmp_path_factory.mktemp("hostile")
    return {name: hostile.path_of(name, scratch) for name in hostile.CASES}


@pytest.fixture(scope="module")
def seeded(graph: Graph) -> Iterator[Graph]:
    admin.clear_data(graph)
    assert load(graph, "enterprises", GOOD).ok
    yield graph
    admin.clear_data(graph)


def _check(name: str, report: dict[str, Any]) -> None:
    case = hostile.CASES[name]
    assert report["status"] in ("loaded", "refused", "validated"), report
    if case.status == "refused":
        assert report["status"] == "refused", f"{name} should be refused: {report}"
        assert report["refused_code"] == case.code, report["refused"]
        assert "Traceback" not in report["refused"] and len(report["refused"]) < 2000
    else:
        assert report["status"] != "refused", f"{name}: {report['refused']}"
        if case.code:
            assert case.code in report["rejected_by_code"], report["errors"][:5]
        codes = {error["code"] for error in report["errors"]}
        assert codes <= set(report["rejected_by_code"]), codes


@pytest.mark.parametrize("name", sorted(hostile.CASES))
def test_each_hostile_file_gets_its_verdict_and_code(
    seeded: Graph, files: dict[str, Path], name: str
) -> None:
    before = graph_fingerprint(seeded)
    report = load(seeded, hostile.CASES[name].kind, files[name])
    data = report.as_dict()
    _check(name, data)
    if not report.ok:
        assert graph_fingerprint(seeded) == before, "a refused file changed the graph"
    assert seeded.read(_NOT_FINITE) == []
    assert seeded.read(_ORPHANS) == [], "a record names no LoadRun"
    json.dumps(data, allow_nan=False)  # the report itself is valid JSON


def test_look_alike_digits_make_one_firm(
    seeded: Graph, files: dict[str, Path], tmp_path: Path
) -> None:
    report = load(seeded, "enterprises", files["tax_codes_lookalike.csv"])
    assert (report.rows_loaded, report.rejected_by_code) == (1, {"duplicate-record": 3})
    assert seeded.read(_KEYS_OF, {"name": "Công ty Ba Mặt"}) == [{"key": hostile.FIRM}]
    for i, code in enumerate(hostile.LOOKALIKES):  # other kinds name the same firm so
        award = tmp_path / f"award-{i}.csv"
        award.write_text(f"tax_code,award,year\n{code},national_quality_award,2022\n", "utf-8")
        assert load(seeded, "awards", award).rows_loaded == 1
    held = seeded.read(
        "MATCH (e:Enterprise)-[]-(a:Award) RETURN collect(DISTINCT e.key) AS firms, "
        "count(DISTINCT a) AS awards"
    )
    assert held == [{"firms": [hostile.FIRM], "awards": 1}]


def test_arabic_indic_digits_are_named(seeded: Graph, files: dict[str, Path]) -> None:
    report = load(seeded, "enterprises", files["tax_codes_arabic_indic.csv"])
    (error,) = report.errors
    assert error.code == "invalid-tax-code"
    assert "U+0663" in error.reason and "arabic-indic digit three" in error.reason


def test_invisible_characters_are_stripped(seeded: Graph, files: dict[str, Path]) -> None:
    report = load(seeded, "enterprises", files["text_invisible.csv"])
    (error,) = report.errors
    assert (error.column, error.code, error.reason) == (
        "name",
        "missing-value",
        "a value is required",
    )
    stored = seeded.read(_KEYS_OF, {"name": hostile.BIDI_CLEAN})
    assert stored == [{"key": hostile.corpus.TAX_CODES[2]}]


def test_numbers_out_of_range_are_row_errors_in_dry_runs_too(
    seeded: Graph, files: dict[str, Path]
) -> None:
    for dry_run in (True, False):
        report = load(seeded, "measurement", files["numbers_out_of_range.csv"], dry_run=dry_run)
        assert report.ok and report.rows_loaded == 1
        assert report.rejected_by_code == {"out-of-range": 6}
    run = seeded.read(
        "MATCH (r:LoadRun {key: $run}) RETURN r.rejectedByCode AS codes", {"run": report.load_run}
    )
    assert [json.loads(r["codes"]) for r in run] == [{"out-of-range": 6}]
    quantities = load(seeded, "trace_events", files["trace_quantities.csv"])
    assert (quantities.rows_loaded, quantities.rejected_by_code) == (1, {"out-of-range": 4})
    # Later queries over quantity still work: nothing non-finite reached the graph.
    rows = seeded.read("MATCH (e:TraceEvent) RETURN sum(e.quantity) AS total")
    assert rows == [{"total": 12.5}]


def test_epcis_bad_events_are_rows_and_the_rest_loads(
    seeded: Graph, files: dict[str, Path]
) -> None:
    report = load(seeded, "epcis", files["epcis_mixed_events.json"])
    assert report.ok, report.refused
    assert report.rows_loaded == 3
    assert report.rejected_by_code == {"wrong-type": 1, "unknown-value": 1, "out-of-range": 1}
    assert [e.row for e in report.errors] == [4, 5, 6]


# Atomic refusal --------------------------------------------------------------------------


def _hub(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_a_csv_broken_at_line_6000_writes_nothing_through_the_cli(
    seeded: Graph, files: dict[str, Path]
) -> None:
    before = graph_fingerprint(seeded)
    done = _hub("load", "enterprises", str(files["csv_unclosed_quote_at_6000.csv"]), "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert report["refused_code"] == "broken-csv" and "line 6000" in report["refused"]
    assert graph_fingerprint(seeded) == before


async def test_a_csv_broken_at_line_6000_writes_nothing_through_the_api(
    seeded: Graph, settings: Settings, files: dict[str, Path]
) -> None:
    token = new_key(seeded, "Sở Thử Nghiệm", ["enterprises"])
    before = graph_fingerprint(seeded)
    async with serve(seeded, settings) as client:
        response = await client.post(
            "/api/v1/datasets/enterprises",
            content=files["csv_unclosed_quote_at_6000.csv"].read_bytes(),
            headers={**bearer(token), "Content-Type": "text/csv"},
        )
    assert response.status_code == 422
    assert response.json()["refused_code"] == "broken-csv"
    assert graph_fingerprint(seeded) == before


# Paths that are not files -------------------------------------------------------------------


def test_paths_that_are_not_regular_files_are_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, what in (
        (fifo, "a named pipe"),
        (Path("/dev/zero"), "a device"),
        (tmp_path, "a folder"),
    ):
        done = _hub("load", "enterprises", str(path), "--json", timeout=60)
        assert done.returncode == 1, done.stderr
        report = json.loads(done.stdout)
        assert report["refused_code"] == "not-a-file"
        assert f"not a regular file ({what})" in report["refused"]


# Every file through the command line (its peak RSS) and the upload API -----------------------


@pytest.mark.slow
def test_every_hostile_file_through_the_cli_within_300_mb(
    seeded: Graph, files: dict[str, Path], tmp_path: Path
) -> None:
    groups: dict[tuple[str, str], list[str]] = {}
    for name, case in hostile.CASES.items():
        groups.setdefault((case.group, case.kind), []).append(name)
    for (group, kind), names in sorted(groups.items()):
        out = tmp_path / f"{group}-{kind}.out"
        with out.open("wb") as stdout:
            args = ["load", kind, *(str(files[n]) for n in names), "--json", "--dry-run"]
            peak, _, status = command_peak_rss(args, stdout=stdout, timeout=600)
        reports = [json.loads(line) for line in out.read_text().splitlines()]
        assert [Path(r["file"]).name for r in reports] == names
        for name, report in zip(names, reports, strict=True):
            _check(name, report)
        assert status in (0, 1)
        assert peak <= MAX_RSS_MB, f"{group}/{kind}: peak RSS {peak:.0f} MB"


async def test_every_hostile_file_through_the_upload_api(
    seeded: Graph, settings: Settings, files: dict[str, Path]
) -> None:
    kinds = sorted({case.kind for case in hostile.CASES.values()})
    token = new_key(seeded, "Sở Tấn Công", kinds)
    async with serve(seeded, settings) as client:
        for name, case in hostile.CASES.items():
            response = await client.post(
                f"/api/v1/datasets/{case.kind}?dry_run=true&filename={name}",
                content=files[name].read_bytes(),
                headers={**bearer(token), "Content-Type": _media(name)},
            )
            assert response.status_code == (422 if case.status == "refused" else 200), name
            _check(name, response.json())


def _media(name: str) -> str:
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if name.endswith(".jsonl"):
        return "application/x-ndjson"
    return "application/json" if name.endswith(".json") else "text/csv"


@pytest.mark.slow
def test_an_epcis_event_with_200000_epcs_loads_in_bounded_transactions(
    seeded: Graph, tmp_path: Path
) -> None:
    path = hostile.huge_event(tmp_path / "huge.json", 200_000)
    out = tmp_path / "huge.out"
    with out.open("wb") as stdout:
        peak, _, status = command_peak_rss(["load", "epcis", str(path), "--json"], stdout, 900)
    report = json.loads(out.read_text())
    assert status == 0 and report["status"] == "loaded", report["refused"]
    assert report["rows_loaded"] == 2
    assert peak <= MAX_RSS_MB, f"peak RSS {peak:.0f} MB"
    about = seeded.read(
        "MATCH (:TraceEvent {key: 'urn:uuid:hostile-huge'})-[r:ABOUT]->(:Lot) RETURN count(r) AS n"
    )
    assert about == [{"n": 200_000}]
    assert seeded.read(_ORPHANS) == []
