"""Reads the loaders' linker needs: the enterprise name index, GLNs, unresolved records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hub.graph.driver import Graph
from hub.graph.model import HOLDER_RELS

_ENTERPRISE_NAMES = """
MATCH (e:Enterprise) WHERE e.name IS NOT NULL AND coalesce(e.stub, false) = false
RETURN e.key AS key, e.name AS name, e.wardKeys AS unitKeys, e.address AS address,
       e.isBranch AS isBranch
"""

# The firms an enterprises load changed (``updatedAt`` is indexed), as the index reads them.
_CHANGED_NAMES = """
MATCH (e:Enterprise) USING INDEX e:Enterprise(updatedAt) WHERE e.updatedAt >= $since
RETURN e.key AS key, e.name AS name, e.wardKeys AS unitKeys, e.address AS address,
       e.isBranch AS isBranch
"""

_UNRESOLVED_PART = """
MATCH (rec:__LABEL__) WHERE rec.linkStatus IN ['unresolved', 'ambiguous']
RETURN '__LABEL__' AS label, rec.key AS key, rec.holderName AS name,
       rec.holderAddress AS address, rec.linkStatus AS status, rec.candidates AS candidates
"""
_CERTIFICATE_HOLDERS = """
MATCH (c:Certificate) WHERE c.number IN $numbers
OPTIONAL MATCH (e:Enterprise)-[:HOLDS]->(c)
RETURN c.number AS number, e.key AS holder
"""
# A GLN two firms carry names neither: which one an event meant is not guessed.
_BY_GLN = """
MATCH (e:Enterprise) WHERE e.gln IN $glns
WITH e.gln AS gln, collect(e.key) AS keys WHERE size(keys) = 1
RETURN gln, keys[0] AS key
"""

# One branch per record label, so each uses its linkStatus index.
_UNRESOLVED = " UNION ALL ".join(
    _UNRESOLVED_PART.replace("__LABEL__", label.value) for label in HOLDER_RELS
)


def enterprise_names(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(_ENTERPRISE_NAMES)


def changed_enterprise_names(graph: Graph, since: datetime) -> list[dict[str, Any]]:
    """``enterprise_names``' rows of the firms written since ``since``."""
    return graph.read(_CHANGED_NAMES, {"since": since})


def unresolved_records(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(_UNRESOLVED)


def enterprises_by_gln(graph: Graph, glns: list[str]) -> dict[str, str]:
    """GLN -> enterprise key, for the GLNs the register knows (each on one firm)."""
    return {row["gln"]: row["key"] for row in graph.read(_BY_GLN, {"glns": glns})}


def certificate_holders(graph: Graph, numbers: list[str]) -> dict[str, str | None]:
    """Certificate number -> the enterprise it is linked to (None: not linked)."""
    rows = graph.read(_CERTIFICATE_HOLDERS, {"numbers": numbers})
    return {row["number"]: row["holder"] for row in rows}
