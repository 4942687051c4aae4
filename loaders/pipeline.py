"""Run one file through its kind's loader: read, validate, link, write, report.

A load run is keyed by the kind and the file's SHA-256, so sending the same file
again re-asserts the same run and changes nothing. Batches are MERGEs on constrained
keys, so a load killed halfway and run again converges to the graph a clean load
gives. Row problems become ``RowError``s in the report; only a file that cannot be
read at all (or any row error under ``strict``) is refused.
"""

from __future__ import annotations

import contextvars
import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hub.errors import FileRefusedError
from hub.graph import migrations, queries_linking, supply_chains, writes
from hub.graph.driver import Graph
from hub.graph.model import Label
from loaders.base import Chunk, KindLoader, LoadContext, RawRow, Record, RowFault
from loaders.linking import EnterpriseIndex
from loaders.report import LoadReport, RowError
from loaders.seen_keys import SeenKeys

Progress = Callable[[int], None]

_LOAD_RUN = """
MERGE (r:LoadRun {key: $run})
ON CREATE SET r.kind = $kind, r.file = $file, r.checksum = $checksum, r.agency = $agency,
  r.startedAt = $started, r.finishedAt = $finished, r.rowsRead = $rowsRead,
  r.rowsLoaded = $rowsLoaded, r.rowsRejected = $rowsRejected, r.unresolved = $unresolved,
  r.name = $kind + ' · ' + $file
"""


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_key(kind: str, checksum: str) -> str:
    return f"{kind}:{checksum[:24]}"


def load_file(
    graph: Graph,
    loader: KindLoader,
    path: Path,
    *,
    strict: bool = False,
    dry_run: bool = False,
    agency: str | None = None,
    chunk_rows: int = 5000,
    progress: Progress | None = None,
) -> LoadReport:
    report = LoadReport(kind=loader.kind, file=str(path), dry_run=dry_run)
    started = time.monotonic()
    try:
        report.checksum = file_checksum(path)
    except OSError as exc:
        report.refused = f"cannot read {path}: {exc.strerror or exc}"
        return report
    report.load_run = run_key(loader.kind, report.checksum)
    ctx = LoadContext(graph, report.load_run, datetime.now(UTC), path.name, dry_run)
    try:
        if strict and not dry_run:
            _validate_only(loader, path, chunk_rows, report)
            if report.rows_rejected:
                report.refused = f"--strict: {report.rows_rejected} rows have errors"
                return report
            report = LoadReport(
                kind=loader.kind, file=str(path), load_run=ctx.run, checksum=report.checksum
            )
        if not dry_run:
            migrations.apply(graph)
        chunks, report.warnings = loader.read(path, chunk_rows)
        _load_chunks(loader, ctx, chunks, report, progress)
        if strict and report.rows_rejected:
            report.refused = f"--strict: {report.rows_rejected} rows have errors"
    except FileRefusedError as exc:
        report.refused = str(exc)
    if report.ok and not dry_run:
        loader.finish(ctx)
        moved = relink(graph, ctx)
        # A whole-graph pass (4-9 s at 100k firms): skipped when nothing could change.
        if moved or (report.changed and loader.label in supply_chains.SOURCES):
            supply_chains.refresh(graph)
        _record_run(graph, ctx, report, agency)
        # Fresh index statistics now, not whenever Neo4j gets to it: a plan made from a
        # sample of the empty graph made one query take 160 s after a bulk load.
        graph.write("CALL db.resampleOutdatedIndexes()")
    report.seconds = time.monotonic() - started
    return report


# Chunks written at once. Two keep Neo4j busy on both cores while Python validates the
# next chunk; a file's chunks are independent (duplicate keys are refused), and
# concurrent MERGEs on one key meet the uniqueness constraint, so order is free.
WRITERS = 2

# Neo4j cannot index a string key much over 8 KB; no field of the contract needs more.
MAX_FIELD_CHARS = 4000


def _too_long(raw: RawRow) -> RowFault | None:
    for column, value in raw.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return RowFault(
                column, value[:200], f"a value longer than {MAX_FIELD_CHARS} characters"
            )
    return None


