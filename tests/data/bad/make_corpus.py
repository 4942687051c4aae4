"""The bad-input corpus: every kind of damage partner files arrive with, per dataset kind.

``python tests/data/bad/make_corpus.py`` rewrites the small files committed beside
this script (``<kind>/<case>.<ext>``). The big and binary ones (a 50 MB file, a 1 MB
cell, a truncated XLSX, zip bombs, XLSX formula cells) are not committed: the tests
build them in a temporary folder with the ``make_*`` functions below.

Every record uses keys of its own (tax codes 37099xxxxx, ``BAD-`` numbers), so loading
the corpus never touches the good fixtures' records. ``EXPECT`` says, per case, whether
the file must be refused ("refused") or loaded with a report ("loaded"); "either" when
both are a clear answer (the test then checks the report, not the verdict).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
CYPHER = "'}) DETACH DELETE n //"
CYPHER2 = '"}) MATCH (n) DETACH DELETE n RETURN 1 //'
FORMULAS = ("=1+1", '=HYPERLINK("http://127.0.0.1/x","bấm")', "+SUM(A1:A9)", "@cmd|'/C calc'!A0")
CONTROL = "Công ty\x00 TNHH\x07 Điều\x1b[31m Khiển\x7f\x0b"
CONTROL_CLEAN = "Công ty TNHH Điều[31m Khiển"
DECOMPOSED = "Công ty Cổ phần Tổ Hợp"  # typed in NFD below; stored as NFC

# The check digits of these were computed with python-stdnum's vn.mst (valid codes).
TAX_CODES = (
    "3709900006",
    "3709900013",
    "3709900020",
    "3709900038",
    "3709900045",
    "3709900052",
)
BAD_TAX_CODES = ("3709900001", "37099", "ABCDEFGHIJ", "3709900006-1234", "-3709900006")


def _row(kind: str, i: int, name: str | None = None) -> dict[str, str]:
    """A valid row of ``kind`` (canonical columns); ``name`` replaces its free text."""
    code = TAX_CODES[i % len(TAX_CODES)]
    text = name if name is not None else f"Công ty TNHH Lỗi Thử {i}"
    rows: dict[str, dict[str, str]] = {
        "enterprises": {
            "tax_code": code,
            "name": text,
            "address": "Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương",
            "size": "nhỏ",
            "established_on": "15/03/2005",
        },
        "certificates": {
            "certificate_no": f"BAD-C-{i}",
            "kind": "management_system",
            "tax_code": code,
            "enterprise_name": text,
            "standard": "ISO 9001:2015",
            "issuer": "QUACERT",
            "product": text,
            "issued_on": "10/01/2024",
            "expires_on": "09/01/2027",
        },
        "awards": {
            "tax_code": code,
            "enterprise_name": text,
            "award": "national_quality_award",
            "year": str(2010 + i % 10),
        },
        "measurement": {
            "record_id": f"BAD-M-{i}",
            "tax_code": code,
            "enterprise_name": text,
            "support_type": "calibration",
            "year": "2023",
            "amount_vnd": "1.000.000",
        },
        "programme_support": {
            "programme": "2684/QĐ-UBND",
            "tax_code": code,
            "enterprise_name": text,
            "support_kind": "training",
            "year": "2022",
            "note": text,
        },
        "products": {
            "product_code": f"BAD-P-{i}",
            "name": text,
            "chain": "eggs",
            "producer_tax_code": code,
        },
        "trace_events": {
            "event_id": f"BAD-EV-{i}",
            "event_time": "2025-03-01T06:00:00+07:00",
            "event_type": "object",
            "biz_step": "commissioning",
            "lot_code": f"BAD-LOT-{i}",
            "product_code": "BAD-P-0",
            "actor_tax_code": code,
            "location": text,
        },
    }
    return rows[kind]


TABLE_KINDS = (
    "enterprises",
    "certificates",
    "awards",
    "measurement",
    "programme_support",
    "products",
    "trace_events",
)
# The column whose free text carries the hostile strings, per kind.
TEXT_COLUMN = {
    "enterprises": "name",
    "certificates": "product",
    "awards": "enterprise_name",
    "measurement": "enterprise_name",
    "programme_support": "note",
    "products": "name",
    "trace_events": "location",
}
# A column holding a date or a year, per kind, and impossible values for it.
DATE_COLUMN = {
    "enterprises": "established_on",
    "certificates": "issued_on",
    "awards": "year",
    "measurement": "year",
    "programme_support": "year",
    "products": None,
    "trace_events": "event_time",
}
IMPOSSIBLE_DATES = ("31/02/2024", "2024-13-01", "00/00/0000", "29/02/2023", "99999", "hôm qua")
TAX_COLUMN = {
    "enterprises": "tax_code",
    "products": "producer_tax_code",
    "trace_events": "actor_tax_code",
}


def _csv(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed, tone marks as combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        for mark in list(marks):
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and composed != base:
                try:
                    composed.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base, marks = composed, marks.replace(mark, "", 1)
        out += (base + marks).encode("cp1258")
    return bytes(out)


def _good(kind: str, count: int = 3) -> list[dict[str, str]]:
    return [_row(kind, i) for i in range(count)]


def _cases(kind: str) -> dict[str, bytes]:
    """Small files of one table kind: case name -> bytes (all CSV)."""
    text = TEXT_COLUMN[kind]
    good = _good(kind)
    header = list(good[0])
    cases: dict[str, bytes] = {}

    legacy = _csv([_row(kind, i, f"Công ty Đường Sắt Việt {i}") for i in range(3)])
    cases["encoding_cp1258"] = cp1258(legacy)
    cases["encoding_utf16"] = legacy.replace(",", "\t").encode("utf-16")
    lines = legacy.splitlines(keepends=True)
    cases["encoding_mixed"] = "".join(lines[:2]).encode("utf-8") + cp1258("".join(lines[2:]))
    cases["encoding_double"] = legacy.encode("utf-8").decode("latin-1").encode("utf-8")
    cases["encoding_binary"] = bytes(range(256)) * 8
    cases["encoding_nfd"] = _csv([_row(kind, 0, unicodedata.normalize("NFD", DECOMPOSED))]).encode(
        "utf-8"
    )

    required = _required(kind)
    cases["missing_required_column"] = _csv(
        [{k: v for k, v in r.items() if k != required} for r in good]
    ).encode()
    dup_header = [*header, required]
    cases["duplicated_headers"] = _csv(good, dup_header).encode()

    date_column = DATE_COLUMN[kind]
    if date_column:
        cases["impossible_dates"] = _csv(
            [{**_row(kind, i), date_column: bad} for i, bad in enumerate(IMPOSSIBLE_DATES)]
        ).encode()
    tax = TAX_COLUMN.get(kind, "tax_code")
    cases["invalid_tax_codes"] = _csv(
        [{**_row(kind, i), tax: bad} for i, bad in enumerate(BAD_TAX_CODES)]
    ).encode()
    cases["duplicate_rows"] = _csv([good[0], good[1], good[0], good[0]]).encode()
    cases["empty"] = b""
    cases["header_only"] = _csv([], header).encode()
    cases["blank_lines_only"] = b"\n\n   \n\n"
    cases["formulas"] = _csv(
        [_row(kind, i, formula) for i, formula in enumerate(FORMULAS)]
    ).encode()
    cases["control_chars"] = _csv([_row(kind, 0, CONTROL)]).encode()
    cases["cypher_text"] = _csv([_row(kind, 0, CYPHER), _row(kind, 1, CYPHER2)]).encode()
    cases["unclosed_quote"] = (_csv(good) + f'"{good[0][header[0]]},"never closed\n').encode()
    cases["long_field_5k"] = _csv([_row(kind, 0, "Dài " + "ạ" * 5_000)]).encode()
    del text
    return cases


def _required(kind: str) -> str:
    return {
        "enterprises": "tax_code",
        "certificates": "certificate_no",
        "awards": "award",
        "measurement": "record_id",
        "programme_support": "programme",
        "products": "product_code",
        "trace_events": "event_id",
    }[kind]


def _epcis_event(i: int, **extra: object) -> dict[str, object]:
    event: dict[str, object] = {
        "type": "ObjectEvent",
        "eventID": f"urn:uuid:bad-epcis-{i}",
        "action": "ADD",
        "bizStep": "commissioning",
        "epcList": [f"urn:epc:id:sgtin:8930000.000001.{i}"],
        "eventTime": "2025-03-01T06:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
    }
    event.update(extra)
    return event


def _epcis_doc(events: Sequence[object] | dict[str, int]) -> dict[str, object]:
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-03-01T00:00:00Z",
        "epcisBody": {"eventList": events},
    }


def _epcis_cases() -> dict[str, bytes]:
    def dump(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode()

    good = dump(_epcis_doc([_epcis_event(i) for i in range(3)]))
    return {
        "empty": b"",
        "not_json": b"this is not { json",
        "truncated": good[: len(good) // 2],
        "array_not_document": dump([_epcis_event(0)]),
        "no_event_list": dump({"type": "EPCISDocument", "epcisBody": {}}),
        "event_list_not_list": dump(_epcis_doc({"a": 1})),
        "event_not_object": dump(_epcis_doc([1, "x", None])),
        "unknown_event_type": dump(_epcis_doc([_epcis_event(0, type="TeleportEvent")])),
        "impossible_time": dump(_epcis_doc([_epcis_event(0, eventTime="2025-02-30T25:61:00Z")])),
        "missing_time": dump(
            _epcis_doc([{k: v for k, v in _epcis_event(0).items() if k != "eventTime"}])
        ),
        "nan_quantity": good.replace(b'"ADD"', b'"ADD", "quantityList": [{"quantity": NaN}]', 1),
        "duplicate_keys": good.replace(b'"ADD"', b'"ADD", "action": "DELETE"', 1),
        "deep_nesting": b'{"epcisBody": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",
        "cp1258_bytes": cp1258(
            json.dumps(
                _epcis_doc([_epcis_event(0, bizLocation={"id": "Kho Đường"})]), ensure_ascii=False
            )
        ),
        "cypher_text": dump(
            _epcis_doc(
                [
                    _epcis_event(0, eventID=CYPHER, readPoint={"id": CYPHER2}),
                    _epcis_event(1, bizLocation={"id": CONTROL}),
                ]
            )
        ),
        "duplicate_events": dump(_epcis_doc([_epcis_event(0), _epcis_event(0)])),
    }


# Cases whose verdict is fixed by the data contract; the rest must simply be clear.
EXPECT: dict[str, str] = {
    "encoding_cp1258": "loaded",
    "encoding_utf16": "loaded",
    "encoding_nfd": "loaded",
    "encoding_mixed": "refused",
    "encoding_double": "refused",
    "encoding_binary": "refused",
    "missing_required_column": "refused",
    "duplicated_headers": "refused",
    "impossible_dates": "loaded",
    "invalid_tax_codes": "loaded",
    "duplicate_rows": "loaded",
    "empty": "refused",
    "header_only": "either",
    "blank_lines_only": "refused",
    "formulas": "loaded",
    "control_chars": "loaded",
    "cypher_text": "loaded",
    "unclosed_quote": "refused",
    "long_field_5k": "either",
}
EPCIS_EXPECT: dict[str, str] = {
    "cypher_text": "loaded",
    # Streamed one event at a time: a bad event is a row error, the rest loads.
    "duplicate_keys": "loaded",
    "event_not_object": "loaded",
    "impossible_time": "loaded",
    "missing_time": "loaded",
    "unknown_event_type": "loaded",
    "duplicate_events": "either",
    "array_not_document": "either",  # a bare list of events is accepted (more than the contract)
}


def corpus() -> dict[tuple[str, str], bytes]:
    """(kind, case) -> bytes, for every small file."""
    files: dict[tuple[str, str], bytes] = {}
    for kind in TABLE_KINDS:
        for case, data in _cases(kind).items():
            files[(kind, case)] = data
    for case, data in _epcis_cases().items():
        files[("epcis", case)] = data
    return files


def file_name(kind: str, case: str) -> str:
    return f"{kind}/{case}.{'json' if kind == 'epcis' else 'csv'}"


# The code of the rows an EPCIS case rejects.
EPCIS_ROW_CODES: dict[str, str] = {
    "duplicate_keys": "conflicting-keys",
    "event_not_object": "wrong-type",
    "impossible_time": "bad-date",
    "missing_time": "missing-value",
    "unknown_event_type": "unknown-value",
}


def expected(kind: str, case: str) -> str:
    if kind == "epcis":
        return EPCIS_EXPECT.get(case, "refused")
    return EXPECT[case]


def write_corpus(root: Path = HERE) -> list[Path]:
    written = []
    for (kind, case), data in corpus().items():
        path = root / file_name(kind, case)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# Big and binary files, built by the tests in a temporary folder -----------------------


def make_big_csv(path: Path, kind: str, megabytes: int = 50) -> Path:
    """A CSV of ``kind`` of about ``megabytes`` MB: valid rows with long free text."""
    text = TEXT_COLUMN[kind]
    good = _row(kind, 0)
    header = list(good)
    target = megabytes * 1024 * 1024
    filler = "Cơ sở sản xuất " * 40
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        i = 0
        while handle.tell() < target:
            row = _row(kind, i, f"{filler}{i}")
            for key in ("certificate_no", "record_id", "product_code", "event_id", "lot_code"):
                if key in row:
                    row[key] = f"BIG-{key}-{i}"
            writer.writerow([row[c] if c != text else row[text] for c in header])
            i += 1
    return path


def make_big_epcis(path: Path, megabytes: int = 50) -> Path:
    events = []
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        event = _epcis_event(i, bizLocation={"id": f"urn:epc:id:sgln:8930000.{i:05d}.0"})
        size += len(json.dumps(event)) + 2
        events.append(event)
        i += 1
    path.write_text(json.dumps(_epcis_doc(events)), encoding="utf-8")
    return path


def make_long_cell_csv(path: Path, kind: str, size: int = 1024 * 1024) -> Path:
    path.write_text(_csv([_row(kind, 0, "x" * size)]), encoding="utf-8")
    return path


def make_xlsx(path: Path, kind: str, names: list[str], *, formulas: bool = False) -> Path:
    """An XLSX of ``kind``; with ``formulas`` the text cells are real formula cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = [_row(kind, i, name) for i, name in enumerate(names)]
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[c] for c in header])
    column = header.index(TEXT_COLUMN[kind]) + 1
    for r, name in enumerate(names, start=2):
        cell = sheet.cell(row=r, column=column)
        if formulas:
            cell.value = name  # openpyxl stores "=..." as a formula, with no cached value
        else:
            cell.value = name
            cell.data_type = "s"  # the same characters as text
    book.save(path)
    return path


