"""Ingest: the hub's loader pipeline against Neo4j's own ``LOAD CSV`` with ``MERGE``.

Both start from a freshly cleared graph (reference data and constraints kept) and load
the same clean CSV files, kind by kind, in the order the linking needs. The hub's time
is ``ingest``'s wall time: reading, validation, linking, writes, provenance and the
re-link pass. The baseline MERGEs the same nodes on the same constrained keys and the
same relationships to the holder, in ``CALL {...} IN TRANSACTIONS OF 5000 ROWS`` on an
auto-commit session. It does less than the hub (no validation, no address parsing, so
no ``LOCATED_IN``; no content hashes; no name-based linking), which favours it.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

from bench.figures import Figures, note
from hub.graph import admin, migrations
from hub.graph.driver import Graph, run_in_batches
from hub.settings import Settings
from hub.vocabulary import DATASET_KINDS
from loaders.ingest import ingest

# Files of ``bench.generate --clean``, in load order (enterprises first: others link to
# them): every dataset kind but EPCIS documents, which the generator does not write.
KINDS: tuple[str, ...] = tuple(kind for kind in DATASET_KINDS if kind != "epcis")

_HEAD = "LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {"
_TAIL = "} IN TRANSACTIONS OF 5000 ROWS"
# Provenance the baseline keeps too (cheaper than the hub's: no hash comparison).
_PROV = "SET n.loadRuns = [$run], n.createdAt = coalesce(n.createdAt, $now), n.updatedAt = $now"
_HOLDER = """
WITH n, row WHERE row.__TAX__ IS NOT NULL
MERGE (e:Enterprise {key: row.__TAX__})
ON CREATE SET e.taxCode = row.__TAX__, e.name = coalesce(row.__NAME__, 'MST ' + row.__TAX__),
  e.stub = true, e.loadRuns = [$run], e.createdAt = $now
MERGE __PATTERN__
SET r.method = 'tax_code', r.confidence = 1.0, r.loadRuns = [$run], r.createdAt = $now
"""


def _holder(tax: str, name: str, pattern: str) -> str:
    return _HOLDER.replace("__TAX__", tax).replace("__NAME__", name).replace("__PATTERN__", pattern)


_ENTERPRISES = (
    _HEAD
    + """
MERGE (n:Enterprise {key: row.tax_code})
SET n.taxCode = row.tax_code, n.name = row.name, n.nameKey = toLower(row.name),
  n.address = row.address, n.legalForm = row.legal_form, n.sector = row.sector,
  n.size = row.size, n.establishedOn = date(row.established_on), n.status = row.status,
  n.gln = row.gln, n.isBranch = row.tax_code CONTAINS '-',
  n.headTaxCode = CASE WHEN row.tax_code CONTAINS '-' THEN split(row.tax_code, '-')[0] END,
  n.searchText = toLower(row.name + ' ' + row.tax_code), n.stub = null
"""
    + _PROV
    + """
WITH n, row WHERE row.tax_code CONTAINS '-'
MERGE (h:Enterprise {key: split(row.tax_code, '-')[0]})
ON CREATE SET h.taxCode = h.key, h.name = 'MST ' + h.key, h.stub = true
MERGE (n)-[r:BRANCH_OF]->(h)
SET r.loadRuns = [$run], r.createdAt = $now
"""
    + _TAIL
)

_CERTIFICATES = (
    _HEAD
    + """
MERGE (n:Certificate {key: toLower(coalesce(row.issuer, '-')) + '|' + toLower(row.certificate_no)})
SET n.number = row.certificate_no, n.name = row.certificate_no + ' · ' + row.standard,
  n.kind = row.kind, n.standard = row.standard, n.standardKeys = [toLower(row.standard)],
  n.issuer = row.issuer, n.product = row.product, n.issuedOn = date(row.issued_on),
  n.expiresOn = date(row.expires_on), n.status = coalesce(row.status, 'valid'),
  n.holderTaxCode = row.tax_code, n.holderName = row.enterprise_name,
  n.holderAddress = row.address, n.linkStatus = 'linked',
  n.searchText = toLower(row.certificate_no + ' ' + row.standard)
"""
    + _PROV
    + """
