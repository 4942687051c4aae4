"""Reading partner files: CSV, XLSX, JSON and JSON Lines, as rows of canonical columns.

``open_table`` reads the header (refusing a file that cannot be loaded at all, see
below) and returns a ``Table`` whose ``chunks()`` stream the data rows, re-reading
the file on each call, so a 1M-row CSV is read in bounded memory.

Rows are ``(row_number, {canonical column: value})``. Values are text, cleaned with
``hub.text.clean`` (NFC, control characters and NUL removed, trimmed; None when
blank), except XLSX date cells (``date``/``datetime``). Numbers are their text,
without a spurious ``.0`` (a tax code read as a number stays ``3700635642``).
Row numbers are what a clerk sees: the physical line (CSV, where a record starts)
or row (XLSX) counting the header as row 1; the 1-based index in a JSON array; the
line number in JSON Lines. Entirely blank rows are skipped.

Decisions:
- CSV encodings are found from the bytes: a BOM (UTF-8, UTF-16, UTF-32), else strict
  UTF-8 over the whole file, else Windows-1258 when its decoding looks Vietnamese
  (every tone mark lands on a vowel and the other letters are of the Vietnamese
  alphabet), else charset-normalizer's guess under the same test. Anything else,
  binary content and UTF-8 that was double-encoded (``Ã´`` for ``ô``) are refused
  rather than stored as mojibake.
- XLSX is read with python-calamine, which gives a formula cell's cached value (what
  Excel last displayed). Formulas are never evaluated here; a formula without a
  cached value reads as blank. Text cells such as ``=1+1`` stay text. calamine holds
  one sheet in memory; the zip is checked against ``MAX_XLSX_UNZIPPED`` first.
- JSON is parsed one array element at a time; JSON and JSON Lines are scanned once
  up front, so their columns are the union of the keys, and a broken file is refused
  before any row is handed out. A list of scalars becomes ``a;b`` text.
- The header is the first non-blank row, or the first of the next few rows that
  names a known column when title rows sit above the table (a warning says so).
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from charset_normalizer import from_bytes
from python_calamine import CalamineError, CalamineWorkbook

from hub.errors import FileRefusedError
from hub.text import clean, fold

Value = str | date | None  # datetime is a date
Row = tuple[int, dict[str, Value]]
Record = tuple[int, Sequence[object]]

MAX_XLSX_UNZIPPED = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200  # uncompressed/compressed size of one zip member
MAX_JSON_ELEMENT = 16 * 1024 * 1024
_HEADER_SEARCH = 10  # non-blank rows in which the header is looked for
_SAMPLE = 256 * 1024
_BLOCK = 1024 * 1024

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile(r"[ÃÂÄÅÆáâ][\x80-\x9f\xa1-\xbf]|â€|Ä‘")
_VIET_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for vowel in "aăâeêioôơuưy"
    for base in (vowel, vowel.upper())
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) | frozenset("đĐ")
_VIET_SYMBOLS = frozenset("“”‘’–—…•°₫€§©®±×\xa0")


@dataclass(frozen=True)
class Column:
    name: str  # canonical English name
    labels: tuple[str, ...] = ()  # Vietnamese labels and other aliases
    required: bool = False

    def describe(self) -> str:
        return f"{self.name} ({' / '.join(self.labels)})" if self.labels else self.name


def header_key(text: object) -> str:
    """The matching form of a header: no case, diacritics, spaces or punctuation."""
    return fold(text).replace(" ", "")


@dataclass
class Table:
    path: Path
    format: str  # "csv" | "xlsx" | "json" | "jsonl"
    encoding: str | None  # the codec of text formats
    columns_found: dict[str, str]  # canonical name -> header as written
    warnings: list[str]
    chunk_rows: int
    _records: Callable[[], Iterator[Record]] = field(repr=False)
    _positions: dict[str, int] = field(repr=False)
    _header_row: int = field(repr=False)
    _header_width: int = field(repr=False)

    def rows(self) -> Iterator[Row]:
        """The data rows, one at a time."""
        extra_warned = False
        for number, cells in self._records():
            if number <= self._header_row:
                continue
            row = {
                name: _cell(cells[i]) if i < len(cells) else None
                for name, i in self._positions.items()
            }
            if all(v is None for v in row.values()) and _blank(cells):
                continue
            if not extra_warned and len(cells) > self._header_width:
                extra_warned = _warn_extra(self, number, cells)
            yield number, row

    def chunks(self) -> Iterator[list[Row]]:
        """The data rows in lists of at most ``chunk_rows``."""
        batch: list[Row] = []
        for row in self.rows():
            batch.append(row)
            if len(batch) >= self.chunk_rows:
                yield batch
                batch = []
        if batch:
            yield batch


def open_table(
    path: Path,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    chunk_rows: int = 5000,
) -> Table:
    """Open a partner file and map its header to ``columns``, or raise FileRefusedError."""
    path = Path(path)
    lookup = _lookup(columns)
    fmt, encoding, records, header = _open_source(path, sheet)
    if header is None:
        header = _find_header(path, records, lookup)
    header_row, names = header
    positions, found, warnings = _map_header(path, fmt, names, lookup)
    _check_required(path, columns, found, header_row, names)
    width = len(names)
    if header_row > 1 and fmt in ("csv", "xlsx"):
        warnings.insert(0, f"{path.name}: the header is row {header_row}; rows above it ignored")
    return Table(
        path,
        fmt,
        encoding,
        found,
        warnings,
        max(1, chunk_rows),
        records,
        positions,
        header_row,
        width,
    )


# Formats -----------------------------------------------------------------------------

Source = tuple[str, str | None, Callable[[], Iterator[Record]], tuple[int, list[str]] | None]


def _open_source(path: Path, sheet: str | None) -> Source:
    fmt = _format_of(path)
    if fmt == "xlsx":
        return fmt, None, _xlsx_records(path, sheet), None
    encoding = _detect_encoding(path)
    if fmt == "csv":
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(path, encoding)
        return fmt, encoding, lambda: _csv_records(path, encoding, delimiter), None
    objects = _json_objects if fmt == "json" else _jsonl_objects
    keys = _json_keys(path, objects(path, encoding))
    return fmt, encoding, lambda: _json_records(objects(path, encoding), keys), (0, keys)


def _format_of(path: Path) -> str:
    if not path.is_file():
        raise FileRefusedError(f"{path.name}: the file does not exist or is not a file")
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt:
        return fmt
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(_OLE2):
        raise _refuse(
            path,
            "is an old .xls workbook or a password-protected one; "
            "save it as .xlsx without a password",
        )
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return {b"[": "json", b"{": "jsonl"}.get(start, "csv")


def _refuse(path: Path, reason: str) -> FileRefusedError:
    return FileRefusedError(f"{path.name}: {reason}")


# Text encodings ----------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if not head:
        raise _refuse(path, "the file is empty")
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is None:
        utf8 = _sample_text(head, "utf-8")
        plain = utf8 is not None and not _looks_binary(utf8) and _decodes(path, "utf-8")
        encoding = "utf-8" if plain else _legacy_encoding(path, head)
    elif not _decodes(path, encoding):
        raise _refuse(
            path,
            f"starts with a {encoding} byte-order mark but is not {encoding} "
            "text; save it again as CSV UTF-8",
        )
    _check_text(path, head, encoding)
    return encoding


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _legacy_encoding(path: Path, head: bytes) -> str:
    if _looks_vietnamese(_sample_text(head, "cp1258")) and _decodes(path, "cp1258"):
        return "cp1258"
    best = from_bytes(head).best()
    if best is not None and best.encoding:
        guess = codecs.lookup(best.encoding).name
        if _looks_vietnamese(_sample_text(head, guess)) and _decodes(path, guess):
            return guess
    raise _refuse(
        path,
        "the text encoding is not recognised (it is not UTF-8, UTF-16 or "
        "Windows-1258) or the file is not text; save it as CSV UTF-8",
    )


def _sample_text(head: bytes, encoding: str) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(head)
    except UnicodeDecodeError:
        return None


def _looks_vietnamese(text: str | None) -> bool:
    """Whether non-ASCII letters are all of the Vietnamese alphabet (tone marks placed)."""
    if text is None or _looks_binary(text):
        return False
    text = unicodedata.normalize("NFC", text)
    viet = foreign = 0
    for ch in text:
        if ch < "\x80" or ch in _VIET_SYMBOLS:
            continue
        if ch in _VIET_LETTERS:
            viet += 1
        else:
            foreign += 1
    return foreign <= viet // 50


def _looks_binary(text: str) -> bool:
    """Many control characters: stray ones in text are removed, a binary file is refused."""
    count = len(_CONTROL.findall(text))
    return count > 16 and count > len(text) // 50


def _check_text(path: Path, head: bytes, encoding: str) -> None:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    if _looks_binary(text):
        raise _refuse(path, "is not a text file (it looks binary)")
    if match := _MOJIBAKE.search(text):
        raise _refuse(
            path,
            f"the text is garbled by a double conversion (e.g. "
            f"{match.group()!r} instead of a Vietnamese letter); export the "
            "original again as CSV UTF-8",
        )


# CSV ---------------------------------------------------------------------------------


def _sniff_delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(_SAMPLE)
    for line in sample.splitlines():
        counts = {d: _QUOTED.sub("", line).count(d) for d in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda d: counts[d])
        if counts[best]:
            return best
    return ","


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[Record]:
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        line = 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:
            raise _refuse(path, f"the row starting at line {line} {_csv_problem(exc)}") from None


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "end of data" in message:
        return "opens a quoted value that is never closed"
    if "expected after" in message:
        return "has text after a closing quote; put the whole value in quotes"
    if "field larger" in message:
        return "has a value longer than the limit (a quoted value may not be closed)"
    return f"cannot be read as CSV ({message})"


# XLSX --------------------------------------------------------------------------------


def _xlsx_records(path: Path, sheet: str | None) -> Callable[[], Iterator[Record]]:
    _check_zip(path)
    name = _sheet_name(path, sheet)
    return lambda: _xlsx_rows(path, name)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            path,
            "the workbook is damaged or truncated (not a readable .xlsx); save it again from Excel",
        ) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise _refuse(path, "is a zip file but not an Excel .xlsx workbook")
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(1, m.compress_size) for m in members), default=0)
    if total > MAX_XLSX_UNZIPPED or (worst > MAX_XLSX_RATIO and total > 10 * 1024 * 1024):
        raise _refuse(
            path,
            f"the workbook unpacks to {total // 1024 // 1024} MB, more than "
            f"the {MAX_XLSX_UNZIPPED // 1024 // 1024} MB allowed; split it",
        )


def _workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as exc:
        raise _refuse(path, f"the workbook cannot be read ({exc})") from None


def _sheet_name(path: Path, sheet: str | None) -> str:
    with _workbook(path) as book:
        names = list(book.sheet_names)
    if not names:
        raise _refuse(path, "the workbook has no sheet")
    if sheet is None:
        return names[0]
    for name in names:
        if name == sheet or header_key(name) == header_key(sheet):
            return name
    raise _refuse(path, f"has no sheet named {sheet!r}; its sheets are: {', '.join(names)}")


def _xlsx_rows(path: Path, name: str) -> Iterator[Record]:
    with _workbook(path) as book:
        try:
            data = book.get_sheet_by_name(name)
            # calamine yields rows from row 1 (columns from the first used one).
            for index, cells in enumerate(data.iter_rows()):
                yield index + 1, cells
        except (CalamineError, ValueError) as exc:
            raise _refuse(path, f"sheet {name!r} cannot be read ({exc})") from None


# JSON and JSON Lines -----------------------------------------------------------------


JsonObjects = Iterator[tuple[int, dict[str, Any]]]


def _json_objects(path: Path, encoding: str) -> JsonObjects:
    with path.open(encoding=encoding) as fh:
        yield from _JsonArray(path, fh)


def _jsonl_objects(path: Path, encoding: str) -> JsonObjects:
    with path.open(encoding=encoding) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _refuse(path, f"line {number} is not valid JSON ({exc.msg})") from None
            if not isinstance(value, dict):
                raise _refuse(
                    path,
                    f"line {number} is not a JSON object; JSON Lines needs one object per line",
                )
            yield number, value


class _JsonArray:
    """The elements of a top-level JSON array of objects, read a block at a time."""

    def __init__(self, path: Path, fh: IO[str]) -> None:
        self.path, self.fh = path, fh
        self.buf, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def __iter__(self) -> JsonObjects:
        if self._next_char() != "[":
            raise _refuse(self.path, "is not a JSON array; the file must be [ {...}, {...} ]")
        self.pos += 1
        index = 0
        while (char := self._next_char()) != "]":
            if index:
                if char != ",":
                    raise self._broken(index)
                self.pos += 1
                char = self._next_char()
            index += 1
            if char != "{":
                raise _refuse(self.path, f"element {index} of the array is not an object")
            yield index, self._element(index)
        self.pos += 1
        if self._next_char() != "":
            raise _refuse(self.path, "has content after the end of the JSON array")

    def _next_char(self) -> str:
        """The next non-space character (not consumed); "" at the end of the file."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos].isspace():
                self.pos += 1
            if self.pos < len(self.buf) or not self._fill():
                return self.buf[self.pos : self.pos + 1]

    def _fill(self) -> bool:
        if self.eof:
            return False
        block = self.fh.read(_BLOCK)
        self.eof = not block
        self.buf, self.pos = self.buf[self.pos :] + block, 0
        return bool(block)

    def _element(self, index: int) -> dict[str, Any]:
        while True:
            try:
                value, self.pos = self.decoder.raw_decode(self.buf, self.pos)
                return dict(value)
            except json.JSONDecodeError:
                if len(self.buf) - self.pos > MAX_JSON_ELEMENT or not self._fill():
                    raise self._broken(index) from None

    def _broken(self, index: int) -> FileRefusedError:
        return _refuse(
            self.path,
            f"the JSON is broken at or after element {index} (truncated file or a syntax error)",
        )


