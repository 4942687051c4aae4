"""Seeding administrative units into the real Neo4j.

AdminUnit nodes are reference data: the tests leave them in place, seeded.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hub.geo import all_units, successors
from hub.graph import admin_units, migrations
from hub.graph.driver import Graph
from hub.settings import Settings

THANH_TUYEN = "former:ward:25810"  # Xã Thanh Tuyền, split between two current wards

_COUNTS = """
CALL () { MATCH (u:AdminUnit) RETURN count(u) AS units, max(u.updatedAt) AS lastUpdate }
CALL () { MATCH (:AdminUnit)-[r:PART_OF]->(:AdminUnit) RETURN count(r) AS partOf }
CALL () { MATCH (:AdminUnit)-[r:BECAME]->(:AdminUnit) RETURN count(r) AS became }
RETURN units, lastUpdate, partOf, became
"""
# As a unit written from an older package version would be: other content, other hash.
_DAMAGE = """
MATCH (u:AdminUnit {key: $key})
SET u.name = 'damaged', u.hash = 'stale'
WITH u
MATCH (u)-[r:BECAME]->()
DELETE r
"""
_UNIT = """
MATCH (u:AdminUnit {key: $key})
RETURN u.name AS name, u.level AS level, u.era AS era, u.validTo AS validTo,
       [(u)-[:BECAME]->(n) | n.name] AS became, [(u)-[:PART_OF*]->(p) | p.name] AS within
"""
_PROVINCE_BECAME = """
MATCH (:AdminUnit {key: 'former:province:74'})-[:BECAME]->(p:AdminUnit)
RETURN p.key AS key
"""


@pytest.fixture(scope="module")
def seeded() -> Iterator[Graph]:
    with Graph(Settings.from_env()) as graph:
        migrations.apply(graph)
        admin_units.seed(graph)
        yield graph


def test_seeding_twice_changes_nothing(seeded: Graph) -> None:
    before = seeded.read(_COUNTS)[0]

    assert admin_units.seed(seeded) == 0
    assert admin_units.seed(seeded, force=True) == 0
    assert seeded.read(_COUNTS)[0] == before
    assert before["units"] == len(all_units())
    assert before["partOf"] == sum(1 for unit in all_units() if unit.parent_key)
    assert before["became"] == len(successors())


def test_seeding_repairs_a_stale_unit_and_its_links(seeded: Graph) -> None:
    seeded.write(_DAMAGE, {"key": THANH_TUYEN})

    assert admin_units.seed(seeded) == 1
    unit = seeded.read(_UNIT, {"key": THANH_TUYEN})[0]
    assert unit["name"] == "Xã Thanh Tuyền"
    assert sorted(unit["became"]) == ["Phường Tây Nam", "Xã Thanh An"]
    assert admin_units.seed(seeded) == 0


def test_the_graph_holds_the_hierarchy_and_the_reform(seeded: Graph) -> None:
    unit = seeded.read(_UNIT, {"key": "former:ward:25750"})[0]

    assert unit["name"] == "Phường Phú Hòa"
    assert (unit["level"], unit["era"], unit["validTo"].iso_format()) == (
        "ward",
        "former",
        "2025-06-30",
    )
    assert unit["within"] == ["Thành phố Thủ Dầu Một", "Tỉnh Bình Dương"]
    assert unit["became"] == ["Phường Phú Lợi"]
    assert seeded.read(_PROVINCE_BECAME) == [{"key": "current:province:79"}]