def make_truncated_xlsx(path: Path, kind: str) -> Path:
    whole = make_xlsx(path, kind, [f"Công ty Cắt Cụt {i}" for i in range(50)])
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def make_zip_bomb_xlsx(path: Path, kind: str, megabytes: int = 600) -> Path:
    """A real XLSX whose sheet XML inflates to ``megabytes`` MB (of spaces)."""
    make_xlsx(path, kind, ["Công ty Bom Nén"])
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = members.pop(sheet)
    head, tail = xml.split(b"<sheetData>", 1)
    block = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in members.items():
            out.writestr(name, data)
        with out.open(sheet, "w", force_zip64=True) as member:
            member.write(head + b"<sheetData>")
            for _ in range(megabytes):
                member.write(block)
            member.write(tail)
    return path


# Hand-made workbooks: what Excel would never write, sized by what they declare -----------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    f'2006/relationships"><Relationship Id="rId1" Type="{_RELS}/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_workbook(path: Path, sheet_xml: Iterable[bytes] | bytes, *, level: int = 9) -> Path:
    """A minimal XLSX (workbook, its relationships, one sheet) around ``sheet_xml``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in [sheet_xml] if isinstance(sheet_xml, bytes) else sheet_xml:
                sheet.write(part)
    return path


def _sheet(dimension: str, rows: str) -> bytes:
    return (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def make_far_cells_xlsx(path: Path) -> Path:
    """2 KB: two used cells far apart, A2 and XFD1048576 (a dense reader allocates 2^34)."""
    header = "".join(_inline(f"{c}1", n) for c, n in zip("AB", ("tax_code", "name"), strict=True))
    rows = (
        f'<row r="1">{header}</row>'
        f'<row r="2">{_inline("A2", TAX_CODES[0])}{_inline("B2", "Công ty Xa Xôi")}</row>'
        f'<row r="1048576">{_inline("XFD1048576", "xa")}</row>'
    )
    return write_workbook(path, _sheet("A1:XFD1048576", rows))


def make_wide_range_xlsx(path: Path) -> Path:
    """2 KB: a sheet declaring and spanning A1:CV1000000 (a dense reader reads 10^8 cells)."""
    header = "".join(_inline(f"{c}1", n) for c, n in zip("AB", ("tax_code", "name"), strict=True))
    rows = (
        f'<row r="1">{header}</row>'
        f'<row r="2">{_inline("A2", TAX_CODES[1])}{_inline("B2", "Công ty Rộng Lớn")}</row>'
        f'<row r="1000000">{_inline("CV1000000", "cuối")}</row>'
    )
    return write_workbook(path, _sheet("A1:CV1000000", rows))


def make_beyond_xfd_xlsx(path: Path) -> Path:
    """A value in column XFE, one past Excel's last column."""
    header = "".join(_inline(f"{c}1", n) for c, n in zip("AB", ("tax_code", "name"), strict=True))
    rows = f'<row r="1">{header}</row><row r="2">{_inline("XFE2", "ngoài lề")}</row>'
    return write_workbook(path, _sheet("A1:XFE2", rows))


