"""``open_table``: a partner file of any supported format as chunks of canonical rows."""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hub.errors import FileRefusedError
from hub.messages import refusal, render
from loaders.reading import calamine_files, json_files, layout, text_files, xlsx
from loaders.reading.base import SAMPLE, SourceRow, refuse
from loaders.reading.cells import Value, cell
from loaders.reading.header import (
    Column,
    Header,
    Matcher,
    check_required,
    find_header,
    map_header,
)
from loaders.reading.legacy_fonts import FONT_NAMES, ColumnFonts, LegacyTextError
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits
from loaders.report import Warnings

Row = tuple[int, dict[str, Value]]
# A record as laid out: its number, its cells as read, and each cell cleaned.
_Record = tuple[int, list[object], list[Value]]

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
WORKBOOKS = ("xlsx", "xls", "ods")
# Rows held back while each column's font is decided (``legacy_fonts``).
FONT_WINDOW = 1000
# Refusals that, in a workbook read from its first sheet, may mean the wrong sheet.
_SHEET_CODES = {"empty-file", "no-header", "missing-column", "no-known-column"}


@dataclass
class Table:
    path: Path
    format: str  # "csv" | "xlsx" | "xls" | "ods" | "json" | "jsonl"
    encoding: str | None  # the codec of text formats
    columns_found: dict[str, str]  # canonical name -> header as written
    warnings: Warnings
    chunk_rows: int
    header: Header
    _records: Callable[[], Iterator[SourceRow]] = field(repr=False)
    _positions: dict[str, int] = field(repr=False)
    _required: frozenset[str] = field(repr=False, default=frozenset())
    file_font: str | None = None  # the bytes were a legacy font, not a Unicode encoding

    @property
    def header_names(self) -> list[str]:
        """The header as the file names its columns (two rows combined)."""
        return self.header.names

    def rows(self) -> Iterator[Row]:
        """The data rows, one at a time."""
        for number, row, _ in self._rows():
            yield number, row

    def cells_of(self, numbers: Collection[int]) -> Iterator[tuple[int, list[object]]]:
        """The rows ``numbers`` as the file holds them, one value per header column
        (text converted from a legacy font as the rows were), for a return file."""
        width = len(self.header.names)
        for number, _, cells in self._rows():
            if number in numbers:
                values = [cells[i] if i < len(cells) else None for i in range(width)]
                yield number, values

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

    def _rows(self) -> Iterator[tuple[int, dict[str, Value], list[object]]]:
        fonts = ColumnFonts(self.header.font, self.file_font)
        held: list[_Record] = []
        decided = False
        for number, cells, values in self._laid_out():
            if not decided:
                held.append((number, cells, values))
                for i, value in enumerate(cells[: len(self.header.names)]):
                    fonts.observe(str(i), value)
                if len(held) < FONT_WINDOW and not fonts.ready():
                    continue
                fonts.decide()
                decided = True
                yield from self._converted(held, fonts)
                held = []
            else:
                yield from self._converted([(number, cells, values)], fonts)
        if not decided:
            fonts.decide()
            yield from self._converted(held, fonts)
        self._warn_fonts(fonts)

    def _converted(
        self, records: list[_Record], fonts: ColumnFonts
    ) -> Iterator[tuple[int, dict[str, Value], list[object]]]:
        width = len(self.header.names)
        for number, cells, values in records:
            try:
                fixed = [fonts.fix(str(i), v) if i < width else v for i, v in enumerate(cells)]
            except LegacyTextError as exc:
                column = self.header.names[int(exc.column)] or exc.column
                raise refuse(
                    self.path,
                    exc.message_id,
                    column=column,
                    font=FONT_NAMES[exc.font],
                    value=exc.value,
                    row=number,
                ) from None
            # A cell no font changed is already clean (``_laid_out``): most of them.
            row = {
                name: (values[i] if fixed[i] is cells[i] else cell(fixed[i]))
                if i < len(fixed)
                else None
                for name, i in self._positions.items()
            }
            yield number, row, fixed

    def _laid_out(self) -> Iterator[_Record]:
        """Data records, each with its cells cleaned (``cell``): the header and rows above
        it, blank rows, a report's column numbers, totals and signature block left out
        (one warning each)."""
        extra_warned = False
        first = True
        in_footer = False
        width = len(self.header.names)
        for number, raw in self._records():
            if number <= self.header.row:
                continue
            cells = list(raw)
            values = [cell(c) for c in cells]
            if all(v is None for v in values):
                continue
            if first and self.format in WORKBOOKS + ("csv",):
                first = False
                numbers = layout.column_numbers(cells, sum(1 for n in self.header.names if n))
                if numbers is not None:
                    self._warn("layout-row:numbers", row=number, sample=numbers)
                    continue
            first = False
            if self.format in WORKBOOKS + ("csv",) and not self._looks_like_data(values):
                if not in_footer and layout.section_heading(cells):
                    self._warn("layout-row:section", row=number, text=layout.shown(cells))
                    continue
                kind = layout.footer_kind(cells)
                if kind is not None or in_footer:
                    in_footer = True
                    message = "layout-row:total" if kind == "total" else "layout-row:signature"
                    self._warn(message, row=number, text=layout.shown(cells))
                    continue
            if not extra_warned and any(v is not None for v in values[width:]):
                self._warn("extra-cells", row=number)
                extra_warned = True
            yield number, cells, values

    def _looks_like_data(self, values: Sequence[Value]) -> bool:
        """Every required column and at least two known columns hold a value."""
        filled = {
            n for n, i in self._positions.items() if i < len(values) and values[i] is not None
        }
        return len(filled) >= 2 and self._required <= filled

    def _warn(self, message_id: str, **params: object) -> None:
        self.warnings.append(f"{self.path.name}: {render(message_id, params)}")

    def _warn_fonts(self, fonts: ColumnFonts) -> None:
        for column, font in fonts.converted:
            name = self.header.names[int(column)] if column.isdigit() else column
            if name:
                self._warn("font-converted", column=name, font=FONT_NAMES[font])


