"""XML parts of a zip file (an XLSX workbook), parsed as they inflate, safely.

``parse_part`` feeds one zip member to an expat parser a block at a time, so memory
never holds more than a block of the part, whatever its size. A part that declares a
DTD or an entity is refused (``unsafe-xml``): Excel never writes one, and refusing it
closes external entities (XXE) and entity expansion ("billion laughs") at once.
Element names come without their namespace prefix (``c``, not ``x:c``).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from loaders.reading.base import refuse

BLOCK = 256 * 1024  # inflated bytes parsed at a time

Start = Callable[[str, dict[str, str]], None]
End = Callable[[str], None]
Text = Callable[[str], None]


class _Unsafe(Exception):
    pass


def local(name: str) -> str:
    """``c`` from ``c`` or ``x:c``."""
    return name.rpartition(":")[2]


def parse_part(
    path: Path,
    archive: zipfile.ZipFile,
    member: str,
    start: Start | None = None,
    end: End | None = None,
    text: Text | None = None,
    budget: int | None = None,
) -> Iterator[int]:
    """Parse ``member``; yields after each block (the inflated bytes so far), so a
    caller can hand out what the handlers collected. Over ``budget`` bytes, stops
    with ``_OverBudget`` (the caller words the refusal)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = BLOCK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    done = 0
    try:
        with archive.open(member) as stream:
            while block := stream.read(BLOCK):
                done += len(block)
                if budget is not None and done > budget:
                    raise OverBudget(done)
                parser.Parse(block, False)
                yield done
            parser.Parse(b"", True)
    except _Unsafe:
        raise refuse(path, "unsafe-xml", member=member) from None
    except expat.ExpatError as exc:
        detail = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise refuse(
            path, "damaged-workbook:part", member=member, detail=f"{detail}, line {exc.lineno}"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise refuse(path, "damaged-workbook") from None


def parse_whole(path: Path, archive: zipfile.ZipFile, member: str, **handlers: Any) -> None:
    """``parse_part`` to its end."""
    for _ in parse_part(path, archive, member, **handlers):
        pass


class OverBudget(Exception):
    """A part inflated to more than the caller allowed."""

    def __init__(self, done: int) -> None:
        super().__init__(done)
        self.done = done


def _refuse_dtd(*_: object) -> None:
    raise _Unsafe
