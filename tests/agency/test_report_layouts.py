"""A certificate list laid out as an official report loads as its data rows: title
rows above the header, a two-row merged header, the column-number row, the total and
the signature block skipped with one warning each, never reported as bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hub.graph.driver import Graph
from loaders.report import LoadReport
from tests.agency import forms
from tests.conftest import load

_BUILD = {"xlsx": forms.report_xlsx, "csv": forms.report_csv}


def _certificates(graph: Graph) -> list[dict[str, object]]:
    return graph.read(
        "MATCH (c:Certificate) OPTIONAL MATCH (e:Enterprise)-[:HOLDS]->(c) "
        "RETURN c.number AS number, c.kind AS kind, c.standard AS standard, "
        "c.issuer AS issuer, c.issuedOn AS issued, c.expiresOn AS expires, "
        "e.key AS holder ORDER BY number"
    )


def _layout_warnings(report: LoadReport) -> list[str]:
    return [w for w in report.warnings if "skipped" in w]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_official_report_loads_strictly_with_the_right_fields(
    clean_graph: Graph, tmp_path: Path, fmt: str
) -> None:
    path = _BUILD[fmt](tmp_path / f"bao_cao_hop_quy.{fmt}")
    report = load(clean_graph, "certificates", path, strict=True)
    assert report.ok, report.refused
    assert report.errors == [] and report.rows_rejected == 0
    assert (report.rows_read, report.rows_loaded) == (2, 2)
    # One warning per skipped row: the numbers, the total and each signature row.
    skipped = _layout_warnings(report)
    assert len(skipped) == forms.LAYOUT_ROWS, skipped
    assert sum("row 9 " in w for w in skipped) == 1
    assert any("Tổng cộng: 2 doanh nghiệp" in w for w in skipped)
    assert any("KT. CHI CỤC TRƯỞNG" in w for w in skipped)
    assert any("Bình Dương, ngày 05 tháng 3 năm 2024" in w for w in skipped)
    assert any("rows 7 and 8" in w for w in report.warnings)  # the two header rows
    assert _certificates(clean_graph) == [
        {
            "number": "HQ-2024-015",
            "kind": "regulation_certification",
            "standard": "QCVN 01-183:2016/BNNPTNT",
            "issuer": "Chi cục TĐC Bình Dương",
            "issued": dt.date(2024, 1, 15),
            "expires": dt.date(2027, 1, 14),
            "holder": forms.TAX_CODES[0],
        },
        {
            "number": "HQ-2024-016",
            "kind": "regulation_certification",
            "standard": "QCVN 8-2:2011/BYT",
            "issuer": "Chi cục TĐC Bình Dương",
            "issued": dt.date(2024, 2, 20),
            "expires": dt.date(2027, 2, 19),
            "holder": forms.TAX_CODES[1],
        },
    ]


def test_a_bad_data_row_of_a_report_is_still_a_row_error(
    clean_graph: Graph, tmp_path: Path
) -> None:
    data = [list(forms.DATA[0]), list(forms.DATA[1])]
    data[1][6] = "31/02/2024"  # Ngày cấp: no such day
    path = forms.report_xlsx(tmp_path / "bao_cao.xlsx", data)
    report = load(clean_graph, "certificates", path)
    assert report.ok and report.rows_loaded == 1
    assert [(e.row, e.column) for e in report.errors] == [(11, "issued_on")]
    assert len(_layout_warnings(report)) == forms.LAYOUT_ROWS
    refused = load(clean_graph, "certificates", path, strict=True, dry_run=True)
    assert refused.refused_code == "strict"


def test_firms_named_like_totals_or_signers_are_data(clean_graph: Graph, tmp_path: Path) -> None:
    """ "Tổng công ty ..." is a firm, not a total; a firm row is data wherever it sits."""
    data = [
        [1, "Tổng Công ty Thương mại Sài Gòn", "0300100037", "Hợp quy", "QCVN 8-2:2011/BYT",
         "HQ-2024-101", "01/03/2024", None, "QUACERT", None],
        [2, "Công ty TNHH Cộng Đồng Xanh", "3702445566", "Hợp quy", "QCVN 8-2:2011/BYT",
         "HQ-2024-102", "02/03/2024", None, "QUACERT", None],
    ]  # fmt: skip
    path = forms.report_csv(tmp_path / "bao_cao.csv", data)
    report = load(clean_graph, "certificates", path, strict=True)
    assert report.ok, report.refused
    assert report.rows_loaded == 2
    assert [c["number"] for c in _certificates(clean_graph)] == ["HQ-2024-101", "HQ-2024-102"]


def test_an_arabic_column_number_row_and_a_lettered_one(clean_graph: Graph, tmp_path: Path) -> None:
    for numbering in (list(range(1, 11)), list("ABCDEFGHIJ")):
        rows = forms.report_rows()
        rows[8] = numbering
        path = forms.table_csv(tmp_path / "so_cot.csv", rows)
        report = load(clean_graph, "certificates", path, strict=True, dry_run=True)
        assert report.ok, report.refused
        assert report.rows_loaded == 2
        assert any("row 9 numbers the columns" in w for w in report.warnings), report.warnings


def test_section_headings_between_the_data_are_skipped(clean_graph: Graph, tmp_path: Path) -> None:
    second = list(forms.DATA[1])
    second[3] = "Công bố hợp quy"
    data = [
        ["I", "Chứng nhận hợp quy"],
        forms.DATA[0],
        ["II. Công bố hợp quy"],
        second,
        [3, "Công ty TNHH Cơ khí Hiệp Thành"],  # a data row left unfinished: an error
    ]
    path = forms.report_xlsx(tmp_path / "bao_cao.xlsx", data)
    report = load(clean_graph, "certificates", path)
    assert report.ok and report.rows_loaded == 2, report.refused
    sections = [w for w in report.warnings if "section heading" in w]
    assert len(sections) == 2 and "'I | Chứng nhận hợp quy'" in sections[0], sections
    assert [e.row for e in report.errors] == [14]
    kinds = clean_graph.read("MATCH (c:Certificate) RETURN c.kind AS k ORDER BY c.number")
    assert [k["k"] for k in kinds] == ["regulation_certification", "regulation_declaration"]
