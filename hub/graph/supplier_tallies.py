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

Each firm that counts keeps what it was counted from: ``tallyInputs`` on its node (its
chains and the certificates that count, canonical JSON). So a load recounts only the
firms it touched (``update``): what each was counted from is taken away, what it holds
now is added, and only the tallies those differences reach are read and written; the
sum is exactly what counting everything anew (``refresh``) gives. Both run in one write
transaction that first locks the node keyed ``#``: two loads never interleave their
read-modify-write of a tally, and a query never sees half of one.

The ``#`` node says whether the tallies are complete (``complete``) and stored with
their firms' inputs (``format``); without both the query counts from the graph, slower
but right, and the next ``update`` counts everything. Only tallies whose content
changed are written.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, LiteralString

from hub.graph.driver import Graph, Transaction, transaction
from hub.graph.model import Label

ANY = "*"
COMPLETE = "#"
BATCH = 500
# The ``#`` node's ``format`` once every counted firm's inputs are stored beside it.
FORMAT = 2
# A load that touched more firms than this is recounted whole: one pass over the
# suppliers costs less than looking up each firm.
RECOUNT_ABOVE = 20_000

# Loading or retiring these can change a tally (enterprises: retirement, and re-linking
# of records that named them).
SOURCES = frozenset({Label.ENTERPRISE, Label.CERTIFICATE, Label.PRODUCT, Label.TRACE_EVENT})

# What a firm counts from: its chains and its certificates that can count, and whether it
# is live. Dates travel as ISO text: the driver spends ~50 µs converting each date value.
_CERTS = """
COLLECT {
  MATCH (e)-[:HOLDS]->(c:Certificate)
  WHERE c.retiredAt IS NULL AND c.status = 'valid' AND c.issuedOn IS NOT NULL
  RETURN [c.kind, c.standardKeys, toString(c.issuedOn), toString(c.expiresOn)]
}
"""
_READ: LiteralString = (
    """
MATCH (e:Enterprise)-[:SUPPLIES]->(sc:SupplyChain)
WHERE e.retiredAt IS NULL
WITH e, collect(DISTINCT sc.key) AS chains
WITH e, chains, """
    + _CERTS
    + """ AS certs
WHERE size(certs) > 0
RETURN e.key AS key, e.tallyInputs AS stored, chains, certs
"""
)
_READ_FIRMS: LiteralString = (
    """
UNWIND $firms AS key
MATCH (e:Enterprise {key: key})
RETURN e.key AS key, e.tallyInputs AS stored, e.retiredAt IS NULL AS live,
  COLLECT { MATCH (e)-[:SUPPLIES]->(sc:SupplyChain) RETURN DISTINCT sc.key } AS chains, """
    + _CERTS
    + " AS certs"
)
_COUNTED_FIRMS: LiteralString = (
    "MATCH (e:Enterprise) WHERE e.tallyInputs IS NOT NULL RETURN e.key AS key"
)
_WRITE_FIRMS: LiteralString = """
UNWIND $firms AS firm
MATCH (e:Enterprise {key: firm.key})
SET e.tallyInputs = firm.inputs
"""
_LOCK: LiteralString = """
MERGE (t:SupplierTally {key: $complete})
SET t.name = 'supplier tallies', t.countedAt = datetime()
RETURN coalesce(t.complete, false) AND t.format = $format AS ready
"""
_STORED: LiteralString = "MATCH (t:SupplierTally) RETURN t.key AS key, t.hash AS hash"
_STORED_STEPS: LiteralString = """
UNWIND $keys AS key
MATCH (t:SupplierTally {key: key})
RETURN t.key AS key, t.days AS days, t.counts AS counts
"""
_WRITE: LiteralString = """
UNWIND $rows AS row
MERGE (t:SupplierTally {key: row.key})
SET t.name = row.key, t.days = row.days, t.counts = row.counts, t.hash = row.hash
"""
_DELETE: LiteralString = "MATCH (t:SupplierTally) WHERE t.key IN $keys DELETE t"
_COMPLETE: LiteralString = """
MATCH (t:SupplierTally {key: $complete}) SET t.complete = true, t.format = $format
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


def count(rows: Iterable[Mapping[str, Any]]) -> dict[str, Tally]:
    """Tallies from rows of ``chains`` and ``certs`` ([kind, keys, issued, expires])."""
    deltas: dict[str, Counter[int]] = defaultdict(Counter)
    for row in rows:
        _add(deltas, row, 1)
    return {key: _steps(step) for key, step in deltas.items()}


def _add(deltas: dict[str, Counter[int]], row: Mapping[str, Any], sign: int) -> None:
    """Add (sign 1) or take away (-1) one firm's steps."""
    chains = [*row["chains"], ANY]
    for (prefix, kind), periods in _periods(row["certs"]).items():
        for start, end in _merged(periods):
            for chain in chains:
                step = deltas[f"{chain}|{prefix}|{kind}"]
                step[start] += sign
                if end is not None:
                    step[end] -= sign


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