def _validate_chunk(
    loader: KindLoader, chunk: Chunk, report: LoadReport, seen: SeenKeys
) -> list[Record]:
    records: list[Record] = []
    for row_number, raw in chunk:
        report.rows_read += 1
        try:
            fault = _too_long(raw)
            if fault is not None:
                raise fault
            record = loader.validate(raw)
            if not seen.add(record.key):
                raise RowFault(None, record.key, "the same record appears earlier in this file")
        except RowFault as fault:
            report.rows_rejected += 1
            report.reject(RowError(row_number, fault.column, fault.value, fault.reason))
            continue
        records.append(record)
    seen.end_chunk()
    return records


def _validate_only(loader: KindLoader, path: Path, chunk_rows: int, report: LoadReport) -> None:
    chunks, report.warnings = loader.read(path, chunk_rows)
    seen = SeenKeys()
    for chunk in chunks:
        _validate_chunk(loader, chunk, report, seen)


def _load_chunks(
    loader: KindLoader,
    ctx: LoadContext,
    chunks: Iterator[Chunk],
    report: LoadReport,
    progress: Progress | None,
) -> None:
    """Validate and link each chunk while the ones before it are being written.

    ``WRITERS`` threads write chunks as they come, at most that many at a time; the
    report settles them in file order. Every write is idempotent, so a load stopped
    anywhere converges when it is run again.
    """
    seen = SeenKeys()
    if ctx.dry_run:
        for chunk in chunks:
            report.rows_loaded += len(_validate_and_link(loader, ctx, chunk, report, seen))
            if progress is not None:
                progress(len(chunk))
        return
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="hub-load-writer") as pool:
        pending: deque[_Pending] = deque()
        try:
            for chunk in chunks:  # reading a chunk may refuse the file: see ``finally``
                records = _validate_and_link(loader, ctx, chunk, report, seen)
                while len(pending) >= WRITERS:
                    pending.popleft().settle(report, progress)
                # The writer sees this thread's context (round-trip counters, for one).
                context = contextvars.copy_context()
                write = pool.submit(context.run, loader.write, ctx, records)
                pending.append(_Pending(write, len(records), len(chunk)))
        finally:
            while pending:  # the last chunks, or those written when reading failed
                pending.popleft().settle(report, progress)


def _validate_and_link(
    loader: KindLoader, ctx: LoadContext, chunk: Chunk, report: LoadReport, seen: SeenKeys
) -> list[Record]:
    records = _validate_chunk(loader, chunk, report, seen)
    if loader.links_holders:
        report.unresolved += loader.link(ctx, records)
    return records


@dataclass
class _Pending:
    """A chunk being written: its write, how many records and raw rows it had."""

    write: Future[int]
    records: int
    rows: int

    def settle(self, report: LoadReport, progress: Progress | None) -> None:
        report.changed += self.write.result()  # re-raises what the write raised
        report.rows_loaded += self.records
        if progress is not None:
            progress(self.rows)


def relink(graph: Graph, ctx: LoadContext) -> int:
    """Try again to link records kept as unresolved or ambiguous; returns how many moved."""
    pending = queries_linking.unresolved_records(graph)
    if not pending:
        return 0
    index = EnterpriseIndex.from_graph(graph)
    by_label: dict[str, list[dict[str, object]]] = {}
    for row in pending:
        link = index.resolve(row["name"], row["address"])
        candidates = sorted(row["candidates"] or [])
        if link.status == row["status"] and sorted(link.candidates) == candidates:
            continue  # nothing new learnt: leave the record as it is
        by_label.setdefault(row["label"], []).append(link.as_row(row["key"]))
    for label, rows in by_label.items():
        writes.link_holders(graph, Label(label), rows, ctx.run, ctx.now)
    return sum(len(rows) for rows in by_label.values())


def _record_run(graph: Graph, ctx: LoadContext, report: LoadReport, agency: str | None) -> None:
    graph.write(
        _LOAD_RUN,
        {
            "run": ctx.run,
            "kind": report.kind,
            "file": ctx.file,
            "checksum": report.checksum,
            "agency": agency,
            "started": ctx.started,
            "finished": datetime.now(UTC),
            "rowsRead": report.rows_read,
            "rowsLoaded": report.rows_loaded,
            "rowsRejected": report.rows_rejected,
            "unresolved": report.unresolved,
        },
    )


def load_files(
    graph: Graph, loader: KindLoader, paths: Sequence[Path], **options: object
) -> list[LoadReport]:
    return [load_file(graph, loader, path, **options) for path in paths]  # type: ignore[arg-type]
