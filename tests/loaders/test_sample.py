"""`hub load` of the whole sample dataset reports only the bad rows it was built with."""

from __future__ import annotations

import json

import pytest

from app.cli.demo import SAMPLE, sample_files
from hub.graph.driver import Graph
from tests.conftest import load
from tests.loaders.test_supply_chains import assert_stored_match_walked

pytestmark = pytest.mark.slow


def test_the_sample_loads_with_exactly_its_deliberate_bad_rows(clean_graph: Graph) -> None:
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    expected = {
        entry["file"]: sorted((bad["row"], bad["column"]) for bad in entry.get("bad_rows", []))
        for entry in manifest["files"]
    }
    for kind, name in sample_files():
        report = load(clean_graph, kind, SAMPLE / name)
        assert report.ok, report.refused
        assert sorted((e.row, e.column) for e in report.errors) == expected[name], name
        assert report.rows_read == next(e["rows"] for e in manifest["files"] if e["file"] == name)
    # The flagship question has answers in the sample: certified firms that supply a chain.
    rows = clean_graph.read(
        "MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate {status: 'valid'}) "
        "WHERE EXISTS { (e)-[:PRODUCES]->(:Product) } RETURN count(DISTINCT e) AS n"
    )
    assert rows[0]["n"] >= 10
    # Every firm's stored supply chains are what its products and events say.
    assert_stored_match_walked(clean_graph)
