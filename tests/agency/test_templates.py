"""``hub template KIND`` and ``GET /api/v1/templates/{kind}``: a ready-to-fill file with
the contract's Vietnamese headers, drop-downs for enumerated columns and a notes sheet;
filled in as a clerk would, it loads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import httpx
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from app.cli.main import main
from hub.graph.driver import Graph
from loaders.registry import LOADERS
from loaders.templates import DATA_SHEET, LISTS_SHEET, NOTES_SHEET, TEMPLATE_ROWS, choices
from tests.conftest import load

TABLE_KINDS = [kind for kind, loader in LOADERS.items() if loader.columns]
# What a clerk types in each column (enumerated ones take the drop-down's first value).
FILL: dict[str, object] = {
    "tax_code": "0301234562",  # a leading zero a number cell would lose
    "producer_tax_code": "0301234562",
    "actor_tax_code": "0301234562",
    "name": "Công ty TNHH MTV Trứng Sạch Sài Gòn",
    "enterprise_name": "Công ty TNHH MTV Trứng Sạch Sài Gòn",
    "producer_name": "Công ty TNHH MTV Trứng Sạch Sài Gòn",
    "actor_name": "Công ty TNHH MTV Trứng Sạch Sài Gòn",
    "address": "Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương",
    "legal_form": "TNHH MTV",
    "sector": "0146",
    "established_on": dt.datetime(2015, 11, 20),
    "certificate_no": "HQ-2024-001",
    "standard": "QCVN 8-2:2011/BYT",
    "issuer": "Chi cục TĐC Bình Dương",
    "product": "Trứng gà",
    "issued_on": dt.datetime(2024, 3, 15),
    "expires_on": dt.datetime(2027, 3, 14),
    "year": 2024,
    "record_id": "DL-2024-001",
    "amount_vnd": 15_000_000,
    "instruments": 12,
    "product_code": "TG-001",
    "event_id": "EV-001",
    "event_time": dt.datetime(2024, 3, 15, 8, 30),
    "biz_step": "shipping",
    "lot_code": "LOT-2024-03",
    "location": "Bình Dương",
    "quantity": 120,
    "uom": "kg",
}
PROGRAMMES = {"measurement": "996/QĐ-TTg", "programme_support": "2684/QĐ-UBND"}


def _value(kind: str, name: str, values: list[str]) -> object:
    if values:
        return values[0]
    if name == "programme":
        return PROGRAMMES[kind]
    return FILL.get(name)


def _validations(sheet: Worksheet) -> dict[str, str]:
    """Column letter -> the list formula of its drop-down."""
    found = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list" and check.showErrorMessage
        letter = "".join(ch for ch in str(check.sqref).split(":")[0] if ch.isalpha())
        assert str(check.sqref) == f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"  # every data row
        found[letter] = check.formula1
    return found


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_every_kinds_xlsx_template_has_headers_drop_downs_and_notes_and_loads_filled_in(
    clean_graph: Graph, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"mau-{kind}.xlsx"
    assert main(["template", kind, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == DATA_SHEET and NOTES_SHEET in book.sheetnames
    data, lists, notes = book[DATA_SHEET], book[LISTS_SHEET], book[NOTES_SHEET]
    columns = LOADERS[kind].columns
    assert [c.value for c in data[1]] == [c.labels[0] for c in columns]
    # A drop-down for each enumerated column, listing its Vietnamese spellings.
    checks = _validations(data)
    enumerated = {openpyxl.utils.get_column_letter(i): c for i, c in enumerate(columns, 1)}
    enumerated = {letter: c for letter, c in enumerated.items() if c.values is not None}
    assert set(checks) == set(enumerated)
    for letter, column in enumerated.items():
        ref = checks[letter].split("!")[1].replace("$", "")
        listed = [row[0].value for row in lists[ref]]
        assert listed == choices(column) and all(listed)
    assert lists.sheet_state == "hidden"
    # The notes name every column, and which ones are required.
    noted = {row[1]: row[2] for row in notes.iter_rows(values_only=True) if len(row) > 2}
    for column in columns:
        assert column.name in noted
        assert (noted[column.name] == "có") == column.required

    for index, column in enumerate(columns, 1):
        data.cell(2, index).value = _value(kind, column.name, choices(column))
    book.save(out)
    report = load(clean_graph, kind, out, strict=True)
    assert report.ok, report.refused
    assert (report.rows_loaded, report.rows_rejected) == (1, 0), report.errors
    assert not any("unknown column" in w for w in report.warnings)


def test_the_tax_code_column_keeps_its_leading_zero(clean_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    assert main(["template", "enterprises", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book[DATA_SHEET]["A2"].number_format == "@"  # text: a typed 0301... stays so
    assert book[DATA_SHEET]["G2"].number_format.upper() == "DD/MM/YYYY"


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_every_kinds_csv_template_loads_filled_in(
    clean_graph: Graph, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / f"mau-{kind}.csv"
    assert main(["template", kind, "--format", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    columns = LOADERS[kind].columns
    assert header == [c.labels[0] for c in columns]
    row = []
    for column in columns:
        value = _value(kind, column.name, choices(column))
        if isinstance(value, dt.datetime):
            value = value.strftime("%d/%m/%Y %H:%M" if value.hour else "%d/%m/%Y")
        row.append("" if value is None else str(value))
    with out.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerow(row)
    report = load(clean_graph, kind, out, strict=True, dry_run=True)
    assert report.ok and report.rows_loaded == 1, (report.refused, report.errors)


def test_no_template_for_epcis_or_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "epcis", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "EPCIS" in capsys.readouterr().err
    assert main(["template", "certificate", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "certificates" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


async def test_templates_over_http_need_no_key(client: httpx.AsyncClient) -> None:
    xlsx = await client.get("/api/v1/templates/certificates")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="mau-certificates.xlsx"' in xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book[DATA_SHEET]["A1"].value == "Số giấy chứng nhận"
    as_csv = await client.get("/api/v1/templates/awards?format=csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.content.decode("utf-8-sig").startswith("Mã số thuế,")
    for url in (
        "/api/v1/templates/epcis",
        "/api/v1/templates/nope",
        "/api/v1/templates/awards?format=pdf",
    ):
        refused = await client.get(url)
        assert refused.status_code == 400, url
        assert refused.headers["content-type"].startswith("application/problem+json")
