"""Kind ``epcis``: GS1 EPCIS 2.0 JSON / JSON-LD documents, read one event at a time.

Each event is a row (numbered by its position in the event list); a bad event is a
row error with its field and reason while the rest loads. The document is read as it
is validated, so memory holds one chunk of events, not the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from loaders.base import Chunk, Record, RowFault
from loaders.epcis_document import iter_events
from loaders.epcis_stream import EventFault
from loaders.reading import Table
from loaders.reading.base import refuse
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits
from loaders.report import Warnings
from loaders.trace_writer import TraceLoader, event_record

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
CHUNK_LOTS = 50_000


class EpcisLoader(TraceLoader):
    kind = "epcis"
    columns = ()

    def read(
        self,
        path: Path,
        chunk_rows: int,
        limits: ReadLimits = DEFAULT_LIMITS,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> tuple[Iterator[Chunk], list[str]]:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise refuse(path, "too-large:document", limit=MAX_DOCUMENT_BYTES // (1024 * 1024))
        return _chunks(path, chunk_rows, limits), Warnings()

    def table(
        self,
        path: Path,
        chunk_rows: int,
        limits: ReadLimits = DEFAULT_LIMITS,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> Table | None:
        return None  # an EPCIS document is events, not a table

    def validate(self, raw: dict[str, Any]) -> Record:
        item = raw["event"]
        if isinstance(item, EventFault):
            raise RowFault(item.field, item.value, item.message_id, **item.params)
        return event_record(item)


def _chunks(path: Path, chunk_rows: int, limits: ReadLimits) -> Iterator[Chunk]:
    """Chunks of at most ``chunk_rows`` events and about ``CHUNK_LOTS`` lots: a chunk is
    held whole until it is spooled, and one event may name 200,000 EPCs."""
    chunk: Chunk = []
    lots = 0
    with path.open("rb") as fh:
        for index, item in iter_events(fh, path.name, limits):
            chunk.append((index, {"event": item}))
            if not isinstance(item, EventFault):
                lots += len(item.lots) + len(item.input_lots)
            if len(chunk) >= chunk_rows or lots >= CHUNK_LOTS:
                yield chunk
                chunk, lots = [], 0
    if chunk:
        yield chunk


LOADER = EpcisLoader()
