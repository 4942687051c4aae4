"""Agency files as clerks keep them, built for the tests: an official report laid out
for printing and signing (agency and motto rows, a title, a two-row merged header, a
column-number row, a total and a signature block), as XLSX, CSV, .xls and .ods."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

Cells = Sequence[object]

AGENCY = "Chi cục Tiêu chuẩn Đo lường Chất lượng"
FIRMS = ("Công ty TNHH Thực phẩm Phú Hòa", "Công ty Cổ phần Nông sản Bạch Đằng")
TAX_CODES = ("3700635642", "3702445566")

# The report's rows above the header (row 7), as an agency prints them.
TOP: list[Cells] = [
    [
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        None,
        None,
        None,
        None,
        None,
        None,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ],
    [
        "CHI CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG",
        None,
        None,
        None,
        None,
        None,
        None,
        "Độc lập - Tự do - Hạnh phúc",
    ],
    [],
    ["DANH SÁCH TỔ CHỨC, CÁ NHÂN ĐƯỢC CẤP GIẤY CHỨNG NHẬN HỢP QUY NĂM 2024"],
    ["(Kèm theo Báo cáo số 125/BC-TĐC ngày 05 tháng 3 năm 2024 của Chi cục TĐC)"],
    [],
]
UPPER: Cells = [
    "STT", "Tên tổ chức", "Mã số thuế", "Loại hình chứng nhận", "Quy chuẩn áp dụng",
    "Giấy chứng nhận", None, None, "Tổ chức chứng nhận", "Ghi chú",
]  # fmt: skip
LOWER: Cells = [None, None, None, None, None, "Số", "Ngày cấp", "Ngày hết hạn", None, None]
NUMBERS: Cells = [f"({i})" for i in range(1, 11)]
DATA: list[Cells] = [
    [1, FIRMS[0], TAX_CODES[0], "Chứng nhận hợp quy", "QCVN 01-183:2016/BNNPTNT",
     "HQ-2024-015", "15/01/2024", "14/01/2027", "Chi cục TĐC Bình Dương", None],
    [2, FIRMS[1], TAX_CODES[1], "Chứng nhận hợp quy", "QCVN 8-2:2011/BYT",
     "HQ-2024-016", "20/02/2024", "19/02/2027", "Chi cục TĐC Bình Dương", "Lô trứng gà"],
]  # fmt: skip
FOOTER: list[Cells] = [
    ["Tổng cộng: 2 doanh nghiệp"],
    [],
    [None, None, None, None, None, None, None, "Bình Dương, ngày 05 tháng 3 năm 2024"],
    [None, "Người lập biểu", None, None, None, None, None, "KT. CHI CỤC TRƯỞNG"],
    [None, None, None, None, None, None, None, "PHÓ CHI CỤC TRƯỞNG"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, "(Ký tên, đóng dấu)"],
    [],
    [None, "Nguyễn Văn An", None, None, None, None, None, "Trần Thị Bình"],
]
# Rows of the report that are not data: the column numbers, the total and the
# signature block (blank rows are skipped silently).
LAYOUT_ROWS = 1 + sum(1 for row in FOOTER if row)


def report_rows(data: Sequence[Cells] = DATA) -> list[Cells]:
    """Every row of the report, top to bottom (the header on row 7 and 8)."""
    return [*TOP, UPPER, LOWER, NUMBERS, *data, *FOOTER]


def report_xlsx(path: Path, data: Sequence[Cells] = DATA, *, sheet: str = "Biểu 01") -> Path:
    """The report as Excel saves it: merged title, header groups and vertical merges."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in report_rows(data):
        ws.append(list(row))
    ws.merge_cells("A4:J4")
    ws.merge_cells("A5:J5")
    ws.merge_cells("F7:H7")  # "Giấy chứng nhận" over Số | Ngày cấp | Ngày hết hạn
    for letter in "ABCDEIJ":
        ws.merge_cells(f"{letter}7:{letter}8")
    book.save(path)
    return path


def report_csv(path: Path, data: Sequence[Cells] = DATA) -> Path:
    """The same report saved by Excel as "CSV UTF-8" (merged cells come out blank)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in report_rows(data):
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def table_xlsx(
    path: Path, rows: Sequence[Cells], *, sheets: Sequence[str] = (), first: Sequence[Cells] = ()
) -> Path:
    """A plain table on one sheet; ``sheets`` adds sheets before it (the first holding
    ``first``, the others empty)."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    if sheets:
        cover.title = sheets[0]
        for row in first:
            cover.append(list(row))
        for name in sheets[1:]:
            book.create_sheet(name)
        ws = book.create_sheet("Danh sách")
    else:
        ws = cover
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def table_csv(path: Path, rows: Sequence[Cells], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def table_xls(path: Path, sheets: dict[str, Sequence[Cells]]) -> Path:
    """An Excel 97-2003 workbook (xlwt), one sheet per item."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    book.save(str(path))
    return path


_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>
"""


def table_ods(path: Path, sheets: dict[str, Sequence[Cells]]) -> Path:
    """An OpenDocument spreadsheet written by hand (a zip of a few XML parts), as
    LibreOffice saves one: the mimetype first and stored, then the content."""
    tables = []
    for name, rows in sheets.items():
        body = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, int | float):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}">'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        '<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                    )
            body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(body)}</table:table>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr(
            "content.xml", _ODS_CONTENT.format(tables="".join(tables)), zipfile.ZIP_DEFLATED
        )
    return path


def legacy(text: str, font: str) -> str:
    """``text`` as typed in a legacy font (``TCVN3`` or ``VNI``): what the file holds.
    Built from viparse's tables read backwards; ``test_legacy_fonts`` checks it against
    strings typed in those fonts by hand."""
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    table = {"TCVN3": TCVN3, "VNI": VNI}[font]
    surface: dict[str, str] = {}
    for typed, letter in table.pairs:
        surface.setdefault(letter, typed)
    return "".join(surface.get(ch, ch) for ch in text)
