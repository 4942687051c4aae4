"""``hub demo``: Neo4j up, the sample data loaded, GraphQL served."""

from __future__ import annotations

import json
import sys

from hub.settings import PROJECT_ROOT, Settings
from loaders.registry import KINDS

SAMPLE = PROJECT_ROOT / "data" / "sample"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sample_files() -> list[tuple[str, str]]:
    """(kind, file name) of the sample dataset, in load order."""
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    files = [(entry["kind"], entry["file"]) for entry in manifest["files"]]
    # The registry's order: enterprises first, so the other kinds link to known firms.
    return sorted(files, key=lambda item: KINDS.index(item[0]))


def load_sample(settings: Settings) -> int:
    """Load every sample file; returns how many were refused (0 expected)."""
    from hub.graph import admin
    from hub.graph.driver import Graph
    from loaders.ingest import IngestOptions, ingest

    refused = 0
    options = IngestOptions(agency="demo")
    with Graph(settings) as graph:
        admin.bootstrap(graph)
        for kind, name in sample_files():
            report = ingest(graph, kind, SAMPLE / name, options)
            _say(report.summary())
            refused += 0 if report.ok else 1
    return refused


def run_demo(settings: Settings, serve: bool = True) -> int:
    if settings.local_neo4j:
        from hub.neo4j_server import server

        _say(server.start(settings, echo=_say).describe())
    refused = load_sample(settings)
    if not serve:
        return 1 if refused else 0
    from app.web.server import serve as serve_app

    _say(
        f"GraphQL (GraphiQL in a browser): http://{settings.host}:{settings.port}/graphql\n"
        f"Neo4j Browser: http://127.0.0.1:{settings.neo4j_http_port}/browser/\n"
        "Stop with Ctrl-C."
    )
    serve_app(settings.host, settings.port)
    return 0
