"""Partner API keys: minting, hashing and checking ``Authorization: Bearer KEY``.

A key reads ``pdh_<id>_<secret>``: the id (16 hex digits) finds the stored key, the
secret (256 random bits) proves it. Only the SHA-256 of the whole key is stored, so a
copy of the database cannot be used to call the API; a high-entropy key needs no slow
hash. Hashes are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from hub.errors import AuthError, BadInputError, ForbiddenError
from hub.graph import api_keys
from hub.graph.driver import Graph

_PREFIX = "pdh"
_ID_HEX = 16
# What a key may do besides sending its dataset kinds: ``review`` decides the review
# queue's records of those kinds (``hub review`` over HTTP).
SCOPES = ("review",)


@dataclass(frozen=True)
class Caller:
    """The agency behind a valid key, and the dataset kinds it may send."""

    key_id: str
    agency: str
    kinds: frozenset[str]
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NewKey:
    key_id: str
    token: str  # shown to the operator once, never stored


def key_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _key_id(token: str) -> str | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != _PREFIX or len(parts[1]) != _ID_HEX or not parts[2]:
        return None
    return parts[1]


def create_key(
    graph: Graph,
    agency: str,
    kinds: Sequence[str],
    known_kinds: Sequence[str],
    scopes: Sequence[str] = (),
) -> NewKey:
    """Mint a key for ``agency`` limited to ``kinds`` (and ``scopes``); the token is
    returned, its hash stored."""
    agency = agency.strip()
    if not agency:
        raise BadInputError("an agency name is required")
    unknown = sorted(set(kinds) - set(known_kinds))
    if unknown or not kinds:
        raise BadInputError(
            f"unknown kinds {', '.join(unknown) or '(none given)'}; kinds are: "
            f"{', '.join(known_kinds)}"
        )
    odd = sorted(set(scopes) - set(SCOPES))
    if odd:
        raise BadInputError(f"unknown scopes {', '.join(odd)}; scopes are: {', '.join(SCOPES)}")
    key_id = secrets.token_hex(_ID_HEX // 2)
    token = f"{_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    now = datetime.now(UTC)
    api_keys.create(
        graph, key_id, key_hash(token), agency, sorted(set(kinds)), now, sorted(set(scopes))
    )
    return NewKey(key_id, token)


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(graph: Graph, header: str | None) -> Caller:
    """The caller behind the header; ``AuthError`` when it is missing, unknown or revoked."""
    token = bearer_token(header)
    if token is None:
        raise AuthError("send an API key: Authorization: Bearer KEY")
    key_id = _key_id(token)
    stored = api_keys.find(graph, key_id) if key_id else None
    if stored is None or not hmac.compare_digest(stored.hash, key_hash(token)):
        raise AuthError("the API key is not valid")
    if stored.revoked:
        raise AuthError("the API key was revoked")
    return Caller(stored.id, stored.agency, frozenset(stored.kinds), frozenset(stored.scopes))


def authorize_scope(caller: Caller, scope: str) -> None:
    if scope not in caller.scopes:
        raise ForbiddenError(f"this key has no {scope} scope (hub keys create --scopes {scope})")


def authorize(caller: Caller, kind: str) -> None:
    if kind not in caller.kinds:
        raise ForbiddenError(f"this key may send {', '.join(sorted(caller.kinds))}, not {kind}")
