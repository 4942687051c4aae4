"""Excel .xlsx workbooks, read row by row from the sheet's XML as it inflates.

Nothing is sized from what the workbook declares (its ``<dimension>``, a cell at
XFD1048576): a row is a list up to its own last value, rows are handed out as they
are parsed, and the limits of ``ReadLimits`` (unpacked size, rows, columns, cells,
shared-string bytes) are checked from the XML as it streams, before anything large
is built. A formula cell gives its cached value (what Excel last displayed); formulas
are never evaluated, and one without a cached value reads as blank. Cells with a
date format give ``date`` (whole days) or ``datetime``.

The old binary .xls and the OpenDocument .ods are read by ``calamine_files``; an OLE2
file here (an encrypted workbook, which Excel wraps in OLE2, or an ``.xls`` renamed
``.xlsx``) is sent there by ``table._format_of``, or refused saying which it is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

from hub.errors import FileRefusedError
from loaders.reading.base import BLOCK, SourceRow, refuse
from loaders.reading.limits import ReadLimits
from loaders.reading.sheets import choose_sheet
from loaders.reading.xlsx_parts import (
    SharedStrings,
    date_styles,
    read_book,
    shared_strings,
)
from loaders.reading.xml_parts import local, parse_part

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .xls, or an encrypted workbook
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # a stream name of encrypted OOXML
MAX_XLSX_RATIO = 200  # uncompressed/compressed size of one zip member
EXCEL_LAST_ROW = 1_048_576
_MB = 1024 * 1024
_REF = re.compile(r"([A-Za-z]{1,4})(\d*)")
_INT = re.compile(r"-?\d{1,18}")
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_LAST_SERIAL = 2_958_466  # 10000-01-01


def xlsx_records(
    path: Path, sheet: str | None, limits: ReadLimits
) -> tuple[Callable[[], Iterator[SourceRow]], list[str], str]:
    """The records of one sheet (the first unless named), re-read on each call; the
    workbook's sheet names and the one chosen."""
    archive = _open_zip(path, limits)
    with archive:
        book = read_book(path, archive)
        names = [s.name for s in book.sheets]
        chosen = book.sheets[choose_sheet(path, names, sheet)]
        strings = shared_strings(path, archive, book.shared_strings, limits)
        dates = date_styles(path, archive, book.styles)
    reader = _SheetReader(path, chosen.name, chosen.member, limits, strings, dates, book.date1904)
    return reader.records, names, chosen.name


def ole2_refusal(path: Path) -> FileRefusedError:
    """Why an OLE2 compound file is not read: encrypted, or an old .xls workbook."""
    if encrypted(path):
        return refuse(path, "encrypted-workbook")
    renamed = " renamed .xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else ""
    return refuse(path, "old-excel-format", renamed=renamed)


def encrypted(path: Path) -> bool:
    """Whether an OLE2 file is an encrypted workbook (Excel wraps those in OLE2)."""
    return _contains(path, _ENCRYPTED)


def _contains(path: Path, needle: bytes) -> bool:
    tail = b""
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            if needle in tail + block:
                return True
            tail = block[-len(needle) :]
    return False


