"""Finding the header row and mapping its names to the loader's canonical columns.

The header is the row among the first ``HEADER_SEARCH`` non-blank rows that names the
most known columns (title rows of an official report sit above it). When the row
under it completes it, as a report's two-row header does ("Giấy chứng nhận" merged
over "Số | Ngày cấp | Ngày hết hạn"), the two are combined: an upper name spans the
blank cells to its right that have a lower name, and each column is matched as
"upper lower", "lower upper", the lower name alone, then the upper alone.

A mapping (``--map 'HEADER=column'``, ``map=`` on the API, or a partner's saved one)
names a column for a header the aliases do not know; ``-`` ignores a header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from hub import vocabulary
from hub.messages import render
from hub.text import clean, fold
from loaders.reading.base import SourceRow, refuse
from loaders.reading.cells import blank, cell_text
from loaders.reading.legacy_fonts import convert_headers

HEADER_SEARCH = 20  # non-blank rows in which the header is looked for
SHOWN_NAMES = 30  # header names a refusal quotes (a header may have 100,000)
IGNORE = "-"  # a mapping to this ignores the header
_SUGGEST_SCORE = 70  # a "did you mean" needs this token-set similarity (0-100)


@dataclass(frozen=True)
class Column:
    name: str  # canonical English name
    labels: tuple[str, ...] = ()  # Vietnamese labels (the contract's first) and aliases
    required: bool = False
    values: vocabulary.Spellings | None = None  # an enumerated column's value set
    note: str = ""  # what the data contract says of it

    def describe(self) -> str:
        return f"{self.name} ({self.labels[0]})" if self.labels else self.name

    @property
    def label(self) -> str:
        """The header a template writes: the contract's Vietnamese label."""
        return self.labels[0] if self.labels else self.name


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


class Matcher:
    """Header text to column: a mapping first, then the columns' names and aliases."""

    def __init__(self, columns: Sequence[Column], mapping: Mapping[str, str] | None) -> None:
        self.columns = columns
        self.lookup = lookup_of(columns)
        by_name = {c.name: c for c in columns}
        self.mapped: dict[str, Column | None] = {}
        self.mapping_headers: dict[str, str] = {}
        for header, name in (mapping or {}).items():
            key = header_key(header)
            self.mapped[key] = None if name == IGNORE else by_name[name]
            self.mapping_headers[key] = header

    def match(self, name: str) -> tuple[Column | None, bool]:
        """The column ``name`` means and whether a mapping said so."""
        key = header_key(name)
        if key in self.mapped:
            return self.mapped[key], True
        return self.lookup.get(key), False

    def known(self, name: str) -> bool:
        return self.match(name)[0] is not None


