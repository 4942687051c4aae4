"""All configuration, read from the environment in this one place.

Nothing else in the hub reads ``os.environ``. Secrets are ``Secret`` values whose
``repr`` and ``str`` never show the value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The local development server's password. It guards a loopback-only server created
# by `hub neo4j start`; any real deployment sets NEO4J_PASSWORD.
_DEV_PASSWORD = "hub-dev-password"


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _int(env: dict[str, str], key: str, default: int) -> int:
    raw = env.get(key)
    return int(raw) if raw not in (None, "") else default


def _float(env: dict[str, str], key: str, default: float) -> float:
    raw = env.get(key)
    return float(raw) if raw not in (None, "") else default


def _bool(env: dict[str, str], key: str, default: bool) -> bool:
    raw = env.get(key)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    neo4j_uri: str = "neo4j://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: Secret = field(default_factory=lambda: Secret(_DEV_PASSWORD))
    neo4j_database: str = "neo4j"
    # True when NEO4J_URI was not set: `hub neo4j start` then manages a local server.
    local_neo4j: bool = True
    neo4j_home: Path = PROJECT_ROOT / ".neo4j" / "server"
    # Jars fetched once from Maven, shared by every local server home.
    neo4j_lib: Path = PROJECT_ROOT / ".neo4j" / "lib"
    neo4j_heap: str = "2g"
    neo4j_pagecache: str = "2g"
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_start_timeout: float = 120.0

    host: str = "127.0.0.1"
    port: int = 8000
    # Server-side limit for one Cypher transaction issued by the API, seconds.
    query_timeout: float = 10.0
    max_query_depth: int = 12
    max_aliases: int = 30
    max_query_bytes: int = 20_000
    max_upload_bytes: int = 200 * 1024 * 1024
    introspection: bool = True
    rate_limit_per_minute: int = 120
    log_level: str = "INFO"
    guide_host: str = "127.0.0.1"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        uri = env.get("NEO4J_URI", "").strip()
        password = env.get("NEO4J_PASSWORD")
        return cls(
            neo4j_uri=uri or cls.neo4j_uri,
            neo4j_user=env.get("NEO4J_USER") or cls.neo4j_user,
            neo4j_password=Secret(password) if password else Secret(_DEV_PASSWORD),
            neo4j_database=env.get("NEO4J_DATABASE") or cls.neo4j_database,
            local_neo4j=not uri or _bool(env, "HUB_LOCAL_NEO4J", False),
            neo4j_home=Path(env.get("HUB_NEO4J_HOME") or cls.neo4j_home),
            neo4j_lib=Path(env.get("HUB_NEO4J_LIB") or cls.neo4j_lib),
            neo4j_bolt_port=_int(env, "HUB_NEO4J_BOLT_PORT", cls.neo4j_bolt_port),
            neo4j_http_port=_int(env, "HUB_NEO4J_HTTP_PORT", cls.neo4j_http_port),
            neo4j_heap=env.get("HUB_NEO4J_HEAP") or cls.neo4j_heap,
            neo4j_pagecache=env.get("HUB_NEO4J_PAGECACHE") or cls.neo4j_pagecache,
            neo4j_start_timeout=_float(env, "HUB_NEO4J_START_TIMEOUT", cls.neo4j_start_timeout),
            host=env.get("HUB_HOST") or cls.host,
            port=_int(env, "HUB_PORT", cls.port),
            query_timeout=_float(env, "HUB_QUERY_TIMEOUT", cls.query_timeout),
            max_query_depth=_int(env, "HUB_MAX_QUERY_DEPTH", cls.max_query_depth),
            max_aliases=_int(env, "HUB_MAX_ALIASES", cls.max_aliases),
            max_query_bytes=_int(env, "HUB_MAX_QUERY_BYTES", cls.max_query_bytes),
            max_upload_bytes=_int(env, "HUB_MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            introspection=_bool(env, "HUB_INTROSPECTION", cls.introspection),
            rate_limit_per_minute=_int(env, "HUB_RATE_LIMIT_PER_MINUTE", cls.rate_limit_per_minute),
            log_level=env.get("HUB_LOG_LEVEL") or cls.log_level,
            guide_host=env.get("HUB_GUIDE_HOST") or cls.guide_host,
        )
