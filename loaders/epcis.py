"""Kind ``epcis``: GS1 EPCIS 2.0 JSON / JSON-LD documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hub.errors import FileRefusedError
from loaders.base import Chunk, Record
from loaders.epcis_document import parse_document
from loaders.trace_writer import TraceLoader, event_record

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


class EpcisLoader(TraceLoader):
    kind = "epcis"
    columns = ()

    def read(self, path: Path, chunk_rows: int) -> tuple[Iterator[Chunk], list[str]]:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise FileRefusedError(f"{path.name}: an EPCIS document over 200 MB; split it")
        events = parse_document(path.read_bytes(), source=path.name)
        rows = [(number, {"event": event}) for number, event in enumerate(events, start=1)]
        chunks = (rows[i : i + chunk_rows] for i in range(0, len(rows), chunk_rows))
        return chunks, []

    def validate(self, raw: dict) -> Record:
        return event_record(raw["event"])


LOADER = EpcisLoader()
