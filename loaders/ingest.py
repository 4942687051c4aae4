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
3. **Write.** Under the lease of the kind's record label (``hub.leases``: one writer
   per label across every hub process; a replay is checked again once it is held),
   the LoadRun is recorded first (``status: writing``), so every stored record names
   a run that exists; the spooled chunks are then written, ``WRITERS`` at once, what
   they share (stub firms, standards, lots) claimed chunk by chunk in file order. Every
   write is an idempotent MERGE on a constrained key, so a load stopped anywhere
   converges when it is run again; a run whose writer died is marked ``interrupted``.
4. **After the load**, in this one place: the kind's own finishing step, re-linking
   records kept unresolved, snapshot retirement, what the graph derives (moved firms'
   places, supply-chain links, programme progress, the flagship's tallies:
   ``hub.graph.derived``), and last the LoadRun's report and receipt with the graph
   version, in one transaction.

A load run is keyed by the kind and the file's SHA-256: sending the same file again
re-asserts the same run and changes nothing.

``hub import`` runs files through the same steps into a graph held in memory
(``image``, ``hub.graph.image``), which ``neo4j-admin`` then writes as the database.
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
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from hub import leases, messages
from hub.errors import FileRefusedError
from hub.graph import derived, load_runs, migrations
from hub.graph import rejects as rejects_store
from hub.graph.driver import Graph
from hub.graph.image import GraphImage
from hub.graph.model import Label
from hub.messages import refusal
from hub.settings import Settings
from loaders.base import Chunk, KindLoader, LoadContext, RawRow, Record, RowFault
from loaders.linking import EnterpriseIndex, could_relink
from loaders.reading.limits import ReadLimits
from loaders.registry import loader_for
from loaders.rejects import RejectedRows, Returns, rejects_url
from loaders.report import LoadReport, RowError, Warnings
from loaders.seen_keys import SeenKeys

# Called with the phase ("reading", "waiting" for another load of the label, or
# "writing") and the rows just done.
Progress = Callable[[str, int], None]

# Chunks written at once. Two keep Neo4j busy on both cores; a file's records are
# independent (duplicate keys are refused), and concurrent MERGEs on one key meet the
# uniqueness constraint. What chunks share (stub firms, standards, lots) is shaped by
# the first record to name it, so each chunk's share is claimed in file order before
# its write (``KindLoader.claim``): two writers store what one would.
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
    sheet: str | None = None  # a workbook's sheet, by name or 1-based number
    mapping: tuple[tuple[str, str], ...] = ()  # (header as written, canonical column)
    offline: bool = False  # a dry run without Neo4j: linking is not checked
    rejects: Path | None = None  # write the rejected rows there (CSV or XLSX)
    keep_rejects: bool = False  # keep the rejected rows with the LoadRun (uploads)
    lang: str | None = None  # the report's language (``hub.messages``); None: the context's

    @property
    def mode(self) -> str:
        return "snapshot" if self.snapshot else "upsert"

    @property
    def receipt_key(self) -> str:
        """What must match for an upload to count as the same one (dry runs never do)."""
        key = f"mode={self.mode};strict={str(self.strict).lower()}"
        if self.sheet is not None:
            key += f";sheet={self.sheet}"
        if self.mapping:
            key += ";map=" + hashlib.sha256(repr(sorted(self.mapping)).encode()).hexdigest()[:16]
        return key


def ingest(
    graph: Graph | None,
    kind: str,
    path: Path,
    options: IngestOptions = IngestOptions(),
    *,
    name: str | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    image: GraphImage | None = None,
) -> LoadReport:
    """Load ``path`` as ``kind``; ``name`` is how the report and the LoadRun call the file
    (default: the path as given). A refused file comes back with ``refused`` set. Its
    words are in ``options.lang``. ``graph`` is None only for an offline dry run, or
    when the load goes into ``image``, a bulk import's graph (``hub import``)."""
    if graph is None and image is None and not (options.offline and options.dry_run):
        raise ValueError("only an offline dry run reads a file without the graph")
    with messages.language(options.lang):
        return _ingest(graph, kind, path, options, name, progress, settings, image)


