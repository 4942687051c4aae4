"""Headers as real forms write them: the wider alias table, a "did you mean" naming
the file's closest header when a required column is missing, and mappings:
``--map 'HEADER=column'`` on ``hub load``, ``map=`` on the upload API, and a mapping
saved with a partner's key (``save_map=true``) read on that key's later uploads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from app.cli.main import main
from hub.graph.driver import Graph
from loaders.ingest import IngestOptions, ingest
from loaders.registry import LOADERS
from tests.agency.forms import table_csv
from tests.conftest import load
from tests.partner.conftest import new_key, upload_headers

FIRMS = [
    ["Mã số thuế", "Tên doanh nghiệp"],
    ["3700635642", "Công ty TNHH Thực phẩm Phú Hòa"],
    ["3702445566", "Công ty Cổ phần Nông sản Bạch Đằng"],
]
# A certificate list whose standard column has a header no alias knows.
ODD = [
    ["Số GCN", "Hình thức", "MST", "TC/QC áp dụng", "Ngày cấp"],
    ["HQ-01", "hợp quy", "3700635642", "QCVN 8-2:2011/BYT", "01/03/2024"],
    ["HQ-02", "hợp chuẩn", "3702445566", "TCVN 5603:2023", "02/03/2024"],
]
CERTIFICATES = "/api/v1/datasets/certificates"


def _numbers(graph: Graph) -> list[tuple[str, str]]:
    rows = graph.read(
        "MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate) "
        "RETURN c.number AS n, c.standard AS s ORDER BY n"
    )
    return [(r["n"], r["s"]) for r in rows]


@pytest.mark.parametrize("name_header", ["Tên tổ chức", "Tên cơ sở", "Đơn vị", "TÊN CƠ SỞ"])
def test_real_form_headers_load_linked_by_name(
    clean_graph: Graph, tmp_path: Path, name_header: str
) -> None:
    assert load(clean_graph, "enterprises", table_csv(tmp_path / "dn.csv", FIRMS)).ok
    rows = [
        ["Số giấy chứng nhận", "Loại", name_header, "Quy chuẩn áp dụng", "Ngày cấp"],
        ["HQ-01", "chứng nhận hợp quy", "Công ty TNHH Thực phẩm Phú Hòa", "QCVN 8-2:2011/BYT",
         "01/03/2024"],
    ]  # fmt: skip
    report = load(clean_graph, "certificates", table_csv(tmp_path / "gcn.csv", rows), strict=True)
    assert report.ok, report.refused
    assert not any("unknown column" in w for w in report.warnings), report.warnings
    assert report.unresolved == 0
    assert _numbers(clean_graph) == [("HQ-01", "QCVN 8-2:2011/BYT")]


def test_a_missing_required_column_names_the_closest_header(
    clean_graph: Graph, tmp_path: Path
) -> None:
    report = load(clean_graph, "certificates", table_csv(tmp_path / "gcn.csv", ODD))
    assert report.refused_code == "missing-column"
    reason = report.refused or ""
    assert "standard" in reason and "did you mean 'TC/QC áp dụng'" in reason
    assert "--map 'TC/QC áp dụng=standard'" in reason
    # The column's label once, not "(Tiêu chuẩn / Quy chuẩn / Tiêu chuẩn / Quy chuẩn)".
    assert reason.count("Tiêu chuẩn / Quy chuẩn") == 1
    vietnamese = load(clean_graph, "certificates", tmp_path / "gcn.csv", lang="vi")
    assert "có phải là cột 'TC/QC áp dụng'" in (vietnamese.refused or "")


def test_no_suggestion_when_nothing_is_close(clean_graph: Graph, tmp_path: Path) -> None:
    rows = [["Số GCN", "Hình thức", "MST", "Ghi chú", "Ngày cấp"], ["HQ-01", "hợp quy", "", "", ""]]
    report = load(clean_graph, "certificates", table_csv(tmp_path / "gcn.csv", rows))
    assert report.refused_code == "missing-column"
    assert "did you mean" not in (report.refused or "")


def test_no_label_appears_twice_in_any_missing_column_message(tmp_path: Path) -> None:
    """For every kind, a file with none of its columns: each required column is named
    once, with its label once ("(Tiêu chuẩn / Quy chuẩn)", never doubled)."""
    path = table_csv(tmp_path / "ghi_chu.csv", [["STT", "Ghi chú"], ["1", "x"]])
    for kind, loader in LOADERS.items():
        if not loader.columns:
            continue
        report = ingest(None, kind, path, IngestOptions(dry_run=True, offline=True))
        reason = report.refused or ""
        assert report.refused_code in ("missing-column", "no-known-column"), (kind, reason)
        for column in loader.columns:
            if column.required:
                assert reason.count(column.describe()) == 1, (kind, reason)
        for group in re.findall(r"\(([^()]*)\)", reason):
            parts = group.split(" / ")
            assert len(parts) == len(set(parts)), (kind, reason)


def test_map_on_the_command_line(
    clean_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = table_csv(tmp_path / "gcn.csv", ODD)
    argv = ["load", "certificates", str(path), "--json", "--strict"]
    assert main([*argv, "--map", "TC/QC áp dụng=standard", "--map", "Số GCN=certificate_no"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_loaded"] == 2, report
    assert any("'TC/QC áp dụng'" in w and "standard" in w for w in report["warnings"])
    assert _numbers(clean_graph) == [("HQ-01", "QCVN 8-2:2011/BYT"), ("HQ-02", "TCVN 5603:2023")]
    # A mapping to a column the kind lacks is a usage error that lists its columns.
    assert main([*argv, "--map", "TC/QC áp dụng=standards"]) == 2
    err = capsys.readouterr().err
    assert "'standards' is not a column of certificates" in err and "issued_on" in err
    assert main([*argv, "--map", "no equals sign"]) == 2
    assert "HEADER=column" in capsys.readouterr().err


def test_a_mapping_to_dash_ignores_a_header(clean_graph: Graph, tmp_path: Path) -> None:
    """A header the aliases take wrongly can be ignored and another mapped in its place."""
    rows = [
        ["Số GCN", "Hình thức", "MST", "Tiêu chuẩn", "Quy chuẩn kỹ thuật", "Ngày cấp"],
        ["HQ-01", "hợp quy", "3700635642", "(không)", "QCVN 8-2:2011/BYT", "01/03/2024"],
    ]
    path = table_csv(tmp_path / "gcn.csv", rows)
    duplicate = load(clean_graph, "certificates", path)
    assert duplicate.refused_code == "duplicate-column", duplicate.refused
    mapping = (("Tiêu chuẩn", "-"),)
    report = load(clean_graph, "certificates", path, mapping=mapping, strict=True)
    assert report.ok, report.refused
    assert _numbers(clean_graph) == [("HQ-01", "QCVN 8-2:2011/BYT")]


async def test_map_and_save_map_on_the_upload_api(
    client: httpx.AsyncClient, clean_graph: Graph, tmp_path: Path
) -> None:
    clerk = new_key(clean_graph, "Chi cục TĐC", ["certificates"])
    other = new_key(clean_graph, "Sở Nông nghiệp", ["certificates"])
    body = table_csv(tmp_path / "gcn.csv", ODD).read_bytes()
    refused = await client.post(CERTIFICATES, content=body, headers=upload_headers(clerk))
    assert refused.status_code == 422
    assert "did you mean 'TC/QC áp dụng'" in refused.json()["refused"]

    params = {"map": "TC/QC áp dụng=standard", "save_map": "true", "dry_run": "true"}
    mapped = await client.post(
        CERTIFICATES, params=params, content=body, headers=upload_headers(clerk)
    )
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["rows_loaded"] == 2 and _numbers(clean_graph) == []

    # The clerk's next upload needs no map; another agency's key is unaffected.
    again = await client.post(CERTIFICATES, content=body, headers=upload_headers(clerk))
    assert again.status_code == 200, again.text
    assert again.json()["rows_loaded"] == 2
    assert len(_numbers(clean_graph)) == 2
    theirs = await client.post(CERTIFICATES, content=body, headers=upload_headers(other))
    assert theirs.status_code == 422 and theirs.json()["refused_code"] == "missing-column"

    bad = await client.post(
        CERTIFICATES, params={"map": "TC/QC=nope"}, content=body, headers=upload_headers(clerk)
    )
    assert bad.status_code == 400 and "nope" in bad.json()["detail"]
