"""The bad-input corpus (tests/data/bad/) through the real loaders and the real graph.

Every file gets a clear report or refusal (never a traceback), nothing stored is
corrupted (NFC, no control characters, hostile text kept verbatim as data, formulas
never evaluated) and the records loaded before it are untouched.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hub import messages
from hub.graph import admin
from hub.graph.driver import Graph
from tests.conftest import DATA, SHARED, graph_fingerprint, load
from tests.data.bad import make_corpus as corpus

BAD = DATA / "bad"
GOOD = [
    ("enterprises", DATA / "loaders" / "enterprises.csv"),
    ("certificates", DATA / "loaders" / "certificates.csv"),
    ("awards", DATA / "loaders" / "awards.csv"),
    ("measurement", DATA / "loaders" / "measurement.csv"),
    ("programme_support", DATA / "loaders" / "programme_support.csv"),
    ("products", DATA / "loaders" / "products.json"),
    ("trace_events", DATA / "loaders" / "trace_events.csv"),
    ("epcis", SHARED / "third_party" / "gs1-epcis" / "JSON" / "Example_9.6.1-ObjectEvent.jsonld"),
]
CASES = sorted(corpus.corpus())
PARAMS = [pytest.param(k, c, id=f"{k}-{c}") for k, c in CASES]

_EXISTING = """
MATCH (n) WHERE elementId(n) IN $ids
OPTIONAL MATCH (n)-[r]->(m)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(r), properties(r), m.key]) AS rels
"""
# Loaded records; Standard nodes are shared reference points that every certificate
# load asserts again (their loadRuns grow), so they are not "earlier records"; nor are
# the flagship's tallies, counts every certificate load derives anew.
_LOADED = """
MATCH (n)
WHERE NOT (n:AdminUnit OR n:Programme OR n:Target OR n:HubSchema OR n:GraphVersion OR n:Standard
  OR n:RateWindow OR n:Lease OR n:SupplierTally)
RETURN elementId(n) AS id
"""
_TEXT = """
MATCH (n) WHERE NOT (n:AdminUnit OR n:Programme OR n:Target OR n:HubSchema OR n:GraphVersion
  OR n:RateWindow OR n:Lease)
  AND ($run IS NULL OR $run IN n.loadRuns)
RETURN labels(n) AS labels, properties(n) AS props
"""
_HAS_VALUE = """
MATCH (n) WHERE NOT (n:AdminUnit OR n:Programme OR n:Target OR n:HubSchema OR n:GraphVersion
  OR n:RateWindow OR n:Lease)
  AND any(k IN keys(n) WHERE n[k] = $value OR (n[k] IS :: LIST<STRING> AND $value IN n[k]))
