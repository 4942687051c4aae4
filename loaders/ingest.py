"""The one ingest service behind ``hub load`` and ``POST /api/v1/datasets/{kind}``.

``ingest(graph, kind, path, options)`` runs one file through its kind's loader and
returns its ``LoadReport``:

1. **Replay.** With ``options.replay`` (the upload API), the same content sent by the
   same agency with the same options, while it is still that agency's latest load of
   the kind, is answered with the stored report (``replayed: true``), changing nothing.
2. **Read, validate, link, spool.** Every row is read, validated and linked, and the
   records are spooled to a temporary file. Nothing is written before the whole file
   has been read: a file refused anywhere (a broken quote at line 6,000; ``strict``
   and one bad row) leaves the graph as it was.
3. **Write.** The LoadRun is recorded first (``status: writing``), so every stored
   record names a run that exists; the spooled chunks are then written, ``WRITERS``
   at once. Every write is an idempotent MERGE on a constrained key, so a load stopped
   anywhere converges when it is run again.
4. **After the load**, in this one place: the kind's own finishing step, re-linking
   records kept unresolved, snapshot retirement, what the graph derives (moved firms'
   places, supply-chain links, programme progress, the flagship's tallies:
   ``hub.graph.derived``), and last the LoadRun's report and receipt with the graph
   version, in one transaction.

A load run is keyed by the kind and the file's SHA-256: sending the same file again
re-asserts the same run and changes nothing.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import pickle
import stat
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from hub.errors import FileRefusedError
from hub.graph import derived, load_runs, migrations, queries_linking, writes
from hub.graph.driver import Graph
from hub.graph.model import Label
from loaders.base import Chunk, KindLoader, LoadContext, RawRow, Record, RowFault
from loaders.linking import EnterpriseIndex
from loaders.registry import loader_for
from loaders.report import LoadReport, RowError
from loaders.seen_keys import SeenKeys

# Called with the phase ("reading" or "writing") and the rows just done.
Progress = Callable[[str, int], None]

# Chunks written at once. Two keep Neo4j busy on both cores; a file's chunks are
# independent (duplicate keys are refused), and concurrent MERGEs on one key meet the
# uniqueness constraint, so order is free.
WRITERS = 2
CHUNK_ROWS = 5000

# Neo4j cannot index a string key much over 8 KB; no field of the contract needs more.
MAX_FIELD_CHARS = 4000


@dataclass(frozen=True)
class IngestOptions:
    """How to load: the same options on the command line and over HTTP."""

    strict: bool = False  # refuse the whole file on any row error
    dry_run: bool = False  # validate and report; write nothing
    snapshot: bool = False  # the file is the agency's complete list: retire the rest
    agency: str | None = None  # who sent it (provenance, receipts, snapshots)
    replay: bool = False  # answer a repeated upload with its stored report
    chunk_rows: int = CHUNK_ROWS

    @property
    def mode(self) -> str:
        return "snapshot" if self.snapshot else "upsert"

    @property
    def receipt_key(self) -> str:
        """What must match for an upload to count as the same one (dry runs never do)."""
        return f"mode={self.mode};strict={str(self.strict).lower()}"


def ingest(
    graph: Graph,
    kind: str,
    path: Path,
    options: IngestOptions = IngestOptions(),
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load ``path`` as ``kind``; ``name`` is how the report and the LoadRun call the file
    (default: the path as given). A refused file comes back with ``refused`` set."""
    loader = loader_for(kind)
    report = LoadReport(
        kind=kind,
        file=name or str(path),
        dry_run=options.dry_run,
        agency=options.agency,
        mode=options.mode,
    )
    started = time.monotonic()
    try:
        report.checksum = file_checksum(path)
        report.load_run = run_key(kind, report.checksum)
        if options.replay and options.agency and not options.dry_run:
            stored = load_runs.receipt(graph, report.load_run, options.agency, options.receipt_key)
            if stored is not None:
                return LoadReport.from_receipt(stored)
        file = Path(report.file).name
        ctx = LoadContext(graph, report.load_run, datetime.now(UTC), file, options.dry_run)
        with tempfile.TemporaryFile(prefix="hub-spool-") as spool:
            chunks = _read_all(loader, ctx, path, options, report, spool, progress)
            if options.strict and report.rows_rejected:
                raise FileRefusedError(f"--strict: {report.rows_rejected} rows have errors")
            if not options.dry_run:
                chunks_in = _spooled(spool, chunks)
                _write_all(loader, ctx, options, report, chunks_in, progress, started)
    except FileRefusedError as exc:
        report.refused = str(exc)
    # A load's time is taken before its last statement, which stores the report.
    report.seconds = report.seconds or time.monotonic() - started
    return report


