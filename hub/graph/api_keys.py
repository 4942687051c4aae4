"""Partner API keys as ``(:ApiKey)`` nodes: only a hash of each key is ever stored.

A key's node is keyed by its public id (the part of the token before the secret);
``hash`` is the SHA-256 of the whole token, ``agency`` and ``kinds`` its scope (and
``scopes``: what else it may do, e.g. ``review``),
``revokedAt`` set once it is revoked (kept, so ``hub keys list`` shows the history).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.graph.driver import Graph

_CREATE = """
CREATE (k:ApiKey {key: $id})
SET k.hash = $hash, k.agency = $agency, k.kinds = $kinds, k.scopes = $scopes, k.createdAt = $now,
  k.name = $agency + ' · ' + $id
"""

_FIND = """
MATCH (k:ApiKey {key: $id})
RETURN k.key AS id, k.hash AS hash, k.agency AS agency, k.kinds AS kinds,
       k.scopes AS scopes, k.createdAt AS createdAt, k.revokedAt AS revokedAt
"""

_LIST = """
MATCH (k:ApiKey)
RETURN k.key AS id, k.hash AS hash, k.agency AS agency, k.kinds AS kinds,
       k.scopes AS scopes, k.createdAt AS createdAt, k.revokedAt AS revokedAt
ORDER BY k.agency, k.createdAt, k.key
"""

_REVOKE = """
MATCH (k:ApiKey {key: $id})
SET k.revokedAt = coalesce(k.revokedAt, $now)
RETURN k.key AS id
"""


@dataclass(frozen=True)
class StoredKey:
    """What the hub knows of a key: never the key itself."""

    id: str
    hash: str
    agency: str
    kinds: tuple[str, ...]
    created_at: datetime | None
    revoked_at: datetime | None
    scopes: tuple[str, ...] = ()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> StoredKey:
        return cls(
            id=record["id"],
            hash=record["hash"],
            agency=record["agency"],
            kinds=tuple(record["kinds"] or ()),
            created_at=_native(record["createdAt"]),
            revoked_at=_native(record["revokedAt"]),
            scopes=tuple(record.get("scopes") or ()),
        )


def _native(value: Any) -> datetime | None:
    return value.to_native() if value is not None and hasattr(value, "to_native") else value


def create(
    graph: Graph,
    key_id: str,
    key_hash: str,
    agency: str,
    kinds: Sequence[str],
    now: datetime,
    scopes: Sequence[str] = (),
) -> None:
    """Store a new key's hash and scope (the id is unique: a clash raises a GraphError)."""
    params = {"id": key_id, "hash": key_hash, "agency": agency, "kinds": list(kinds), "now": now}
    graph.write(_CREATE, {**params, "scopes": list(scopes)})


def find(graph: Graph, key_id: str) -> StoredKey | None:
    rows = graph.read(_FIND, {"id": key_id})
    return StoredKey.from_record(rows[0]) if rows else None


def all_keys(graph: Graph) -> list[StoredKey]:
    return [StoredKey.from_record(row) for row in graph.read(_LIST)]


def revoke(graph: Graph, key_id: str, now: datetime) -> bool:
    """Mark a key revoked; False when there is no such key. Revoking twice keeps the first time."""
    return bool(graph.write(_REVOKE, {"id": key_id, "now": now}))
