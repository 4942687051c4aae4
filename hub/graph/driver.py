"""Neo4j connections for the hub, and the one place driver errors become HubErrors.

``Graph`` (sync) serves loaders and the command line; ``AsyncGraph`` serves the API.
Both count Cypher round trips so tests and /metrics can see what a request cost.

**Routing.** ``read`` runs in READ access mode and ``write`` in WRITE mode, so a
cluster reached through a ``neo4j://`` URI sends reads to its secondaries; Neo4j
refuses a write sent as a read, and ``record_statements`` shows the server's own
verdict on each statement (tests check every API statement with it).

**TLS.** ``NEO4J_TRUSTED_CA`` names the CA of a database with a private certificate:
the driver refuses trust options on ``+s`` URIs, so such a URI is given to it as its
plain scheme with encryption on and only that CA trusted (``connection_target``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, GraphDatabase, Query, RoutingControl
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from hub.errors import ConfigError, GraphError, GraphUnavailableError, HubError
from hub.settings import Settings

Row = dict[str, Any]
_T = TypeVar("_T")
# How long the API's driver retries a transaction on a transient error, seconds.
API_RETRY_SECONDS = 1.0

# Round trips made while serving the current request (see ``count_round_trips``).
_round_trips: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "hub_round_trips", default=None
)
# Called with each round trip, for metrics; set by the app.
on_round_trip: Callable[[], None] | None = None


@dataclass(frozen=True)
class Statement:
    """One statement as it ran: the access mode the hub asked for, and the query type
    the server reported for it (``r``, ``rw``, ``w`` or ``s``)."""

    cypher: str
    access: str
    query_type: str


_statements: contextvars.ContextVar[list[Statement] | None] = contextvars.ContextVar(
    "hub_statements", default=None
)
# Statements that raised the graph version in this process (see ``version_writes``).
_version_writes = [0]
_VERSION_LABEL = "GraphVersion"


@contextmanager
def record_statements() -> Iterator[list[Statement]]:
    """Row each statement run inside the block with its access mode and query type."""
    found: list[Statement] = []
    token = _statements.set(found)
    try:
        yield found
    finally:
        _statements.reset(token)


def version_writes() -> int:
    """How many writes of this process touched the graph version: a response cache in
    the same process re-reads the version at once when this moves."""
    return _version_writes[0]


def _note_write(cypher: str) -> None:
    if _VERSION_LABEL in cypher:
        _version_writes[0] += 1


def _record(cypher: str, access: str, summary: neo4j.ResultSummary) -> None:
    found = _statements.get()
    if found is not None:
        found.append(Statement(cypher, access, str(summary.query_type or "")))


@contextmanager
def count_round_trips() -> Iterator[list[int]]:
    """Count the Cypher round trips made inside the block: ``counter[0]``."""
    counter = [0]
    token = _round_trips.set(counter)
    try:
        yield counter
    finally:
        _round_trips.reset(token)


def _note_round_trip() -> None:
    counter = _round_trips.get()
    if counter is not None:
        counter[0] += 1
    if on_round_trip is not None:
        on_round_trip()


# Neo4j's own "not now" answers: the database is starting, stopping or switching
# leaders, or the driver's pool is exhausted. A client should retry, not report a bug.
_OUTAGES = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.NotALeader,
    neo4j_errors.ForbiddenOnReadOnlyDatabase,
)


def translate(exc: Exception) -> HubError:
    """Turn a driver exception into a HubError whose text leaks no Cypher or secret.

    Outages become ``GraphUnavailableError`` (SERVICE_UNAVAILABLE: retry later); a
    query Neo4j refused or stopped, or credentials it refused, a ``GraphError`` (INTERNAL)."""
    if isinstance(exc, HubError):
        return exc
    if isinstance(exc, neo4j_errors.ConnectionPoolError):
        return GraphUnavailableError("the graph database is busy: no connection was free")
    if isinstance(exc, _OUTAGES):
        return GraphUnavailableError("the graph database is not reachable")
    if isinstance(exc, neo4j_errors.AuthError):
        # A configuration to mend, not an outage to wait out: INTERNAL, no retry advice.
        return GraphError("the graph database refused the hub's credentials")
    if isinstance(exc, OSError):
        return GraphUnavailableError("the graph database is not reachable")
    if isinstance(exc, neo4j_errors.Neo4jError):
        code = exc.code or ""
        if code.endswith("AuthenticationRateLimit"):
            # Neo4j locks the user for a while after failed logins: the same mending.
            return GraphError(
                "the graph database refused the hub's credentials "
                "(too many failed attempts: it waits a few seconds before the next)"
            )
        if "TransactionTimedOut" in code or "Terminated" in code:
            return GraphError("the query took too long and was stopped")
        return GraphError(f"the graph database refused a query ({code or 'unknown error'})")
    if isinstance(exc, neo4j_errors.DriverError):
        return GraphUnavailableError("the graph database connection failed")
    return GraphError("unexpected graph error")


_PLAIN_SCHEMES = {"neo4j+s": "neo4j", "bolt+s": "bolt", "neo4j": "neo4j", "bolt": "bolt"}


def connection_target(settings: Settings) -> tuple[str, dict[str, Any]]:
    """The URI to give the driver and its TLS options (none without ``NEO4J_TRUSTED_CA``)."""
    uri, ca = settings.neo4j_uri, settings.neo4j_trusted_ca
    if not ca:
        return uri, {}
    if not Path(ca).is_file():
        raise ConfigError(f"NEO4J_TRUSTED_CA={ca!r} is not a readable file")
    scheme, _, rest = uri.partition("://")
    plain = _PLAIN_SCHEMES.get(scheme.lower())
    if plain is None:
        raise ConfigError(
            f"NEO4J_TRUSTED_CA needs a neo4j+s://, bolt+s://, neo4j:// or bolt:// URI, "
            f"not {scheme}://"
        )
    tls = {"encrypted": True, "trusted_certificates": neo4j.TrustCustomCAs(ca)}
    return f"{plain}://{rest}", tls


def _driver_config(settings: Settings) -> dict[str, Any]:
    return {
        **connection_target(settings)[1],
        "auth": (settings.neo4j_user, settings.neo4j_password.reveal()),
        "max_connection_pool_size": 64,
        "connection_timeout": 3.0,
        "connection_acquisition_timeout": 10.0,
        "max_transaction_retry_time": 10.0,
        "keep_alive": True,
        "notifications_min_severity": "OFF",
    }


# Values the driver hands over as plain Python already.
_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})


def _plain(value: Any) -> Any:
    """What ``Record.data()`` makes of a value (nodes as their property maps...), at a
    twentieth of its cost: it tests each nested value against abstract base classes,
    ~5 µs apiece, which was milliseconds per page of firms with their certificates."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, Node):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Relationship):
        return (_plain(value.start_node), type(value).__name__, _plain(value.end_node))
    if isinstance(value, GraphPath):
        path = [_plain(value.start_node)]
        for rel, node in zip(value.relationships, value.nodes[1:], strict=True):
            path += [type(rel).__name__, _plain(node)]
        return path
    return value  # dates, times, durations, points: as they come


