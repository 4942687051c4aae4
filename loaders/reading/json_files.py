"""JSON arrays of objects, read one element at a time, and JSON Lines.

Each element (or line) is decoded by the standard library with two limits: number
literals of at most ``json_number_digits`` digits (Python itself gives up past 4,300,
with a ValueError), and nesting at most ``json_depth`` deep (Python's own limit is a
RecursionError). Both refuse the file naming the element or line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from hub.errors import FileRefusedError
from loaders.reading.base import BLOCK, SourceRow, refuse
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits

MAX_JSON_ELEMENT = 16 * 1024 * 1024

JsonObjects = Iterator[tuple[int, dict[str, Any]]]


def json_objects(path: Path, encoding: str, limits: ReadLimits = DEFAULT_LIMITS) -> JsonObjects:
    with path.open(encoding=encoding) as fh:
        yield from _JsonArray(path, fh, limits)


def jsonl_objects(path: Path, encoding: str, limits: ReadLimits = DEFAULT_LIMITS) -> JsonObjects:
    decode = _Decoder(path, limits)
    with path.open(encoding=encoding) as fh:
        for number, line in enumerate(_lines(path, fh, limits), start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                value = decode.checked(json.loads, where, line, **decode.hooks)
            except json.JSONDecodeError as exc:
                raise refuse(path, "broken-json:line", line=number, detail=exc.msg) from None
            if not isinstance(value, dict):
                raise refuse(path, "broken-json:line-not-object", line=number)
            yield number, value


def _lines(path: Path, fh: IO[str], limits: ReadLimits) -> Iterator[str]:
    number = 0
    while line := fh.readline(MAX_JSON_ELEMENT + 1):
        number += 1
        if len(line) > MAX_JSON_ELEMENT:
            raise refuse(path, "too-large:line", line=number, limit=MAX_JSON_ELEMENT)
        yield line


class _Decoder:
    """``json`` with the number and depth limits; refusals name where they hit."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path, self.limits = path, limits
        self.where = ""
        self.hooks: dict[str, Any] = {"parse_int": self._int, "parse_float": self._float}

    def checked(self, decode: Any, where: str, *args: Any, **kwargs: Any) -> Any:
        self.where = where
        try:
            value = decode(*args, **kwargs)
        except RecursionError:
            raise self._too_deep() from None
        if _depth(value, self.limits.json_depth) > self.limits.json_depth:
            raise self._too_deep()
        return value

    def _too_deep(self) -> FileRefusedError:
        return refuse(self.path, "too-deep", limit=self.limits.json_depth, where=self.where)

    def _int(self, text: str) -> int:
        self._check_digits(text)
        return int(text)

    def _float(self, text: str) -> float:
        self._check_digits(text)
        return float(text)  # "1e400" is inf: a row error where a number is read

    def _check_digits(self, text: str) -> None:
        if len(text) > self.limits.json_number_digits:
            raise refuse(
                self.path,
                "too-large:number",
                limit=self.limits.json_number_digits,
                where=self.where,
            )


def _depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests (a scalar is 0), looking no deeper than ``limit`` + 1."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        if level > limit:
            break
        stack.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return deepest


class _JsonArray:
    """The elements of a top-level JSON array of objects, read a block at a time."""

    def __init__(self, path: Path, fh: IO[str], limits: ReadLimits) -> None:
        self.path, self.fh = path, fh
        self.buf, self.pos, self.eof = "", 0, False
        self.checker = _Decoder(path, limits)
        self.decoder = json.JSONDecoder(**self.checker.hooks)

    def __iter__(self) -> JsonObjects:
        if self._next_char() != "[":
            raise refuse(self.path, "broken-json:not-array")
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
                raise refuse(self.path, "broken-json:element-not-object", index=index)
            yield index, self._element(index)
        self.pos += 1
        if self._next_char() != "":
            raise refuse(self.path, "broken-json:after-array")

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
                value, self.pos = self.checker.checked(
                    self.decoder.raw_decode, f"element {index}", self.buf, self.pos
                )
                return dict(value)
            except json.JSONDecodeError:
                if len(self.buf) - self.pos > MAX_JSON_ELEMENT or not self._fill():
                    raise self._broken(index) from None

    def _broken(self, index: int) -> FileRefusedError:
        return refuse(self.path, "broken-json:element", index=index)


def json_keys(path: Path, objects: JsonObjects) -> list[str]:
    keys: dict[str, None] = {}
    for _, obj in objects:
        keys.update(dict.fromkeys(obj))
    if not keys:
        raise refuse(path, "empty-file:no-records")
    return list(keys)


def json_records(objects: JsonObjects, keys: list[str]) -> Iterator[SourceRow]:
    for number, obj in objects:
        yield number, [obj.get(key) for key in keys]
