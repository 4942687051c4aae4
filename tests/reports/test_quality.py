"""The data-quality scorecard: pandas sums on hand-made rows, then on the real graph."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hub.graph.driver import AsyncGraph, Graph
from hub.reports import quality
from hub.reports.quality import NO_CODE, QualityInputs
from hub.settings import Settings
from loaders.registry import LOADERS
from schema.context import VIETNAM
from tests.conftest import load
from tests.reports.conftest import PLANNING, QUALITY_AGENCY

KIND_LABELS = {kind: loader.label.value for kind, loader in LOADERS.items()}
A, B = "Chi cục TĐC", "Sở Kế hoạch"


def _run(key: str, agency: str, kind: str, when: str, read: int, rejected: int, codes: str | None):
    return {
        "key": key,
        "kind": kind,
        "file": f"{key}.csv",
        "agency": agency,
        "finishedAt": when,
        "rowsRead": read,
        "rowsLoaded": read - rejected,
        "rowsRejected": rejected,
        "unresolved": 0,
        "rejectedByCode": codes,
    }


INPUTS = QualityInputs(
    runs=[
        _run(
            "r1", A, "certificates", "2026-01-01T02:00:00Z", 10, 4, '{"bad-date": 3, "tax-code": 1}'
        ),
        _run("r2", A, "certificates", "2026-06-01T02:00:00Z", 10, 1, None),
        _run("r3", B, "enterprises", "2026-06-01T03:00:00Z", 5, 0, None),
    ],
    record_runs=[
        {"label": "Certificate", "runs": ["r1"], "records": 5},
        {"label": "Certificate", "runs": ["r1", "r2"], "records": 3},
        {"label": "Enterprise", "runs": ["r3"], "records": 5},
        {"label": "Enterprise", "runs": ["r1"], "records": 2},  # stubs a certificate named
    ],
    link_states=[
        {"label": "Certificate", "runs": ["r2"], "status": "unresolved", "records": 1},
        {"label": "Certificate", "runs": ["r1", "r2"], "status": "ambiguous", "records": 2},
    ],
    name_links=[
        {
            "label": "Certificate",
            "runs": ["r1", "r2"],
            "method": "name",
            "confidence": 0.95,
            "links": 2,
        },
        {
            "label": "Certificate",
            "runs": ["r2"],
            "method": "fuzzy_name",
            "confidence": 0.8,
            "links": 1,
        },
    ],
    expired_still_valid=[{"runs": ["r1"], "records": 2}],
    duplicates=[
        {
            "nameKey": "tnhh a",
            "firms": [
                {"key": "3700000001", "name": "Cty TNHH A", "loadRuns": ["r3"]},
                {"key": "3700000002", "name": "Công ty TNHH A", "loadRuns": ["r3"]},
            ],
        },
        {  # a head office and its branch share a name: not a duplicate
            "nameKey": "tnhh b",
            "firms": [
                {"key": "3700000003", "name": "B", "loadRuns": ["r3"]},
                {"key": "3700000003-001", "name": "B", "loadRuns": ["r3"]},
            ],
        },
    ],
)


def _row(frame: pd.DataFrame, agency: str, kind: str) -> dict[str, object]:
    rows = frame[(frame["agency"] == agency) & (frame["kind"] == kind)].to_dict(orient="records")
    assert len(rows) == 1, rows
    return rows[0]


def test_scorecard_sums_per_agency_and_dataset() -> None:
    card = quality.scorecard(INPUTS, date(2026, 7, 1), 90, KIND_LABELS, VIETNAM)
    certificates = _row(card.summary, A, "certificates")
    assert {k: certificates[k] for k in ("runs", "rows_read", "rows_rejected", "trend")} == {
        "runs": 2,
        "rows_read": 20,
        "rows_rejected": 5,
        "trend": "better",  # 40 % of rows rejected, then 10 %
    }
    assert certificates["rejection_rate"] == 0.25
    # Stubs an agency's certificates created are not its enterprises.
    assert certificates["records"] == 8 and set(card.summary["kind"]) == {
        "certificates",
        "enterprises",
    }
    # Stale: the 5 records only r1 (January) sent; those r2 sent again in June are not.
    assert certificates["stale_records"] == 5
    assert (certificates["unresolved_now"], certificates["ambiguous_now"]) == (1, 2)
    assert (certificates["name_links"], certificates["fuzzy_name_links"]) == (3, 1)
    assert certificates["mean_confidence"] == pytest.approx(0.9)
    assert certificates["expired_still_valid"] == 2
    enterprises = _row(card.summary, B, "enterprises")
    assert (enterprises["records"], enterprises["duplicates_suspected"]) == (5, 1)
    assert list(card.duplicates["tax_codes"]) == ["3700000001; 3700000002"]


def test_rejections_by_code_and_runs_in_local_time() -> None:
    card = quality.scorecard(INPUTS, date(2026, 7, 1), 90, KIND_LABELS, VIETNAM)
    codes = card.rejections[["load_run", "code", "rows"]].to_dict(orient="records")
    assert codes == [
        {"load_run": "r1", "code": "bad-date", "rows": 3},
        {"load_run": "r1", "code": "tax-code", "rows": 1},
        {"load_run": "r2", "code": NO_CODE, "rows": 1},  # a run stored without codes
    ]
    first = card.runs[card.runs["load_run"] == "r1"]["finished_at"].iloc[0]
    assert first.isoformat() == "2026-01-01T09:00:00+07:00"


def test_one_agency_by_its_name_in_any_spelling() -> None:
    card = quality.scorecard(INPUTS, date(2026, 7, 1), 90, KIND_LABELS, VIETNAM, "CHI CUC TDC")
    assert card.agencies() == [A]
    assert set(card.rejections["agency"]) == {A} and card.duplicates.empty


async def test_scorecard_of_the_loaded_graph(
    loaded: Graph, settings: Settings, tmp_path: Path
) -> None:
    # A second, worse certificates file from the same agency: one row of two rejected.
    worse = tmp_path / "certificates-june.csv"
    worse.write_text(
        "certificate_no,kind,tax_code,standard,issuer,issued_on,expires_on\n"
        "QMS-101,management_system,3700635642,ISO 9001:2015,QUACERT,01/06/2026,31/05/2029\n"
        "QMS-102,management_system,3700635642,ISO 9001:2015,QUACERT,not a date,\n",
        encoding="utf-8",
    )
    assert load(loaded, "certificates", worse, agency=QUALITY_AGENCY).ok
    graph = AsyncGraph(settings)
    try:
        inputs = await quality.read_inputs(graph, date(2026, 11, 30))
    finally:
        await graph.close()
    card = quality.scorecard(inputs, date(2026, 11, 30), 180, KIND_LABELS, VIETNAM)
    certificates = _row(card.summary, QUALITY_AGENCY, "certificates")
    assert certificates["runs"] == 2 and certificates["trend"] == "worse"
    assert certificates["records"] == 9  # 8, then 1 more
    assert (certificates["unresolved_now"], certificates["ambiguous_now"]) == (1, 1)
    # QMS-002 (31/05/2026) and FSMS-003 (28/02/2025) are past expiry, still "valid".
    assert certificates["expired_still_valid"] == 2
    assert certificates["name_links"] == 1  # HC-005, tied to Rau Xanh Phú Lợi by name
    enterprises = _row(card.summary, PLANNING, "enterprises")
    assert enterprises["duplicates_suspected"] == 1  # Cơ khí Hiệp Thành, twice
    trend = card.runs[card.runs["kind"] == "certificates"]["rejection_rate"].tolist()
    assert trend == [0.0, 0.5]


def test_cli_writes_every_format(
    loaded: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    assert main(["report", "quality", "--format", "json", "--agency", "chi cuc tdc"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {row["agency"] for row in report["summary"]} == {QUALITY_AGENCY}
    assert main(["report", "quality", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    assert {"summary", "runs", "name_links", "duplicates"} <= set(table["table"])
    out = tmp_path / "quality.xlsx"
    assert main(["report", "quality", "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["summary", "runs", "rejections", "name_links", "duplicates"]
    book.close()
    assert main(["report", "quality", "--format", "html", "--lang", "en"]) == 0
    page = capsys.readouterr().out
    assert "<html lang='en'>" in page and "Data quality per agency" in page
