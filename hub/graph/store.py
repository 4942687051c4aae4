"""Where a load's writes go, and the reads its linking makes.

A dataset kind writes its records through a ``Store``: ``CypherStore`` is the graph
over Bolt (``hub load``, uploads); ``hub.graph.image.GraphImage`` is the graph a bulk
import builds in memory for ``neo4j-admin database import`` (``hub import``). Both give
the same nodes, relationships and provenance for the same calls, so the loaders' code
is the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from hub.graph import queries_linking, reference, trace_writes, writes
from hub.graph.driver import Graph
from hub.graph.model import Label, Rel
from hub.graph.review import linked_by_decision

Row = dict[str, Any]


class Store(Protocol):
    # Writes (``hub.graph.writes``, ``hub.graph.trace_writes``, ``hub.graph.reference``).
    def ensure_enterprises(self, rows: Sequence[Row], run: str, now: datetime) -> None: ...

    def upsert_nodes(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> int: ...

    def upsert_rels(
        self, source: Label, rel: Rel, target: Label, rows: Sequence[Row], run: str, now: datetime
    ) -> int: ...

    def link_holders(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> None: ...

    def ensure_programmes(self, codes: Iterable[str], now: datetime) -> None: ...

    def upsert_lots(self, rows: Sequence[Row], run: str, now: datetime) -> None: ...

    def link_inputs(self, rows: Sequence[Row], run: str, now: datetime) -> None: ...

    def drop_inputs(self, event_ids: Sequence[str]) -> None: ...

    def link_lots_to_products(self, run: str, now: datetime, since: datetime) -> None: ...

    # Reads of the linker (``hub.graph.queries_linking``, ``hub.graph.review``).
    def enterprise_names(self) -> list[Row]: ...

    def changed_enterprise_names(self, since: datetime) -> list[Row]: ...

    def unresolved_records(self) -> list[Row]: ...

    def enterprises_by_gln(self, glns: list[str]) -> dict[str, str]: ...

    def linked_by_decision(self, label: Label, subjects: dict[str, str]) -> int: ...


class CypherStore:
    """The graph over Bolt: each call one parameterised statement (or a few)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def ensure_enterprises(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        writes.ensure_enterprises(self.graph, rows, run, now)

    def upsert_nodes(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> int:
        return writes.upsert_nodes(self.graph, label, rows, run, now)

    def upsert_rels(
        self, source: Label, rel: Rel, target: Label, rows: Sequence[Row], run: str, now: datetime
    ) -> int:
        return writes.upsert_rels(self.graph, source, rel, target, rows, run, now)

    def link_holders(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> None:
        writes.link_holders(self.graph, label, rows, run, now)

    def ensure_programmes(self, codes: Iterable[str], now: datetime) -> None:
        reference.ensure_programmes(self.graph, codes, now)

    def upsert_lots(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        trace_writes.upsert_lots(self.graph, rows, run, now)

    def link_inputs(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        trace_writes.link_inputs(self.graph, rows, run, now)

    def drop_inputs(self, event_ids: Sequence[str]) -> None:
        trace_writes.drop_inputs(self.graph, event_ids)

    def link_lots_to_products(self, run: str, now: datetime, since: datetime) -> None:
        trace_writes.link_lots_to_products(self.graph, run, now, since)

    def enterprise_names(self) -> list[Row]:
        return queries_linking.enterprise_names(self.graph)

    def changed_enterprise_names(self, since: datetime) -> list[Row]:
        return queries_linking.changed_enterprise_names(self.graph, since)

    def unresolved_records(self) -> list[Row]:
        return queries_linking.unresolved_records(self.graph)

    def enterprises_by_gln(self, glns: list[str]) -> dict[str, str]:
        return queries_linking.enterprises_by_gln(self.graph, glns)

    def linked_by_decision(self, label: Label, subjects: dict[str, str]) -> int:
        return linked_by_decision(self.graph, label, subjects)
