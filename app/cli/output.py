"""Where a command's file goes: ``--out FILE``, else standard output.

Binary formats (XLSX, Parquet) are not written to a terminal: the command asks for
``--out`` instead (exit 2), as a spreadsheet on a screen helps no one.
"""

from __future__ import annotations

import sys
from pathlib import Path

TEXT_FORMATS = {"csv", "json", "html"}


def write_output(content: bytes, fmt: str, out: str | None) -> int:
    if out:
        Path(out).write_bytes(content)
        print(f"wrote {out} ({len(content):,} bytes)", file=sys.stderr)
        return 0
    if fmt not in TEXT_FORMATS and sys.stdout.isatty():
        print(f"hub: {fmt} is a binary format: write it to a file with --out FILE", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()
    return 0
