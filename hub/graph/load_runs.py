"""LoadRuns: one per (kind, file content); snapshot retirement; upload receipts.

A LoadRun is written before the first record of its load (``status: 'writing'``), so
every stored record names a run that exists, and finished in the load's last
statement, together with the graph version. A re-load of the same file finds the run
``loaded`` and changes nothing on it.

**Snapshots.** An upload in snapshot mode is its agency's complete list of one kind:
records that the agency asserted through that kind before but not in this run get
``retiredAt`` and ``retiredBy`` (kept, never deleted). Asserting one again removes
both (``hub.graph.writes``).

**Receipts.** The LoadRun keeps the load's report, options and time when an agency
sent it, so the same upload sent again can be answered with the first report.

**Interrupted runs.** A run whose writer died (its lease expired, ``hub.leases``) is
marked ``interrupted`` by the next writer of its label; sending the same file again
resumes it (``writing`` again, then ``loaded``), and every write being an idempotent
MERGE, the graph then equals one clean load of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, cast

from hub.graph.driver import AsyncGraph, Graph, Row
from hub.graph.model import Label
from hub.graph.version import BUMP

_START: LiteralString = """
MERGE (r:LoadRun {key: $run})
ON CREATE SET r.kind = $kind, r.file = $file, r.checksum = $checksum, r.agency = $agency,
  r.startedAt = $started, r.status = 'writing', r.name = $kind + ' · ' + $file
ON MATCH SET r.status = CASE r.status WHEN 'interrupted' THEN 'writing' ELSE r.status END
REMOVE r.interruptedAt
RETURN CASE r.status WHEN 'writing' THEN r.startedAt ELSE $started END AS since
"""

# The version moves too: caches may hold answers read while the dead writer wrote.
_INTERRUPTED: LiteralString = (
    """
MATCH (r:LoadRun {key: $run}) WHERE r.status = 'writing'
SET r.status = 'interrupted', r.interruptedAt = $now
WITH r
"""
    + BUMP
    + """
RETURN count(r) AS marked
"""
)

# The counts are those of the file (the same for a re-run of a load that was stopped);
# how many records a load changed is not kept, since a re-run changes fewer. The receipt
# (report, options) is the agency's, when it sent the run first or again.
_FINISH: LiteralString = (
    """
MATCH (r:LoadRun {key: $run})
WITH r, r.status = 'writing' AS first
FOREACH (_ IN CASE WHEN first THEN [1] ELSE [] END |
  SET r.status = 'loaded', r.finishedAt = $finished, r.rowsRead = $rowsRead,
      r.rowsLoaded = $rowsLoaded, r.rowsRejected = $rowsRejected,
      r.unresolved = $unresolved, r.rejectedByCode = $rejectedByCode)
SET r.agency = coalesce(r.agency, $agency)
FOREACH (_ IN CASE WHEN $receipt IS NOT NULL AND r.agency = $agency THEN [1] ELSE [] END |
  SET r.uploadedAt = $finished, r.uploadOptions = $options, r.uploadReport = $receipt)
WITH r, first OR $changed > 0 AS bump
CALL (bump) {
  WITH bump WHERE bump
"""
    + BUMP
    + """
}
RETURN bump
"""
)

# The receipt of the same run, if it is still the agency's latest load of that kind.
_RECEIPT: LiteralString = """
MATCH (r:LoadRun {key: $run})
WHERE r.agency = $agency AND r.uploadOptions = $options AND r.uploadReport IS NOT NULL
  AND NOT EXISTS {
    MATCH (later:LoadRun) WHERE later.agency = $agency AND later.kind = r.kind
      AND later.key <> r.key AND coalesce(later.uploadedAt, later.finishedAt) > r.uploadedAt
  }