MERGE (s:Standard {key: toLower(row.standard)})
ON CREATE SET s.code = row.standard, s.name = row.standard
MERGE (n)-[c:CONFORMS_TO]->(s)
SET c.loadRuns = [$run], c.createdAt = $now
"""
    + _holder("tax_code", "enterprise_name", "(e)-[r:HOLDS]->(n)")
    + _TAIL
)

_AWARDS = (
    _HEAD
    + """
MERGE (n:Award {key: row.tax_code + '|' + row.award + '|' + row.year})
SET n.award = row.award, n.year = toInteger(row.year), n.name = row.award + ' ' + row.year,
  n.holderTaxCode = row.tax_code, n.holderName = row.enterprise_name, n.linkStatus = 'linked'
"""
    + _PROV
    + _holder("tax_code", "enterprise_name", "(e)-[r:WON]->(n)")
    + _TAIL
)

_MEASUREMENT = (
    _HEAD
    + """
MERGE (n:MeasurementSupport {key: toLower(row.record_id)})
SET n.recordId = row.record_id, n.supportKind = row.support_type, n.year = toInteger(row.year),
  n.amountVnd = toInteger(row.amount_vnd), n.instruments = toInteger(row.instruments),
  n.programme = row.programme, n.name = row.support_type + ' ' + row.year + ' · ' + row.record_id,
  n.holderTaxCode = row.tax_code, n.holderName = row.enterprise_name, n.linkStatus = 'linked'
"""
    + _PROV
    + """
WITH n, row
MATCH (p:Programme {code: row.programme})
MERGE (n)-[u:UNDER]->(p)
SET u.loadRuns = [$run], u.createdAt = $now
"""
    + _holder("tax_code", "enterprise_name", "(e)-[r:RECEIVED]->(n)")
    + _TAIL
)

_PROGRAMME_SUPPORT = (
    _HEAD
    + """
MERGE (n:ProgrammeSupport {key: row.programme + '|' + row.tax_code + '|' + row.support_kind
  + '|' + row.year})
SET n.programme = row.programme, n.supportKind = row.support_kind, n.year = toInteger(row.year),
  n.note = row.note, n.name = row.support_kind + ' ' + row.year + ' · ' + row.programme,
  n.holderTaxCode = row.tax_code, n.holderName = row.enterprise_name, n.linkStatus = 'linked'
"""
    + _PROV
    + """
WITH n, row
MATCH (p:Programme {code: row.programme})
MERGE (n)-[u:UNDER]->(p)
SET u.loadRuns = [$run], u.createdAt = $now
"""
    + _holder("tax_code", "enterprise_name", "(e)-[r:RECEIVED]->(n)")
    + _TAIL
)

_PRODUCTS = (
    _HEAD
    + """
MERGE (n:Product {key: toUpper(row.product_code)})
SET n.code = toUpper(row.product_code), n.name = row.name, n.chain = row.chain,
  n.searchText = toLower(row.name + ' ' + row.product_code),
  n.holderTaxCode = row.producer_tax_code, n.holderName = row.producer_name,
  n.linkStatus = 'linked'
"""
    + _PROV
    + _holder("producer_tax_code", "producer_name", "(e)-[r:PRODUCES]->(n)")
    + _TAIL
)

_TRACE_EVENTS = (
    _HEAD
    + """
MERGE (n:TraceEvent {key: row.event_id})
SET n.eventId = row.event_id, n.type = row.event_type, n.bizStep = row.biz_step,
  n.time = datetime(row.event_time), n.location = row.location,
  n.quantity = toFloat(row.quantity), n.uom = row.uom, n.lots = [row.lot_code],
  n.inputLots = CASE WHEN row.input_lots IS NULL THEN [] ELSE split(row.input_lots, ';') END,
  n.holderTaxCode = row.actor_tax_code, n.holderName = row.actor_name, n.linkStatus = 'linked',
  n.name = row.biz_step + ' ' + left(row.event_time, 10)
"""
    + _PROV
    + """
MERGE (l:Lot {key: row.lot_code})
ON CREATE SET l.code = row.lot_code, l.name = row.lot_code, l.productCode = row.product_code,
  l.loadRuns = [$run], l.createdAt = $now