def _json_keys(path: Path, objects: JsonObjects) -> list[str]:
    keys: dict[str, None] = {}
    for _, obj in objects:
        keys.update(dict.fromkeys(obj))
    if not keys:
        raise _refuse(path, "has no records (an empty array or only blank lines)")
    return list(keys)


def _json_records(objects: JsonObjects, keys: list[str]) -> Iterator[Record]:
    for number, obj in objects:
        yield number, [obj.get(key) for key in keys]


# Header ------------------------------------------------------------------------------


def _lookup(columns: Sequence[Column]) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.name, *column.labels):
            key = header_key(spelling)
            other = lookup.setdefault(key, column)
            if other is not column:
                raise ValueError(f"{spelling!r} names both {other.name} and {column.name}")
    return lookup


def _find_header(
    path: Path, records: Callable[[], Iterator[Record]], lookup: dict[str, Column]
) -> tuple[int, list[str]]:
    first: tuple[int, list[str]] | None = None
    seen = 0
    for number, cells in records():
        if _blank(cells):
            continue
        names = [clean(_cell_text(c)) or "" for c in cells]
        if not lookup or any(header_key(n) in lookup for n in names):
            return number, names
        first = first or (number, names)
        seen += 1
        if seen >= _HEADER_SEARCH:
            break
    if first is None:
        raise _refuse(
            path,
            "the file is empty"
            if path.stat().st_size == 0
            else "has no header row (it holds only blank rows)",
        )
    return first


