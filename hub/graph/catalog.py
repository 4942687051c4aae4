"""The datasets the hub holds, for its DCAT catalogue: one per kind and agency.

Read from the LoadRuns (one per file loaded), so it costs what the catalogue lists.
"""

from __future__ import annotations

from typing import LiteralString

from hub.graph.driver import AsyncGraph, Row

_DATASETS: LiteralString = """
MATCH (r:LoadRun) WHERE r.finishedAt IS NOT NULL
WITH r.kind AS kind, r.agency AS agency, min(r.finishedAt) AS first,
     max(r.finishedAt) AS last, count(r) AS runs, sum(coalesce(r.rowsLoaded, 0)) AS rows
RETURN kind, agency, toString(first) AS issued, toString(last) AS modified, runs, rows
ORDER BY kind, agency
"""


async def datasets(graph: AsyncGraph) -> list[Row]:
    """Rows ``{kind, agency, issued, modified, runs, rows}`` (ISO 8601 times)."""
    return await graph.read(_DATASETS)
