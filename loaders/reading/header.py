"""Finding the header row and mapping its names to the loader's canonical columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.messages import render
from hub.text import clean, fold
from loaders.reading.base import Record, refuse
from loaders.reading.cells import blank, cell_text

HEADER_SEARCH = 10  # non-blank rows in which the header is looked for
SHOWN_NAMES = 30  # header names a refusal quotes (a header may have 100,000)


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


def lookup_of(columns: Sequence[Column]) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.name, *column.labels):
            key = header_key(spelling)
            other = lookup.setdefault(key, column)
            if other is not column:
                raise ValueError(f"{spelling!r} names both {other.name} and {column.name}")
    return lookup


def find_header(
    path: Path, records: Callable[[], Iterator[Record]], lookup: dict[str, Column]
) -> tuple[int, list[str]]:
    first: tuple[int, list[str]] | None = None
    seen = 0
    for number, cells in records():
        if blank(cells):
            continue
        names = [clean(cell_text(c)) or "" for c in cells]
        if not lookup or any(header_key(n) in lookup for n in names):
            return number, names
        first = first or (number, names)
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    if first is None:
        raise refuse(path, "empty-file" if path.stat().st_size == 0 else "no-header")
    return first


def map_header(
    path: Path, fmt: str, names: list[str], lookup: dict[str, Column], warnings: list[str]
) -> tuple[dict[str, int], dict[str, str]]:
    positions: dict[str, int] = {}
    found: dict[str, str] = {}
    for i, name in enumerate(names):
        column = lookup.get(header_key(name))
        if column is None:
            if header_key(name):
                warnings.append(f"{path.name}: {render('unknown-column', {'name': name})}")
            continue
        if column.name in found:
            first = positions[column.name]
            raise refuse(
                path,
                "duplicate-column",
                first=found[column.name],
                first_at=_where(fmt, first),
                second=name,
                second_at=_where(fmt, i),
                column=column.name,
            )
        positions[column.name], found[column.name] = i, name
    return positions, found


def check_required(
    path: Path, columns: Sequence[Column], found: dict[str, str], row: int, names: list[str]
) -> None:
    where = f"row {row}" if row else "the records"
    given = [repr(n) for n in names if n]
    has = ", ".join(given[:SHOWN_NAMES])
    if len(given) > SHOWN_NAMES:
        has += f" and {len(given) - SHOWN_NAMES:,} more"
    missing = [c.describe() for c in columns if c.required and c.name not in found]
    if missing:
        raise refuse(path, "missing-column", columns=" and ".join(missing), where=where, has=has)
    if columns and not found:
        expected = ", ".join(c.describe() for c in columns[:3])
        raise refuse(path, "no-known-column", where=where, has=has, expected=expected)


def _where(fmt: str, index: int) -> str:
    if fmt in ("json", "jsonl"):
        return "key"
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"column {letters}"
