"""``hub db backup`` / ``restore`` (and ``hub import``) on a private server.

They stop and start the server, so the module runs its own Neo4j (as
``test_neo4j_faults`` does: its home in a temporary folder, the same private ports and
lock), never the one other tests share.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.graph import admin, version
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.conftest import DATA, graph_fingerprint, load
from tests.reliability.test_neo4j_faults import Private, _hub, _start, private_env, private_ports

pytestmark = pytest.mark.slow

FIGURES: dict[str, float] = {}
_CENSUS = """
CALL () { MATCH (n) UNWIND labels(n) AS label RETURN label AS name, count(*) AS n
          UNION ALL
          MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS n }
RETURN name, sum(n) AS n
"""


def census(graph: Graph) -> dict[str, int]:
    """Nodes per label and relationships per type, reference data included."""
    return {row["name"]: row["n"] for row in graph.read(_CENSUS)}


def _state(settings: Settings) -> tuple[dict[str, int], tuple[int, int, str]]:
    with Graph(settings) as graph:
        return census(graph), graph_fingerprint(graph, ignore_times=True)


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    """A private home, not started: the first test to need the server starts it."""
    env = private_env(tmp_path_factory.mktemp("neo4j-admin"))
    with private_ports():
        try:
            yield Private(env, Settings.from_env(env))
        finally:
            _hub(env, "neo4j", "stop", timeout=90)


def test_a_backup_restores_the_graph_it_was_taken_of(private: Private, tmp_path: Path) -> None:
    _start(private.env)
    with Graph(private.settings) as graph:
        admin.clear_data(graph)
        for kind, name in (
            ("enterprises", "enterprises.csv"),
            ("certificates", "certificates.csv"),
        ):
            assert load(graph, kind, DATA / "loaders" / name).ok
    taken = _state(private.settings)
    dump = tmp_path / "hub.dump"
    started = time.monotonic()
    done = _hub(private.env, "db", "backup", str(dump), timeout=300)
    FIGURES["backup_s"] = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert dump.stat().st_size > 0

    with Graph(private.settings) as graph:  # wreck it
        graph.write("MATCH (n:Certificate) DETACH DELETE n")
        graph.write("MATCH (e:Enterprise) SET e.name = 'wrecked'")
        before = version.current(graph)
    assert _state(private.settings) != taken

    refused = _hub(private.env, "db", "restore", str(dump))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    not_a_dump = tmp_path / "notes.txt"
    not_a_dump.write_text("not a dump", encoding="utf-8")
    refused = _hub(private.env, "db", "restore", str(not_a_dump), "--yes", timeout=300)
    assert refused.returncode == 1 and "not a Neo4j database dump" in refused.stderr
    started = time.monotonic()
    done = _hub(private.env, "db", "restore", str(dump), "--yes", timeout=300)
    FIGURES["restore_s"] = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert _state(private.settings) == taken
    with Graph(private.settings) as graph:
        assert version.current(graph) > before
    print(FIGURES)


# What a load and an import of the same files must agree on: every node's labels and
# properties, every relationship's type, ends and properties; not when each was written
# (``…At`` date-times) nor the hub's bookkeeping of processes (versions, leases).
_CONTENT = """
MATCH (n) WHERE NOT (n:GraphVersion OR n:Lease OR n:RateWindow)
OPTIONAL MATCH (n)-[r]->(m)
RETURN labels(n) AS labels, properties(n) AS props,
       collect([type(r), properties(r), labels(m), m.key]) AS rels
"""
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def content(graph: Graph) -> tuple[dict[str, int], str]:
    """The census (bookkeeping aside) and a hash of every node's and link's content."""
    import hashlib
    import json

    def kept(props: dict[str, object] | None) -> dict[str, object]:
        return {k: v for k, v in (props or {}).items() if not k.endswith("At")}

    lines = sorted(
        json.dumps(
            [
                row["labels"],
                kept(row["props"]),
                sorted(
                    json.dumps([r[0], kept(r[1]), r[2], r[3]], sort_keys=True, default=str)
                    for r in row["rels"]
                    if r[0] is not None
                ),
            ],
            sort_keys=True,
            default=str,
        )
        for row in graph.read(_CONTENT)
    )
    skip = {"GraphVersion", "Lease", "RateWindow"}
    counts = {name: n for name, n in census(graph).items() if name not in skip}
    return counts, hashlib.sha256("\n".join(lines).encode()).hexdigest()


# The demo's order (the register first), then records before their firms (stubs, then
# re-linking), lots before their products, and a second enterprises file (``moved``).
REGISTER_LAST = (
    "trace_events",
    "certificates",
    "programme_support",
    "enterprises",
    "epcis",
    "products",
    "awards",
    "measurement",
    "moved",
)


def moved(path: Path) -> Path:
    """Part of the sample's register again, changed: firms moved to other firms'
    addresses, firms renamed: re-linking, pruned places, a kind's second run."""
    import csv

    with (SAMPLE / "enterprises.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:121]
    name, address = header.index("Tên doanh nghiệp"), header.index("Địa chỉ")
    for i, row in enumerate(body[:40]):
        row[address] = body[i + 40][address]
    for row in body[80:]:
        row[name] = row[name] + " Mới"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return path


@pytest.mark.parametrize("order", [None, REGISTER_LAST], ids=["register-first", "register-last"])
def test_an_import_builds_the_graph_a_load_of_the_same_files_builds(
    private: Private, order: tuple[str, ...] | None, tmp_path: Path
) -> None:
    from app.cli.demo import sample_files

    files = {kind: SAMPLE / name for kind, name in sample_files()}
    order = order or tuple(files)
    items = [
        ("enterprises", moved(tmp_path / "moved.csv")) if kind == "moved" else (kind, files[kind])
        for kind in order
    ]
    _start(private.env)
    with Graph(private.settings) as graph:
        admin.reset(graph)
        started = time.monotonic()
        for kind, path in items:
            assert load(graph, kind, path).ok
        FIGURES[f"load_s_{order[0]}"] = time.monotonic() - started
        loaded = content(graph)
        before = version.current(graph)

    started = time.monotonic()
    done = _hub(private.env, "import", "--yes", *(f"{k}={p}" for k, p in items), timeout=600)
    FIGURES[f"import_s_{order[0]}"] = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    with Graph(private.settings) as graph:
        imported = content(graph)
        assert version.current(graph) > before
    assert imported[0] == loaded[0]
    assert imported[1] == loaded[1]
    print(FIGURES)
