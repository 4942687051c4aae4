"""What every format's reader shares: the record type, the refusal, block sizes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hub.errors import FileRefusedError
from hub.messages import refusal

SourceRow = tuple[int, Sequence[object]]  # (row number, cells as the format gives them)

SAMPLE = 256 * 1024  # bytes looked at to tell a file's format, encoding and delimiter
BLOCK = 1024 * 1024  # bytes read at a time when a whole file is scanned


def refuse(path: Path, message_id: str, /, **params: Any) -> FileRefusedError:
    """The refusal of ``path`` with a catalogue message (``hub.messages``)."""
    return refusal(path.name, message_id, **params)
