"""Constraints and indexes, versioned in code and applied idempotently.

Each migration is a list of statements that are safe to run again (``IF NOT
EXISTS``); the applied version is kept on a ``(:HubSchema)`` node so ``status`` can
say where a database stands. ``apply`` runs on API start and before every load.
"""

from __future__ import annotations

from typing import LiteralString

from hub.graph.driver import Graph
from hub.graph.model import Label

_KEYED: tuple[Label, ...] = tuple(Label)

MIGRATIONS: list[tuple[int, list[LiteralString]]] = [
    (
        1,
        [
            "CREATE CONSTRAINT enterprise_key IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT certificate_key IF NOT EXISTS FOR (n:Certificate) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT standard_key IF NOT EXISTS FOR (n:Standard) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT award_key IF NOT EXISTS FOR (n:Award) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT measurement_key IF NOT EXISTS FOR (n:MeasurementSupport) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT programme_support_key IF NOT EXISTS FOR (n:ProgrammeSupport) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT programme_key IF NOT EXISTS FOR (n:Programme) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT target_key IF NOT EXISTS FOR (n:Target) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT product_key IF NOT EXISTS FOR (n:Product) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT lot_key IF NOT EXISTS FOR (n:Lot) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT trace_event_key IF NOT EXISTS FOR (n:TraceEvent) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT admin_unit_key IF NOT EXISTS FOR (n:AdminUnit) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT load_run_key IF NOT EXISTS FOR (n:LoadRun) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT api_key_key IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT change_key IF NOT EXISTS FOR (n:Change) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT hub_schema_key IF NOT EXISTS FOR (n:HubSchema) REQUIRE n.key IS UNIQUE",
            "CREATE INDEX enterprise_name IF NOT EXISTS FOR (n:Enterprise) ON (n.name, n.key)",
            "CREATE INDEX enterprise_name_key IF NOT EXISTS FOR (n:Enterprise) ON (n.nameKey)",
            "CREATE INDEX certificate_kind IF NOT EXISTS FOR (n:Certificate) ON (n.kind)",
            "CREATE INDEX product_chain IF NOT EXISTS FOR (n:Product) ON (n.chain)",
            "CREATE INDEX lot_chain IF NOT EXISTS FOR (n:Lot) ON (n.chain)",
            "CREATE INDEX admin_unit_code IF NOT EXISTS FOR (n:AdminUnit) ON (n.code)",
            "CREATE INDEX admin_unit_name_key IF NOT EXISTS FOR (n:AdminUnit) ON (n.nameKey)",
            "CREATE INDEX programme_code_key IF NOT EXISTS FOR (n:Programme) ON (n.codeKey)",
            "CREATE INDEX certificate_link IF NOT EXISTS FOR (n:Certificate) ON (n.linkStatus)",
            "CREATE INDEX award_link IF NOT EXISTS FOR (n:Award) ON (n.linkStatus)",
            "CREATE INDEX measurement_link IF NOT EXISTS FOR (n:MeasurementSupport) ON (n.linkStatus)",
            "CREATE INDEX programme_support_link IF NOT EXISTS FOR (n:ProgrammeSupport) ON (n.linkStatus)",
            "CREATE INDEX product_link IF NOT EXISTS FOR (n:Product) ON (n.linkStatus)",
            "CREATE INDEX trace_event_link IF NOT EXISTS FOR (n:TraceEvent) ON (n.linkStatus)",
            "CREATE INDEX trace_event_time IF NOT EXISTS FOR (n:TraceEvent) ON (n.time)",
            "CREATE INDEX change_seq IF NOT EXISTS FOR (n:Change) ON (n.seq)",
            "CREATE FULLTEXT INDEX hub_search IF NOT EXISTS "
            "FOR (n:Enterprise|Product|Certificate) ON EACH [n.searchText]",
        ],
    ),
]

LATEST = MIGRATIONS[-1][0]

_CURRENT = "MATCH (s:HubSchema {key: 'schema'}) RETURN s.version AS version"
_RECORD = (
    "MERGE (s:HubSchema {key: 'schema'}) "
    "SET s.version = $version, s.name = 'hub schema v' + toString($version)"
)
_AWAIT = "CALL db.awaitIndexes(300)"


def current_version(graph: Graph) -> int:
    rows = graph.read(_CURRENT)
    return int(rows[0]["version"]) if rows and rows[0]["version"] is not None else 0


def apply(graph: Graph) -> int:
    """Bring the database to the latest schema version; returns that version."""
    if current_version(graph) >= LATEST:
        return LATEST
    for version, statements in MIGRATIONS:
        for statement in statements:
            graph.write(statement)
        graph.write(_RECORD, {"version": version})
    graph.write(_AWAIT)
    return LATEST
