"""Automatic Persisted Queries (Apollo's protocol, version 1), on POST and GET.

A client sends ``extensions.persistedQuery = {version: 1, sha256Hash}`` without the
query; the hub answers with it when it knows the hash, else with the error
``PERSISTED_QUERY_NOT_FOUND`` (HTTP 200, as Apollo Server does), and the client sends
the hash again with the query, which the hub checks against the hash, keeps and runs.
Queries are kept per process in a bytes-bounded LRU: another replica that does not
know a hash yet answers NOT_FOUND once and learns it from the client's retry, so no
answer depends on which replica a request reaches. Only documents that pass
validation are kept.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from schema.errors import error_body

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
_HASH = re.compile(r"[0-9a-f]{64}")
MAX_BYTES = 8 * 1024 * 1024


class PersistedQueryError(Exception):
    """An APQ request the hub cannot run: the body and HTTP status to answer with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.body = error_body(code, message)


class PersistedQueries:
    """Query texts by their SHA-256, at most ``max_bytes`` of them."""

    def __init__(self, valid: Callable[[str], bool], max_bytes: int = MAX_BYTES) -> None:
        self._valid = valid
        self.max_bytes = max_bytes
        self.bytes = 0
        self._queries: OrderedDict[str, str] = OrderedDict()

    def resolve(self, payload: object) -> tuple[object, bool]:
        """The payload with its query filled in, and whether it was a persisted query."""
        if not isinstance(payload, dict):
            return payload, False
        extensions = payload.get("extensions")
        if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
            return payload, False
        digest = _hash(extensions["persistedQuery"])
        query = payload.get("query")
        if isinstance(query, str) and query:
            if hashlib.sha256(query.encode("utf-8")).hexdigest() != digest:
                raise PersistedQueryError(
                    400, "BAD_USER_INPUT", "provided sha does not match query"
                )
            if self._valid(query):
                self._keep(digest, query)
            return payload, True
        known = self._queries.get(digest)
        if known is None:
            raise PersistedQueryError(200, NOT_FOUND, "PersistedQueryNotFound")
        self._queries.move_to_end(digest)
        return {**payload, "query": known}, True

    async def document(self, digest: str) -> str | None:
        """The query text this process knows under ``digest`` (exports look it up)."""
        return self._queries.get(digest)

    def _keep(self, digest: str, query: str) -> None:
        if digest in self._queries:
            self._queries.move_to_end(digest)
            return
        size = len(query.encode("utf-8")) + len(digest)
        if size > self.max_bytes:
            return
        self._queries[digest] = query
        self.bytes += size
        while self.bytes > self.max_bytes:
            old_digest, old = self._queries.popitem(last=False)
            self.bytes -= len(old.encode("utf-8")) + len(old_digest)


def _hash(extension: Any) -> str:
    if not isinstance(extension, dict) or extension.get("version") != 1:
        raise PersistedQueryError(
            400, "BAD_USER_INPUT", "persistedQuery: only version 1 of the protocol is supported"
        )
    digest = extension.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.fullmatch(digest):
        raise PersistedQueryError(
            400, "BAD_USER_INPUT", "persistedQuery.sha256Hash must be 64 lower-case hex digits"
        )
    return digest
