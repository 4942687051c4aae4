"""Leases: locks held in Neo4j, so hub processes on one database exclude each other.

A ``Lease`` node per lock name records its holder and when the hold expires (server
time, ms). Taking one is a short write transaction that locks the node first, so two
processes asking at once are decided one after the other. A holder renews its lease
while it works and frees it at the end; one that died (SIGKILL, a lost machine) stops
renewing, and once its lease expires the next taker gets it, learning which load run
the dead holder was writing (``Taken.abandoned``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from hub.graph.driver import Graph

_TAKE: LiteralString = """
MERGE (l:Lease {key: $key})
SET l.lockedBy = $holder
WITH l, timestamp() AS now
WITH l, now, l.holder AS previous, l.run AS previousRun,
     l.holder IS NULL OR l.holder = $holder OR l.expiresAt < now AS free
WITH l, now, previous, previousRun, free,
     free AND previous IS NOT NULL AND previous <> $holder AS takenOver
SET l.holder = CASE WHEN free THEN $holder ELSE previous END,
    l.run = CASE WHEN free THEN $run ELSE previousRun END,
    l.since = CASE WHEN free THEN now ELSE l.since END,
    l.expiresAt = CASE WHEN free THEN now + $ttlMs ELSE l.expiresAt END,
    l.name = 'lease ' + $key
REMOVE l.lockedBy
RETURN free, l.holder AS holder, l.expiresAt - now AS expiresInMs,
       CASE WHEN takenOver THEN previousRun END AS abandoned
"""

_RENEW: LiteralString = """
MATCH (l:Lease {key: $key}) WHERE l.holder = $holder
SET l.expiresAt = timestamp() + $ttlMs
RETURN count(l) AS held
"""

_FREE: LiteralString = """
MATCH (l:Lease {key: $key}) WHERE l.holder = $holder
SET l.holder = null, l.run = null, l.since = null, l.expiresAt = null
"""

_HELD: LiteralString = """
MATCH (l:Lease) WHERE l.holder IS NOT NULL AND l.expiresAt >= timestamp()
RETURN l.key AS key, l.holder AS holder, l.run AS run, l.expiresAt - timestamp() AS expiresInMs
ORDER BY key
"""


@dataclass(frozen=True)
class Taken:
    free: bool  # the caller holds the lease now
    holder: str  # who holds it (the caller when ``free``)
    expires_in_ms: int
    abandoned: str | None  # the run a dead holder left, when the caller took over from it


def take(graph: Graph, key: str, holder: str, run: str | None, ttl_ms: int) -> Taken:
    params = {"key": key, "holder": holder, "run": run, "ttlMs": ttl_ms}
    row = graph.write(_TAKE, params)[0]
    return Taken(bool(row["free"]), row["holder"], int(row["expiresInMs"]), row["abandoned"])


def renew(graph: Graph, key: str, holder: str, ttl_ms: int) -> bool:
    """Push the expiry on; False when the caller no longer holds the lease."""
    rows = graph.write(_RENEW, {"key": key, "holder": holder, "ttlMs": ttl_ms})
    return bool(rows and rows[0]["held"])


def free(graph: Graph, key: str, holder: str) -> None:
    graph.write(_FREE, {"key": key, "holder": holder})


def held(graph: Graph) -> list[dict[str, object]]:
    """The leases held now (for operators and tests)."""
    return graph.read(_HELD)