def make_inflating_xlsx(path: Path, megabytes: int = 480) -> Path:
    """A few MB that unpack to ``megabytes`` MB of real rows (under the zip-ratio guard)."""
    rows = b"".join(
        (
            f'<row><c t="inlineStr"><is><t>{TAX_CODES[i % 6]}</t></is></c><c t="inlineStr"><is>'
            f"<t>Công ty Phình To {i * 7919 % 100_003} {i * 104_729 % 1_000_003}</t></is></c></row>"
        ).encode()
        for i in range(1000)
    )
    head = _sheet("A1:B1", f'<row r="1">{_inline("A1", "tax_code")}{_inline("B1", "name")}</row>')
    head, tail = head.split(b"</sheetData>")

    def parts() -> Iterator[bytes]:
        yield head
        for _ in range(megabytes * 1024 * 1024 // len(rows)):
            yield rows
        yield b"</sheetData>" + tail

    return write_workbook(path, parts(), level=6)


def make_dtd_xlsx(path: Path, payload: str) -> Path:
    """A sheet whose XML declares a DTD: ``payload`` is the internal subset."""
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{payload}]><worksheet xmlns="{_MAIN}">'
        f'<sheetData><row r="1">{_inline("A1", "tax_code")}</row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return write_workbook(path, xml.encode())