@dataclass
class Header:
    row: int  # the (last) header row; data starts below it
    names: list[str]
    first_row: int = 0  # where the header starts (two rows: the upper one)
    font: str | None = None  # the legacy font the header was typed in
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def find_header(
    path: Path,
    records: Callable[[], Iterator[SourceRow]],
    matcher: Matcher,
    font: str | None = None,
) -> Header:
    """The header row; ``font`` is the legacy font of a text file's bytes, if any."""
    rows: list[tuple[int, list[str], str | None]] = []
    for number, cells in records():
        if blank(cells):
            continue
        names, typed = _names(cells, font)
        rows.append((number, names, typed))
        if len(rows) > HEADER_SEARCH:
            break
    if not rows:
        raise refuse(path, "empty-file" if path.stat().st_size == 0 else "no-header")
    scores = [sum(matcher.known(n) for n in names) for _, names, _ in rows[:HEADER_SEARCH]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    number, names, typed = rows[best]
    header = Header(number, names, number, typed)
    if scores[best] and best + 1 < len(rows):
        lower_number, lower, lower_font = rows[best + 1]
        combined = combine(names, lower, matcher)
        known = [c.name for n in combined if (c := _match_combined(matcher, n)[0]) is not None]
        if len(known) > scores[best] and len(set(known)) == len(known):
            header = Header(lower_number, combined, number, typed or lower_font)
            header.warnings.append(("two-row-header", {"first": number, "second": lower_number}))
    return header


def _names(cells: Sequence[object], font: str | None) -> tuple[list[str], str | None]:
    return convert_headers([clean(cell_text(cell)) or "" for cell in cells], font)


def combine(upper: list[str], lower: list[str], matcher: Matcher) -> list[str]:
    """One name per column of a two-row header (see the module docstring)."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    names: list[str] = []
    parent = ""
    for top, bottom in zip(upper, lower, strict=True):
        if top:
            parent = top
        elif not bottom:
            parent = ""
        if not bottom:
            names.append(top)
            continue
        spans = top or parent
        tries = [f"{spans} {bottom}", f"{bottom} {spans}", bottom] if spans else [bottom]
        if top:
            tries.append(top)  # a column's own upper name; a spanning one names a group
        chosen = next((t for t in tries if matcher.known(t)), None)
        if chosen is None:
            chosen = f"{spans} / {bottom}" if spans else bottom
        elif chosen in tries[:2]:
            chosen = f"{spans} / {bottom}"
        names.append(chosen)
    return names


def map_header(
    path: Path, fmt: str, names: list[str], matcher: Matcher, warnings: list[str]
) -> tuple[dict[str, int], dict[str, str]]:
    positions: dict[str, int] = {}
    found: dict[str, str] = {}
    used: set[str] = set()
    for i, name in enumerate(names):
        column, mapped = _match_combined(matcher, name)
        if mapped:
            used.add(header_key(name))
        if column is None:
            if header_key(name) and not mapped:
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
        if mapped:
            params = {"header": name, "column": column.name}
            warnings.append(f"{path.name}: {render('mapped-column', params)}")
        positions[column.name], found[column.name] = i, name
    for key, header in matcher.mapping_headers.items():
        if key not in used:
            warnings.append(f"{path.name}: {render('mapped-column:unused', {'header': header})}")
    return positions, found


def _match_combined(matcher: Matcher, name: str) -> tuple[Column | None, bool]:
    """A two-row name ("upper / lower") matches as its parts do (``combine``)."""
    column, mapped = matcher.match(name)
    if column is not None or mapped or " / " not in name:
        return column, mapped
    top, _, bottom = name.partition(" / ")
    for attempt in (f"{top} {bottom}", f"{bottom} {top}", bottom):
        column, mapped = matcher.match(attempt)
        if column is not None:
            return column, mapped
    return None, False


def check_required(
    path: Path,
    columns: Sequence[Column],
    found: dict[str, str],
    row: int,
    names: list[str],
) -> None:
    where = render("report:where-row", {"row": row}) if row else render("report:where-records")
    given = [repr(n) for n in names if n]
    has = ", ".join(given[:SHOWN_NAMES])
    if len(given) > SHOWN_NAMES:
        has += render("report:and-more", {"count": len(given) - SHOWN_NAMES})
    missing = [c for c in columns if c.required and c.name not in found]
    if missing:
        hint = _did_you_mean(missing, names, found)
        described = " and ".join(c.describe() for c in missing)
        raise refuse(path, "missing-column", columns=described, where=where, has=has, hint=hint)
    if columns and not found:
        expected = ", ".join(c.describe() for c in columns[:3])
        raise refuse(path, "no-known-column", where=where, has=has, expected=expected)


def _did_you_mean(missing: list[Column], names: list[str], found: dict[str, str]) -> str:
    """For each missing column, the file's closest header that no column took."""
    free = [n for n in names if n and n not in found.values()]
    hints: list[str] = []
    for column in missing:
        spellings = [fold(s) for s in (column.name.replace("_", " "), *column.labels)]
        scored = [
            (max(fuzz.token_set_ratio(fold(name), s) for s in spellings), -i, name)
            for i, name in enumerate(free)
        ]
        if scored:
            score, _, name = max(scored)
            if score >= _SUGGEST_SCORE:
                hints.append(
                    render("missing-column:did-you-mean", {"header": name, "column": column.name})
                )
                free.remove(name)
    return "".join(hints)


def _where(fmt: str, index: int) -> str:
    if fmt in ("json", "jsonl"):
        return render("report:json-key")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return render("report:column-letter", {"letters": letters})
