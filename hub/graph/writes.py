"""Idempotent batch writes with provenance, shared by every loader.

Rows carry a ``key``, a ``hash`` of their content and ``props``. A node or
relationship is only touched when its hash changes, so loading the same file twice
changes nothing; ``loadRuns`` lists every LoadRun that asserted it, ``updatedAt``
says when its content last changed. Cypher text is built once, at import, from the
closed set of labels in ``hub.graph.model``: never from data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, LiteralString, cast

from hub.graph.driver import Graph
from hub.graph.model import HOLDER_RELS, Label, Rel

Row = dict[str, Any]

_CHANGE = """
WITH n, row, coalesce(n.hash, '') <> row.hash OR n.retiredAt IS NOT NULL AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET n += row.props, n.hash = row.hash, n.updatedAt = $now, n.updatedBy = $run
  REMOVE n.retiredAt, n.retiredBy
  FOREACH (k IN keys(row.times) | SET n[k] = datetime(row.times[k])))
FOREACH (_ IN CASE WHEN $run IN n.loadRuns THEN [] ELSE [1] END |
  SET n.loadRuns = n.loadRuns + $run)
"""
_COUNT = """
RETURN count(*) AS rows, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
"""
_PROVENANCE = _CHANGE + _COUNT

_UPSERT_NODES = (
    """
UNWIND $rows AS row
MERGE (n:__LABEL__ {key: row.key})
ON CREATE SET n.createdAt = $now, n.createdBy = $run, n.loadRuns = []
"""
    + _PROVENANCE
)

_UPSERT_RELS = (
    """
UNWIND $rows AS row
MATCH (a:__FROM__ {key: row.from})
MATCH (b:__TO__ {key: row.to})
MERGE (a)-[n:__REL__]->(b)
ON CREATE SET n.createdAt = $now, n.createdBy = $run, n.loadRuns = []
"""
    + _PROVENANCE
)

# What a person's decision on a record (``hub.graph.review``) was about: it holds, and
# loads leave the record's link alone, while the record names its firm the same way.
REVIEW_SUBJECT = (
    "coalesce(rec.holderTaxCode, '') + '|' + coalesce(rec.holderName, '') + '|' "
    "+ coalesce(rec.holderAddress, '')"
)

# Tie records to the enterprise they name: drop a link to another firm (the record
# changed holder), then link the holder, recording how the match was made and why.
# A firm that lost a record, or gained one whose own content this write left as it was
# (a re-link), gets ``relinkedAt``: what the load changed for it cannot be found from
# the record's ``updatedAt`` (``hub.graph.touched``).
_LINK_BODY = (
    """
WITH rec, link WHERE coalesce(rec.reviewedFor <> """
    + REVIEW_SUBJECT
    + """, true)
SET rec.linkStatus = link.status, rec.candidates = link.candidates,
  rec.candidateScores = link.scores
WITH rec, link
CALL (rec, link) {
  MATCH __OLD_PATTERN__
  WHERE old.key <> coalesce(link.holder, '')
  DELETE r
  SET old.relinkedAt = $now
}
WITH rec, link WHERE link.holder IS NOT NULL
MATCH (holder:Enterprise {key: link.holder})
MERGE __NEW_PATTERN__
ON CREATE SET r.createdAt = $now, r.createdBy = $run, r.loadRuns = []
SET r.method = link.method, r.confidence = link.confidence, r.evidence = link.evidence,
  r.agreed = link.agreed, r.differed = link.differed, r.decidedBy = null, r.decidedAt = null
FOREACH (_ IN CASE WHEN $run IN r.loadRuns THEN [] ELSE [1] END |
  SET r.loadRuns = r.loadRuns + $run)
FOREACH (_ IN CASE WHEN r.createdAt = $now AND coalesce(rec.updatedAt <> $now, true)
                   THEN [1] ELSE [] END |
  SET holder.relinkedAt = $now)