BILLION_LAUGHS = (
    '<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + '<!ENTITY e "&l9;&l9;">'
)
XXE = '<!ENTITY e SYSTEM "file:///etc/passwd">'


def make_encrypted_xlsx(path: Path) -> Path:
    """The shape of a password-protected workbook: an OLE2 file with EncryptedPackage."""
    names = b"".join(
        n.encode("utf-16-le").ljust(64, b"\0")
        for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    path.write_bytes(XLS_MAGIC + bytes(504) + names + bytes(2048))
    return path


def make_renamed_xls(path: Path) -> Path:
    """An Excel 97-2003 workbook (an OLE2 file with a Workbook stream), named .xlsx."""
    names = b"".join(n.encode("utf-16-le").ljust(64, b"\0") for n in ("Root Entry", "Workbook"))
    path.write_bytes(XLS_MAGIC + bytes(504) + names + bytes(2048))
    return path


XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


MAKERS: dict[str, Callable[..., Path]] = {
    "big_csv": make_big_csv,
    "big_epcis": make_big_epcis,
    "long_cell": make_long_cell_csv,
    "truncated_xlsx": make_truncated_xlsx,
    "zip_bomb_xlsx": make_zip_bomb_xlsx,
    "far_cells_xlsx": make_far_cells_xlsx,
    "wide_range_xlsx": make_wide_range_xlsx,
    "inflating_xlsx": make_inflating_xlsx,
    "encrypted_xlsx": make_encrypted_xlsx,
    "renamed_xls": make_renamed_xls,
}


if __name__ == "__main__":
    paths = write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(paths)} files written")
