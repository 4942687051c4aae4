"""What changed, read from the records themselves: the partners' change feed.

**Change feed.** Every record of ``RECORD_LABELS`` carries ``createdAt``,
``updatedAt`` (set per write batch) and, once a snapshot left it out, ``retiredAt``.
Its latest change is ``(kind = label, key, op, at)``: ``retired`` when ``retiredAt``
is set, ``created`` when ``createdAt = updatedAt``, ``reviewed`` when a person's
decision on its link was the last write (``hub.graph.review``), else ``updated``; ``at`` is the
latest of those times. The feed orders changes by ``(at, kind, key)`` and a cursor is
that triple, so it only moves forward. Changes younger than a settle lag are held
back, so a batch stamped before a reader's cursor but committed after it is not
skipped. A record changed twice shows once, at its latest change: replaying the feed
from the start gives the current state of every record.

Snapshot retirement and upload receipts live with the LoadRuns (``hub.graph.load_runs``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import LiteralString, cast

from hub.errors import BadInputError
from hub.graph.driver import AsyncGraph, Row
from hub.graph.model import Label

MAX_PAGE = 100
# Changes younger than this are held back: it must be longer than any write transaction
# of a load takes from its timestamp to its commit (a batch, a snapshot's retirement).
SETTLE_SECONDS = 5.0
_START = ("0001-01-01T00:00:00Z", "", "")

RECORD_LABELS: tuple[Label, ...] = (
    Label.ENTERPRISE,
    Label.CERTIFICATE,
    Label.AWARD,
    Label.MEASUREMENT_SUPPORT,
    Label.PROGRAMME_SUPPORT,
    Label.PRODUCT,
    Label.TRACE_EVENT,
)

# Range indexes the feed's seeks use (to become a migration of hub.graph.migrations).
FEED_INDEXES: list[LiteralString] = [
    "CREATE INDEX enterprise_updated_at IF NOT EXISTS FOR (n:Enterprise) ON (n.updatedAt)",
    "CREATE INDEX enterprise_retired_at IF NOT EXISTS FOR (n:Enterprise) ON (n.retiredAt)",
    "CREATE INDEX certificate_updated_at IF NOT EXISTS FOR (n:Certificate) ON (n.updatedAt)",
    "CREATE INDEX certificate_retired_at IF NOT EXISTS FOR (n:Certificate) ON (n.retiredAt)",
    "CREATE INDEX award_updated_at IF NOT EXISTS FOR (n:Award) ON (n.updatedAt)",
    "CREATE INDEX award_retired_at IF NOT EXISTS FOR (n:Award) ON (n.retiredAt)",
    "CREATE INDEX measurement_support_updated_at IF NOT EXISTS "
    "FOR (n:MeasurementSupport) ON (n.updatedAt)",
    "CREATE INDEX measurement_support_retired_at IF NOT EXISTS "
    "FOR (n:MeasurementSupport) ON (n.retiredAt)",
    "CREATE INDEX programme_support_updated_at IF NOT EXISTS "
    "FOR (n:ProgrammeSupport) ON (n.updatedAt)",
    "CREATE INDEX programme_support_retired_at IF NOT EXISTS "
    "FOR (n:ProgrammeSupport) ON (n.retiredAt)",
    "CREATE INDEX product_updated_at IF NOT EXISTS FOR (n:Product) ON (n.updatedAt)",
    "CREATE INDEX product_retired_at IF NOT EXISTS FOR (n:Product) ON (n.retiredAt)",
    "CREATE INDEX trace_event_updated_at IF NOT EXISTS FOR (n:TraceEvent) ON (n.updatedAt)",
    "CREATE INDEX trace_event_retired_at IF NOT EXISTS FOR (n:TraceEvent) ON (n.retiredAt)",
    "CREATE INDEX load_run_agency IF NOT EXISTS FOR (n:LoadRun) ON (n.agency, n.kind)",
]

# Two branches per label, live and retired records (a retirement is always later than
# the record's last write, and a write removes it), each read in the order of its index
# so a page reads little more than its own rows.
_AFTER = """
  AND (__AT__ > datetime($since) OR '__LABEL__' > $kind OR ('__LABEL__' = $kind AND n.key > $key))