MERGE (n)-[a:ABOUT]->(l)
SET a.loadRuns = [$run], a.createdAt = $now
WITH n, l, row
CALL (n, l, row) {
  UNWIND n.inputLots AS input
  MERGE (i:Lot {key: input})
  ON CREATE SET i.code = input, i.name = input, i.loadRuns = [$run], i.createdAt = $now
  MERGE (n)-[c:CONSUMED]->(i)
  SET c.loadRuns = [$run], c.createdAt = $now
  MERGE (i)-[t:INPUT_TO {eventId: row.event_id}]->(l)
  SET t.loadRuns = [$run], t.createdAt = $now
}
"""
    + _holder("actor_tax_code", "actor_name", "(n)-[r:RECORDED_BY]->(e)")
    + _TAIL
)

# What the loader's finish step does after trace events: lots to their products.
_LOTS_TO_PRODUCTS = """
MATCH (l:Lot) WHERE l.productCode IS NOT NULL AND l.chain IS NULL
CALL (l) {
  MATCH (p:Product {key: l.productCode})
  MERGE (l)-[r:OF_PRODUCT]->(p)
  SET l.chain = p.chain, r.loadRuns = [$run], r.createdAt = $now
} IN TRANSACTIONS OF 5000 ROWS
"""

LOAD_CSV: dict[str, tuple[LiteralString, ...]] = {
    "enterprises": (_ENTERPRISES,),
    "certificates": (_CERTIFICATES,),
    "awards": (_AWARDS,),
    "measurement": (_MEASUREMENT,),
    "programme_support": (_PROGRAMME_SUPPORT,),
    "products": (_PRODUCTS,),
    "trace_events": (_TRACE_EVENTS, _LOTS_TO_PRODUCTS),
}


@dataclass(frozen=True)
class KindTiming:
    kind: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def csv_rows(path: Path) -> int:
    """Data rows of a clean CSV (the generator writes no line breaks inside cells)."""
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


_CLEAR_PLANS = "CALL db.clearQueryCaches()"
# Index samples refreshed and plans dropped: what Neo4j does by itself some time after a
# bulk load. Without it, the first queries after a load may run plans made for an empty
# graph (the flagship query took 160 s instead of 50 ms that way at scale 2).
_REPLAN = "CALL db.prepareForReplanning(300)"


def fresh_graph(graph: Graph) -> None:
    """Every loaded record gone; constraints, indexes and reference data kept; no plan
    cached from an earlier run, so both sides start alike."""
    admin.clear_data(graph)
    migrations.apply(graph)
    graph.write(_CLEAR_PLANS)


def settle(graph: Graph) -> None:
    """After a bulk load: fresh index statistics and plans, for the query benchmarks."""
    graph.write(_REPLAN)


def hub_ingest(graph: Graph, data: Path, kinds: Sequence[str] = KINDS) -> list[KindTiming]:
    """Load each kind's file through ``loaders.ingest`` (what ``hub load`` runs)."""
    timings = []
    for kind in kinds:
        path = data / f"{kind}.csv"
        started = time.perf_counter()
        report = ingest(graph, kind, path)
        seconds = time.perf_counter() - started
        if not report.ok:
            raise RuntimeError(f"hub load of {path} failed: {report.summary()}")
        if report.rows_rejected:  # clean data should have none: say so, keep going
            note(f"hub load {kind}: {report.rows_rejected} rows rejected: {report.summary()}")
        timings.append(KindTiming(kind, report.rows_read, seconds))
        note(f"hub load {kind}: {report.rows_read} rows in {seconds:.1f} s")
    return timings