RETURN r.uploadReport AS report
"""

_RETIRE = """
MATCH (run:LoadRun) WHERE run.agency = $agency AND run.kind = $kind
WITH collect(run.key) AS runs
MATCH (n:__LABEL__)
WHERE n.retiredAt IS NULL AND NOT $run IN n.loadRuns AND any(r IN n.loadRuns WHERE r IN runs)
SET n.retiredAt = $now, n.retiredBy = $run
RETURN count(n) AS retired
"""
_RETIRE_CYPHER = {label: _RETIRE.replace("__LABEL__", label.value) for label in Label}


@dataclass(frozen=True)
class RunStart:
    run: str
    kind: str
    file: str
    checksum: str
    agency: str | None
    started: datetime


@dataclass(frozen=True)
class RunEnd:
    """What the load did; ``receipt`` (JSON text) and ``options`` when an agency sent it."""

    finished: datetime
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    unresolved: int
    changed: int
    receipt: str | None = None
    options: str | None = None
    rejected_by_code: str = "{}"  # JSON object: code -> rejected rows (hub.messages codes)


def start(graph: Graph, run: RunStart) -> datetime:
    """Record the run as writing; returns when it began: a run resumed after its writer
    died began then, so what the load touched counts the dead writer's records too."""
    rows = graph.write(
        _START,
        {
            "run": run.run,
            "kind": run.kind,
            "file": run.file,
            "checksum": run.checksum,
            "agency": run.agency,
            "started": run.started,
        },
    )
    return rows[0]["since"].to_native() if rows else run.started


def finish(graph: Graph, run: str, agency: str | None, end: RunEnd) -> bool:
    """Mark the run loaded and raise the graph version when the load changed anything
    (in the same transaction); returns whether it did."""
    params: dict[str, Any] = {
        "run": run,
        "agency": agency,
        "finished": end.finished,
        "rowsRead": end.rows_read,
        "rowsLoaded": end.rows_loaded,
        "rowsRejected": end.rows_rejected,
        "unresolved": end.unresolved,
        "changed": end.changed,
        "rejectedByCode": end.rejected_by_code,
        "receipt": end.receipt,
        "options": end.options,
    }
    rows = graph.write(_FINISH, params)
    return bool(rows and rows[0]["bump"])


# Per kind: runs by status, rows loaded, and the last successful load (for /metrics).
_SUMMARY: LiteralString = """
MATCH (r:LoadRun)
WITH r.kind AS kind, r
ORDER BY r.finishedAt DESC
WITH kind, collect(r) AS runs
WITH kind, runs, [x IN runs WHERE x.status = 'loaded'] AS loaded
RETURN kind,
       [s IN ['writing', 'interrupted', 'loaded'] |
         [s, size([x IN runs WHERE x.status = s])]] AS byStatus,
       reduce(n = 0, x IN loaded | n + coalesce(x.rowsLoaded, 0)) AS rowsLoaded,
       loaded[0].finishedAt.epochMillis / 1000.0 AS lastFinished,
       loaded[0].rowsLoaded AS lastRows,
       duration.inSeconds(loaded[0].startedAt, loaded[0].finishedAt).milliseconds / 1000.0
         AS lastSeconds
ORDER BY kind
"""


async def summary(graph: AsyncGraph) -> list[Row]:
    """Load runs per kind, as every replica sees them (``app.web.observability``)."""
    return await graph.read(_SUMMARY, counted=False)


def mark_interrupted(graph: Graph, run: str, now: datetime) -> bool:
    """Mark ``run`` interrupted if it is still ``writing`` (its writer is gone)."""
    rows = graph.write(_INTERRUPTED, {"run": run, "now": now})
    return bool(rows and rows[0]["marked"])


def receipt(graph: Graph, run: str, agency: str, options: str) -> str | None:
    """The stored report of ``run`` when the agency sent it last with the same options."""
    rows = graph.read(_RECEIPT, {"run": run, "agency": agency, "options": options})
    return rows[0]["report"] if rows else None


def retire_missing(
    graph: Graph, label: Label, kind: str, agency: str, run: str, now: datetime
) -> int:
    """Retire the agency's records of ``label`` (sent as ``kind``) that ``run`` did not assert."""
    cypher = cast(LiteralString, _RETIRE_CYPHER[label])
    params = {"kind": kind, "agency": agency, "run": run, "now": now}
    rows = graph.write(cypher, params)
    return int(rows[0]["retired"]) if rows else 0
