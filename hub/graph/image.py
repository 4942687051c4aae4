"""The graph a bulk import builds in memory, then hands to ``neo4j-admin database import``.

``hub import`` runs every file through the same loaders as ``hub load``; their writes
come here instead of going to Neo4j (``hub.graph.store.Store``). Each method does to
the image what its statement does to a graph, read for read: ``upsert_nodes`` what
``hub.graph.writes._UPSERT_NODES`` does, ``start_run`` what ``hub.graph.load_runs._START``
does, and so on; a method names the statement it follows. The image starts as an empty
database after ``hub db migrate`` would leave it: the shipped programmes by key (their
properties are written by the same seed as always, once the import is done:
``hub.graph.admin.after_import``), and the administrative units whole.

Properties follow Cypher's ``SET``: a null value removes the property. Date-times are
Python ``datetime`` values, the same instants ``hub load`` stores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, LiteralString, cast

from hub.graph import admin_units, reference, writes
from hub.graph.driver import Graph
from hub.graph.load_runs import RunEnd, RunStart
from hub.graph.model import HOLDER_RELS, Label, LinkStatus, Rel

Row = dict[str, Any]
Props = dict[str, Any]


@dataclass(slots=True)
class Node:
    id: int
    label: str
    props: Props


@dataclass(slots=True)
class Relationship:
    type: str
    start: int
    end: int
    props: Props = field(default_factory=dict)


# A relationship is MERGEd on its type and ends (and ``eventId`` for INPUT_TO, whose
# MERGE names it), so this is its identity.
RelKey = tuple[str, int, int, str | None]


def _assign(props: Props, values: Props) -> None:
    """``SET n += values``: a null removes the property."""
    for name, value in values.items():
        if value is None:
            props.pop(name, None)
        else:
            props[name] = value


def _add_run(props: Props, run: str) -> None:
    """``FOREACH (... WHEN $run IN n.loadRuns ...) SET n.loadRuns = n.loadRuns + $run``."""
    if run not in props["loadRuns"]:
        props["loadRuns"] = [*props["loadRuns"], run]


def _created(props: Props, run: str, now: datetime, runs: list[str] | None = None) -> None:
    props["createdAt"] = now
    props["createdBy"] = run
    props["loadRuns"] = list(runs) if runs else []


class GraphImage:
    """Nodes by label and key, relationships by their ends, in creation order."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.rels: dict[RelKey, Relationship] = {}
        self.bumps = 0  # how many times a load raised the graph version
        self._by_key: dict[tuple[str, str], Node] = {}
        self._by_label: dict[str, list[Node]] = defaultdict(list)
        self._out: dict[int, dict[RelKey, None]] = defaultdict(dict)
        self._in: dict[int, dict[RelKey, None]] = defaultdict(dict)
        self._inputs_of: dict[str, list[RelKey]] = defaultdict(list)  # eventId -> INPUT_TO
        self._glns: dict[str, str] | None = None  # GLN -> firm; None after a firm changed
        self._seed_reference()

    # The graph itself ---------------------------------------------------------------

    def node(self, label: str, key: str) -> Node | None:
        return self._by_key.get((label, key))

    def labelled(self, label: str) -> list[Node]:
        return self._by_label.get(label, [])

    def labels(self) -> list[str]:
        return list(self._by_label)

    def _merge_node(self, label: str, key: str) -> tuple[Node, bool]:
        found = self._by_key.get((label, key))
        if found is not None:
            return found, False
        node = Node(len(self.nodes), label, {"key": key})
        self.nodes.append(node)
        self._by_key[(label, key)] = node
        self._by_label[label].append(node)
        return node, True

    def _merge_rel(
        self, rel: str, start: Node, end: Node, event: str | None = None
    ) -> tuple[Relationship, bool]:
        key: RelKey = (rel, start.id, end.id, event)
        found = self.rels.get(key)
        if found is not None:
            return found, False
        made = Relationship(rel, start.id, end.id, {"eventId": event} if event else {})
        self.rels[key] = made
        self._out[start.id][key] = None
        self._in[end.id][key] = None
        if event is not None:
            self._inputs_of[event].append(key)
        return made, True

    def _delete_rel(self, key: RelKey) -> None:
        rel = self.rels.pop(key, None)
        if rel is not None:
            self._out[rel.start].pop(key, None)
            self._in[rel.end].pop(key, None)

    def _rels(self, node: Node, rel: str, outgoing: bool) -> list[tuple[RelKey, Node]]:
        """The node's relationships of type ``rel``, each with its other end."""
        keys = (self._out if outgoing else self._in)[node.id]
        return [(key, self.nodes[key[2] if outgoing else key[1]]) for key in keys if key[0] == rel]

    def _seed_reference(self) -> None:
        """The reference data ``hub db migrate`` writes. The shipped programmes by key
        (records link to them; ``reference.seed`` writes the rest after the import). The
        administrative units whole, with their links, as ``admin_units.seed`` writes them:
        some 14,000 units and 25,000 links are seconds of statements after an import, and
        nothing in the import files."""
        for programme in reference.PROGRAMMES:
            self._merge_node(Label.PROGRAMME, reference.programme_key(programme["code"]))
        units = admin_units.content()
        now = datetime.now(UTC)
        for row in units.rows:
            unit, _ = self._merge_node(Label.ADMIN_UNIT, row["key"])
            unit.props.update({name: value for name, value in row.items() if value is not None})
            unit.props.update(createdAt=now, updatedAt=now)
        for rel, links in ((Rel.PART_OF, units.parents), (Rel.BECAME, units.pairs)):
            for link in links:
                start = self._by_key[(Label.ADMIN_UNIT, link["from"])]
                self._merge_rel(rel, start, self._by_key[(Label.ADMIN_UNIT, link["to"])])

    # Writes (hub.graph.writes) ------------------------------------------------------

    def upsert_nodes(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> int:
        """``_UPSERT_NODES``, or ``_UPSERT_HELD`` for a label with holders."""
        held = label in HOLDER_RELS
        changed = 0
        for row in writes.node_rows(label, rows):
            node, created = self._merge_node(label, row["key"])
            if created:
                _created(node.props, run, now)
            if self._change(node.props, row, run, now):
                changed += 1
                if label is Label.ENTERPRISE:
                    self._glns = None
            if held and row.get("link") is not None:
                self._link(label, node, row["link"], run, now)
        return changed

    def upsert_rels(
        self, source: Label, rel: Rel, target: Label, rows: Sequence[Row], run: str, now: datetime
    ) -> int:
        """``_UPSERT_RELS``: both ends must exist."""
        changed = 0
        for row in writes.rel_rows(rows):
            start, end = self.node(source, row["from"]), self.node(target, row["to"])
            if start is None or end is None:
                continue
            made, created = self._merge_rel(rel, start, end)
            if created:
                _created(made.props, run, now)
            changed += self._change(made.props, row, run, now)
        return changed

    def link_holders(self, label: Label, rows: Sequence[Row], run: str, now: datetime) -> None:
        """``_LINK_HOLDERS``."""
        for row in writes.link_rows(rows):
            record = self.node(label, row["key"])
            if record is not None:
                self._link(label, record, row, run, now)

    def ensure_enterprises(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        """``_ENSURE_ENTERPRISES``: stubs for firms known only by a tax code."""
        stamp = {"createdAt": now, "createdBy": run, "updatedAt": now, "updatedBy": run}
        for row in writes.stub_rows(rows):
            firm, created = self._merge_node(Label.ENTERPRISE, row["key"])
            if created:
                _assign(firm.props, row["props"])
                firm.props.update(stub=True, **stamp, loadRuns=[run])
                if "gln" in firm.props:
                    self._glns = None
            if row.get("head") is None:
                continue
            head, created = self._merge_node(Label.ENTERPRISE, row["head"])
            if created:
                code = row["head"]
                head.props.update(
                    taxCode=code, name=f"MST {code}", stub=True, searchText=code, **stamp
                )
                head.props["loadRuns"] = [run]
            branch, created = self._merge_rel(Rel.BRANCH_OF, firm, head)
            if created:
                _created(branch.props, run, now, [run])

    def _change(self, props: Props, row: Row, run: str, now: datetime) -> int:
        """``_CHANGE``: the content when its hash differs (or it was retired); the run."""
        changed = props.get("hash", "") != row["hash"] or "retiredAt" in props
        if changed:
            _assign(props, row["props"])
            props.update(hash=row["hash"], updatedAt=now, updatedBy=run)
            props.pop("retiredAt", None)
            props.pop("retiredBy", None)
        _add_run(props, run)
        return int(changed)

    def _link(self, label: Label, record: Node, link: Row, run: str, now: datetime) -> None:
        """``_LINK_BODY``: the record's link status, then its one link to its holder."""
        props = record.props
        said = "|".join(
            props.get(name) or "" for name in ("holderTaxCode", "holderName", "holderAddress")
        )
        if props.get("reviewedFor") is not None and props["reviewedFor"] == said:
            return  # a person's decision on this same naming of the firm holds
        _assign(
            props,
            {
                "linkStatus": link["status"],
                "candidates": link["candidates"],
                "candidateScores": link["scores"],
            },
        )
        rel = HOLDER_RELS[label]
        outgoing = rel is Rel.RECORDED_BY
        for key, old in self._rels(record, rel, outgoing):
            if old.props["key"] != (link["holder"] or ""):
                self._delete_rel(key)
                old.props["relinkedAt"] = now
        if link["holder"] is None:
            return
        holder = self.node(Label.ENTERPRISE, link["holder"])
        if holder is None:
            return
        start, end = (record, holder) if outgoing else (holder, record)
        made, created = self._merge_rel(rel, start, end)
        if created:
            _created(made.props, run, now)
        _assign(
            made.props,
            {
                "method": link["method"],
                "confidence": link["confidence"],
                "evidence": link["evidence"],
                "agreed": link["agreed"],
                "differed": link["differed"],
                "decidedBy": None,
                "decidedAt": None,
            },
        )
        _add_run(made.props, run)
        if made.props["createdAt"] == now and props.get("updatedAt") != now:
            holder.props["relinkedAt"] = now

    # Writes (hub.graph.reference, hub.graph.trace_writes) ------------------------------

    def ensure_programmes(self, codes: Iterable[str], now: datetime) -> None:
        """``reference._ENSURE``: programmes records name but the hub does not ship."""
        for code in sorted(set(codes)):
            key = reference.programme_key(code)
            programme, created = self._merge_node(Label.PROGRAMME, key)
            if created:
                programme.props.update(
                    code=code, codeKey=key, name=code, reference=False, createdAt=now
                )

    def upsert_lots(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        """``trace_writes._UPSERT_LOTS``."""
        for row in rows:
            lot, created = self._merge_node(Label.LOT, row["key"])
            if created:
                lot.props.update(
                    code=row["key"],
                    name=row["key"],
                    createdAt=now,
                    createdBy=run,
                    updatedAt=now,
                    loadRuns=[],
                )
            if row.get("productCode") is not None and "productCode" not in lot.props:
                lot.props.update(productCode=row["productCode"], updatedAt=now)
            _add_run(lot.props, run)

    def link_inputs(self, rows: Sequence[Row], run: str, now: datetime) -> None:
        """``trace_writes._LINK_INPUTS``."""
        for row in rows:
            start, end = self.node(Label.LOT, row["from"]), self.node(Label.LOT, row["to"])
            if start is None or end is None:
                continue
            made, created = self._merge_rel(Rel.INPUT_TO, start, end, row["eventId"])
            if created:
                _created(made.props, run, now, [run])

    def drop_inputs(self, event_ids: Sequence[str]) -> None:
        """``trace_writes._DROP_INPUTS``."""
        for event in event_ids:
            for key in self._inputs_of.pop(event, []):
                self._delete_rel(key)

    def link_lots_to_products(self, run: str, now: datetime, since: datetime) -> None:
        """``trace_writes._LOTS_TO_PRODUCTS``: lots written since ``since``, and those of
        the products written since, tied to their product."""
        products = {p.props["key"] for p in self.labelled(Label.PRODUCT) if _since(p.props, since)}
        for lot in self.labelled(Label.LOT):
            props = lot.props
            code = props.get("productCode")
            if code is None or "chain" in props:
                continue
            if not (_since(props, since) or code in products):
                continue
            product = self.node(Label.PRODUCT, code)
            if product is None:
                continue
            made, created = self._merge_rel(Rel.OF_PRODUCT, lot, product)
            if created:
                _created(made.props, run, now, [run])
            _assign(props, {"chain": product.props.get("chain")})

    # What the ingest service does around a load (hub.graph.load_runs, .located) ---------

    def start_run(self, run: RunStart) -> datetime:
        """``load_runs._START``: returns when the run began."""
        node, created = self._merge_node(Label.LOAD_RUN, run.run)
        props = node.props
        if created:
            _assign(
                props,
                {
                    "kind": run.kind,
                    "file": run.file,
                    "checksum": run.checksum,
                    "agency": run.agency,
                    "startedAt": run.started,
                    "status": "writing",
                    "name": f"{run.kind} · {run.file}",
                },
            )
        elif props.get("status") == "interrupted":
            props["status"] = "writing"
        props.pop("interruptedAt", None)
        return props["startedAt"] if props.get("status") == "writing" else run.started

    def finish_run(self, run: str, agency: str | None, end: RunEnd) -> None:
        """``load_runs._FINISH`` (the graph version is raised once, after the import)."""
        node = self.node(Label.LOAD_RUN, run)
        assert node is not None, "a run is started before it is finished"
        props = node.props
        first = props.get("status") == "writing"
        if first:
            _assign(
                props,
                {
                    "status": "loaded",
                    "finishedAt": end.finished,
                    "rowsRead": end.rows_read,
                    "rowsLoaded": end.rows_loaded,
                    "rowsRejected": end.rows_rejected,
                    "unresolved": end.unresolved,
                    "rejectedByCode": end.rejected_by_code,
                },
            )
        _assign(props, {"agency": props.get("agency", agency)})
        if end.receipt is not None and props.get("agency") == agency:
            _assign(
                props,
                {
                    "uploadedAt": end.finished,
                    "uploadOptions": end.options,
                    "uploadReport": end.receipt,
                },
            )
        self.bumps += int(first or end.changed > 0)

    def prune_located(self, since: datetime) -> None:
        """``located._PRUNE``: links of firms written since ``since`` to units they left."""
        for firm in self.labelled(Label.ENTERPRISE):
            if not _since(firm.props, since):
                continue
            keep = set(firm.props.get("unitKeys") or ())
            for key, unit in self._rels(firm, Rel.LOCATED_IN, outgoing=True):
                if unit.label == Label.ADMIN_UNIT and unit.props["key"] not in keep:
                    self._delete_rel(key)

    # Reads of the linker (hub.graph.queries_linking, hub.graph.review) ----------------

    def enterprise_names(self) -> list[Row]:
        return [
            _name_row(firm.props)
            for firm in self.labelled(Label.ENTERPRISE)
            if firm.props.get("name") is not None and not firm.props.get("stub", False)
        ]

    def changed_enterprise_names(self, since: datetime) -> list[Row]:
        return [
            _name_row(firm.props)
            for firm in self.labelled(Label.ENTERPRISE)
            if _since(firm.props, since)
        ]

    def unresolved_records(self) -> list[Row]:
        waiting = (LinkStatus.UNRESOLVED, LinkStatus.AMBIGUOUS)
        return [
            {
                "label": str(label),
                "key": rec.props["key"],
                "name": rec.props.get("holderName"),
                "address": rec.props.get("holderAddress"),
                "status": rec.props["linkStatus"],
                "candidates": rec.props.get("candidates"),
            }
            for label in HOLDER_RELS
            for rec in self.labelled(label)
            if rec.props.get("linkStatus") in waiting
        ]

    def enterprises_by_gln(self, glns: list[str]) -> dict[str, str]:
        # Asked for every chunk of trace events: the register's GLNs are read once, and
        # again only after a firm changed.
        if self._glns is None:
            owners: dict[str, str | None] = {}  # None: more than one firm (``_BY_GLN``)
            for firm in self.labelled(Label.ENTERPRISE):
                gln = firm.props.get("gln")
                if gln is not None:
                    owners[gln] = None if gln in owners else firm.props["key"]
            self._glns = {gln: key for gln, key in owners.items() if key is not None}
        return {gln: self._glns[gln] for gln in glns if gln in self._glns}

    def linked_by_decision(self, label: Label, subjects: dict[str, str]) -> int:
        return 0  # no person has decided on a record of a graph still being built

    # For the import files -------------------------------------------------------------

    def relationships(self) -> Iterator[Relationship]:
        return iter(self.rels.values())

    def empty_lists(self) -> dict[str, list[Row]]:
        """Label -> the nodes' properties holding an empty list, which an import file
        cannot hold (an empty cell is no property): ``set_empty_lists`` writes them."""
        found: dict[str, list[Row]] = defaultdict(list)
        for node in self.nodes:
            for name, value in node.props.items():
                if isinstance(value, list) and not value:
                    found[node.label].append({"key": node.props["key"], "name": name})
        return found


def _since(props: Props, since: datetime) -> bool:
    """``n.updatedAt >= $since``."""
    updated = props.get("updatedAt")
    return updated is not None and updated >= since


def _name_row(props: Props) -> Row:
    """A row of ``queries_linking._ENTERPRISE_NAMES``."""
    return {
        "key": props["key"],
        "name": props.get("name"),
        "unitKeys": props.get("wardKeys"),
        "address": props.get("address"),
        "isBranch": props.get("isBranch"),
    }


_EMPTY_LISTS = "UNWIND $rows AS row MATCH (n:__LABEL__ {key: row.key}) SET n[row.name] = []"


def set_empty_lists(graph: Graph, found: dict[str, list[Row]]) -> None:
    """After the import: the empty lists ``GraphImage.empty_lists`` found."""
    for label, rows in found.items():
        cypher = cast(LiteralString, _EMPTY_LISTS.replace("__LABEL__", Label(label).value))
        for start in range(0, len(rows), 10_000):
            graph.write(cypher, {"rows": rows[start : start + 10_000]})
