"""The benchmarks run: every step at a tiny scale against the tests' Neo4j.

Only the shape of the output is checked (one ``name: value unit`` figure a line, the
three ratio lines present); speed is what ``bench/run`` prints, never asserted here.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench import cached, ingest, pages, queries, rss, throughput, workload
from bench.figures import LINE, Figures
from bench.generate import generate
from bench.serve import served
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.ports import free_port

pytestmark = pytest.mark.slow


def test_every_benchmark_prints_figure_lines(
    clean_graph: Graph, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not settings.local_neo4j:
        pytest.skip("LOAD CSV reads from a local server's import folder")
    data = tmp_path / "data"
    generate(data, 0.1, messy=False)
    figures = Figures()
    ingest.run(clean_graph, settings, data, figures)
    load = workload.build(data, lookups=20)
    captured = asyncio.run(queries.capture(settings, load.requests))
    queries.round_trips(captured, figures)
    queries.db_hits(settings, captured, figures)
    port = free_port()
    with served(1, port) as base:
        queries.overhead(settings, base, captured, figures, samples=3, warm=1)
        pages.run(base, figures, samples=2)
    throughput.run(load.lookups, load.flagships, figures, 1.0, workers=(1,), port=port)
    cached.run(settings, data, load.lookups, figures, 1.5, workers=1, port=port)
    rss.run(data / "trace_events.csv", figures)

    lines = capsys.readouterr().out.splitlines()
    assert lines, "no figure was printed"
    assert [line for line in lines if not LINE.match(line)] == []
    names = {line.split(":", 1)[0] for line in lines}
    for name in ("ingest_vs_load_csv", "graphql_vs_cypher_p50", "cypher_round_trips_per_request"):
        assert name in names
    assert {f"ingest_hub_{kind}" for kind in ingest.KINDS} <= names
    assert {f"one_row_load_s_{kind}" for kind in ingest.KINDS} <= names
    assert "throughput_lookup_rps" in names and "throughput_flagship_p99" in names
    assert {"throughput_lookup_cached_rps", "throughput_lookup_cached_p99"} <= names
    assert {"throughput_lookup_cached_quiet_rps", "throughput_lookup_cached_quiet_p99"} <= names
    assert figures.value("stale_answers") == 0 and (figures.value("stale_checks") or 0) >= 3
    assert "db_hits_enterprises" in names
    assert any(name.startswith("loader_peak_rss_") for name in names)
    assert {f"page_{name}_p50_ms" for name in pages.PAGES} <= names