def _map_header(
    path: Path, fmt: str, names: list[str], lookup: dict[str, Column]
) -> tuple[dict[str, int], dict[str, str], list[str]]:
    positions: dict[str, int] = {}
    found: dict[str, str] = {}
    warnings: list[str] = []
    for i, name in enumerate(names):
        column = lookup.get(header_key(name))
        if column is None:
            if header_key(name):
                warnings.append(f"{path.name}: unknown column {name!r} ignored")
            continue
        if column.name in found:
            first = positions[column.name]
            raise _refuse(
                path,
                f"columns {found[column.name]!r} ({_where(fmt, first)}) and "
                f"{name!r} ({_where(fmt, i)}) both mean {column.name}; "
                "keep only one of them",
            )
        positions[column.name], found[column.name] = i, name
    return positions, found, warnings


def _check_required(
    path: Path, columns: Sequence[Column], found: dict[str, str], row: int, names: list[str]
) -> None:
    where = f"row {row}" if row else "the records"
    has = ", ".join(repr(n) for n in names if n)
    missing = [c.describe() for c in columns if c.required and c.name not in found]
    if missing:
        raise _refuse(
            path, f"required column {' and '.join(missing)} is missing; {where} has: {has}"
        )
    if columns and not found:
        expected = ", ".join(c.describe() for c in columns[:3])
        raise _refuse(
            path, f"no known column in {where} ({has}); expected columns such as {expected}"
        )


def _where(fmt: str, index: int) -> str:
    if fmt in ("json", "jsonl"):
        return "key"
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"column {letters}"


def _warn_extra(table: Table, number: int, cells: Sequence[object]) -> bool:
    if _blank(cells[table._header_width :]):
        return False
    table.warnings.append(
        f"{table.path.name}: row {number} has more cells than the header "
        "(a delimiter inside an unquoted value?); extra cells ignored"
    )
    return True


# Cells -------------------------------------------------------------------------------


def _cell(value: object) -> Value:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, date):  # datetime too
        return value
    return clean(_cell_text(value))


def _cell_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ";".join(t for v in value if (t := _cell_text(v)))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _blank(cells: Sequence[Any]) -> bool:
    return all(_cell(c) is None for c in cells)