def _ingest(
    graph: Graph | None,
    kind: str,
    path: Path,
    options: IngestOptions,
    name: str | None,
    progress: Progress | None,
    settings: Settings | None,
    image: GraphImage | None,
) -> LoadReport:
    loader = loader_for(kind)
    report = LoadReport(
        kind=kind,
        file=name or str(path),
        dry_run=options.dry_run,
        agency=options.agency,
        mode=options.mode,
    )
    started = time.monotonic()
    settings = settings or (graph.settings if graph is not None else Settings.from_env())
    report.linking_checked = not options.offline
    try:
        report.checksum = file_checksum(path)
        report.load_run = run_key(kind, report.checksum)
        stored = _stored_receipt(graph, report, options) if graph is not None else None
        if stored is not None:
            return stored
        file = Path(report.file).name
        ctx = LoadContext(
            graph,  # type: ignore[arg-type]
            report.load_run,
            datetime.now(UTC),
            file,
            options.dry_run,
            _store=image,
        )
        with tempfile.TemporaryFile(prefix="hub-spool-") as spool:
            returned = Returns(options.rejects is not None or options.keep_rejects, settings)
            chunks = _read_all(
                loader, ctx, path, options, report, spool, progress, settings, returned
            )
            rejected = returned.collect(loader, path, options, report, settings)
            if options.strict and report.rows_rejected:
                raise refusal(None, "strict", count=report.rows_rejected)
            if not options.dry_run and image is not None:
                _write_image(image, loader, ctx, options, report, _spooled(spool, chunks))
            elif not options.dry_run and graph is not None:
                with _write_lease(graph, loader, report.load_run, progress):
                    # The same upload may have finished through another process meanwhile.
                    stored = _stored_receipt(graph, report, options)
                    if stored is not None:
                        return stored
                    chunks_in = _spooled(spool, chunks)
                    keep = rejected if options.keep_rejects and options.agency else None
                    _write_all(loader, ctx, options, report, chunks_in, progress, started, keep)
    except FileRefusedError as exc:
        report.refuse(str(exc), exc.refusal)
    # A load's time is taken before its last statement, which stores the report.
    report.seconds = report.seconds or time.monotonic() - started
    return report


def _stored_receipt(graph: Graph, report: LoadReport, options: IngestOptions) -> LoadReport | None:
    """The first report of the same upload, when this one is a replay of it."""
    if not (options.replay and options.agency and not options.dry_run and report.load_run):
        return None
    stored = load_runs.receipt(graph, report.load_run, options.agency, options.receipt_key)
    return LoadReport.from_receipt(stored) if stored is not None else None


def _write_lease(
    graph: Graph, loader: KindLoader, run: str | None, progress: Progress | None
) -> AbstractContextManager[str]:
    """The lease of the loader's record label (``trace_events`` and ``epcis`` share one)."""
    settings = graph.settings

    def waiting(holder: str) -> None:
        if progress is not None:
            progress("waiting", 0)

    def abandoned(dead_run: str) -> None:
        load_runs.mark_interrupted(graph, dead_run, datetime.now(UTC))

    return leases.hold(
        graph,
        f"upload:{loader.label.value}",
        run=run,
        ttl_seconds=settings.upload_lease_seconds,
        wait_seconds=settings.upload_lease_wait_seconds,
        on_wait=waiting,
        on_abandoned=abandoned,
    )


