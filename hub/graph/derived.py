"""What a load makes the graph derive, refreshed in one place after its writes.

The ingest service's post-load section calls ``after_load`` inside every load, upload
and snapshot retirement, before the LoadRun is finished with the graph version:

- firms that moved lose their links to the units they left (hub.graph.located), and
  renamed firms' supply-chain links take their new names;
- the firms' supply chains (hub.graph.supply_chains);
- the programmes' achieved values (hub.graph.progress), after the supply chains;
- the flagship question's tallies (hub.graph.supplier_tallies), after both.

Each runs only when the load could change it: its label is one of the step's sources
and something changed, or records were re-linked to other firms (``moved``).
"""

from __future__ import annotations

from datetime import datetime

from hub.graph import located, supplier_tallies, supply_chains, targets
from hub.graph.driver import Graph
from hub.graph.model import Label


def after_load(
    graph: Graph, label: Label, *, changed: int, retired: int, moved: int, since: datetime
) -> None:
    """Refresh what a load of ``label`` that began at ``since`` may have changed."""
    if label is Label.ENTERPRISE and changed:
        located.prune(graph, since)
        supply_chains.sync_names(graph, since)
    touched = bool(changed or retired)
    # Whole-graph passes (seconds at 100k firms): skipped when nothing could change.
    if moved or (touched and label in supply_chains.SOURCES):
        supply_chains.refresh(graph)
    if moved or (touched and label in targets.SOURCES):
        targets.refresh(graph)
    if moved or (touched and label in supplier_tallies.SOURCES):
        supplier_tallies.refresh(graph)


def after_seed(graph: Graph) -> None:
    """After reference data was (re)written: programmes counted, tallies present."""
    targets.refresh(graph)
    if not supplier_tallies.present(graph):
        supplier_tallies.refresh(graph)


def refresh_all(graph: Graph) -> None:
    """Everything derived, from scratch: after writes that bypassed the ingest service
    (a bulk import, an operator's own Cypher)."""
    located.backfill(graph)
    supply_chains.refresh(graph)
    targets.refresh(graph)
    supplier_tallies.refresh(graph)
