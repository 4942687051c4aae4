"""Reads of the data-quality scorecard (``hub.reports.quality`` computes it with pandas).

Every read returns small, grouped rows: records are grouped by their ``loadRuns``
list (which LoadRuns asserted them), and pandas maps each run to its agency and kind.

- ``load_runs``: every finished LoadRun (one per file loaded: a few hundred).
- ``link_states``: records kept ``unresolved`` or ``ambiguous``, from the
  ``linkStatus`` indexes (as many as the review queue holds).
- ``name_links``: records tied to a firm by name only (``name``, ``fuzzy_name``),
  with their confidence, from the relationship indexes on ``method``.
- ``expired_still_valid``: certificates past expiry whose stored status is still
  valid, from the ``(status, expiresOn)`` index.
- ``record_runs``: live records of the register kinds grouped by ``loadRuns``, for
  staleness (when each was last sent). This one reads every live record of those
  labels (their ``loadRuns`` only); the pages compute it once per graph version.
- ``duplicate_names``: firms sharing a normalised name (``nameKey``), several tax codes.

Reads that walk a whole label (``record_runs``, ``duplicate_names``) may take longer
than an API request may (``HUB_QUERY_TIMEOUT``): at 400,000 firms they did. They run
under ``HUB_REPORT_TIMEOUT`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import LiteralString, cast

from hub.graph.changes import RECORD_LABELS
from hub.graph.driver import AsyncGraph, Row
from hub.graph.model import HOLDER_RELS, Label, Rel

# Registers an agency re-sends; trace events are history, never "re-sent".
REGISTER_LABELS = tuple(label for label in RECORD_LABELS if label is not Label.TRACE_EVENT)
# Name groups the scorecard lists at most (each with its firms).
MAX_DUPLICATE_GROUPS = 500

_LOAD_RUNS: LiteralString = """
MATCH (r:LoadRun)
WHERE r.finishedAt IS NOT NULL AND ($agency IS NULL OR r.agency = $agency)
RETURN r.key AS key, r.kind AS kind, r.file AS file, r.agency AS agency,
       toString(r.finishedAt) AS finishedAt, r.rowsRead AS rowsRead,
       r.rowsLoaded AS rowsLoaded, r.rowsRejected AS rowsRejected,
       r.unresolved AS unresolved, r.rejectedByCode AS rejectedByCode
ORDER BY r.finishedAt, r.key
"""


def _union(parts: Iterable[str]) -> LiteralString:
    return cast(LiteralString, " UNION ALL ".join(parts))


_LINK_STATE_PART = """
MATCH (n:__LABEL__) WHERE n.linkStatus IN ['unresolved', 'ambiguous'] AND n.retiredAt IS NULL
RETURN '__LABEL__' AS label, n.loadRuns AS runs, n.linkStatus AS status, count(*) AS records
"""
_LINK_STATES = _union(_LINK_STATE_PART.replace("__LABEL__", label.value) for label in HOLDER_RELS)

_NAME_LINK_PART = """
MATCH __PATTERN__
WHERE r.method IN ['name', 'fuzzy_name'] AND n.retiredAt IS NULL
RETURN '__LABEL__' AS label, n.loadRuns AS runs, r.method AS method,
       round(coalesce(r.confidence, 0.0), 2) AS confidence, count(*) AS links
"""


def _name_link_part(label: Label, rel: Rel) -> str:
    # The firm end carries no label: holder relationships only reach enterprises.
    if rel is Rel.RECORDED_BY:
        pattern = f"(n:{label.value})-[r:{rel.value}]->()"
    else:
        pattern = f"(n:{label.value})<-[r:{rel.value}]-()"
    return _NAME_LINK_PART.replace("__PATTERN__", pattern).replace("__LABEL__", label.value)


_NAME_LINKS = _union(_name_link_part(label, rel) for label, rel in HOLDER_RELS.items())

_EXPIRED_STILL_VALID: LiteralString = """
MATCH (c:Certificate)
WHERE c.status = 'valid' AND c.expiresOn < $day AND c.retiredAt IS NULL
RETURN c.loadRuns AS runs, count(*) AS records
"""

_RECORD_RUNS_PART = """
MATCH (n:__LABEL__) WHERE n.retiredAt IS NULL AND n.loadRuns IS NOT NULL
RETURN '__LABEL__' AS label, n.loadRuns AS runs, count(*) AS records
"""
_RECORD_RUNS = _union(
    _RECORD_RUNS_PART.replace("__LABEL__", label.value) for label in REGISTER_LABELS
)

_DUPLICATE_NAMES: LiteralString = """
MATCH (e:Enterprise)
WHERE e.nameKey IS NOT NULL AND e.retiredAt IS NULL AND coalesce(e.stub, false) = false
WITH e.nameKey AS nameKey, collect(e {.key, .name, .loadRuns}) AS firms
WHERE size(firms) > 1
RETURN nameKey, firms
ORDER BY size(firms) DESC, nameKey
LIMIT $limit
"""


async def load_runs(graph: AsyncGraph, agency: str | None = None) -> list[Row]:
    return await graph.read(_LOAD_RUNS, {"agency": agency})


async def link_states(graph: AsyncGraph) -> list[Row]:
    """Rows ``{label, runs, status, records}``."""
    return await graph.read(_LINK_STATES)


async def name_links(graph: AsyncGraph) -> list[Row]:
    """Rows ``{label, runs, method, confidence, links}`` (confidence to 2 decimals)."""
    return await graph.read(_NAME_LINKS)


async def expired_still_valid(graph: AsyncGraph, day: date) -> list[Row]:
    """Rows ``{runs, records}``: certificates expired before ``day`` but stored as valid."""
    return await graph.read(_EXPIRED_STILL_VALID, {"day": day})


async def record_runs(graph: AsyncGraph) -> list[Row]:
    """Rows ``{label, runs, records}``: live register records grouped by ``loadRuns``."""
    return await graph.read(_RECORD_RUNS, timeout=graph.settings.report_timeout)


async def duplicate_names(graph: AsyncGraph, limit: int = MAX_DUPLICATE_GROUPS) -> list[Row]:
    """Rows ``{nameKey, firms: [{key, name, loadRuns}]}`` for names with several firms."""
    params = {"limit": limit}
    return await graph.read(_DUPLICATE_NAMES, params, timeout=graph.settings.report_timeout)
