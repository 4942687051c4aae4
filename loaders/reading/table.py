"""``open_table``: a partner file of any supported format as chunks of canonical rows."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hub.messages import render
from loaders.reading import json_files, text_files, xlsx
from loaders.reading.base import SAMPLE, Record, refuse
from loaders.reading.cells import Value, blank, cell
from loaders.reading.header import (
    Column,
    check_required,
    find_header,
    lookup_of,
    map_header,
)
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits
from loaders.report import Warnings

Row = tuple[int, dict[str, Value]]

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


@dataclass
class Table:
    path: Path
    format: str  # "csv" | "xlsx" | "json" | "jsonl"
    encoding: str | None  # the codec of text formats
    columns_found: dict[str, str]  # canonical name -> header as written
    warnings: Warnings
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
                name: cell(cells[i]) if i < len(cells) else None
                for name, i in self._positions.items()
            }
            if all(v is None for v in row.values()) and blank(cells):
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
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Open a partner file and map its header to ``columns``, or raise FileRefusedError."""
    path = Path(path)
    lookup = lookup_of(columns)
    fmt, encoding, records, header = _open_source(path, sheet, limits)
    if header is None:
        header = find_header(path, records, lookup)
    header_row, names = header
    warnings = Warnings()
    if header_row > 1 and fmt in ("csv", "xlsx"):
        warnings.append(f"{path.name}: {render('header-below-top', {'row': header_row})}")
    positions, found = map_header(path, fmt, names, lookup, warnings)
    check_required(path, columns, found, header_row, names)
    width = len(names)
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


Source = tuple[str, str | None, Callable[[], Iterator[Record]], tuple[int, list[str]] | None]


def _open_source(path: Path, sheet: str | None, limits: ReadLimits) -> Source:
    """The format's records. A new format (.xls, .ods through python-calamine) is one
    reader module and one branch here."""
    fmt = _format_of(path)
    if fmt == "xlsx":
        return fmt, None, xlsx.xlsx_records(path, sheet, limits), None
    encoding = text_files.detect_encoding(path)
    if fmt == "csv":
        delimiter = (
            "\t" if path.suffix.lower() == ".tsv" else text_files.sniff_delimiter(path, encoding)
        )
        max_line = limits.csv_line_chars
        return (
            fmt,
            encoding,
            lambda: text_files.csv_records(path, encoding, delimiter, max_line),
            None,
        )
    objects = json_files.json_objects if fmt == "json" else json_files.jsonl_objects
    keys = json_files.json_keys(path, objects(path, encoding, limits))
    return (
        fmt,
        encoding,
        lambda: json_files.json_records(objects(path, encoding, limits), keys),
        (0, keys),
    )


def _format_of(path: Path) -> str:
    if not path.is_file():
        raise refuse(path, "not-a-file:missing")
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt:
        return fmt
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(xlsx.OLE2):
        raise xlsx.ole2_refusal(path)
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return {b"[": "json", b"{": "jsonl"}.get(start, "csv")


def _warn_extra(table: Table, number: int, cells: Sequence[object]) -> bool:
    if blank(cells[table._header_width :]):
        return False
    table.warnings.append(f"{table.path.name}: {render('extra-cells', {'row': number})}")
    return True
