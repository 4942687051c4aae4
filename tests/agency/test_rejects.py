"""The clerk's return file: the rejected rows in the file's own columns and format, plus
a "Lỗi" column, ready to fix and send again (``--rejects FILE``); an upload's answer
links to the same, fetchable by the agency that sent it only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import openpyxl
import pytest

from app.cli.main import main
from hub.graph.driver import Graph
from tests.agency import forms
from tests.agency.forms import legacy, table_csv
from tests.conftest import load
from tests.partner.conftest import bearer, new_key, upload_headers

HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Quy mô", "Ngày thành lập", "Ghi chú nội bộ"]
ROWS = [
    HEADER,
    ["3700635642", "Công ty TNHH Thực phẩm Phú Hòa", "vừa", "15/03/2005", "a"],
    ["3700635643", "Công ty Cổ phần Nông sản Bạch Đằng", "lớn", "01/02/2012", "b"],
    ["3705778891", "Hợp tác xã Tương Bình Hiệp", "khổng lồ", "20/11/2015", "c"],
    ["3702445566", "Công ty TNHH Cơ khí Hiệp Thành", "nhỏ", "30/02/2010", "d"],
]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel shows Vietnamese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _keys(graph: Graph) -> list[str]:
    return [r["k"] for r in graph.read("MATCH (e:Enterprise) RETURN e.key AS k ORDER BY k")]


def test_rejects_csv_holds_the_files_columns_and_a_reason_and_loads_once_fixed(
    clean_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = table_csv(tmp_path / "dn.csv", ROWS)
    back = tmp_path / "loi.csv"
    assert main(["load", "enterprises", str(source), "--rejects", str(back), "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert str(back) in out and "'Lỗi'" in out
    returned = _csv_rows(back.read_bytes())
    assert returned[0] == [*HEADER, "Lỗi"]
    assert [row[:5] for row in returned[1:]] == ROWS[2:]
    reasons = [row[5] for row in returned[1:]]
    assert reasons[0].startswith("Mã số thuế: ")
    assert reasons[1].startswith("Quy mô: ") and "khổng lồ" in reasons[1]
    assert reasons[2].startswith("Ngày thành lập: ")
    assert all(r.split(": ", 1)[1] for r in reasons)  # each names why, in Vietnamese
    assert _keys(clean_graph) == ["3700635642"]

    # The clerk fixes the three cells and sends the return file back as it is.
    fixed = [returned[0], *returned[1:]]
    fixed[1][0], fixed[2][2], fixed[3][3] = "3701000003", "nhỏ", "28/02/2010"
    report = load(clean_graph, "enterprises", table_csv(tmp_path / "sua.csv", fixed), strict=True)
    assert report.ok and report.rows_loaded == 3, report.refused
    assert any("'Lỗi'" in w for w in report.warnings)  # the reason column is ignored
    assert len(_keys(clean_graph)) == 4


def test_rejects_of_an_official_report_skip_its_layout_and_keep_its_header(
    clean_graph: Graph, tmp_path: Path
) -> None:
    data = [list(forms.DATA[0]), list(forms.DATA[1])]
    data[0][3] = "Chứng nhận hợp lệ"  # not a kind of certificate
    source = forms.report_xlsx(tmp_path / "bao_cao.xlsx", data)
    back = tmp_path / "tra_lai.xlsx"
    report = load(clean_graph, "certificates", source, rejects=back)
    assert report.rows_loaded == 1 and report.rejects_file == str(back)
    sheet = openpyxl.load_workbook(back).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2  # the header and the one bad row: no numbers, total or signatures
    assert rows[0][-1] == "Lỗi" and rows[0][5] == "Giấy chứng nhận / Số"
    assert rows[1][:9] == data[0][:9]
    assert "Chứng nhận hợp lệ" in rows[1][-1]
    # The return file, fixed, loads as a plain table.
    sheet.cell(2, 4).value = "Chứng nhận hợp quy"
    sheet.parent.save(back)
    again = load(clean_graph, "certificates", back, strict=True)
    assert again.ok and again.rows_loaded == 1, again.refused


def test_rejects_of_a_legacy_font_file_are_in_unicode(clean_graph: Graph, tmp_path: Path) -> None:
    typed = [[legacy(cell, "TCVN3") for cell in row] for row in ROWS]
    source = table_csv(tmp_path / "tcvn3.csv", typed, "latin-1")
    back = tmp_path / "loi.csv"
    report = load(clean_graph, "enterprises", source, rejects=back)
    assert report.rows_rejected == 3
    returned = _csv_rows(back.read_bytes())
    assert returned[0] == [*HEADER, "Lỗi"]
    assert [row[1] for row in returned[1:]] == [r[1] for r in ROWS[2:]]


async def test_an_uploads_rejects_link_serves_its_agency_only(
    client: httpx.AsyncClient, clean_graph: Graph, tmp_path: Path
) -> None:
    mine = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    theirs = new_key(clean_graph, "Chi cục TĐC", ["enterprises"])
    body = table_csv(tmp_path / "dn.csv", ROWS).read_bytes()
    answer = await client.post(
        "/api/v1/datasets/enterprises", content=body, headers=upload_headers(mine)
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["rows_rejected"] == 3
    link = report["rejects"]
    assert link == f"/api/v1/loads/{report['load_run']}/rejects"

    fetched = await client.get(link, headers=bearer(mine))
    assert fetched.status_code == 200 and fetched.headers["content-type"].startswith("text/csv")
    assert "attachment" in fetched.headers["content-disposition"]
    rows = _csv_rows(fetched.content)
    assert rows[0] == [*HEADER, "Lỗi"] and [r[:5] for r in rows[1:]] == ROWS[2:]
    as_xlsx = await client.get(link + "?format=xlsx", headers=bearer(mine))
    assert as_xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    assert book.active is not None and book.active.max_row == 4

    other = await client.get(link, headers=bearer(theirs))
    assert other.status_code == 404
    assert "Bạch Đằng" not in other.text
    anonymous = await client.get(link)
    assert anonymous.status_code == 401
    unknown = await client.get("/api/v1/loads/enterprises:nope/rejects", headers=bearer(mine))
    assert unknown.status_code == 404
    assert json.loads(unknown.text)["status"] == 404
