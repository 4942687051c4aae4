"""What every format's reader shares: the record type, the refusal, block sizes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hub.errors import FileRefusedError

Record = tuple[int, Sequence[object]]  # (row number, cells as the format gives them)

SAMPLE = 256 * 1024  # bytes looked at to tell a file's format, encoding and delimiter
BLOCK = 1024 * 1024  # bytes read at a time when a whole file is scanned


def refuse(path: Path, reason: str) -> FileRefusedError:
    return FileRefusedError(f"{path.name}: {reason}")
