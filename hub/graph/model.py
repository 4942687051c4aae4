"""The closed set of labels, relationship types and link methods of the graph.

Cypher text may only name labels and types from here (see docs/graph-model.md).
Every node has a unique ``key`` and a human-readable ``name`` (its caption in
Neo4j Browser), ``loadRuns`` (the LoadRun keys that asserted it), ``createdAt``,
``updatedAt`` and ``hash`` (of its loaded content, so a re-load changes nothing).
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    ENTERPRISE = "Enterprise"
    CERTIFICATE = "Certificate"
    STANDARD = "Standard"
    AWARD = "Award"
    MEASUREMENT_SUPPORT = "MeasurementSupport"
    PROGRAMME_SUPPORT = "ProgrammeSupport"
    PROGRAMME = "Programme"
    TARGET = "Target"
    PRODUCT = "Product"
    LOT = "Lot"
    TRACE_EVENT = "TraceEvent"
    ADMIN_UNIT = "AdminUnit"
    LOAD_RUN = "LoadRun"
    API_KEY = "ApiKey"
    SUPPLY_CHAIN = "SupplyChain"  # derived: one per pilot chain (hub.graph.supply_chains)
    GRAPH_VERSION = "GraphVersion"  # one node: the counter every write raises (hub.graph.version)
    # Coordination of hub processes, not data (hub.graph.rate_windows, hub.graph.leases)
    RATE_WINDOW = "RateWindow"  # one per rate-limited key: its recent request times
    LEASE = "Lease"  # one per lock name: who holds it, until when
    WEBHOOK = "Webhook"  # a partner's subscription to events (hub.graph.webhooks)
    WEBHOOK_DELIVERY = "WebhookDelivery"  # one event sent to one webhook, with its outcome
    WEBHOOK_ATTEMPT = "WebhookAttempt"  # one try of a delivery, claimed by one hub process
    SUPPLIER_TALLY = "SupplierTally"  # derived: flagship answer sizes (hub.graph.supplier_tallies)


class Rel(StrEnum):
    BRANCH_OF = "BRANCH_OF"  # (Enterprise)-[:BRANCH_OF]->(Enterprise head office)
    HOLDS = "HOLDS"  # (Enterprise)-[:HOLDS]->(Certificate)
    CONFORMS_TO = "CONFORMS_TO"  # (Certificate)-[:CONFORMS_TO]->(Standard)
    WON = "WON"  # (Enterprise)-[:WON]->(Award)
    RECEIVED = "RECEIVED"  # (Enterprise)-[:RECEIVED]->(MeasurementSupport|ProgrammeSupport)
    UNDER = "UNDER"  # (MeasurementSupport|ProgrammeSupport)-[:UNDER]->(Programme)
    HAS_TARGET = "HAS_TARGET"  # (Programme)-[:HAS_TARGET]->(Target)
    PRODUCES = "PRODUCES"  # (Enterprise)-[:PRODUCES]->(Product)
    OF_PRODUCT = "OF_PRODUCT"  # (Lot)-[:OF_PRODUCT]->(Product)
    ABOUT = "ABOUT"  # (TraceEvent)-[:ABOUT]->(Lot): the lot made, moved or observed
    CONSUMED = "CONSUMED"  # (TraceEvent)-[:CONSUMED]->(Lot): inputs, children
    INPUT_TO = "INPUT_TO"  # (Lot)-[:INPUT_TO]->(Lot): input to output, for tracing
    RECORDED_BY = "RECORDED_BY"  # (TraceEvent)-[:RECORDED_BY]->(Enterprise)
    LOCATED_IN = "LOCATED_IN"  # (Enterprise)-[:LOCATED_IN]->(AdminUnit)
    PART_OF = "PART_OF"  # (AdminUnit)-[:PART_OF]->(AdminUnit)
    BECAME = "BECAME"  # (AdminUnit former)-[:BECAME]->(AdminUnit current), 2025 reform
    SUPPLIES = "SUPPLIES"  # (Enterprise)-[:SUPPLIES]->(SupplyChain), derived


class LinkMethod(StrEnum):
    """How a record was tied to an enterprise; stored on the relationship."""

    TAX_CODE = "tax_code"
    NAME_ADDRESS = "name_address"
    NAME = "name"
    FUZZY_NAME = "fuzzy_name"
    MANUAL = "manual"  # a person's decision (``hub review link``)


class LinkStatus(StrEnum):
    """Stored on records that name a firm: ``linked``, or kept for review."""

    LINKED = "linked"
    UNRESOLVED = "unresolved"  # no enterprise matched
    AMBIGUOUS = "ambiguous"  # several matched; ``candidates`` lists them
    REJECTED = "rejected"  # a person said none of the register is the firm (``hub review``)


# The record labels that point at an enterprise, with the relationship that does it.
HOLDER_RELS: dict[Label, Rel] = {
    Label.CERTIFICATE: Rel.HOLDS,
    Label.AWARD: Rel.WON,
    Label.MEASUREMENT_SUPPORT: Rel.RECEIVED,
    Label.PROGRAMME_SUPPORT: Rel.RECEIVED,
    Label.PRODUCT: Rel.PRODUCES,
    Label.TRACE_EVENT: Rel.RECORDED_BY,
}


# Nodes that are not partners' records: the reference data the hub ships, and what hub
# processes keep for themselves (schema and graph versions, rate windows, leases, the
# flagship's tallies derived from the records).
REFERENCE_LABELS: tuple[str, ...] = (Label.ADMIN_UNIT, Label.PROGRAMME, Label.TARGET)
BOOKKEEPING_LABELS: tuple[str, ...] = (
    "HubSchema",
    Label.GRAPH_VERSION,
    Label.RATE_WINDOW,
    Label.LEASE,
    Label.SUPPLIER_TALLY,
)


def any_label(var: str, labels: tuple[str, ...]) -> str:
    """A Cypher predicate: ``var`` has one of ``labels`` (constants of this module)."""
    return "(" + " OR ".join(f"{var}:{label}" for label in labels) + ")"
