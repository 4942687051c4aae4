"""Choosing a workbook's sheet: by name (case and diacritics ignored) or 1-based number."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from loaders.reading.base import refuse
from loaders.reading.header import header_key


def choose_sheet(path: Path, names: Sequence[str], sheet: str | None) -> int:
    """The index of the sheet to read: the first unless one is named (``--sheet``)."""
    if not names:
        raise refuse(path, "damaged-workbook:no-sheet")
    if sheet is None or sheet == "":
        return 0
    for index, name in enumerate(names):
        if name == sheet:
            return index
    for index, name in enumerate(names):
        if header_key(name) == header_key(sheet):
            return index
    listed = ", ".join(names)
    if sheet.strip().isdigit():
        number = int(sheet)
        if 1 <= number <= len(names):
            return number - 1
        raise refuse(path, "unknown-sheet:number", sheet=number, count=len(names), names=listed)
    raise refuse(path, "unknown-sheet", sheet=sheet, names=listed)
