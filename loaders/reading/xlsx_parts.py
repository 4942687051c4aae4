"""The parts of an XLSX workbook a sheet's cells need: its sheets, the shared strings
and which cell styles are dates.

Sizes are bounded by what the parts hold, checked as they inflate: the shared
strings live in one UTF-8 buffer with an offset per string (a few bytes each, not a
Python string each), up to ``xlsx_shared_strings_bytes`` of XML; styles keep one
flag per cell format.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from loaders.reading.base import refuse
from loaders.reading.limits import ReadLimits
from loaders.reading.xml_parts import OverBudget, local, parse_part, parse_whole

_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# Built-in number formats that show dates or times (ECMA-376 18.8.30 and the CJK ones).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)])
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.I)
_MAX_XFS = 65_536  # Excel's own limit of cell formats
_MAX_NUMFMTS = 4_096


@dataclass
class Sheet:
    name: str
    member: str  # the zip member of its XML


@dataclass
class Book:
    sheets: list[Sheet]
    shared_strings: str | None  # zip member
    styles: str | None
    date1904: bool = False


def read_book(path: Path, archive: zipfile.ZipFile) -> Book:
    """The sheets in order and where the shared strings and styles are."""
    names = set(archive.namelist())
    targets = _relationships(path, archive, "xl/_rels/workbook.xml.rels", "xl")
    sheets: list[tuple[str, str]] = []
    flags = {"date1904": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if ":" in k and local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))
        elif tag == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")

    parse_whole(path, archive, "xl/workbook.xml", start=start)
    found = [
        Sheet(name, targets[rid][1])
        for name, rid in sheets
        if rid in targets and targets[rid][0] == "worksheet" and targets[rid][1] in names
    ]
    by_type = {kind: member for kind, member in targets.values() if member in names}
    shared = by_type.get("sharedStrings") or _present("xl/sharedStrings.xml", names)
    styles = by_type.get("styles") or _present("xl/styles.xml", names)
    return Book(found, shared, styles, flags["date1904"])


def _present(member: str, names: set[str]) -> str | None:
    return member if member in names else None


def _relationships(
    path: Path, archive: zipfile.ZipFile, member: str, base: str
) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, zip member of the target)."""
    if member not in archive.namelist():
        return {}
    found: dict[str, tuple[str, str]] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if local(name) == "Relationship" and "Id" in attrs:
            kind = attrs.get("Type", "").removeprefix(_REL_TYPE).rpartition("/")[2]
            target = attrs.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            found[attrs["Id"]] = (kind, posixpath.normpath(resolved))

    parse_whole(path, archive, member, start=start)
    return found


def date_styles(path: Path, archive: zipfile.ZipFile, member: str | None) -> bytearray:
    """One flag per cell format (``s`` of a cell): 1 where it shows a date or time."""
    flags = bytearray()
    if member is None:
        return flags
    custom: dict[str, bool] = {}
    where = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "numFmt" and len(custom) < _MAX_NUMFMTS:
            code = _QUOTED.sub("", attrs.get("formatCode", ""))
            custom[attrs.get("numFmtId", "")] = bool(_DATE_TOKENS.search(code))
        elif tag == "cellXfs":
            where["cellXfs"] = True
        elif tag == "xf" and where["cellXfs"] and len(flags) < _MAX_XFS:
            number = attrs.get("numFmtId", "0")
            is_date = custom.get(number)
            if is_date is None:
                is_date = number.isdigit() and int(number) in _DATE_FORMAT_IDS
            flags.append(1 if is_date else 0)

    def end(name: str) -> None:
        if local(name) == "cellXfs":
            where["cellXfs"] = False

    parse_whole(path, archive, member, start=start, end=end)
    return flags


@dataclass
class SharedStrings:
    """The workbook's strings in one UTF-8 buffer, looked up by index."""

    blob: bytearray = field(default_factory=bytearray)
    ends: array[int] = field(default_factory=lambda: array("Q"))

    def __len__(self) -> int:
        return len(self.ends)

    def get(self, index: int) -> str | None:
        if not 0 <= index < len(self.ends):
            return None
        start = self.ends[index - 1] if index else 0
        return self.blob[start : self.ends[index]].decode("utf-8", "surrogatepass")


def shared_strings(
    path: Path, archive: zipfile.ZipFile, member: str | None, limits: ReadLimits
) -> SharedStrings:
    strings = SharedStrings()
    if member is None:
        return strings
    limit = limits.xlsx_shared_strings_bytes
    if archive.getinfo(member).file_size > limit:
        raise _too_many_strings(path, limit)
    parts: list[str] = []
    state = {"depth_rph": 0, "in_t": False, "in_si": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "si":
            state["in_si"] = True
            parts.clear()
        elif tag == "rPh":  # phonetic guide text: not part of the value
            state["depth_rph"] += 1
        elif tag == "t" and not state["depth_rph"]:
            state["in_t"] = True

    def end(name: str) -> None:
        tag = local(name)
        if tag == "si":
            strings.blob += "".join(parts).encode("utf-8", "surrogatepass")
            strings.ends.append(len(strings.blob))
            state["in_si"] = False
        elif tag == "rPh":
            state["depth_rph"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"] and state["in_si"]:
            parts.append(data)

    try:
        for _ in parse_part(path, archive, member, start, end, text, budget=limit):
            pass
    except OverBudget:
        raise _too_many_strings(path, limit) from None
    return strings


def _too_many_strings(path: Path, limit: int) -> Exception:
    return refuse(path, "too-large:shared-strings", limit=limit // (1024 * 1024))