def _as_deltas(days: Sequence[int], counts: Sequence[int]) -> Counter[int]:
    """A stored step function back as its changes per day."""
    step: Counter[int] = Counter()
    before = 0
    for day, running in zip(days, counts, strict=True):
        step[day] += running - before
        before = running
    return step


def _inputs(row: Mapping[str, Any]) -> str | None:
    """What a firm counts from, as canonical JSON; None when it counts nowhere."""
    if not row.get("live", True) or not row["chains"] or not row["certs"]:
        return None
    inputs = {
        "chains": sorted(set(row["chains"])),
        "certs": sorted(row["certs"], key=lambda cert: json.dumps(cert)),
    }
    return json.dumps(inputs, ensure_ascii=False, separators=(",", ":"))


def refresh(graph: Graph) -> int:
    """Count every tally anew; returns how many were written or removed."""
    return transaction(graph, _refresh)


def update(graph: Graph, firms: Collection[str]) -> int:
    """Recount the given firms' share of every tally (the firms a load touched);
    returns how many tallies were written or removed."""
    if not firms:
        return 0
    if len(firms) > RECOUNT_ABOVE:
        return refresh(graph)
    keys = sorted(set(firms))
    return transaction(graph, lambda tx: _update(tx, keys))


def _refresh(tx: Transaction) -> int:
    tx.run(_LOCK, {"complete": COMPLETE, "format": FORMAT})
    rows = tx.run(_READ)
    tallies = count(rows)
    stored = {row["key"]: row["hash"] for row in tx.run(_STORED)}
    stored.pop(COMPLETE, None)
    written = [
        {"key": key, "days": days, "counts": counts, "hash": digest}
        for key, (days, counts) in sorted(tallies.items())
        if stored.get(key) != (digest := _hash((days, counts)))
    ]
    _write_tallies(tx, written, sorted(set(stored) - set(tallies)))
    firms = {row["key"]: (row["stored"], _inputs(row)) for row in rows}
    for row in tx.run(_COUNTED_FIRMS):
        firms.setdefault(row["key"], ("", None))  # counted once, no longer
    _write_firms(tx, firms)
    tx.run(_COMPLETE, {"complete": COMPLETE, "format": FORMAT})
    return len(written) + len(set(stored) - set(tallies))


def _update(tx: Transaction, keys: list[str]) -> int:
    if not tx.run(_LOCK, {"complete": COMPLETE, "format": FORMAT})[0]["ready"]:
        return _refresh(tx)  # never counted whole, or by an older hub: count everything
    deltas: dict[str, Counter[int]] = defaultdict(Counter)
    firms: dict[str, tuple[str | None, str | None]] = {}
    for row in tx.run(_READ_FIRMS, {"firms": keys}):
        was, now = row["stored"], _inputs(row)
        if was == now:
            continue
        firms[row["key"]] = (was, now)
        if was:
            _add(deltas, json.loads(was), -1)
        if now:
            _add(deltas, json.loads(now), 1)
    touched = sorted(key for key, step in deltas.items() if any(step.values()))
    written, gone = [], []
    for row in tx.run(_STORED_STEPS, {"keys": touched}) if touched else ():
        deltas[row["key"]].update(_as_deltas(row["days"], row["counts"]))
    for key in touched:
        days, counts = _steps(deltas[key])
        if days:
            written.append(
                {"key": key, "days": days, "counts": counts, "hash": _hash((days, counts))}
            )
        else:
            gone.append(key)
    _write_tallies(tx, written, gone)
    _write_firms(tx, firms)
    return len(written) + len(gone)


def _write_tallies(tx: Transaction, rows: list[dict[str, Any]], gone: list[str]) -> None:
    for start in range(0, len(rows), BATCH):
        tx.run(_WRITE, {"rows": rows[start : start + BATCH]})
    if gone:
        tx.run(_DELETE, {"keys": gone})


def _write_firms(tx: Transaction, firms: Mapping[str, tuple[str | None, str | None]]) -> None:
    """Store each firm's inputs where they changed (None removes them)."""
    rows = [{"key": key, "inputs": now} for key, (was, now) in sorted(firms.items()) if was != now]
    for start in range(0, len(rows), BATCH * 10):
        tx.run(_WRITE_FIRMS, {"firms": rows[start : start + BATCH * 10]})


def present(graph: Graph) -> bool:
    """Whether a complete set of tallies is stored."""
    rows = graph.read(_PRESENT, {"complete": COMPLETE})
    return bool(rows and rows[0]["n"])
