"""Excel 97-2003 (.xls) and OpenDocument (.ods) workbooks load; a sheet is chosen by
name or number (``--sheet``, ``sheet=``); a workbook whose first sheet is not the
table is refused with the list of its sheets."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from app.cli.main import main
from hub.graph.driver import Graph
from tests.agency import forms
from tests.conftest import load
from tests.partner.conftest import bearer, new_key

SHEETS = ["Bìa", "Ghi chú"]  # an empty cover sheet and a notes sheet before the table
TABLE = [
    ["Mã số thuế", "Tên doanh nghiệp", "Quy mô"],
    ["3700635642", "Công ty TNHH Thực phẩm Phú Hòa", "vừa"],
    ["3702445566", "Công ty Cổ phần Nông sản Bạch Đằng", "lớn"],
]


def _workbook(tmp_path: Path, fmt: str, first: list[list[object]] | None = None) -> Path:
    sheets: dict[str, list[list[object]]] = {SHEETS[0]: first or [], SHEETS[1]: [["Ghi chú"]]}
    sheets["Danh sách"] = TABLE
    path = tmp_path / f"doanh_nghiep.{fmt}"
    if fmt == "xls":
        return forms.table_xls(path, sheets)
    if fmt == "ods":
        return forms.table_ods(path, sheets)
    return forms.table_xlsx(path, TABLE, sheets=SHEETS, first=first or [])


def _names(graph: Graph) -> list[str]:
    return [
        r["name"] for r in graph.read("MATCH (e:Enterprise) RETURN e.name AS name ORDER BY name")
    ]


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_an_official_report_in_old_excel_or_opendocument_loads(
    clean_graph: Graph, tmp_path: Path, fmt: str
) -> None:
    rows = forms.report_rows()
    build = forms.table_xls if fmt == "xls" else forms.table_ods
    path = build(tmp_path / f"bao_cao.{fmt}", {"Biểu 01": rows})
    report = load(clean_graph, "certificates", path, strict=True)
    assert report.ok, report.refused
    assert (report.rows_loaded, report.rows_rejected) == (2, 0)
    assert sum("skipped" in w for w in report.warnings) == forms.LAYOUT_ROWS
    found = clean_graph.read(
        "MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate) RETURN c.number AS n, e.key AS holder, "
        "toString(c.issuedOn) AS issued ORDER BY n"
    )
    assert found == [
        {"n": "HQ-2024-015", "holder": "3700635642", "issued": "2024-01-15"},
        {"n": "HQ-2024-016", "holder": "3702445566", "issued": "2024-02-20"},
    ]


COVER = [["CHI CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG"], ["Danh sách doanh nghiệp năm 2024"]]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize("first", [[], COVER], ids=["empty", "cover"])
def test_a_workbook_whose_first_sheet_is_not_the_table_names_its_sheets(
    clean_graph: Graph, tmp_path: Path, fmt: str, first: list[list[object]]
) -> None:
    path = _workbook(tmp_path, fmt, first)
    report = load(clean_graph, "enterprises", path)
    assert report.refused_code == "wrong-sheet", report.refused
    for name in [*SHEETS, "Danh sách"]:
        assert name in report.refused
    assert _names(clean_graph) == []


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_sheet_by_name_or_number_on_the_command_line(
    clean_graph: Graph, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path, fmt)
    assert main(["load", "enterprises", str(path), "--sheet", "danh sach", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_loaded"] == 2 and report["errors"] == []
    assert _names(clean_graph) == sorted(r[1] for r in TABLE[1:])
    assert main(["load", "enterprises", str(path), "--sheet", "3", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows_loaded"] == 2
    assert main(["load", "enterprises", str(path), "--sheet", "Bảng 2", "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["refused_code"] == "unknown-sheet"
    assert "Bảng 2" in refused["refused"] and "Danh sách" in refused["refused"]
    assert main(["load", "enterprises", str(path), "--sheet", "7", "--json"]) == 1
    assert "Danh sách" in json.loads(capsys.readouterr().out)["refused"]


async def test_sheet_on_the_upload_api(
    client: httpx.AsyncClient, clean_graph: Graph, tmp_path: Path
) -> None:
    token = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    body = _workbook(tmp_path, "ods").read_bytes()
    url = "/api/v1/datasets/enterprises?filename=dn.ods"
    headers = {**bearer(token), "Content-Type": "application/vnd.oasis.opendocument.spreadsheet"}
    refused = await client.post(url, content=body, headers=headers)
    assert refused.status_code == 422
    assert "Danh sách" in refused.json()["refused"]
    loaded = await client.post(url + "&sheet=Danh%20s%C3%A1ch", content=body, headers=headers)
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["rows_loaded"] == 2
    assert _names(clean_graph) == sorted(r[1] for r in TABLE[1:])
