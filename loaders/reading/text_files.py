"""CSV and other delimited text: the encoding found from the bytes, then the rows."""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from loaders.reading.base import BLOCK, SAMPLE, SourceRow, refuse
from loaders.reading.legacy_fonts import font_of_sample

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile(r"[ÃÂÄÅÆáâ][\x80-\x9f\xa1-\xbf]|â€|Ä‘")
_VIET_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for vowel in "aăâeêioôơuưy"
    for base in (vowel, vowel.upper())
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) | frozenset("đĐ")
_VIET_SYMBOLS = frozenset("“”‘’–—…•°₫€§©®±×\xa0")


# Text encodings ----------------------------------------------------------------------


def detect_encoding(path: Path) -> tuple[str, str | None]:
    """The codec of a text file, and the legacy font (TCVN3, VNI) its bytes are typed
    in, if any: such a file is decoded one byte a character (``latin-1``) and its
    columns converted by ``legacy_fonts``."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    if not head:
        raise refuse(path, "empty-file")
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is None:
        utf8 = _sample_text(head, "utf-8")
        plain = utf8 is not None and not _looks_binary(utf8) and _decodes(path, "utf-8")
        if not plain and not _looks_binary(head.decode("latin-1")):
            font = font_of_sample(head.decode("latin-1"))
            if font is not None:
                return "latin-1", font
        encoding = "utf-8" if plain else _legacy_encoding(path, head)
    elif not _decodes(path, encoding):
        raise refuse(path, "not-utf8:bom", encoding=encoding)
    _check_text(path, head, encoding)
    return encoding, None


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _legacy_encoding(path: Path, head: bytes) -> str:
    if _looks_vietnamese(_sample_text(head, "cp1258")) and _decodes(path, "cp1258"):
        return "cp1258"
    best = from_bytes(head).best()
    if best is not None and best.encoding:
        guess = codecs.lookup(best.encoding).name
        if _looks_vietnamese(_sample_text(head, guess)) and _decodes(path, guess):
            return guess
    raise refuse(path, "not-utf8")


def _sample_text(head: bytes, encoding: str) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(head)
    except UnicodeDecodeError:
        return None


def _looks_vietnamese(text: str | None) -> bool:
    """Whether non-ASCII letters are all of the Vietnamese alphabet (tone marks placed)."""
    if text is None or _looks_binary(text):
        return False
    text = unicodedata.normalize("NFC", text)
    viet = foreign = 0
    for ch in text:
        if ch < "\x80" or ch in _VIET_SYMBOLS:
            continue
        if ch in _VIET_LETTERS:
            viet += 1
        else:
            foreign += 1
    return foreign <= viet // 50


def _looks_binary(text: str) -> bool:
    """Many control characters: stray ones in text are removed, a binary file is refused."""
    count = len(_CONTROL.findall(text))
    return count > 16 and count > len(text) // 50


def _check_text(path: Path, head: bytes, encoding: str) -> None:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    if _looks_binary(text):
        raise refuse(path, "not-text")
    if match := _MOJIBAKE.search(text):
        raise refuse(path, "garbled-text", sample=match.group())


# CSV ---------------------------------------------------------------------------------


def sniff_delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(SAMPLE)
    for line in sample.splitlines():
        counts = {d: _QUOTED.sub("", line).count(d) for d in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda d: counts[d])
        if counts[best]:
            return best
    return ","


def csv_records(
    path: Path, encoding: str, delimiter: str, max_line: int = 8_000_000
) -> Iterator[SourceRow]:
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(_lines(path, fh, max_line), delimiter=delimiter, strict=True)
        line = 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:
            raise refuse(path, _csv_problem(exc), line=line, detail=str(exc)) from None


def _lines(path: Path, fh: IO[str], max_line: int) -> Iterator[str]:
    """The file's lines, none longer than ``max_line`` characters: a 200 MB line (no
    newline, a million commas) would otherwise be held whole, then split."""
    number = 0
    while line := fh.readline(max_line + 1):
        number += 1
        if len(line) > max_line:
            raise refuse(path, "too-large:line", line=number, limit=max_line)
        yield line


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "end of data" in message:
        return "broken-csv:unclosed-quote"
    if "expected after" in message:
        return "broken-csv:after-quote"
    if "field larger" in message:
        return "broken-csv:field-too-long"
    return "broken-csv"
