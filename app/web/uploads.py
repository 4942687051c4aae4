"""Receiving an upload: the request body streamed to a temporary file, under a size limit.

The body is the file itself (``text/csv``, XLSX, JSON, EPCIS JSON-LD, JSON Lines) or
``multipart/form-data`` with a ``file`` part. Either way it is counted while it
streams to disk, so a body over the limit is refused (413) without being held in
memory; a ``Content-Length`` over the limit is refused before anything is read. The
file keeps the client's name (made safe) so reports and load runs name it.

Each upload's folder is named after the process (and host) receiving it; a process
killed mid-upload cannot remove its own, so a starting app removes those whose process
is gone (``remove_abandoned``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from hub.errors import BadInputError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

# Media types the hub reads, with the file suffix its readers recognise them by.
MEDIA_TYPES: dict[str, str] = {
    "text/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/json": ".json",
    "application/ld+json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
}
MULTIPART = "multipart/form-data"
_KNOWN_SUFFIXES = {
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".json",
    ".jsonl",
    ".ndjson",
}
_UNSAFE = re.compile(r"[^\w.\- ]+")
_PREFIX = "hub-upload-"
# The host in the name keeps a sweep to its own machine's (or container's) processes
# when a temporary folder is shared.
_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname()) or "host"
_FOLDER = re.compile(re.escape(_PREFIX) + r"(\d+)-" + re.escape(_HOST) + "-")


class PayloadTooLargeError(BadInputError):
    """The body is over ``max_upload_bytes`` (HTTP 413)."""


class UnsupportedMediaError(BadInputError):
    """The body's Content-Type is not one the hub reads (HTTP 415)."""


@dataclass(frozen=True)
class Upload:
    path: Path
    filename: str
    size: int


@asynccontextmanager
async def received(
    request: Request, default_name: str, max_bytes: int, filename: str | None = None
) -> AsyncIterator[Upload]:
    """The request's file on disk for the duration of the block; removed afterwards."""
    _check_length(request.headers.get("content-length"), max_bytes)
    media, params = parse_options_header(request.headers.get("content-type"))
    media_type = media.decode("latin-1").lower()
    if media_type != MULTIPART and media_type not in MEDIA_TYPES:
        raise UnsupportedMediaError(
            f"Content-Type {media_type or '(none)'} is not read here; send one of "
            f"{', '.join(sorted(MEDIA_TYPES))}, or {MULTIPART} with a `file` part"
        )
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-{_HOST}-") as tmp:
        folder = Path(tmp)
        if media_type == MULTIPART:
            upload = await _receive_multipart(request, params, folder, default_name, max_bytes)
        else:
            name = safe_filename(filename, default_name, MEDIA_TYPES[media_type])
            upload = await _receive_raw(request, folder / name, max_bytes)
        yield upload


def remove_abandoned(folder: Path | None = None) -> int:
    """Remove the upload folders of processes that no longer run (killed mid-upload);
    returns how many. A live process's folders, and any other name, are left alone."""
    removed = 0
    for path in Path(folder or tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        named = _FOLDER.match(path.name)
        if named is None or not path.is_dir() or _running(int(named.group(1))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        pass
    return True


def safe_filename(raw: str | None, default: str, suffix: str | None) -> str:
    """The client's file name without folders or odd characters, with a suffix readers know."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" .")[:120] or default
    if PurePosixPath(name).suffix.lower() not in _KNOWN_SUFFIXES and suffix:
        name += suffix
    return name


def _check_length(header: str | None, max_bytes: int) -> None:
    if header is None:
        return
    try:
        length = int(header)
    except ValueError:
        raise BadInputError("Content-Length is not a number") from None
    if length > max_bytes:
        raise PayloadTooLargeError(_too_large(max_bytes))


def _too_large(max_bytes: int) -> str:
    return f"the upload is over the limit of {max_bytes:,} bytes; split the file"


async def _limited(request: Request, max_bytes: int) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLargeError(_too_large(max_bytes))
        yield chunk


async def _receive_raw(request: Request, path: Path, max_bytes: int) -> Upload:
    size = 0
    # Writes go to the page cache in small chunks; not worth a thread hop each.
    with path.open("wb") as out:
        async for chunk in _limited(request, max_bytes):
            out.write(chunk)
            size += len(chunk)
    return Upload(path, path.name, size)


async def _receive_multipart(
    request: Request, params: dict[bytes, bytes], folder: Path, default: str, max_bytes: int
) -> Upload:
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadInputError("a multipart/form-data body needs a boundary")
    part = _FilePart(folder, default)
    parser = MultipartParser(boundary, part.callbacks())
    try:
        with part:
            async for chunk in _limited(request, max_bytes):
                parser.write(chunk)
            parser.finalize()
    except MultipartParseError:
        raise BadInputError("the multipart/form-data body is malformed") from None
    if part.path is None:
        raise BadInputError("the multipart/form-data body has no `file` part")
    return Upload(part.path, part.path.name, part.size)


class _FilePart:
    """Writes the form's ``file`` part straight to disk; other parts are skipped."""

    def __init__(self, folder: Path, default: str) -> None:
        self.folder = folder
        self.default = default
        self.path: Path | None = None
        self.size = 0
        self._out: BinaryIO | None = None
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""

    def __enter__(self) -> _FilePart:
        return self

    def __exit__(self, *_: object) -> None:
        self._close()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._close,
        }

    def _begin(self) -> None:
        self._headers = {}

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _, disposition = parse_options_header(self._headers.get(b"content-disposition"))
        if disposition.get(b"name") != b"file":
            return
        if self.path is not None:
            raise BadInputError("send one file per upload (several `file` parts were sent)")
        media, _ = parse_options_header(self._headers.get(b"content-type"))
        suffix = MEDIA_TYPES.get(media.decode("latin-1").lower())
        raw_name = disposition.get(b"filename", b"").decode("utf-8", "replace")
        self.path = self.folder / safe_filename(raw_name, self.default, suffix)
        self._out = self.path.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._out is not None:
            self._out.write(data[start:end])
            self.size += end - start

    def _close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