def _open_zip(path: Path, limits: ReadLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        with path.open("rb") as fh:
            head = fh.read(len(OLE2))
        if head == OLE2:
            raise ole2_refusal(path) from None
        raise refuse(path, "damaged-workbook") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        archive.close()
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            raise refuse(path, "encrypted-workbook")
        raise refuse(path, "damaged-workbook:not-xlsx")
    total = sum(m.file_size for m in members)
    limit = limits.xlsx_unzipped_bytes
    if total > limit:
        archive.close()
        raise refuse(path, "too-large:unzipped", size=total // _MB, limit=limit // _MB)
    worst = max(members, key=lambda m: m.file_size / max(1, m.compress_size))
    if (
        worst.file_size > 10 * _MB
        and worst.file_size / max(1, worst.compress_size) > MAX_XLSX_RATIO
    ):
        archive.close()
        raise refuse(
            path,
            "too-large:ratio",
            member=worst.filename,
            size=worst.file_size // _MB,
            ratio=MAX_XLSX_RATIO,
        )
    return archive


class _SheetReader:
    """Streams one sheet's rows: ``records()`` parses the sheet XML afresh each time."""

    def __init__(
        self,
        path: Path,
        name: str,
        member: str,
        limits: ReadLimits,
        strings: SharedStrings,
        dates: bytearray,
        date1904: bool,
    ) -> None:
        self.path, self.name, self.member, self.limits = path, name, member, limits
        self.strings, self.dates = strings, dates
        self.epoch = _EPOCH_1904 if date1904 else _EPOCH_1900

    def records(self) -> Iterator[SourceRow]:
        state = _RowState(self)
        with zipfile.ZipFile(self.path) as archive:
            parts = parse_part(self.path, archive, self.member, state.start, state.end, state.text)
            for _ in parts:
                if state.done:
                    yield from state.done
                    state.done.clear()
        yield from state.done

    # Cell values ----------------------------------------------------------------------

    def value(self, kind: str, raw: str, style: int) -> object:
        if kind == "s":
            index = raw.strip()
            return self.strings.get(int(index)) if index.isdigit() and len(index) < 12 else None
        if kind in ("str", "inlineStr", "e", "d"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        return self._number(raw.strip(), style)

    def _number(self, raw: str, style: int) -> object:
        if _INT.fullmatch(raw):
            number: float = int(raw)
        else:
            try:
                number = float(raw)  # "1E+400" is inf: a row error later, never stored
            except ValueError:
                return raw
            if number.is_integer() and abs(number) < 1e15:
                number = int(number)
        if 0 <= style < len(self.dates) and self.dates[style]:
            return self._date(number)
        return number

    def _date(self, serial: float) -> object:
        if not 0 <= serial < _LAST_SERIAL:  # leave the number: the row error will say why
            return serial
        if serial < 1 and self.epoch is _EPOCH_1900:  # a time of day alone
            seconds = round(serial * 86400) % 86400
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        days = serial + 1 if self.epoch is _EPOCH_1900 and serial < 61 else serial
        moment = self.epoch + timedelta(days=days)  # (Excel's 29/02/1900 never was)
        if float(serial).is_integer():
            return moment.date()
        return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


class _RowState:
    """The expat handlers of one pass over a sheet and the rows they completed."""

    def __init__(self, reader: _SheetReader) -> None:
        self.reader = reader
        self.limits = reader.limits
        self.done: list[SourceRow] = []
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = -1
        self.kind, self.style = "n", 0
        self.text_parts: list[str] | None = None
        self.in_value = False
        self.rows = 0
        self.spanned = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "c":
            self._cell(attrs)
        elif tag == "v" or (tag == "t" and self.kind == "inlineStr"):
            self.in_value = True
            if self.text_parts is None:
                self.text_parts = []
        elif tag == "row":
            self._row(attrs)
        elif tag == "rPh":
            self.in_value = False

    def end(self, name: str) -> None:
        tag = local(name)
        if tag in ("v", "t"):
            self.in_value = False
        elif tag == "c":
            if self.text_parts is not None:
                raw = "".join(self.text_parts)
                if raw != "":
                    self._store(self.reader.value(self.kind, raw, self.style))
                self.text_parts = None
        elif tag == "row":
            self._finish_row()

    def text(self, data: str) -> None:
        if self.in_value and self.text_parts is not None:
            self.text_parts.append(data)

    def _row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r", "")
        self.row_number = (
            int(number) if number.isdigit() and len(number) < 9 else self.row_number + 1
        )
        if self.row_number > EXCEL_LAST_ROW:
            raise refuse(
                self.reader.path,
                "too-large:row-number",
                sheet=self.reader.name,
                row=self.row_number,
            )
        self.cells = {}
        self.column = -1

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        match = _REF.fullmatch(ref) if ref else None
        self.column = _column_index(match.group(1)) if match else self.column + 1
        self.kind = attrs.get("t", "n")
        style = attrs.get("s", "0")
        self.style = int(style) if style.isdigit() and len(style) < 7 else 0
        self.text_parts = None

    def _store(self, value: object) -> None:
        if self.column >= self.limits.xlsx_columns:
            cell = f"{_column_name(self.column)}{self.row_number}"
            raise refuse(
                self.reader.path,
                "too-large:columns",
                sheet=self.reader.name,
                cell=cell,
                last=_column_name(self.limits.xlsx_columns - 1),
                limit=self.limits.xlsx_columns,
            )
        self.cells[self.column] = value

    def _finish_row(self) -> None:
        if not self.cells:
            return
        width = max(self.cells) + 1
        self.rows += 1
        self.spanned += width
        if self.rows > self.limits.xlsx_rows:
            raise refuse(
                self.reader.path,
                "too-large:rows",
                sheet=self.reader.name,
                limit=self.limits.xlsx_rows,
            )
        if self.spanned > self.limits.xlsx_cells:
            raise refuse(
                self.reader.path,
                "too-large:cells",
                sheet=self.reader.name,
                limit=self.limits.xlsx_cells,
            )
        row: list[object] = [None] * width
        for index, value in self.cells.items():
            row[index] = value
        self.done.append((max(self.row_number, 1), row))
        self.cells = {}


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _column_name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
