"""Excel 97-2003 ``.xls`` and OpenDocument ``.ods`` workbooks, through python-calamine.

calamine reads a sheet whole into memory, so the file is bounded before it is opened:
its size (an ``.ods``, a zip, counted unpacked from its directory) against
``ReadLimits.workbook_bytes``, then the sheet's rows, columns and cells against the
XLSX limits before a row is handed out. Cells come as calamine types them (text,
numbers, dates from date-formatted cells); formulas give their cached values.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from loaders.reading.base import SourceRow, refuse
from loaders.reading.limits import ReadLimits
from loaders.reading.sheets import choose_sheet

_MB = 1024 * 1024


def workbook_records(
    path: Path, fmt: str, sheet: str | None, limits: ReadLimits
) -> tuple[Callable[[], Iterator[SourceRow]], list[str], str]:
    """The records of one sheet (re-read on each call), the sheet names, the one chosen."""
    _check_size(path, fmt, limits)
    with _open(path, fmt) as book:
        names = list(book.sheet_names)
        index = choose_sheet(path, names, sheet)
    chosen = names[index]

    def records() -> Iterator[SourceRow]:
        with _open(path, fmt) as book:
            try:
                data = book.get_sheet_by_index(index)
            except CalamineError as exc:
                raise _damaged(path, fmt, exc) from None
            _check_shape(path, chosen, data.height, data.width, limits)
            top, left = data.start or (0, 0)
            pad: list[object] = [None] * left
            for offset, row in enumerate(data.iter_rows()):
                yield top + offset + 1, [*pad, *row]

    return records, names, chosen


def _open(path: Path, fmt: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise refuse(path, "encrypted-workbook") from None
    except (CalamineError, OSError, ValueError) as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise refuse(path, "encrypted-workbook") from None
        raise _damaged(path, fmt, exc) from None


def _damaged(path: Path, fmt: str, exc: Exception) -> Exception:
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    if fmt == "xls":
        renamed = " renamed .xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else ""
        return refuse(path, "old-excel-format", renamed=renamed)
    return refuse(path, "damaged-workbook:other", format=f".{fmt}", detail=detail)


def _check_size(path: Path, fmt: str, limits: ReadLimits) -> None:
    size = path.stat().st_size
    if fmt == "ods":
        try:
            with zipfile.ZipFile(path) as archive:
                size = max(size, sum(m.file_size for m in archive.infolist()))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise refuse(
                path, "damaged-workbook:other", format=".ods", detail="not a zip"
            ) from None
    if size > limits.workbook_bytes:
        raise refuse(
            path, "too-large:workbook", size=size // _MB, limit=limits.workbook_bytes // _MB
        )


def _check_shape(path: Path, sheet: str, height: int, width: int, limits: ReadLimits) -> None:
    if height > limits.xlsx_rows:
        raise refuse(path, "too-large:rows", sheet=sheet, limit=limits.xlsx_rows)
    if width > limits.xlsx_columns:
        raise refuse(
            path,
            "too-large:columns",
            sheet=sheet,
            cell=f"row 1, column {width}",
            last=limits.xlsx_columns,
            limit=limits.xlsx_columns,
        )
    if height * width > limits.xlsx_cells:
        raise refuse(path, "too-large:cells", sheet=sheet, limit=limits.xlsx_cells)
