"""A partner's saved header mappings, per API key and kind, so a clerk fixes one once.

Kept on the ``(:ApiKey)`` node as one JSON object ``{kind: {header: column}}`` in
``headerMaps``; an upload by that key reads its kind's mapping under the one it sends.
"""

from __future__ import annotations

import json

from hub.graph.driver import Graph

_READ = "MATCH (k:ApiKey {key: $id}) RETURN k.headerMaps AS maps"
_WRITE = "MATCH (k:ApiKey {key: $id}) SET k.headerMaps = $maps"


def saved(graph: Graph, key_id: str, kind: str) -> dict[str, str]:
    """The key's saved mapping of ``kind`` (empty when none)."""
    return dict(_all(graph, key_id).get(kind, {}))


def save(graph: Graph, key_id: str, kind: str, mapping: dict[str, str]) -> None:
    """Replace the key's mapping of ``kind`` (an empty one forgets it)."""
    maps = _all(graph, key_id)
    if mapping:
        maps[kind] = mapping
    else:
        maps.pop(kind, None)
    graph.write(_WRITE, {"id": key_id, "maps": json.dumps(maps, ensure_ascii=False)})


def _all(graph: Graph, key_id: str) -> dict[str, dict[str, str]]:
    rows = graph.read(_READ, {"id": key_id})
    text = rows[0]["maps"] if rows else None
    return json.loads(text) if text else {}
