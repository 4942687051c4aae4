"""JSON arrays of objects, read one element at a time, and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from hub.errors import FileRefusedError
from loaders.reading.base import BLOCK, Record, refuse

MAX_JSON_ELEMENT = 16 * 1024 * 1024

JsonObjects = Iterator[tuple[int, dict[str, Any]]]


def json_objects(path: Path, encoding: str) -> JsonObjects:
    with path.open(encoding=encoding) as fh:
        yield from _JsonArray(path, fh)


def jsonl_objects(path: Path, encoding: str) -> JsonObjects:
    with path.open(encoding=encoding) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise refuse(path, f"line {number} is not valid JSON ({exc.msg})") from None
            if not isinstance(value, dict):
                raise refuse(
                    path,
                    f"line {number} is not a JSON object; JSON Lines needs one object per line",
                )
            yield number, value


class _JsonArray:
    """The elements of a top-level JSON array of objects, read a block at a time."""

    def __init__(self, path: Path, fh: IO[str]) -> None:
        self.path, self.fh = path, fh
        self.buf, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def __iter__(self) -> JsonObjects:
        if self._next_char() != "[":
            raise refuse(self.path, "is not a JSON array; the file must be [ {...}, {...} ]")
        self.pos += 1
        index = 0
        while (char := self._next_char()) != "]":
            if index:
                if char != ",":
                    raise self._broken(index)
                self.pos += 1
                char = self._next_char()
            index += 1
            if char != "{":
                raise refuse(self.path, f"element {index} of the array is not an object")
            yield index, self._element(index)
        self.pos += 1
        if self._next_char() != "":
            raise refuse(self.path, "has content after the end of the JSON array")

    def _next_char(self) -> str:
        """The next non-space character (not consumed); "" at the end of the file."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos].isspace():
                self.pos += 1
            if self.pos < len(self.buf) or not self._fill():
                return self.buf[self.pos : self.pos + 1]

    def _fill(self) -> bool:
        if self.eof:
            return False
        block = self.fh.read(BLOCK)
        self.eof = not block
        self.buf, self.pos = self.buf[self.pos :] + block, 0
        return bool(block)

    def _element(self, index: int) -> dict[str, Any]:
        while True:
            try:
                value, self.pos = self.decoder.raw_decode(self.buf, self.pos)
                return dict(value)
            except json.JSONDecodeError:
                if len(self.buf) - self.pos > MAX_JSON_ELEMENT or not self._fill():
                    raise self._broken(index) from None

    def _broken(self, index: int) -> FileRefusedError:
        return refuse(
            self.path,
            f"the JSON is broken at or after element {index} (truncated file or a syntax error)",
        )


def json_keys(path: Path, objects: JsonObjects) -> list[str]:
    keys: dict[str, None] = {}
    for _, obj in objects:
        keys.update(dict.fromkeys(obj))
    if not keys:
        raise refuse(path, "has no records (an empty array or only blank lines)")
    return list(keys)


def json_records(objects: JsonObjects, keys: list[str]) -> Iterator[Record]:
    for number, obj in objects:
        yield number, [obj.get(key) for key in keys]
