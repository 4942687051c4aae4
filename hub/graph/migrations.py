"""Constraints and indexes, versioned in code and applied idempotently.

Each migration is a list of statements that are safe to run again (``IF NOT
EXISTS``); the applied version is kept on a ``(:HubSchema)`` node so ``status`` can
say where a database stands. ``apply`` runs before every load and on ``hub db migrate``
(``hub.graph.admin.bootstrap``); the API does not migrate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import LiteralString, cast

from hub.graph import (
    changes,
    located,
    rate_windows,
    supply_chains,
    targets,
    touched,
    trace_writes,
)
from hub.graph.driver import Graph, run_in_batches
from hub.graph.model import HOLDER_RELS, Label
from hub.graph.version import BUMP

_UNIQUE_KEY = (
    "CREATE CONSTRAINT __NAME___key IF NOT EXISTS FOR (n:__LABEL__) REQUIRE n.key IS UNIQUE"
)
_LINK_INDEX = "CREATE INDEX __NAME___link IF NOT EXISTS FOR (n:__LABEL__) ON (n.linkStatus)"
_LINK_METHOD_INDEX = (
    "CREATE INDEX __NAME___method IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.method)"
)


def _per_label(template: str, labels: Iterable[str]) -> list[LiteralString]:
    """One statement per label of the closed set (names are constants, never data)."""
    return [
        cast(LiteralString, template.replace("__NAME__", label.lower()).replace("__LABEL__", label))
        for label in labels
    ]


def _per_rel(template: str, types: Iterable[str]) -> list[LiteralString]:
    """One statement per relationship type of the closed set."""
    return [
        cast(LiteralString, template.replace("__NAME__", rel.lower()).replace("__TYPE__", rel))
        for rel in types
    ]


MIGRATIONS: list[tuple[int, list[LiteralString]]] = [
    (
        1,
        [
            *_per_label(_UNIQUE_KEY, [*Label, "HubSchema"]),
            *_per_label(_LINK_INDEX, HOLDER_RELS),
            "CREATE INDEX enterprise_name IF NOT EXISTS FOR (n:Enterprise) ON (n.name, n.key)",
            "CREATE INDEX enterprise_name_key IF NOT EXISTS FOR (n:Enterprise) ON (n.nameKey)",
            "CREATE INDEX enterprise_gln IF NOT EXISTS FOR (n:Enterprise) ON (n.gln)",
            "CREATE INDEX certificate_kind IF NOT EXISTS FOR (n:Certificate) ON (n.kind)",
            "CREATE INDEX product_chain IF NOT EXISTS FOR (n:Product) ON (n.chain)",
            "CREATE INDEX lot_chain IF NOT EXISTS FOR (n:Lot) ON (n.chain)",
            "CREATE INDEX lot_product_code IF NOT EXISTS FOR (n:Lot) ON (n.productCode)",
            "CREATE INDEX admin_unit_code IF NOT EXISTS FOR (n:AdminUnit) ON (n.code)",
            "CREATE INDEX admin_unit_name_key IF NOT EXISTS FOR (n:AdminUnit) ON (n.nameKey)",
            "CREATE INDEX programme_code_key IF NOT EXISTS FOR (n:Programme) ON (n.codeKey)",
            "CREATE INDEX trace_event_time IF NOT EXISTS FOR (n:TraceEvent) ON (n.time)",
            "CREATE FULLTEXT INDEX hub_search IF NOT EXISTS "
            "FOR (n:Enterprise|Product|Certificate) ON EACH [n.searchText]",
        ],
    ),
    # The partners' change feed reads records in updatedAt / retiredAt order.
    (2, list(changes.FEED_INDEXES)),
    # Firms' supply chains, stored for the flagship question (loads keep them since).
    (3, [supply_chains.REFRESH]),
    # The graph version every write raises (hub.graph.version); a label nothing wrote.
    (
        4,
        [
            *_per_label(_UNIQUE_KEY, [Label.GRAPH_VERSION]),
            "DROP CONSTRAINT change_key IF EXISTS",
            "DROP INDEX change_seq IF EXISTS",
        ],
    ),
    # State hub replicas share: rate-limit windows and leases (hub.ratelimit, hub.leases).
    (
        5,
        [
            *_per_label(_UNIQUE_KEY, [Label.RATE_WINDOW, Label.LEASE]),
            *rate_windows.INDEXES,
        ],
    ),
    # Reports, alerts and the progress page (hub.graph.webhooks, hub.graph.quality,
    # hub.graph.progress): webhook nodes, due deliveries, expiring certificates, and
    # the name-only links the quality scorecard counts.
    (
        6,
        [
            *_per_label(
                _UNIQUE_KEY, [Label.WEBHOOK, Label.WEBHOOK_DELIVERY, Label.WEBHOOK_ATTEMPT]
            ),
            "CREATE INDEX webhook_delivery_due IF NOT EXISTS "
            "FOR (n:WebhookDelivery) ON (n.status, n.nextAttemptAt)",
            "CREATE INDEX webhook_delivery_webhook IF NOT EXISTS "
            "FOR (n:WebhookDelivery) ON (n.webhook, n.createdAt)",
            "CREATE INDEX webhook_attempt_delivery IF NOT EXISTS "
            "FOR (n:WebhookAttempt) ON (n.delivery)",
            "CREATE INDEX webhook_key_id IF NOT EXISTS FOR (n:Webhook) ON (n.keyId)",
            "CREATE INDEX certificate_status_expires IF NOT EXISTS "
            "FOR (n:Certificate) ON (n.status, n.expiresOn)",
            *_per_rel(_LINK_METHOD_INDEX, sorted(set(HOLDER_RELS.values()))),
        ],
    ),
    # Access paths proportional to the answer: every firm linked to every unit of its
    # address, the filters' indexes, the stored programme progress, the flagship's tallies.
    (
        7,
        [
            *_per_label(_UNIQUE_KEY, [Label.SUPPLIER_TALLY]),
            "CREATE TEXT INDEX enterprise_search_text IF NOT EXISTS "
            "FOR (n:Enterprise) ON (n.searchText)",
            "CREATE INDEX enterprise_size IF NOT EXISTS FOR (n:Enterprise) ON (n.size)",
            "CREATE INDEX enterprise_status IF NOT EXISTS FOR (n:Enterprise) ON (n.status)",
            "CREATE INDEX enterprise_stub IF NOT EXISTS FOR (n:Enterprise) ON (n.stub)",
            located.INDEX,
            supply_chains.INDEX,
            located.BACKFILL,
            supply_chains.REFRESH,
            targets.REFRESH,
        ],
    ),
    # What a load touched, found from indexes (hub.graph.touched): firms that lost or
    # gained a record by a re-link, lots tied to their products.
    (8, list(touched.INDEXES)),
    # The lots a load wrote, to tie to their products (hub.graph.trace_writes).
    (9, [trace_writes.LOT_INDEX]),
]

LATEST = MIGRATIONS[-1][0]

_CURRENT = "MATCH (s:HubSchema {key: 'schema'}) RETURN s.version AS version"
_RECORD = (
    "MERGE (s:HubSchema {key: 'schema'}) "
    "SET s.version = $version, s.name = 'hub schema v' + toString($version) WITH s "
    + BUMP
    + "RETURN s.version AS version"
)
_AWAIT = "CALL db.awaitIndexes(300)"
# A schema statement (constraint or index of any kind), not a data migration.
_SCHEMA = re.compile(r"\s*(CREATE|DROP)\s+(\w+\s+)?(CONSTRAINT|INDEX)\b")


def current_version(graph: Graph) -> int:
    rows = graph.read(_CURRENT)
    return int(rows[0]["version"]) if rows and rows[0]["version"] is not None else 0


def apply(graph: Graph, *, data: bool = True) -> int:
    """Bring the database to the latest schema version; returns that version. With
    ``data=False`` only constraints and indexes are made: for a graph whose derived data
    is refreshed whole right after (``hub.graph.admin.after_import``)."""
    if current_version(graph) >= LATEST:
        return LATEST
    for number, statements in MIGRATIONS:
        for statement in statements:  # auto-commit: a data migration runs in batches
            if data or _SCHEMA.match(statement):
                run_in_batches(graph, statement)
        graph.write(_RECORD, {"version": number})
    graph.write(_AWAIT)
    return LATEST
