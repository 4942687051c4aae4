"""What a load makes the graph derive, refreshed in one place after its writes.

The ingest service's post-load section calls ``after_load`` inside every load, upload
and snapshot retirement, before the LoadRun is finished with the graph version:

- firms that moved lose their links to the units they left (hub.graph.located), and
  renamed firms' supply-chain links take their new names;
- the supply chains of the firms the load touched (hub.graph.touched,
  hub.graph.supply_chains);
- the programmes' achieved values of the targets it could change (hub.graph.targets),
  after the supply chains;
- the flagship question's tallies (hub.graph.supplier_tallies), after both.

Each runs only when the load could change it: its label is one of the step's sources,
or records were re-linked to other firms (``moved``). Finding the touched firms and
refreshing them costs what the load changed; a load that changed most of its label
(``BULK_SHARE``) and ``refresh_all`` walk everything.
"""

from __future__ import annotations

from datetime import datetime

from hub.graph import located, supplier_tallies, supply_chains, targets
from hub.graph import touched as touched_firms
from hub.graph.driver import Graph
from hub.graph.model import Label

# A load that changed more than this share of its label's records (a first load, a
# full reload) refreshes everything in one pass: less than finding each touched firm.
BULK_SHARE = 0.5


def after_load(
    graph: Graph, label: Label, *, changed: int, retired: int, moved: int, since: datetime
) -> None:
    """Refresh what a load of ``label`` that began at ``since`` may have changed."""
    if label is Label.ENTERPRISE and changed:
        located.prune(graph, since)
        supply_chains.sync_names(graph, since)
    # Links can move between firms with nothing else changed: the touched firms are
    # looked for (a few index reads) whenever the label counts, whatever the counts say.
    chains = bool(moved) or label in supply_chains.SOURCES
    counts = bool(moved) or label in targets.SOURCES
    tallies = bool(moved) or label in supplier_tallies.SOURCES
    if not (chains or counts or tallies):
        return
    if _bulk(graph, label, changed + retired + moved):
        _refresh_whole(graph, chains, counts, tallies)
        return
    firms = touched_firms.firms(graph, label, since)
    links = supply_chains.refresh_firms(graph, firms) if chains else 0
    if counts:
        _recount_targets(graph, label, since, firms, links)
    if tallies:
        supplier_tallies.update(graph, firms)


def after_review(graph: Graph, label: Label, since: datetime) -> None:
    """After a person linked or unlinked a record of ``label`` at ``since``: as after a
    load that moved it (the firm it left carries ``relinkedAt``, the record ``updatedAt``)."""
    after_load(graph, label, changed=0, retired=0, moved=1, since=since)


def _bulk(graph: Graph, label: Label, records: int) -> bool:
    return records > 0 and records > BULK_SHARE * touched_firms.records(graph, label)


def _refresh_whole(graph: Graph, chains: bool, counts: bool, tallies: bool) -> None:
    if chains:
        supply_chains.refresh(graph)
    if counts:
        targets.refresh(graph)
    if tallies:
        supplier_tallies.refresh(graph)


def _recount_targets(
    graph: Graph, label: Label, since: datetime, firms: list[str], links: int
) -> None:
    """The targets the touched firms and records could count differently: support targets
    of their programmes (not after products or trace events: those count through the
    chains only); supply-chain ones when links changed, or a supplier changed (its size,
    name or retirement, in an enterprises load)."""
    programmes: list[str] = []
    if label not in supply_chains.SOURCES:
        programmes = touched_firms.programmes(graph, label, since, firms)
    traceable = bool(links) or (
        label is Label.ENTERPRISE and touched_firms.any_supplier(graph, firms)
    )
    targets.refresh_some(graph, programmes, traceable)


def after_seed(graph: Graph) -> None:
    """After reference data was (re)written: programmes counted, tallies present."""
    targets.refresh(graph)
    if not supplier_tallies.present(graph):
        supplier_tallies.refresh(graph)


def refresh_all(graph: Graph) -> None:
    """Everything derived, from scratch: after writes that bypassed the ingest service
    (an operator's own Cypher)."""
    located.backfill(graph)
    refresh_from_links(graph)


def refresh_from_links(graph: Graph) -> None:
    """What the records' links derive (supply chains, programme counts, the flagship's
    tallies), from scratch: after a bulk import, whose image laid the places itself."""
    _refresh_whole(graph, chains=True, counts=True, tallies=True)
