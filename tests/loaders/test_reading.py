"""Reading partner files: formats, encodings, headers, refusals, row numbers."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hub.errors import FileRefusedError
from loaders.reading import Column, Table, header_key, open_table

DATA = Path(__file__).parent.parent / "data" / "reading"
SAMPLE = "Công ty TNHH Thực phẩm Đồng Nai"
COLUMNS = (
    Column("tax_code", ("Mã số thuế", "MST", "Mã số doanh nghiệp"), required=True),
    Column("name", ("Tên doanh nghiệp",), required=True),
    Column("address", ("Địa chỉ",)),
    Column("established_on", ("Ngày thành lập",)),
    Column("size", ("Quy mô",)),
)


def _rows(table: Table) -> list[tuple[int, dict[str, object]]]:
    return [row for chunk in table.chunks() for row in chunk]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as legacy software writes it: base letters plus combining tone marks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = "".join(c for c in parts if c not in _TONES)
            out += unicodedata.normalize("NFC", base).encode("cp1258")
            out += "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


# Headers ------------------------------------------------------------------------------


def test_header_key_ignores_case_diacritics_spaces_and_punctuation():
    spellings = ["Mã số thuế", "MA SO THUE", "ma_so_thue", "mã-số thuế", " Mã  số thuế: "]
    assert {header_key(s) for s in spellings} == {"masothue"}


def test_vietnamese_and_english_headers_give_the_same_rows(tmp_path):
    vietnamese = _write(tmp_path / "vi.csv", f"MÃ SỐ THUẾ,tên_doanh_nghiệp\n3700635642,{SAMPLE}\n")
    english = _write(tmp_path / "en.csv", f"tax_code,Name\n3700635642,{SAMPLE}\n")
    short = _write(tmp_path / "mst.csv", f"MST;Ten doanh nghiep\n3700635642;{SAMPLE}\n")
    expected = [(2, {"tax_code": "3700635642", "name": SAMPLE})]
    for path in (vietnamese, english, short):
        assert _rows(open_table(path, COLUMNS[:2])) == expected


def test_columns_found_maps_canonical_names_to_the_headers_as_written():
    table = open_table(DATA / "enterprises_vi.csv", COLUMNS)
    assert table.columns_found == {
        "tax_code": "Mã số thuế",
        "name": "Tên doanh nghiệp",
        "address": "Địa chỉ",
        "established_on": "Ngày thành lập",
    }


def test_unknown_columns_are_ignored_with_a_warning_naming_each(tmp_path):
    path = _write(tmp_path / "f.csv", "STT,MST,Tên doanh nghiệp,Ghi chú\n1,3700635642,A,x\n")
    table = open_table(path, COLUMNS)
    assert table.warnings == [
        "f.csv: unknown column 'STT' ignored",
        "f.csv: unknown column 'Ghi chú' ignored",
    ]
    assert _rows(table) == [(2, {"tax_code": "3700635642", "name": "A"})]


def test_missing_required_column_refuses_naming_the_column_and_its_label(tmp_path):
    path = _write(tmp_path / "dn.csv", "MST,Địa chỉ\n3700635642,Biên Hòa\n")
    with pytest.raises(FileRefusedError) as refused:
        open_table(path, COLUMNS)
    message = str(refused.value)
    assert message.startswith("dn.csv: required column name (Tên doanh nghiệp) is missing")
    assert "'MST', 'Địa chỉ'" in message


def test_headers_meaning_the_same_column_are_refused_naming_both(tmp_path):
    path = _write(tmp_path / "dup.csv", "Mã số thuế,Tên doanh nghiệp,MST\n1,A,2\n")
    with pytest.raises(
        FileRefusedError,
        match=r"'Mã số thuế' \(column A\) and 'MST' "
        r"\(column C\) both mean tax_code",
    ):
        open_table(path, COLUMNS)


def test_a_first_row_without_any_known_column_is_refused(tmp_path):
    path = _write(tmp_path / "data.csv", "3700635642,Công ty A\n0301234567,Công ty B\n")
    with pytest.raises(FileRefusedError, match="data.csv: required column tax_code"):
        open_table(path, COLUMNS)
    with pytest.raises(FileRefusedError, match="no known column in row 1"):
        open_table(path, COLUMNS[2:])


def test_title_rows_above_the_header_are_skipped_with_a_warning(tmp_path):
    text = (
        f"DANH SÁCH DOANH NGHIỆP,,\nNăm 2024,,\n,,\nMST,Tên doanh nghiệp,Quy mô\n1,{SAMPLE},nhỏ\n"
    )
    table = open_table(_write(tmp_path / "t.csv", text), COLUMNS)
    assert table.warnings[0] == "t.csv: the header is row 4; rows above it ignored"
    assert _rows(table) == [(5, {"tax_code": "1", "name": SAMPLE, "size": "nhỏ"})]


# Empty files ----------------------------------------------------------------------------


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(FileRefusedError, match="empty.csv: the file is empty"):
        open_table(_write(tmp_path / "empty.csv", ""), COLUMNS)


def test_a_file_of_blank_lines_has_no_header(tmp_path):
    with pytest.raises(FileRefusedError, match="blank.csv: has no header row"):
        open_table(_write(tmp_path / "blank.csv", "\n \n,,\n"), COLUMNS)


def test_a_header_only_file_yields_no_rows(tmp_path):
    table = open_table(_write(tmp_path / "h.csv", "MST,Tên doanh nghiệp\r\n"), COLUMNS)
    assert _rows(table) == []
    assert table.warnings == []


# CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("cp1258", ",", "cp1258"),
    ],
)
def test_each_encoding_decodes_to_exactly_the_nfc_text(tmp_path, encoding, delimiter, expected):
    other = "Hợp tác xã Nông nghiệp Tân Uyên, tỉnh Bình Dương"
    lines = ["Mã số thuế", "Tên doanh nghiệp"], ["1", SAMPLE], ["2", f'"{other}"']
    text = "".join(delimiter.join(line) + "\r\n" for line in lines)
    path = tmp_path / "f.csv"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    table = open_table(path, COLUMNS)
    assert table.format == "csv"
    assert table.encoding == expected
    names = [row["name"] for _, row in _rows(table)]
    assert names == [SAMPLE, other]
    assert all(unicodedata.is_normalized("NFC", str(name)) for name in names)


def test_excel_unicode_text_export_is_read(tmp_path):
    text = f'Mã số thuế\tTên doanh nghiệp\tĐịa chỉ\r\n3700635642\t{SAMPLE}\t"Biên Hòa"\r\n'
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = open_table(path, COLUMNS)
    assert (table.encoding, _rows(table)) == (
        "utf-16",
        [(2, {"tax_code": "3700635642", "name": SAMPLE, "address": "Biên Hòa"})],
    )


def test_utf16_without_bom_is_recognised(tmp_path):
    text = f"Mã số thuế\tTên doanh nghiệp\r\n3700635642\t{SAMPLE}\r\n"
    path = tmp_path / "nobom.csv"
    path.write_bytes(text.encode("utf-16-le"))
    table = open_table(path, COLUMNS)
    assert table.encoding == "utf-16-le"
    assert _rows(table) == [(2, {"tax_code": "3700635642", "name": SAMPLE})]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed_from_the_header(tmp_path, delimiter):
    rows = [["MST", "Tên doanh nghiệp", "Địa chỉ"], ["1", "A, B; C | D", "x"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    table = open_table(_write(tmp_path / "f.csv", text + "\n"), COLUMNS)
    assert _rows(table) == [(2, {"tax_code": "1", "name": "A, B; C | D", "address": "x"})]


def test_row_numbers_are_physical_lines_with_quoted_newlines_and_blank_rows():
    table = open_table(DATA / "enterprises_vi.csv", COLUMNS)
    assert table.warnings == ["enterprises_vi.csv: unknown column 'STT' ignored"]
    assert _rows(table) == [
        (
            2,
            {
                "tax_code": "3700635642",
                "name": SAMPLE,
                "address": "Số 1, đường 30/4, phường Phú Cường",
                "established_on": "15/01/2010",
            },
        ),
        (
            5,
            {
                "tax_code": "0301234567-001",
                "name": "Chi nhánh Công ty CP Xây dựng Bình Dương",
                "address": None,
                "established_on": "2011-02-03",
            },
        ),
        (
            7,
            {
                "tax_code": "301234567",
                "name": "Hợp tác xã Nông nghiệp Tân Uyên",
                "address": "Tân Uyên",
                "established_on": None,
            },
        ),
    ]


def test_values_are_cleaned_of_nul_control_characters_and_extra_spaces(tmp_path):
    text = "MST,Tên doanh nghiệp,Địa chỉ\n1,\x00Công\x07 ty\xa0 A\x1f ,\u200b\n"
    decomposed = unicodedata.normalize("NFD", SAMPLE)
    text += f"2,{decomposed},\x00\n"
    rows = _rows(open_table(_write(tmp_path / "f.csv", text), COLUMNS))
    assert rows == [
        (2, {"tax_code": "1", "name": "Công ty A", "address": None}),  # zero-width only
        (3, {"tax_code": "2", "name": SAMPLE, "address": None}),
    ]


def test_chunks_hold_at_most_chunk_rows(tmp_path):
    text = "MST,Tên doanh nghiệp\n" + "".join(f"{i},n{i}\n" for i in range(7))
    table = open_table(_write(tmp_path / "f.csv", text), COLUMNS, chunk_rows=3)
    assert [len(chunk) for chunk in table.chunks()] == [3, 3, 1]
    assert [n for chunk in table.chunks() for n, _ in chunk] == list(range(2, 9))


def test_a_row_with_more_cells_than_the_header_is_warned_once(tmp_path):
    text = "MST,Tên doanh nghiệp\n1,Công ty A, chi nhánh B\n2,C,D\n3,E,\n"
    table = open_table(_write(tmp_path / "f.csv", text), COLUMNS)
    assert [row["name"] for _, row in _rows(table)] == ["Công ty A", "C", "E"]
    assert table.warnings == [
        "f.csv: row 2 has more cells than the header (a delimiter "
        "inside an unquoted value?); extra cells ignored"
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('1,"Công ty A\n2,B\n', "line 2 opens a quoted value that is never closed"),
        ('1,A\n2,"Công ty" B\n', "line 3 has text after a closing quote"),
    ],
)
def test_broken_quoting_is_refused_naming_the_line(tmp_path, body, reason):
    path = _write(tmp_path / "q.csv", "MST,Tên doanh nghiệp\n" + body)
    with pytest.raises(FileRefusedError, match=f"q.csv: the row starting at {reason}"):
        _rows(open_table(path, COLUMNS))


def test_binary_content_is_refused(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 64 + os.urandom(4096))
    with pytest.raises(FileRefusedError, match="garbage.csv: the text encoding is not recognised"):
        open_table(path, COLUMNS)
    zeros = tmp_path / "zeros.csv"
    zeros.write_bytes(b"MST,Ten\n" + bytes(4096))
    with pytest.raises(FileRefusedError, match="zeros.csv: the text encoding is not recognised"):
        open_table(zeros, COLUMNS)


def test_legacy_font_bytes_are_converted_not_stored_as_mojibake(tmp_path):
    # TCVN3 ("ABC" fonts) bytes of SAMPLE, which Windows-1258 would misread as this text.
    path = tmp_path / "tcvn3.csv"
    path.write_bytes("MST,Tªn doanh nghiÖp\n1,C«ng ty TNHH Thùc phÈm §ång Nai\n".encode("cp1252"))
    assert _rows(open_table(path, COLUMNS)) == [(2, {"tax_code": "1", "name": SAMPLE})]


def test_double_encoded_utf8_is_refused(tmp_path):
    garbled = SAMPLE.encode("utf-8").decode("cp1252", errors="replace")
    path = _write(tmp_path / "moji.csv", f"MST,Tên doanh nghiệp\n1,{garbled}\n")
    with pytest.raises(FileRefusedError, match="moji.csv: the text is garbled"):
        open_table(path, COLUMNS)


def test_a_bom_that_lies_is_refused(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + "MST,Tên\n1,".encode() + _cp1258("Đồng Nai\n"))
    with pytest.raises(FileRefusedError, match="bom.csv: starts with a utf-8-sig byte-order"):
        open_table(path, COLUMNS)


# XLSX ------------------------------------------------------------------------------------


def _workbook(path: Path, *, title_rows: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Doanh nghiệp"
    if title_rows:
        sheet["B1"] = "DANH SÁCH DOANH NGHIỆP"
    top = 3 if title_rows else 1
    sheet.cell(top, 2, "Mã số thuế")
    sheet.cell(top, 3, "Tên doanh nghiệp")
    sheet.cell(top, 4, "Ngày thành lập")
    sheet.cell(top, 5, "Quy mô")
    sheet.cell(top + 1, 2, 3700635642)
    sheet.cell(top + 1, 3, SAMPLE)
    sheet.cell(top + 1, 4, dt.date(2024, 2, 29))
    sheet.cell(top + 1, 5, "=1+1")  # a formula: openpyxl writes no cached value
    sheet.cell(top + 2, 2, 301234567.0)
    sheet.cell(top + 2, 3, '=HYPERLINK("http://x")').data_type = "s"  # text, not a formula
    sheet.cell(top + 2, 4, dt.datetime(2024, 1, 15, 13, 5))
    sheet.cell(top + 2, 5, 1.5)
    book.create_sheet("Khác")["A1"] = "MST"
    book.save(path)
    return path


def _set_cached_value(path: Path, formula: str, value: str) -> None:
    """Give a formula the cached value Excel would have saved with it."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    old = f"<f>{formula}</f><v />".encode()
    assert old in parts[sheet]
    parts[sheet] = parts[sheet].replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_xlsx_dates_numbers_and_formulas(tmp_path):
    path = _workbook(tmp_path / "dn.xlsx")
    _set_cached_value(path, "1+1", "2")
    table = open_table(path, COLUMNS)
    assert (table.format, table.encoding) == ("xlsx", None)
    assert _rows(table) == [
        (
            2,
            {
                "tax_code": "3700635642",
                "name": SAMPLE,
                "established_on": dt.date(2024, 2, 29),
                "size": "2",
            },
        ),
        (
            3,
            {
                "tax_code": "301234567",
                "name": '=HYPERLINK("http://x")',
                "established_on": dt.datetime(2024, 1, 15, 13, 5),
                "size": "1.5",
            },
        ),
    ]