def file_checksum(path: Path) -> str:
    """SHA-256 of a regular file; refuses devices, pipes and folders before reading."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise FileRefusedError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise FileRefusedError(f"{path}: not a regular file (a folder, device or pipe)")
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise FileRefusedError(f"cannot read {path}: {exc.strerror or exc}") from None
    return digest.hexdigest()


def run_key(kind: str, checksum: str) -> str:
    return f"{kind}:{checksum[:24]}"


# Reading --------------------------------------------------------------------------


def _read_all(
    loader: KindLoader,
    ctx: LoadContext,
    path: Path,
    options: IngestOptions,
    report: LoadReport,
    spool: IO[bytes],
    progress: Progress | None,
) -> int:
    """Read, validate and link every row; spool the records (unless a dry run).
    Returns how many chunks were spooled."""
    chunks, report.warnings = loader.read(path, options.chunk_rows)
    seen = SeenKeys()
    spooled = 0
    for chunk in chunks:
        records = _validate_chunk(loader, chunk, report, seen)
        if loader.links_holders:
            report.unresolved += loader.link(ctx, records)
        report.rows_loaded += len(records)
        if not options.dry_run and records:
            pickle.dump((len(chunk), records), spool, protocol=pickle.HIGHEST_PROTOCOL)
            spooled += 1
        if progress is not None:
            progress("reading", len(chunk))
    return spooled


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


def _too_long(raw: RawRow) -> RowFault | None:
    for column, value in raw.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return RowFault(
                column, value[:200], f"a value longer than {MAX_FIELD_CHARS} characters"
            )
    return None


def _spooled(spool: IO[bytes], count: int) -> Iterator[tuple[int, list[Record]]]:
    spool.seek(0)
    for _ in range(count):
        yield pickle.load(spool)


# Writing --------------------------------------------------------------------------


def _write_all(
    loader: KindLoader,
    ctx: LoadContext,
    options: IngestOptions,
    report: LoadReport,
    chunks: Iterator[tuple[int, list[Record]]],
    progress: Progress | None,
    started: float,
) -> None:
    graph = ctx.graph
    migrations.apply(graph)
    load_runs.start(
        graph,
        load_runs.RunStart(
            ctx.run, loader.kind, ctx.file, report.checksum or "", options.agency, ctx.started
        ),
    )
    report.changed = _write_chunks(loader, ctx, chunks, progress)
    loader.finish(ctx)
    moved = relink(graph, ctx)
    if options.snapshot and options.agency:
        report.retired = _retire(graph, report, loader.label, options.agency, ctx.run)
    derived.after_load(
        graph,
        loader.label,
        changed=report.changed,
        retired=report.retired,
        moved=moved,
        since=ctx.started,
    )
    report.seconds = time.monotonic() - started
    receipt = None
    if options.agency:
        receipt = json.dumps(report.as_dict(), ensure_ascii=False, default=str)
    load_runs.finish(
        graph,
        ctx.run,
        options.agency,
        load_runs.RunEnd(
            finished=datetime.now(UTC),
            rows_read=report.rows_read,
            rows_loaded=report.rows_loaded,
            rows_rejected=report.rows_rejected,
            unresolved=report.unresolved,
            changed=report.changed + moved + report.retired,
            receipt=receipt,
            options=options.receipt_key if options.agency else None,
        ),
    )
    # Fresh index statistics now, not whenever Neo4j gets to it: a plan made from a
    # sample of the empty graph made one query take 160 s after a bulk load.
    graph.write("CALL db.resampleOutdatedIndexes()")


def _write_chunks(
    loader: KindLoader,
    ctx: LoadContext,
    chunks: Iterator[tuple[int, list[Record]]],
    progress: Progress | None,
) -> int:
    """Write the chunks, ``WRITERS`` at a time; returns how many records changed."""
    changed = 0
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="hub-load-writer") as pool:
        pending: deque[tuple[Future[int], int]] = deque()

        def settle() -> None:
            nonlocal changed
            write, rows = pending.popleft()
            changed += write.result()  # re-raises what the write raised
            if progress is not None:
                progress("writing", rows)

        try:
            for rows, records in chunks:
                while len(pending) >= WRITERS:
                    settle()
                # The writer sees this thread's context (round-trip counters, for one).
                context = contextvars.copy_context()
                pending.append((pool.submit(context.run, loader.write, ctx, records), rows))
        finally:
            while pending:
                settle()
    return changed


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


def _retire(graph: Graph, report: LoadReport, label: Label, agency: str, run: str) -> int:
    """Retire what the snapshot left out, unless the snapshot cannot be complete."""
    if report.rows_rejected or not report.rows_loaded:
        why = f"{report.rows_rejected} rows were rejected" if report.rows_loaded else "it is empty"
        report.warnings.append(
            f"snapshot: nothing was retired because {why}; correct the file and send it again"
        )
        return 0
    return load_runs.retire_missing(graph, label, report.kind, agency, run, datetime.now(UTC))
