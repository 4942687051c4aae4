"""An upload's rejected rows, kept with its LoadRun so any replica renders its return file.

The rows (bounded by ``HUB_REJECTS_MAX_ROWS``) are one JSON text on the LoadRun,
with the agency that may fetch them; a later load of the same file replaces them.
"""

from __future__ import annotations

from hub.graph.driver import Graph

_KEEP = """
MATCH (r:LoadRun {key: $run})
SET r.rejects = $rejects, r.rejectsAgency = $agency
"""

_FETCH = """
MATCH (r:LoadRun {key: $run}) WHERE r.rejects IS NOT NULL
RETURN r.rejectsAgency AS agency, r.rejects AS rejects
"""


def keep(graph: Graph, run: str, agency: str, rejects: str) -> None:
    graph.write(_KEEP, {"run": run, "agency": agency, "rejects": rejects})


def fetch(graph: Graph, run: str) -> tuple[str, str] | None:
    """(agency, rejected rows as JSON) of ``run``, or None."""
    rows = graph.read(_FETCH, {"run": run})
    return (rows[0]["agency"], rows[0]["rejects"]) if rows else None