def open_table(
    path: Path,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    chunk_rows: int = 5000,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Open a partner file and map its header to ``columns``, or raise FileRefusedError."""
    path = Path(path)
    source = _open_source(path, sheet, limits)
    try:
        return _table(path, columns, source, mapping, chunk_rows)
    except FileRefusedError as exc:
        if source.fmt in WORKBOOKS and sheet is None and len(source.sheets) > 1:
            if exc.refusal in _SHEET_CODES:
                raise _wrong_sheet(path, exc, source) from None
        raise


@dataclass
class _Source:
    fmt: str
    encoding: str | None
    records: Callable[[], Iterator[SourceRow]]
    header: tuple[int, list[str]] | None = None  # JSON: the union of the keys
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    font: str | None = None  # a CSV whose bytes are a legacy font


def _table(
    path: Path,
    columns: Sequence[Column],
    source: _Source,
    mapping: Mapping[str, str] | None,
    chunk_rows: int,
) -> Table:
    matcher = Matcher(columns, mapping)
    if source.header is None:
        header = find_header(path, source.records, matcher, source.font)
    else:
        header = Header(source.header[0], source.header[1], source.header[0])
    warnings = Warnings()
    if header.first_row > 1 and source.fmt != "json" and source.fmt != "jsonl":
        warnings.append(f"{path.name}: {render('header-below-top', {'row': header.first_row})}")
    for message_id, params in header.warnings:
        warnings.append(f"{path.name}: {render(message_id, params)}")
    if header.font and not source.font:
        params = {"font": FONT_NAMES[header.font]}
        warnings.append(f"{path.name}: {render('font-converted:header', params)}")
    positions, found = map_header(path, source.fmt, header.names, matcher, warnings)
    check_required(path, columns, found, header.row, header.names)
    required = frozenset(c.name for c in columns if c.required and c.name in positions)
    return Table(
        path,
        source.fmt,
        source.encoding,
        found,
        warnings,
        max(1, chunk_rows),
        header,
        source.records,
        positions,
        required,
        source.font,
    )


def _wrong_sheet(path: Path, exc: FileRefusedError, source: _Source) -> FileRefusedError:
    reason = str(exc).removeprefix(f"{path.name}: ")
    error = refusal(
        path.name,
        "wrong-sheet",
        reason=reason,
        sheet=source.sheet or "",
        names=", ".join(source.sheets),
    )
    return error


def _open_source(path: Path, sheet: str | None, limits: ReadLimits) -> _Source:
    """The format's records. A new format is one reader module and one branch here."""
    fmt = _format_of(path)
    if fmt == "xlsx":
        records, names, chosen = xlsx.xlsx_records(path, sheet, limits)
        return _Source(fmt, None, records, None, names, chosen)
    if fmt in ("xls", "ods"):
        records, names, chosen = calamine_files.workbook_records(path, fmt, sheet, limits)
        return _Source(fmt, None, records, None, names, chosen)
    encoding, font = text_files.detect_encoding(path)
    if fmt == "csv":
        delimiter = (
            "\t" if path.suffix.lower() == ".tsv" else text_files.sniff_delimiter(path, encoding)
        )
        max_line = limits.csv_line_chars

        def csv_records() -> Iterator[SourceRow]:
            return text_files.csv_records(path, encoding, delimiter, max_line)

        return _Source(fmt, encoding, csv_records, font=font)
    objects = json_files.json_objects if fmt == "json" else json_files.jsonl_objects
    keys = json_files.json_keys(path, objects(path, encoding, limits))
    return _Source(
        fmt,
        encoding,
        lambda: json_files.json_records(objects(path, encoding, limits), keys),
        (0, keys),
    )


def _format_of(path: Path) -> str:
    if not path.is_file():
        raise refuse(path, "not-a-file:missing")
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    if head.startswith(xlsx.OLE2):
        if xlsx.encrypted(path):
            raise refuse(path, "encrypted-workbook")
        return "xls"
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt:
        return fmt
    if head.startswith(b"PK\x03\x04"):
        return "ods" if _is_ods(path) else "xlsx"
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return {b"[": "json", b"{": "jsonl"}.get(start, "csv")


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "content.xml" in names and "xl/workbook.xml" not in names