"""
_LIVE = (
    """
MATCH (n:__LABEL__)
WHERE n.updatedAt >= datetime($since) AND n.updatedAt < $until AND n.retiredAt IS NULL"""
    + _AFTER.replace("__AT__", "n.updatedAt")
    + """RETURN '__LABEL__' AS kind, n.key AS key, n.updatedAt AS at,
  CASE WHEN n.createdAt = n.updatedAt THEN 'created'
       WHEN n.reviewedAt = n.updatedAt THEN 'reviewed' ELSE 'updated' END AS op,
  n.updatedBy AS loadRun
ORDER BY at, key LIMIT $limit
"""
)
_RETIRED = (
    """
MATCH (n:__LABEL__)
WHERE n.retiredAt >= datetime($since) AND n.retiredAt < $until"""
    + _AFTER.replace("__AT__", "n.retiredAt")
    + """RETURN '__LABEL__' AS kind, n.key AS key, n.retiredAt AS at, 'retired' AS op,
  n.retiredBy AS loadRun
ORDER BY at, key LIMIT $limit
"""
)
_FEED = cast(
    LiteralString,
    "CALL () {"
    + " UNION ALL ".join(
        part.replace("__LABEL__", label.value)
        for label in RECORD_LABELS
        for part in (_LIVE, _RETIRED)
    )
    + "} RETURN kind, key, at, toString(at) AS cursorAt, op, loadRun "
    + "ORDER BY at, kind, key LIMIT $limit",
)


@dataclass(frozen=True)
class Change:
    kind: str  # the record's label
    key: str
    op: str  # created, updated or retired
    at: datetime
    load_run: str | None
    cursor: str


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    has_next_page: bool
    end_cursor: str | None


async def changes_after(
    graph: AsyncGraph, since: str | None, first: int, settle: float = SETTLE_SECONDS
) -> ChangePage:
    """The first ``first`` changes after the cursor ``since`` (from the start when None).

    An empty page keeps ``since`` as its end cursor, so a client can poll with it.
    """
    if not 0 <= first <= MAX_PAGE:  # the API's one rule for `first` (schema.pagination)
        raise BadInputError(f"first must be between 0 and {MAX_PAGE}, not {first}")
    after = _decode(since) if since else _START
    until = datetime.now(UTC) - timedelta(seconds=settle)
    rows = await _feed(graph, after, first + 1, until)
    changes = [_change(row) for row in rows[:first]]
    end = changes[-1].cursor if changes else since
    return ChangePage(changes, len(rows) > first, end)


async def _feed(
    graph: AsyncGraph, after: tuple[str, str, str], limit: int, until: datetime
) -> list[Row]:
    at, kind, key = after
    params = {"since": at, "kind": kind, "key": key, "limit": limit, "until": until}
    return await graph.read(_FEED, params)


def start_cursor(moment: datetime) -> str:
    """A cursor before every change made after ``moment``: where a new follower starts."""
    return _encode((moment.astimezone(UTC).isoformat().replace("+00:00", "Z"), "", ""))


def _change(row: Row) -> Change:
    at = row["at"]
    cursor = _encode((row["cursorAt"], row["kind"], row["key"]))
    native = at.to_native() if hasattr(at, "to_native") else at
    return Change(row["kind"], row["key"], row["op"], native, row["loadRun"], cursor)


def _encode(position: tuple[str, str, str]) -> str:
    raw = json.dumps(list(position), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def _decode(cursor: str) -> tuple[str, str, str]:
    try:
        at, kind, key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        datetime.fromisoformat(at.split("[")[0])
    except (ValueError, TypeError, binascii.Error, UnicodeError, AttributeError):
        raise BadInputError("`since` is not a cursor of this feed") from None
    if not all(isinstance(part, str) for part in (kind, key)):
        raise BadInputError("`since` is not a cursor of this feed")
    return at, kind, key
