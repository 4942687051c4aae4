"""``hub import`` of the same files as the ingest step, against ``LOAD CSV``.

``hub import --yes KIND=FILE ...`` runs as a user runs it, a process of its own against
the bench server: reading, validation and linking, the import files, ``neo4j-admin
database import full`` with the server's stop and start, then the schema, reference
data and derived links. Its wall time is the figure, and its peak RSS (its own, not the
admin tool's); ``LOAD CSV`` is the ingest step's (or measured here on a cleared graph
when that step did not run). The graph it leaves equals the one ``hub load`` leaves, so
the query steps can read it.
"""

from __future__ import annotations

from pathlib import Path

from bench.figures import Figures
from bench.ingest import KINDS, csv_rows, fresh_graph, load_csv_ingest, total_rate
from bench.rss import command_peak_rss
from hub.graph.driver import Graph
from hub.settings import Settings


def run(settings: Settings, data: Path, figures: Figures) -> None:
    csv_rate = figures.value("ingest_load_csv_all")
    if csv_rate is None:
        with Graph(settings) as graph:
            fresh_graph(graph)
            csv_rate = total_rate(load_csv_ingest(graph, settings, data))
        figures.add("ingest_load_csv_all", csv_rate, "rows/s")
    rows = sum(csv_rows(data / f"{kind}.csv") for kind in KINDS)
    argv = ["import", "--yes", *(f"{kind}={data / kind}.csv" for kind in KINDS)]
    megabytes, seconds, status = command_peak_rss(argv)
    if status != 0:
        raise RuntimeError(f"hub import exited {status}")
    figures.add("bulk_import_s", seconds, "s")
    figures.add("bulk_import_peak_rss", megabytes, "MB")
    figures.add("bulk_import_rows_per_s", rows / seconds, "rows/s")
    figures.add("bulk_import_vs_load_csv", rows / seconds / csv_rate if csv_rate else 0.0, "x")
