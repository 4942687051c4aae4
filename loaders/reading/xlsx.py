"""Excel workbooks, through python-calamine (a formula cell gives its cached value)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from loaders.reading.base import Record, refuse
from loaders.reading.header import header_key

MAX_XLSX_UNZIPPED = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200  # uncompressed/compressed size of one zip member


def xlsx_records(path: Path, sheet: str | None) -> Callable[[], Iterator[Record]]:
    _check_zip(path)
    name = _sheet_name(path, sheet)
    return lambda: _xlsx_rows(path, name)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(
            path,
            "the workbook is damaged or truncated (not a readable .xlsx); save it again from Excel",
        ) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise refuse(path, "is a zip file but not an Excel .xlsx workbook")
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(1, m.compress_size) for m in members), default=0)
    if total > MAX_XLSX_UNZIPPED or (worst > MAX_XLSX_RATIO and total > 10 * 1024 * 1024):
        raise refuse(
            path,
            f"the workbook unpacks to {total // 1024 // 1024} MB, more than "
            f"the {MAX_XLSX_UNZIPPED // 1024 // 1024} MB allowed; split it",
        )


def _workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as exc:
        raise refuse(path, f"the workbook cannot be read ({exc})") from None


def _sheet_name(path: Path, sheet: str | None) -> str:
    with _workbook(path) as book:
        names = list(book.sheet_names)
    if not names:
        raise refuse(path, "the workbook has no sheet")
    if sheet is None:
        return names[0]
    for name in names:
        if name == sheet or header_key(name) == header_key(sheet):
            return name
    raise refuse(path, f"has no sheet named {sheet!r}; its sheets are: {', '.join(names)}")


def _xlsx_rows(path: Path, name: str) -> Iterator[Record]:
    with _workbook(path) as book:
        try:
            data = book.get_sheet_by_name(name)
            # calamine yields rows from row 1 (columns from the first used one).
            for index, cells in enumerate(data.iter_rows()):
                yield index + 1, cells
        except (CalamineError, ValueError) as exc:
            raise refuse(path, f"sheet {name!r} cannot be read ({exc})") from None
