"""How many firms the flagship question finds on any day, kept per chain, standard and kind.

``certifiedTraceableSuppliers`` without an ``adminUnit`` can match a large share of
the register (thousands of firms at the merged city's size), and its ``totalCount``
counts them all. Instead of testing every supplier's certificates per request, each
load that can change the answer counts it once here, for every combination the API can
ask: a chain (or any chain, ``*``), a standard prefix (whole words of a standard's
match keys, as the API's ``standard`` filter matches them; or any, ``*``) and a kind
(or any, ``*``).

A firm counts on day ``d`` when it is live, supplies the chain (``SUPPLIES``) and holds
a live certificate with stored status ``valid``, ``issuedOn <= d <= expiresOn`` (no
expiry: open), matching the standard and kind. Each firm's matching certificates are
merged into disjoint periods, so a firm counts once however many certificates cover the
day. A tally node stores the count as a step function: ``days`` (sorted day numbers,
``date.toordinal()``) and ``counts`` (the count from that day on). The API reads one
node and bisects ``days``.

The node keyed ``#`` says whether the tallies are complete: ``refresh`` sets its
``complete`` false first and true last, so a query never trusts a half-written set
(without it, the query counts from the graph, slower but right). Only tallies whose
content changed are written.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, LiteralString

from hub.graph.driver import Graph
from hub.graph.model import Label

ANY = "*"
COMPLETE = "#"
BATCH = 500

# Loading or retiring these can change a tally (enterprises: retirement, and re-linking
# of records that named them).
SOURCES = frozenset({Label.ENTERPRISE, Label.CERTIFICATE, Label.PRODUCT, Label.TRACE_EVENT})

# Dates travel as ISO text: the driver spends ~50 µs converting each date value.
_READ: LiteralString = """
MATCH (e:Enterprise)-[:SUPPLIES]->(sc:SupplyChain)
WHERE e.retiredAt IS NULL
WITH e, collect(DISTINCT sc.key) AS chains
CALL (e) {
  MATCH (e)-[:HOLDS]->(c:Certificate)
  WHERE c.retiredAt IS NULL AND c.status = 'valid' AND c.issuedOn IS NOT NULL
  RETURN collect([c.kind, c.standardKeys, toString(c.issuedOn), toString(c.expiresOn)]) AS certs
}
WITH chains, certs WHERE size(certs) > 0
RETURN chains, certs
"""

_STORED: LiteralString = "MATCH (t:SupplierTally) RETURN t.key AS key, t.hash AS hash"
_FORGET_COMPLETE: LiteralString = (
    "MATCH (t:SupplierTally {key: $complete}) WHERE t.complete SET t.complete = false"
)
_WRITE: LiteralString = """
UNWIND $rows AS row
MERGE (t:SupplierTally {key: row.key})
SET t.name = row.key, t.days = row.days, t.counts = row.counts, t.hash = row.hash
"""
_DELETE: LiteralString = "MATCH (t:SupplierTally) WHERE t.key IN $keys DELETE t"
_COMPLETE: LiteralString = """
MERGE (t:SupplierTally {key: $complete}) SET t.name = 'supplier tallies', t.complete = true
"""
_PRESENT: LiteralString = (
    "MATCH (t:SupplierTally {key: $complete}) WHERE t.complete RETURN count(t) AS n"
)

Tally = tuple[list[int], list[int]]


def tally_key(chain: str | None, standard: str | None, kind: str | None) -> str:
    """The tally of a chain (None: any), a folded standard prefix and a kind."""
    return f"{chain or ANY}|{standard or ANY}|{kind or ANY}"


def word_prefixes(key: str) -> list[str]:
    """``iso 9001 2015`` -> ``iso``, ``iso 9001``, ``iso 9001 2015``: what a filter can ask."""
    words = key.split()
    return [" ".join(words[: i + 1]) for i in range(len(words))]


def count(rows: Iterable[dict[str, Any]]) -> dict[str, Tally]:
    """Tallies from rows of ``chains`` and ``certs`` ([kind, keys, issued, expires])."""
    deltas: dict[str, Counter[int]] = defaultdict(Counter)
    for row in rows:
        chains = [*row["chains"], ANY]
        for (prefix, kind), periods in _periods(row["certs"]).items():
            for start, end in _merged(periods):
                for chain in chains:
                    step = deltas[f"{chain}|{prefix}|{kind}"]
                    step[start] += 1
                    if end is not None:
                        step[end] -= 1
    return {key: _steps(step) for key, step in deltas.items()}


def _periods(certs: Sequence[Sequence[Any]]) -> dict[tuple[str, str], list[tuple[int, int | None]]]:
    """Each (standard prefix, kind) a firm's certificates answer, with their periods
    as day numbers, the end exclusive (None: no expiry)."""
    periods: dict[tuple[str, str], list[tuple[int, int | None]]] = defaultdict(list)
    for kind, keys, issued, expires in certs:
        start = date.fromisoformat(issued).toordinal()
        end = date.fromisoformat(expires).toordinal() + 1 if expires else None
        if end is not None and end <= start:
            continue
        prefixes = {ANY, *(p for key in keys or () for p in word_prefixes(key))}
        for prefix in prefixes:
            for each in {kind or ANY, ANY}:
                periods[(prefix, each)].append((start, end))
    return periods


def _merged(periods: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """Overlapping or touching periods as one (a firm counts once a day)."""
    out: list[tuple[int, int | None]] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if out and (out[-1][1] is None or start <= out[-1][1]):
            last_start, last_end = out[-1]
            merged_end = None if last_end is None or end is None else max(last_end, end)
            out[-1] = (last_start, merged_end)
        else:
            out.append((start, end))
    return out


def _steps(step: Counter[int]) -> Tally:
    days: list[int] = []
    counts: list[int] = []
    running = 0
    for day in sorted(step):
        if step[day] == 0:
            continue
        running += step[day]
        days.append(day)
        counts.append(running)
    return days, counts


def _hash(tally: Tally) -> str:
    return hashlib.sha256(repr(tally).encode()).hexdigest()[:16]


def refresh(graph: Graph) -> int:
    """Count every tally anew; returns how many were written or removed."""
    graph.write(_FORGET_COMPLETE, {"complete": COMPLETE})
    tallies = count(graph.read(_READ))
    stored = {row["key"]: row["hash"] for row in graph.read(_STORED)}
    stored.pop(COMPLETE, None)
    rows = [
        {"key": key, "days": days, "counts": counts, "hash": digest}
        for key, (days, counts) in sorted(tallies.items())
        if stored.get(key) != (digest := _hash((days, counts)))
    ]
    for start in range(0, len(rows), BATCH):
        graph.write(_WRITE, {"rows": rows[start : start + BATCH]})
    gone = sorted(set(stored) - set(tallies))
    if gone:
        graph.write(_DELETE, {"keys": gone})
    graph.write(_COMPLETE, {"complete": COMPLETE})
    return len(rows) + len(gone)


def present(graph: Graph) -> bool:
    """Whether a complete set of tallies is stored."""
    rows = graph.read(_PRESENT, {"complete": COMPLETE})
    return bool(rows and rows[0]["n"])
