"""Rate limits shared by every hub process: one ``RateWindow`` node per limited key.

A window keeps the server times (ms) of the key's requests in the last minute; a
request is allowed while fewer than the limit are there. One short write transaction
per request: it locks the node first (``SET w.lockedBy``), so requests through
different replicas at the same moment are counted one after the other, never lost.
Times come from Neo4j's clock, so replicas whose clocks differ still agree.
Windows idle for a minute hold nothing and are deleted now and then (``prune``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from hub.graph.driver import Graph

_ACQUIRE: LiteralString = """
MERGE (w:RateWindow {key: $key})
SET w.lockedBy = $key
WITH w, timestamp() AS now
WITH w, now, [t IN coalesce(w.hits, []) WHERE t > now - $windowMs] AS recent
WITH w, now, recent, size(recent) < $limit AS allowed
SET w.hits = CASE WHEN allowed THEN recent + now ELSE recent END,
    w.expiresAt = now + $windowMs, w.name = 'rate window ' + $key
REMOVE w.lockedBy
RETURN allowed,
       CASE WHEN allowed THEN 0
            ELSE reduce(m = now, t IN recent | CASE WHEN t < m THEN t ELSE m END)
                 + $windowMs - now END AS waitMs
"""

_PRUNE: LiteralString = """
MATCH (w:RateWindow) WHERE w.expiresAt < timestamp()
WITH w LIMIT 1000
DELETE w
RETURN count(*) AS pruned
"""

INDEXES: list[LiteralString] = [
    "CREATE INDEX rate_window_expires IF NOT EXISTS FOR (n:RateWindow) ON (n.expiresAt)",
]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait_ms: int  # until a request of the window leaves it (0 when allowed)


def acquire(graph: Graph, key: str, limit: int, window_ms: int = 60_000) -> Verdict:
    rows = graph.write(_ACQUIRE, {"key": key, "limit": limit, "windowMs": window_ms})
    return Verdict(bool(rows[0]["allowed"]), int(rows[0]["waitMs"]))


def prune(graph: Graph) -> int:
    """Delete windows that hold no request of the last minute (at most 1,000 at once)."""
    rows = graph.write(_PRUNE)
    return int(rows[0]["pruned"]) if rows else 0
