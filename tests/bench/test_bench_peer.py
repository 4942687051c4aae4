"""The peer step runs: @neo4j/graphql installed from the lock file, the same answers as
the hub on every pair, and its figures printed (values are never asserted)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import ingest, workload
from bench.figures import LINE, Figures
from bench.generate import generate
from bench.peer import compare
from bench.peer.pairs import build
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.ports import free_ports

pytestmark = pytest.mark.slow


def test_the_peer_answers_alike_and_is_timed(
    clean_graph: Graph, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("node") is None:
        pytest.skip("no Node.js here (bench/run installs it)")
    data = tmp_path / "data"
    generate(data, 0.2, messy=False)
    ingest.hub_ingest(clean_graph, data)
    load = workload.build(data, lookups=20)
    pairs = build(data, clean_graph)
    assert [p.name for p in pairs] == [
        "enterprise",
        "flagship_anywhere",
        "flagship_ward",
        "enterprises_register",
        "enterprises_ward",
        "trace_upstream",
    ]
    figures = Figures()
    hub_port, peer_port = free_ports(2)
    compare.run(
        settings,
        data,
        load,
        figures,
        samples=3,
        seconds=1.0,
        hub_port=hub_port,
        peer_port=peer_port,
    )
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if not LINE.match(line)] == []
    names = {line.split(":", 1)[0] for line in lines}
    assert {f"hub_vs_neo4j_graphql_p50_{p.name}" for p in pairs} <= names
    assert {"hub_vs_neo4j_graphql_p50", "throughput_lookup_neo4j_graphql_rps"} <= names
