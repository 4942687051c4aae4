"""Shared fixtures: the real Neo4j the test command started, and helpers to load files.

Tests that need a known graph call ``clean_graph``: it deletes every record except
the hub's reference data (programmes, targets, administrative units), so tests can
run in any order against the one database Neo4j Community offers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.graph import admin
from hub.graph.driver import Graph
from hub.graph.model import BOOKKEEPING_LABELS, REFERENCE_LABELS, any_label
from hub.settings import Settings
from loaders.ingest import IngestOptions, ingest
from loaders.report import LoadReport

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def graph(settings: Settings) -> Iterator[Graph]:
    with Graph(settings) as connection:
        admin.bootstrap(connection)
        yield connection


@pytest.fixture
def clean_graph(graph: Graph) -> Graph:
    admin.clear_data(graph)
    return graph


def load(graph: Graph, kind: str, path: Path, **options: object) -> LoadReport:
    """Load one file through the ingest service, as ``hub load`` does."""
    return ingest(graph, kind, path, IngestOptions(**options))  # type: ignore[arg-type]


# Every node but reference data and the hub's bookkeeping (hub.graph.model).
NOT_RECORDS = any_label("n", (*REFERENCE_LABELS, *BOOKKEEPING_LABELS))

_FINGERPRINT = (
    "MATCH (n) WHERE NOT "
    + NOT_RECORDS
    + """
OPTIONAL MATCH (n)-[r]->(m)
RETURN labels(n) AS labels, properties(n) AS props,
       collect([type(r), properties(r), m.key]) AS rels
"""
)


_TIMES = {"createdAt", "updatedAt", "startedAt", "finishedAt"}


def graph_fingerprint(graph: Graph, ignore_times: bool = False) -> tuple[int, int, str]:
    """Node count, relationship count and a checksum of every loaded property.

    ``ignore_times`` compares two loads made at different moments: their content, not
    when it was written.
    """
    import hashlib
    import json

    rows = graph.read(_FINGERPRINT)
    if ignore_times:
        for row in rows:
            row["props"] = {k: v for k, v in row["props"].items() if k not in _TIMES}
            for rel in row["rels"]:
                if rel[1]:
                    rel[1] = {k: v for k, v in rel[1].items() if k not in _TIMES}
    lines = sorted(
        json.dumps(
            [row["labels"], row["props"], sorted(json.dumps(r, default=str) for r in row["rels"])],
            sort_keys=True,
            default=str,
        )
        for row in rows
    )
    rels = sum(1 for row in rows for rel in row["rels"] if rel[0] is not None)
    return len(rows), rels, hashlib.sha256("\n".join(lines).encode()).hexdigest()