def _row(record: neo4j.Record) -> Row:
    return {key: _plain(value) for key, value in record.items()}


def _to_records(result: neo4j.Result) -> list[Row]:
    return [_row(record) for record in result]


async def _to_records_async(result: neo4j.AsyncResult) -> list[Row]:
    return [_row(record) async for record in result]


def _recording(cypher: str, access: str) -> Callable[[neo4j.Result], list[Row]]:
    def transform(result: neo4j.Result) -> list[Row]:
        records = _to_records(result)
        _record(cypher, access, result.consume())
        return records

    return transform


def _recording_async(cypher: str, access: str) -> Callable[[neo4j.AsyncResult], Any]:
    async def transform(result: neo4j.AsyncResult) -> list[Row]:
        records = await _to_records_async(result)
        _record(cypher, access, await result.consume())
        return records

    return transform


def _uri(settings: Settings) -> str:
    return connection_target(settings)[0]


class Graph:
    """A synchronous connection to the configured database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        try:
            self.driver = GraphDatabase.driver(_uri(settings), **_driver_config(settings))
        except HubError:
            raise
        except Exception as exc:
            raise translate(exc) from exc

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _run(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None,
        routing: RoutingControl,
        timeout: float | None,
    ) -> list[Row]:
        _note_round_trip()
        access = "READ" if routing is RoutingControl.READ else "WRITE"
        transform = _to_records if _statements.get() is None else _recording(cypher, access)
        try:
            records: list[Row] = self.driver.execute_query(
                Query(cypher, timeout=timeout),
                params or {},
                routing_=routing,
                database_=self.database,
                result_transformer_=transform,
            )
        except Exception as exc:
            raise translate(exc) from exc
        if routing is RoutingControl.WRITE:
            _note_write(cypher)
        return records

    def read(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        return self._run(cypher, params, RoutingControl.READ, timeout)

    def write(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        return self._run(cypher, params, RoutingControl.WRITE, timeout)

    def run_raw(self, statement: str, timeout: float | None = None) -> Iterator[list[Any]]:
        """Run an operator's own statement (``hub cypher``), yielding rows as lists."""
        _note_round_trip()
        try:
            with self.driver.session(database=self.database) as session:
                result = session.run(Query(statement, timeout=timeout))
                for record in result:
                    yield list(record.values())
        except Exception as exc:
            raise translate(exc) from exc