def test_xlsx_formula_without_cached_value_is_blank_not_evaluated(tmp_path):
    rows = _rows(open_table(_workbook(tmp_path / "dn.xlsx"), COLUMNS))
    assert rows[0][1]["size"] is None


def test_xlsx_row_numbers_count_rows_above_the_table(tmp_path):
    table = open_table(_workbook(tmp_path / "dn.xlsx", title_rows=True), COLUMNS)
    assert [number for number, _ in _rows(table)] == [4, 5]
    assert table.warnings == ["dn.xlsx: the header is row 3; rows above it ignored"]


def test_xlsx_sheet_by_name(tmp_path):
    path = _workbook(tmp_path / "dn.xlsx")
    assert open_table(path, COLUMNS[2:], sheet="doanh nghiep").columns_found == {
        "established_on": "Ngày thành lập",
        "size": "Quy mô",
    }
    with pytest.raises(
        FileRefusedError,
        match="dn.xlsx: has no sheet named 'Sheet9'; its sheets are: Doanh nghiệp, Khác",
    ):
        open_table(path, COLUMNS, sheet="Sheet9")


def test_a_truncated_xlsx_is_refused(tmp_path):
    whole = _workbook(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileRefusedError, match="cut.xlsx: the workbook is damaged or truncated"):
        open_table(path, COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(FileRefusedError, match="doc.xlsx: is a zip file but not an Excel"):
        open_table(path, COLUMNS)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = bytes(4 * 1024 * 1024)
            for _ in range(130):
                member.write(block)
    with pytest.raises(FileRefusedError, match="bomb.xlsx: the workbook unpacks to 520 MB"):
        open_table(path, COLUMNS)


def test_an_old_xls_workbook_is_refused(tmp_path):
    path = tmp_path / "old"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(
        FileRefusedError,
        match=r"old: is an old Excel 97-2003 \(.xls\) workbook that cannot be read; open it",
    ):
        open_table(path, COLUMNS)


# JSON and JSON Lines --------------------------------------------------------------------


def test_json_row_numbers_are_array_indexes():
    table = open_table(DATA / "enterprises.json", COLUMNS)
    assert table.format == "json"
    assert table.warnings == [
        "enterprises.json: unknown column 'products' ignored",
        "enterprises.json: unknown column 'extra' ignored",
    ]
    assert _rows(table) == [
        (1, {"tax_code": "3700635642", "name": SAMPLE, "established_on": "2010-01-15"}),
        (
            3,
            {
                "tax_code": "301234567",
                "name": "Hợp tác xã Nông nghiệp Tân Uyên",
                "established_on": None,
            },
        ),
    ]


def test_jsonl_row_numbers_are_line_numbers():
    table = open_table(DATA / "enterprises.jsonl", COLUMNS)
    assert table.format == "jsonl"
    assert _rows(table) == [
        (1, {"tax_code": "3700635642", "name": SAMPLE, "size": None}),
        (3, {"tax_code": "3700635642", "name": "Đồng Nai", "size": "nhỏ"}),
    ]


def test_json_lists_of_scalars_become_semicolon_text(tmp_path):
    records = [{"MST": "1", "Tên doanh nghiệp": ["A", 2, None, True], "Địa chỉ": {"x": 1}}]
    path = _write(tmp_path / "f.json", json.dumps(records, ensure_ascii=False))
    assert _rows(open_table(path, COLUMNS)) == [
        (1, {"tax_code": "1", "name": "A;2;true", "address": '{"x": 1}'})
    ]


def test_a_large_json_array_is_read_across_blocks(tmp_path):
    records = [{"MST": str(i), "Tên doanh nghiệp": SAMPLE * 20} for i in range(3000)]
    path = _write(tmp_path / "big.json", json.dumps(records, ensure_ascii=False, indent=2))
    rows = _rows(open_table(path, COLUMNS))
    assert [n for n, _ in rows] == list(range(1, 3001))
    assert rows[-1][1] == {"tax_code": "2999", "name": SAMPLE * 20}


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("a.json", '{"MST": "1"}', "a.json: is not a JSON array"),
        ("b.json", '[{"MST": "1"}, 2]', "b.json: element 2 of the array is not an object"),
        (
            "c.json",
            '[{"MST": "1"}, {"MST": "2"',
            "c.json: the JSON is broken at or after element 2",
        ),
        ("d.json", '[{"MST": "1"} {"MST": "2"}]', "d.json: the JSON is broken"),
        ("e.json", "[]", "e.json: has no records"),
        ("f.json", '[{"MST": "1"}] x', "f.json: has content after the end"),
        ("g.jsonl", '{"MST": "1"}\n[1]\n', "g.jsonl: line 2 is not a JSON object"),
        ("h.jsonl", '{"MST": "1"}\n\n{"MST": \n', "h.jsonl: line 3 is not valid JSON"),
    ],
)
def test_json_that_is_not_an_array_of_objects_is_refused(tmp_path, name, text, reason):
    with pytest.raises(FileRefusedError, match=reason):
        open_table(_write(tmp_path / name, text), COLUMNS[:1])


# Format sniffing --------------------------------------------------------------------------


def test_the_format_is_sniffed_when_the_extension_is_unknown(tmp_path):
    xlsx = _workbook(tmp_path / "a.xlsx").rename(tmp_path / "a.bin")
    json_file = _write(tmp_path / "b", '\ufeff [{"MST": "1", "Tên doanh nghiệp": "A"}]', "utf-8")
    jsonl = _write(tmp_path / "c.dat", '{"MST": "1", "Tên doanh nghiệp": "A"}\n')
    csv_file = _write(tmp_path / "d.export", "MST|Tên doanh nghiệp\n1|A\n")
    formats = [open_table(p, COLUMNS).format for p in (xlsx, json_file, jsonl, csv_file)]
    assert formats == ["xlsx", "json", "jsonl", "csv"]
    assert _rows(open_table(csv_file, COLUMNS)) == [(2, {"tax_code": "1", "name": "A"})]