"""
)
_LINK_HOLDERS = (
    """
UNWIND $rows AS link
MATCH (rec:__LABEL__ {key: link.key})
"""
    + _LINK_BODY
    + "RETURN count(*) AS linked"
)

# A record with a holder (certificate, award...): the node as above, then its link to
# the firm, in the same statement so each row's node is found once (rows: + ``link``,
# see ``link_holders``; records without a firm to look for have no ``link``).
_UPSERT_HELD = (
    """
UNWIND $rows AS row
MERGE (n:__LABEL__ {key: row.key})
ON CREATE SET n.createdAt = $now, n.createdBy = $run, n.loadRuns = []
"""
    + _CHANGE
    + """
WITH n, row, changed
CALL (n, row) {
  WITH n AS rec, row.link AS link WHERE link IS NOT NULL
"""
    + _LINK_BODY
    + "}"
    + _COUNT
)

# Enterprises named by a record's tax code but not (yet) in the enterprises dataset:
# created as stubs carrying the record's name; the enterprises loader fills them.
_ENSURE_ENTERPRISES = """
UNWIND $rows AS row
MERGE (e:Enterprise {key: row.key})
ON CREATE SET e += row.props, e.stub = true, e.createdAt = $now, e.createdBy = $run,
  e.updatedAt = $now, e.updatedBy = $run, e.loadRuns = [$run]
WITH e, row WHERE row.head IS NOT NULL
MERGE (h:Enterprise {key: row.head})
ON CREATE SET h.taxCode = row.head, h.name = 'MST ' + row.head, h.stub = true,
  h.searchText = row.head, h.createdAt = $now, h.createdBy = $run, h.updatedAt = $now,
  h.updatedBy = $run, h.loadRuns = [$run]
MERGE (e)-[b:BRANCH_OF]->(h)
ON CREATE SET b.createdAt = $now, b.createdBy = $run, b.loadRuns = [$run]
RETURN count(*) AS rows
"""


def _holder_patterns(rel: Rel, label: Label) -> tuple[str, str]:
    # The old holder carries no label on purpose: holder relationships only ever reach
    # Enterprise nodes, and with ``old:Enterprise`` a plan made while the graph was
    # nearly empty scanned every enterprise for each row (10M rows for 5,000 records).
    if rel is Rel.RECORDED_BY:
        return "(rec)-[r:RECORDED_BY]->(old)", "(rec)-[r:RECORDED_BY]->(holder)"
    return (
        f"(rec)<-[r:{rel.value}]-(old)",
        f"(holder)-[r:{rel.value}]->(rec)",
    )


# A record's link to its firm: (any current holder ``old``, the new ``holder``), both
# over the relationship ``r`` from the record ``rec`` (``hub.graph.review`` uses them too).
holder_patterns = _holder_patterns

_NODE_CYPHER = {label: _UPSERT_NODES.replace("__LABEL__", label.value) for label in Label}
_HELD_CYPHER = {
    label: _UPSERT_HELD.replace("__LABEL__", label.value)
    .replace("__OLD_PATTERN__", _holder_patterns(rel, label)[0])
    .replace("__NEW_PATTERN__", _holder_patterns(rel, label)[1])
    for label, rel in HOLDER_RELS.items()
}
_LINK_CYPHER = {
    label: _LINK_HOLDERS.replace("__LABEL__", label.value)
    .replace("__OLD_PATTERN__", _holder_patterns(rel, label)[0])
    .replace("__NEW_PATTERN__", _holder_patterns(rel, label)[1])
    for label, rel in HOLDER_RELS.items()
}
_REL_CYPHER: dict[tuple[Label, Rel, Label], str] = {}


def _rel_cypher(source: Label, rel: Rel, target: Label) -> LiteralString:
    key = (source, rel, target)
    if key not in _REL_CYPHER:
        _REL_CYPHER[key] = (
            _UPSERT_RELS.replace("__FROM__", source.value)
            .replace("__REL__", rel.value)
            .replace("__TO__", target.value)
        )
    return cast(LiteralString, _REL_CYPHER[key])


def _params(rows: Sequence[Row], run: str, now: datetime) -> dict[str, Any]:
    return {"rows": [_on_the_wire(row) for row in rows], "run": run, "now": now}


def _in_lock_order(rows: Sequence[Row], shared: Callable[[Row], object]) -> list[Row]:
    """Rows sorted by the shared node each one locks (a ward, a standard, a busy firm),
    then by their own node. Two writers then take those locks in the same order and
    cannot deadlock on them; in file order they did, a few times per load."""
    return sorted(rows, key=lambda r: (str(shared(r) or ""), str(r.get("key") or r.get("from"))))


# The order of each statement's rows, part of what it does: a node two rows MERGE is
# made by the first (``hub.graph.image`` writes in the same order).
def node_rows(label: Label, rows: Sequence[Row]) -> Sequence[Row]:
    return _in_lock_order(rows, _holder) if label in _HELD_CYPHER else rows


def rel_rows(rows: Sequence[Row]) -> list[Row]:
    return _in_lock_order(rows, lambda row: row["to"])


def link_rows(rows: Sequence[Row]) -> list[Row]:
    return _in_lock_order(rows, _holder)


def stub_rows(rows: Sequence[Row]) -> list[Row]:
    return _in_lock_order(rows, lambda row: row["head"])


def _holder(row: Row) -> object:
    link = row.get("link") or row
    return link.get("holder")


def _on_the_wire(row: Row) -> Row:
    """Date-times travel as ISO text, made ``datetime`` values by Neo4j (``row.times``):
    the driver's packer spends ~50 µs on each Python datetime, more than the whole
    write of the record it belongs to."""
    props = row.get("props")
    if props is None:
        return row
    times = {k: v.isoformat() for k, v in props.items() if isinstance(v, datetime)}
    if times:
        props = {k: v for k, v in props.items() if k not in times}
    return {**row, "props": props, "times": times}


def upsert_nodes(graph: Graph, label: Label, rows: Sequence[Row], run: str, now: datetime) -> int:
    """MERGE nodes by key; returns how many were created or changed.

    For a label with holders (``HOLDER_RELS``) a row may carry its ``link`` (the fields
    of ``link_holders``'s rows, without the key): status and holder are written with it.
    """
    if not rows:
        return 0
    held = _HELD_CYPHER.get(label)
    rows = node_rows(label, rows)
    cypher = cast(LiteralString, held or _NODE_CYPHER[label])
    result = graph.write(cypher, _params(rows, run, now))
    return int(result[0]["changed"] or 0) if result else 0


def upsert_rels(
    graph: Graph,
    source: Label,
    rel: Rel,
    target: Label,
    rows: Sequence[Row],
    run: str,
    now: datetime,
) -> int:
    """MERGE relationships between existing nodes; rows have ``from``, ``to``, hash, props."""
    if not rows:
        return 0
    rows = rel_rows(rows)
    result = graph.write(_rel_cypher(source, rel, target), _params(rows, run, now))
    return int(result[0]["changed"] or 0) if result else 0


def link_holders(graph: Graph, label: Label, rows: Sequence[Row], run: str, now: datetime) -> None:
    """Rows: key, holder (enterprise key or None), method, confidence, status, candidates."""
    if rows:
        rows = link_rows(rows)
        graph.write(cast(LiteralString, _LINK_CYPHER[label]), _params(rows, run, now))


def ensure_enterprises(graph: Graph, rows: Sequence[Row], run: str, now: datetime) -> None:
    """Rows: key (tax code), head (head office key for a branch, else None), props."""
    if rows:
        rows = stub_rows(rows)
        graph.write(_ENSURE_ENTERPRISES, _params(rows, run, now))