RETURN count(n) AS n
"""
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n\t"} | {"\x7f"}


def _snapshot(graph: Graph, ids: list[str]) -> str:
    rows = graph.read(_EXISTING, {"ids": ids})
    return json.dumps(
        sorted(
            json.dumps([r["labels"], r["props"], sorted(map(str, r["rels"]))], default=str)
            for r in rows
        )
    )


@pytest.fixture(scope="module")
def seeded(graph: Graph) -> Iterator[tuple[Graph, list[str], str]]:
    """The good fixtures loaded once; their node ids and a snapshot of them."""
    admin.clear_data(graph)
    for kind, path in GOOD:
        assert load(graph, kind, path).ok, path
    ids = [r["id"] for r in graph.read(_LOADED)]
    yield graph, ids, _snapshot(graph, ids)
    admin.clear_data(graph)


def _stored_text_problems(graph: Graph, run: str | None = None) -> list[str]:
    """Text properties with control characters or not in NFC (of one load run's nodes)."""
    problems = []
    for row in graph.read(_TEXT, {"run": run}):
        for key, value in row["props"].items():
            for text in value if isinstance(value, list) else [value]:
                if not isinstance(text, str):
                    continue
                if _CONTROL & set(text):
                    problems.append(f"{row['labels']} {key}: control character in {text[:60]!r}")
                if not unicodedata.is_normalized("NFC", text):
                    problems.append(f"{row['labels']} {key}: not NFC {text[:60]!r}")
    return problems


def _stored(graph: Graph, value: str) -> bool:
    return bool(graph.read(_HAS_VALUE, {"value": value})[0]["n"])


def _check_report(kind: str, case: str, report: Any) -> None:
    expect = corpus.expected(kind, case)
    if expect == "refused":
        assert not report.ok, f"{kind}/{case} should be refused: {report.summary()}"
    elif expect == "loaded":
        assert report.ok, f"{kind}/{case} should load: {report.refused}"
    if not report.ok:
        assert report.refused and len(report.refused) < 2000
        assert "Traceback" not in report.refused
        assert report.refused_code in messages.CODES, report.refused_code
    for error in report.errors:
        assert error.reason and error.row >= 1, error
        assert messages.CODES[error.code].kind == "row", error


@pytest.mark.parametrize(("kind", "case"), PARAMS)
def test_bad_file_is_reported_and_leaves_the_graph_sound(
    seeded: tuple[Graph, list[str], str], kind: str, case: str
) -> None:
    graph, ids, before = seeded
    whole = graph_fingerprint(graph)
    report = load(graph, kind, BAD / corpus.file_name(kind, case))
    _check_report(kind, case, report)
    if not report.ok:
        assert graph_fingerprint(graph) == whole, "a refused file changed the graph"
    assert _snapshot(graph, ids) == before, "records loaded earlier changed"
    assert _stored_text_problems(graph, report.load_run if report.ok else None) == []
    _check_content(graph, kind, case, report)


def _check_content(graph: Graph, kind: str, case: str, report: Any) -> None:
    if case == "cypher_text":
        assert _stored(graph, corpus.CYPHER), "Cypher-looking text is not stored verbatim"
        assert _stored(graph, corpus.CYPHER2)
    elif case == "formulas":
        for formula in corpus.FORMULAS:
            assert _stored(graph, formula), f"formula text {formula!r} not stored as text"
    elif case == "control_chars" and kind != "epcis":
        assert _stored(graph, corpus.CONTROL_CLEAN)
    elif case in ("encoding_cp1258", "encoding_utf16"):
        assert _stored(graph, "Công ty Đường Sắt Việt 0")
    elif case == "encoding_nfd":
        assert _stored(graph, unicodedata.normalize("NFC", corpus.DECOMPOSED))
    elif case == "duplicate_rows":
        assert report.rows_rejected == 2
        assert all("earlier" in e.reason for e in report.errors)
    elif case == "impossible_dates":
        assert report.rows_rejected >= len(corpus.IMPOSSIBLE_DATES) - 1
    elif case == "missing_required_column":
        assert "missing" in (report.refused or "")
        assert report.refused_code == "missing-column"
    elif kind == "epcis" and case in corpus.EPCIS_ROW_CODES:
        assert report.rows_rejected >= 1
        assert set(report.rejected_by_code) == {corpus.EPCIS_ROW_CODES[case]}


# Through the command line: exit codes, one JSON object per file, no traceback ----------


def _hub_load(kind: str, paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "load", kind, *map(str, paths), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", (*corpus.TABLE_KINDS, "epcis"))
def test_hub_load_json_answers_every_bad_file(
    seeded: tuple[Graph, list[str], str], kind: str
) -> None:
    graph, ids, before = seeded
    paths = [BAD / corpus.file_name(k, c) for k, c in CASES if k == kind]
    done = _hub_load(kind, paths)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert [r["file"] for r in reports] == [str(p) for p in paths]
    for r in reports:
        assert {"kind", "file", "rows_read", "rows_loaded", "rows_rejected", "unresolved"} <= set(r)
        assert isinstance(r["errors"], list)
        assert r["status"] in ("loaded", "refused")
    assert done.returncode == (1 if any(r["status"] == "refused" for r in reports) else 0)
    assert _snapshot(graph, ids) == before


# Big and binary files, built in tmp_path ----------------------------------------------


def _peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.mark.slow
def test_a_50_mb_file_is_validated_in_bounded_memory(tmp_path: Path) -> None:
    path = corpus.make_big_csv(tmp_path / "big.csv", "enterprises", 50)
    assert path.stat().st_size >= 50 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", "enterprises", str(path), "--json", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "validated" and report["rows_read"] > 50_000
    assert _peak_child_rss_mb() < 1024, "reading 50 MB should not need a gigabyte"


@pytest.mark.slow
def test_a_50_mb_epcis_document_is_answered(tmp_path: Path) -> None:
    path = corpus.make_big_epcis(tmp_path / "big.jsonld", 50)
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", "epcis", str(path), "--json", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["status"] in ("validated", "refused")


@pytest.mark.parametrize("kind", corpus.TABLE_KINDS)
def test_a_1_mb_cell_is_refused_or_kept_whole(
    seeded: tuple[Graph, list[str], str], kind: str, tmp_path: Path
) -> None:
    graph, ids, before = seeded
    report = load(graph, kind, corpus.make_long_cell_csv(tmp_path / "long.csv", kind))
    if report.ok:
        assert report.rows_read == 1
    else:
        assert "longer than the limit" in (report.refused or "")
    assert _snapshot(graph, ids) == before


@pytest.mark.parametrize("kind", corpus.TABLE_KINDS)
def test_a_truncated_xlsx_is_refused(
    seeded: tuple[Graph, list[str], str], kind: str, tmp_path: Path
) -> None:
    graph, ids, before = seeded
    whole = graph_fingerprint(graph)
    report = load(graph, kind, corpus.make_truncated_xlsx(tmp_path / "cut.xlsx", kind))
    assert not report.ok and "damaged or truncated" in (report.refused or "")
    assert graph_fingerprint(graph) == whole


@pytest.mark.slow
def test_a_zip_bomb_xlsx_is_refused_before_it_is_inflated(
    seeded: tuple[Graph, list[str], str], tmp_path: Path
) -> None:
    graph, _, _ = seeded
    whole = graph_fingerprint(graph)
    bomb = corpus.make_zip_bomb_xlsx(tmp_path / "bomb.xlsx", "enterprises", 600)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    for kind in corpus.TABLE_KINDS:
        report = load(graph, kind, bomb)
        assert not report.ok and "MB allowed" in (report.refused or ""), report.refused
    small = corpus.make_zip_bomb_xlsx(tmp_path / "ratio.xlsx", "products", 40)
    assert not load(graph, "products", small).ok
    assert graph_fingerprint(graph) == whole


@pytest.mark.parametrize("kind", corpus.TABLE_KINDS)
def test_xlsx_formula_cells_are_never_evaluated(
    seeded: tuple[Graph, list[str], str], kind: str, tmp_path: Path
) -> None:
    graph, ids, before = seeded
    names = ["=1+1", "=2*21", '=CONCAT("Công ty ","Công Thức")']
    as_text = corpus.make_xlsx(tmp_path / "text.xlsx", kind, names)
    report = load(graph, kind, as_text)
    assert report.ok, report.refused
    for name in names:
        assert _stored(graph, name), f"text cell {name!r} not stored as text"
    formulas = corpus.make_xlsx(tmp_path / "formulas.xlsx", kind, [f"{n} " for n in names])
    report = load(graph, kind, formulas)
    assert report.ok, report.refused
    for result in ("42", "Công ty Công Thức"):
        assert not _stored(graph, result), f"a formula was evaluated to {result!r}"
    assert _snapshot(graph, ids) == before
    assert _stored_text_problems(graph) == []