def load_csv_ingest(
    graph: Graph, settings: Settings, data: Path, kinds: Sequence[str] = KINDS
) -> list[KindTiming]:
    """Load the same files with ``LOAD CSV`` from the bench server's import folder."""
    folder = settings.neo4j_home / "import" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    timings = []
    try:
        for kind in kinds:
            path = data / f"{kind}.csv"
            shutil.copyfile(path, folder / path.name)
            params = {"url": f"file:///bench/{path.name}", "run": f"load_csv:{kind}", "now": _now()}
            started = time.perf_counter()
            for statement in LOAD_CSV[kind]:
                run_in_batches(graph, statement, params)
            seconds = time.perf_counter() - started
            rows = csv_rows(path)
            timings.append(KindTiming(kind, rows, seconds))
            note(f"LOAD CSV {kind}: {rows} rows in {seconds:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return timings


def _now() -> object:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def total_rate(timings: Sequence[KindTiming]) -> float:
    rows = sum(t.rows for t in timings)
    seconds = sum(t.seconds for t in timings)
    return rows / seconds if seconds > 0 else 0.0


def _add_hub_figures(hub: Sequence[KindTiming], figures: Figures) -> None:
    for timing in hub:
        figures.add(f"ingest_hub_{timing.kind}", timing.rate, "rows/s")
    figures.add("ingest_hub_all", total_rate(hub), "rows/s")


# The text cell a one-row load edits, per kind: a change every kind's loader writes.
_EDITED = {
    "enterprises": "name",
    "certificates": "product",
    "awards": "enterprise_name",
    "measurement": "enterprise_name",
    "programme_support": "note",
    "products": "name",
    "trace_events": "location",
}


def _one_row(path: Path, out: Path, edit: bool) -> Path:
    """The file's header and first row, its ``_EDITED`` cell changed when ``edit``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        row = next(reader)
        fields = list(reader.fieldnames or ())
    if edit:
        column = _EDITED[path.stem]
        row[column] = (row[column] or "") + " (one-row)"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerow(row)
    return out


def one_row_loads(graph: Graph, data: Path, figures: Figures, kinds: Sequence[str] = KINDS) -> None:
    """After the big load: one row of each kind, changed, loaded through the hub (what a
    partner's small correction costs on a large graph), then put back as it was.

    The first such load of a kind makes Neo4j plan statements it has not run yet (0.3-0.5 s
    at scale 2, more than the load itself), so it is done once untimed; the figure is the
    second, as every later correction finds the plans made."""
    with tempfile.TemporaryDirectory(prefix="hub-one-row-") as scratch:
        for kind in kinds:
            path = data / f"{kind}.csv"
            edited = _one_row(path, Path(scratch) / f"{kind}.csv", edit=True)
            back = _one_row(path, Path(scratch) / f"{kind}-back.csv", edit=False)
            for _ in range(2):
                started = time.perf_counter()
                report = ingest(graph, kind, edited)
                seconds = time.perf_counter() - started
                if not report.ok or not report.changed:
                    raise RuntimeError(f"one-row load of {kind}: {report.summary()}")
                ingest(graph, kind, back)
            figures.add(f"one_row_load_s_{kind}", seconds, "s")
            note(f"one-row load {kind}: {seconds:.3f} s")


def load_only(graph: Graph, data: Path, figures: Figures) -> None:
    """The hub's ingest alone on a cleared graph (no ``LOAD CSV`` baseline): the way to
    build a large scale's graph for the query steps in a third less time; then one-row
    loads on it."""
    fresh_graph(graph)
    _add_hub_figures(hub_ingest(graph, data), figures)
    one_row_loads(graph, data, figures)
    settle(graph)


def run(graph: Graph, settings: Settings, data: Path, figures: Figures) -> None:
    """Both ingests on a freshly cleared graph each; per-kind rates and the ratio.

    An untimed warm-up (enterprises, both ways) lets the JVM compile first. The hub goes
    last so the graph it leaves is the one the query benchmarks read.
    """
    for warm_up in (load_csv_ingest, hub_ingest):
        fresh_graph(graph)
        if warm_up is hub_ingest:
            hub_ingest(graph, data, KINDS[:1])
        else:
            load_csv_ingest(graph, settings, data, KINDS[:1])
    fresh_graph(graph)
    baseline = load_csv_ingest(graph, settings, data)
    fresh_graph(graph)
    hub = hub_ingest(graph, data)
    _add_hub_figures(hub, figures)
    for timing in baseline:
        figures.add(f"ingest_load_csv_{timing.kind}", timing.rate, "rows/s")
    hub_rate, csv_rate = total_rate(hub), total_rate(baseline)
    figures.add("ingest_load_csv_all", csv_rate, "rows/s")
    figures.add("ingest_vs_load_csv", hub_rate / csv_rate if csv_rate else 0.0, "x")
    one_row_loads(graph, data, figures)
    settle(graph)
