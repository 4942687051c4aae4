"""Administrative units in the graph: reference data for Neo4j Browser and hierarchy queries.

``seed`` writes every unit of both eras (``hub.geo.units``) as
``(:AdminUnit {key, code, name, shortName, level, era, validFrom, validTo, nameKey})``
with ``(:AdminUnit)-[:PART_OF]->(:AdminUnit parent)`` and, for the 2025 reform,
``(:AdminUnit former)-[:BECAME]->(:AdminUnit current)``. Each node carries a ``hash``
of its content (parent and successors included), so a second seed changes nothing,
and a seed finding the graph already in that state does no writing at all.
Units that a newer package no longer lists are left in place (records may point at them).
Address matching stays in Python (``hub.geo``); nothing here is needed to parse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, LiteralString

from hub.geo.units import Unit, all_units, successor_map, successors
from hub.graph.driver import Graph

BATCH = 2000

_STATE: LiteralString = """
CALL () {
  MATCH (u:AdminUnit)
  RETURN count(u) AS units, collect(u.key + ' ' + coalesce(u.hash, '')) AS hashes
}
CALL () { MATCH (:AdminUnit)-[r:PART_OF]->(:AdminUnit) RETURN count(r) AS partOf }
CALL () { MATCH (:AdminUnit)-[r:BECAME]->(:AdminUnit) RETURN count(r) AS became }
RETURN units, hashes, partOf, became
"""

# Changed units lose their outgoing links, which the link statements then lay again.
_UPSERT_UNITS: LiteralString = """
UNWIND $rows AS row
MERGE (u:AdminUnit {key: row.key})
  ON CREATE SET u.createdAt = datetime()
WITH u, row
WHERE u.hash IS NULL OR u.hash <> row.hash
SET u.code = row.code, u.name = row.name, u.shortName = row.shortName, u.level = row.level,
    u.era = row.era, u.validFrom = row.validFrom, u.validTo = row.validTo,
    u.nameKey = row.nameKey, u.hash = row.hash, u.updatedAt = datetime()
WITH u
CALL (u) {
  MATCH (u)-[r:PART_OF|BECAME]->(:AdminUnit)
  DELETE r
}
RETURN count(u) AS changed
"""

_LINK_PARENTS: LiteralString = """
UNWIND $rows AS row
MATCH (u:AdminUnit {key: row.from})
MATCH (p:AdminUnit {key: row.to})
MERGE (u)-[:PART_OF]->(p)
"""

_LINK_SUCCESSORS: LiteralString = """
UNWIND $rows AS row
MATCH (old:AdminUnit {key: row.from})
MATCH (new:AdminUnit {key: row.to})
MERGE (old)-[:BECAME]->(new)
"""


@dataclass(frozen=True)
class UnitsContent:
    """What ``seed`` writes: each unit's properties (its ``hash`` included), and the
    ``PART_OF`` and ``BECAME`` links as ``{from, to}`` keys."""

    rows: list[dict[str, Any]]
    parents: list[dict[str, str]]
    pairs: list[dict[str, str]]


def content() -> UnitsContent:
    """The seed's content; a bulk import's image (``hub.graph.image``) holds the same."""
    units = all_units()
    return UnitsContent(
        rows=[_row(unit) for unit in units],
        parents=[{"from": u.key, "to": u.parent_key} for u in units if u.parent_key],
        pairs=[{"from": old, "to": new} for old, new in successors()],
    )


def seed(graph: Graph, force: bool = False) -> int:
    """Write every unit and its links; returns how many units were created or changed.

    Does nothing (and returns 0) when the graph already holds exactly these units and
    links, unless ``force`` is given; even then, unchanged units are not written.
    """
    units = content()
    rows, parents, pairs = units.rows, units.parents, units.pairs
    if not force and _in_place(graph, rows, len(parents), len(pairs)):
        return 0
    changed = sum(
        int(graph.write(_UPSERT_UNITS, {"rows": batch})[0]["changed"]) for batch in _batches(rows)
    )
    for batch in _batches(parents):
        graph.write(_LINK_PARENTS, {"rows": batch})
    for batch in _batches(pairs):
        graph.write(_LINK_SUCCESSORS, {"rows": batch})
    return changed


def _in_place(graph: Graph, rows: list[dict[str, Any]], part_of: int, became: int) -> bool:
    state = graph.read(_STATE)[0]
    expected = sorted(f"{row['key']} {row['hash']}" for row in rows)
    return (
        state["units"] == len(rows)
        and state["partOf"] == part_of
        and state["became"] == became
        and sorted(state["hashes"]) == expected
    )


def _row(unit: Unit) -> dict[str, Any]:
    row: dict[str, Any] = {
        "key": unit.key,
        "code": unit.code,
        "name": unit.name,
        "shortName": unit.short_name,
        "level": unit.level,
        "era": unit.era,
        "validFrom": unit.valid_from,
        "validTo": unit.valid_to,
        "nameKey": unit.name_key,
    }
    row["hash"] = _hash(row, unit.parent_key, successor_map().get(unit.key, ()))
    return row


def _hash(row: dict[str, Any], parent: str | None, becomes: tuple[str, ...]) -> str:
    content = json.dumps([row, parent, becomes], default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]