def file_checksum(path: Path) -> str:
    """SHA-256 of a regular file; refuses devices, pipes and folders before reading
    (``/dev/zero`` would never end, a FIFO would wait for a writer)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise refusal(str(path), "not-a-file:missing") from None
    except OSError as exc:
        raise refusal(str(path), "not-a-file:unreadable", why=exc.strerror or exc) from None
    if not stat.S_ISREG(mode):
        raise refusal(str(path), "not-a-file:not-regular", what=_file_type(mode))
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise refusal(str(path), "not-a-file:unreadable", why=exc.strerror or exc) from None
    return digest.hexdigest()


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


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
    settings: Settings,
    returned: Returns,
) -> int:
    """Read, validate and link every row (linking skipped offline); spool the records
    (unless a dry run). Returns how many chunks were spooled."""
    limits = ReadLimits.of(settings)
    mapping = dict(options.mapping)
    chunks, warnings = loader.read(
        path, options.chunk_rows, limits, sheet=options.sheet, mapping=mapping
    )
    # The same list the reader adds to as it goes; capped, counted (``Warnings``).
    report.warnings = warnings if isinstance(warnings, Warnings) else Warnings(warnings)
    seen = SeenKeys()
    spooled = 0
    by_name = 0
    for chunk in chunks:
        records = _validate_chunk(loader, chunk, report, seen, returned)
        if options.offline:
            by_name += sum(1 for r in records if not r.holder_tax_code and r.holder_name)
        elif loader.links_holders:
            report.unresolved += loader.link(ctx, records)
        report.rows_loaded += len(records)
        if not options.dry_run and records:
            pickle.dump((len(chunk), records), spool, protocol=pickle.HIGHEST_PROTOCOL)
            spooled += 1
        if progress is not None:
            progress("reading", len(chunk))
    if options.offline:
        report.warnings.append(messages.render("offline", {"count": by_name}))
    return spooled


def _validate_chunk(
    loader: KindLoader, chunk: Chunk, report: LoadReport, seen: SeenKeys, returned: Returns
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
                raise RowFault(None, record.key, "duplicate-record")
        except RowFault as fault:
            error = RowError(row_number, fault.column, fault.value, fault.reason, fault.code)
            report.reject(error)
            returned.note(error)
            continue
        records.append(record)
    seen.end_chunk()
    return records


def _too_long(raw: RawRow) -> RowFault | None:
    for column, value in raw.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return RowFault(column, value[:200], "too-long", limit=MAX_FIELD_CHARS)
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
    rejected: RejectedRows | None = None,
) -> None:
    graph = ctx.graph
    migrations.apply(graph)
    # A run resumed after its writer died began then: what the load wrote counts from there.
    ctx.started = load_runs.start(
        graph,
        load_runs.RunStart(
            ctx.run, loader.kind, ctx.file, report.checksum or "", options.agency, ctx.started
        ),
    )
    if rejected is not None and options.agency:
        payload = rejected.as_json(graph.settings.rejects_max_rows)
        rejects_store.keep(graph, ctx.run, options.agency, payload)
        report.rejects = rejects_url(ctx.run)
    report.changed = _write_chunks(loader, ctx, chunks, progress)
    loader.finish(ctx)
    # Only new or changed firms can settle records kept unresolved: other kinds' loads
    # leave them be. (Also a resumed run whose dead writer wrote the changes.)
    moved = relink(ctx) if loader.label is Label.ENTERPRISE else 0
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
    load_runs.finish(graph, ctx.run, options.agency, _run_end(report, options, moved))
    # Fresh index statistics now, not whenever Neo4j gets to it: a plan made from a
    # sample of the empty graph made one query take 160 s after a bulk load.
    graph.write("CALL db.resampleOutdatedIndexes()")


def _write_image(
    image: GraphImage,
    loader: KindLoader,
    ctx: LoadContext,
    options: IngestOptions,
    report: LoadReport,
    chunks: Iterator[tuple[int, list[Record]]],
) -> None:
    """``_write_all`` into a bulk import's graph: the same steps in the same order, but
    one writer (the image is one process's memory) and no lease. What the graph derives
    is refreshed once, after the import (``hub.graph.admin.after_import``)."""
    ctx.started = image.start_run(
        load_runs.RunStart(
            ctx.run, loader.kind, ctx.file, report.checksum or "", options.agency, ctx.started
        )
    )
    for _, records in chunks:
        loader.claim(ctx, records)
        report.changed += loader.write(ctx, records)
    loader.finish(ctx)
    moved = relink(ctx) if loader.label is Label.ENTERPRISE else 0
    if loader.label is Label.ENTERPRISE and report.changed:
        image.prune_located(ctx.started)
    image.finish_run(ctx.run, options.agency, _run_end(report, options, moved))


def _run_end(report: LoadReport, options: IngestOptions, moved: int) -> load_runs.RunEnd:
    """What the LoadRun keeps of the load (and of the upload, when an agency sent it)."""
    receipt = None
    if options.agency:
        receipt = json.dumps(report.as_dict(), ensure_ascii=False, default=str)
    return load_runs.RunEnd(
        finished=datetime.now(UTC),
        rows_read=report.rows_read,
        rows_loaded=report.rows_loaded,
        rows_rejected=report.rows_rejected,
        unresolved=report.unresolved,
        changed=report.changed + moved + report.retired,
        rejected_by_code=json.dumps(dict(sorted(report.rejected_by_code.items()))),
        receipt=receipt,
        options=options.receipt_key if options.agency else None,
    )


def _write_chunks(
    loader: KindLoader,
    ctx: LoadContext,
    chunks: Iterator[tuple[int, list[Record]]],
    progress: Progress | None,
) -> int:
    """Write the chunks, ``WRITERS`` at a time, each claimed first in this thread, in
    file order; returns how many records changed."""
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
                loader.claim(ctx, records)  # while the writers work on earlier chunks
                while len(pending) >= WRITERS:
                    settle()
                # The writer sees this thread's context (round-trip counters, for one).
                context = contextvars.copy_context()
                pending.append((pool.submit(context.run, loader.write, ctx, records), rows))
        finally:
            while pending:
                settle()
    return changed


def relink(ctx: LoadContext) -> int:
    """Try again to link records kept as unresolved or ambiguous; returns how many moved.
    The whole register's index is built only when the firms this load wrote could
    change a pending record's match (``could_relink``)."""
    store = ctx.store
    pending = store.unresolved_records()
    if not pending:
        return 0
    changed = store.changed_enterprise_names(ctx.started)
    if not could_relink(pending, changed):
        return 0
    index = EnterpriseIndex.from_rows(store.enterprise_names())
    by_label: dict[str, list[dict[str, object]]] = {}
    for row in pending:
        link = index.resolve(row["name"], row["address"])
        candidates = sorted(row["candidates"] or [])
        if link.status == row["status"] and sorted(link.candidates) == candidates:
            continue  # nothing new learnt: leave the record as it is
        by_label.setdefault(row["label"], []).append(link.as_row(row["key"]))
    for label, rows in by_label.items():
        store.link_holders(Label(label), rows, ctx.run, ctx.now)
    return sum(len(rows) for rows in by_label.values())


def _retire(graph: Graph, report: LoadReport, label: Label, agency: str, run: str) -> int:
    """Retire what the snapshot left out, unless the snapshot cannot be complete."""
    if report.rows_rejected or not report.rows_loaded:
        if report.rows_loaded:
            why = messages.render("snapshot-not-retired:rejected", {"count": report.rows_rejected})
        else:
            why = messages.render("snapshot-not-retired:empty")
        report.warnings.append(why)
        return 0
    return load_runs.retire_missing(graph, label, report.kind, agency, run, datetime.now(UTC))