class AsyncGraph:
    """The API's connection; one per process, opened and closed by the app's lifespan."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        self.timeout = settings.query_timeout
        # The API fails fast while Neo4j is down (a client may retry; /readyz says so):
        # the default 10 s of driver retries made each request hang ~17 s.
        config = {**_driver_config(settings), "max_transaction_retry_time": API_RETRY_SECONDS}
        try:
            self.driver = AsyncGraphDatabase.driver(_uri(settings), **config)
        except HubError:
            raise
        except Exception as exc:
            raise translate(exc) from exc

    async def close(self) -> None:
        await self.driver.close()

    async def _run(
        self, cypher: LiteralString, params: dict[str, Any] | None, routing: RoutingControl
    ) -> list[Row]:
        _note_round_trip()
        access = "READ" if routing is RoutingControl.READ else "WRITE"
        recording = _statements.get() is not None
        transform = _recording_async(cypher, access) if recording else _to_records_async
        try:
            records: list[Row] = await self.driver.execute_query(
                Query(cypher, timeout=self.timeout),
                params or {},
                routing_=routing,
                database_=self.database,
                result_transformer_=transform,
            )
        except Exception as exc:
            raise translate(exc) from exc
        if routing is RoutingControl.WRITE:
            _note_write(cypher)
        return records

    async def read(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
        *,
        counted: bool = True,
        timeout: float | None = None,
    ) -> list[Row]:
        """One auto-commit read: RUN and PULL only, no BEGIN/COMMIT messages (a third of
        a lookup's driver CPU). Reads are not retried: the API fails fast instead.
        ``counted=False``: not a round trip of the request (the cache's version poll);
        ``timeout``: other than ``HUB_QUERY_TIMEOUT`` (reports)."""
        if counted:
            _note_round_trip()
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                query = Query(cypher, timeout=timeout or self.timeout)
                result = await session.run(query, params or {})
                records = [dict(record.items()) async for record in result]
                if _statements.get() is not None:
                    _record(cypher, "READ", await result.consume())
                return records
        except Exception as exc:
            raise translate(exc) from exc

    async def write(self, cypher: LiteralString, params: dict[str, Any] | None = None) -> list[Row]:
        return await self._run(cypher, params, RoutingControl.WRITE)

    async def ping(self) -> bool:
        try:
            await self.driver.verify_connectivity()
            return True
        except Exception:
            return False


def ping(settings: Settings) -> bool:
    """True when the configured server accepts the hub's credentials."""
    uri, config = _uri(settings), _driver_config(settings)  # a bad TLS setting is no "down"
    try:
        with GraphDatabase.driver(uri, **config) as driver:
            driver.verify_connectivity()
            return True
    except neo4j_errors.AuthError as exc:
        raise GraphUnavailableError(
            "Neo4j refused the configured password (NEO4J_PASSWORD); a local server keeps the "
            "password of its first start: set that one, or remove .neo4j/data to start afresh"
        ) from exc
    except Exception:
        return False


_CHANGE_PASSWORD = "ALTER CURRENT USER SET PASSWORD FROM $old TO $new"


def change_default_password(settings: Settings) -> bool:
    """On a new local server, replace neo4j/neo4j with the configured password over Bolt.

    False while the server is not ready for it yet.
    """
    uri, config = _uri(settings), {**_driver_config(settings), "auth": ("neo4j", "neo4j")}
    try:
        with GraphDatabase.driver(uri, **config) as driver:
            driver.execute_query(
                _CHANGE_PASSWORD,
                {"old": "neo4j", "new": settings.neo4j_password.reveal()},
                database_="system",
            )
            return True
    except Exception:
        return False


def server_version(settings: Settings) -> str | None:
    with Graph(settings) as graph:
        rows = graph.read("CALL dbms.components() YIELD versions RETURN versions[0] AS version")
    return rows[0]["version"] if rows else None


class Transaction:
    """One write transaction's statements (``Graph.transaction``)."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx

    def run(self, cypher: LiteralString, params: dict[str, Any] | None = None) -> list[Row]:
        return [_row(record) for record in self._tx.run(cypher, params or {})]


def transaction(graph: Graph, work: Callable[[Transaction], _T]) -> _T:
    """Run ``work`` in one write transaction, retried whole on a transient error (so it
    must only compute from what it reads): for a read-modify-write that another
    process must not interleave with, once it has locked a node they both write."""
    _note_round_trip()
    try:
        with graph.driver.session(database=graph.database) as session:
            return session.execute_write(lambda tx: work(Transaction(tx)))
    except HubError:
        raise
    except Exception as exc:
        raise translate(exc) from exc


def run_in_batches(
    graph: Graph, cypher: LiteralString, params: dict[str, Any] | None = None
) -> neo4j.SummaryCounters:
    """Run a ``CALL {...} IN TRANSACTIONS`` statement, which needs an auto-commit
    transaction; returns what it changed."""
    _note_round_trip()
    try:
        with graph.driver.session(database=graph.database) as session:
            summary = session.run(cypher, params or {}).consume()
    except Exception as exc:
        raise translate(exc) from exc
    _record(cypher, "WRITE", summary)
    _note_write(cypher)
    return summary.counters
