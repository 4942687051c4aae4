"""Each question asked of both servers: the hub's request and the peer's spelling of it.

The peer gets the question in its own filter language, as a client of it would write
it: admin units as the keys the hub's name resolves to (the peer has no names to
resolve), a standard prefix as the codes it matches in the data (the peer cannot
match inside a list of keys), certificates valid on the day as ``status``,
``issuedOn`` and ``expiresOn`` filters on one certificate, retired firms left out.
Both sides select the same fields (an event's time neither: the library formats
date-times with APOC, which plain Neo4j has not); ``firms`` reads what each answered (the page's tax
codes in order, and ``totalCount``), which must agree before anything is timed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.workload import ENTERPRISE, ENTERPRISES, SUPPLIERS, Request, traced_lot
from hub import text
from hub.geo.units import resolve_unit
from hub.graph.driver import Graph

Answer = tuple[int | None, list[str]]

TRACE_UPSTREAM = """
query TraceUp($lot: String!) {
  trace(lotCode: $lot, direction: UPSTREAM, maxDepth: 10) {
    lots { code chain product { code name }
      events { eventId type bizStep actor { taxCode name } } }
  }
}
"""

PEER_ENTERPRISE = """
query Enterprise($key: String!) {
  enterprises(where: {key: {eq: $key}, retiredAt: {eq: null}}) {
    taxCode name legalForm address size status
    adminUnits { code name level era }
    certificates { number kind standard issuer issuedOn expiresOn status }
    products { code name chain }
  }
}
"""

PEER_ENTERPRISES = """
query Enterprises($where: EnterpriseWhere) {
  enterprisesConnection(first: 20, where: $where, sort: [{name: ASC}, {key: ASC}]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { taxCode name address size } }
  }
}
"""

PEER_SUPPLIERS = """
query Suppliers($where: EnterpriseWhere, $day: Date) {
  enterprisesConnection(first: 20, where: $where, sort: [{name: ASC}, {key: ASC}]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { taxCode name address
      certificates(where: {status: {eq: "valid"}, retiredAt: {eq: null}, issuedOn: {lte: $day},
                           OR: [{expiresOn: {eq: null}}, {expiresOn: {gte: $day}}]}) {
        number standard status expiresOn }
      products(where: {retiredAt: {eq: null}}) { code name chain } } }
  }
}
"""

_LOT_FIELDS = (
    "code chain product { code name } "
    "events { eventId type bizStep actor { taxCode name } } "
    "consumedBy { eventId type bizStep actor { taxCode name } }"
)


def _peer_trace(depth: int) -> str:
    """Upstream lots as nested ``inputs``, ``depth`` levels deep (the hub's maxDepth)."""
    selection = _LOT_FIELDS
    for _ in range(depth):
        selection = f"{_LOT_FIELDS} inputs {{ {selection} }}"
    return (
        f"query TraceUp($key: String!) {{ lots(where: {{key: {{eq: $key}}}}) {{ {selection} }} }}"
    )


@dataclass(frozen=True)
class Pair:
    """One question: the hub's request, the peer's body, and how to read each answer."""

    name: str
    hub: Request
    peer: dict[str, Any]
    hub_firms: Callable[[dict[str, Any]], Answer]
    peer_firms: Callable[[dict[str, Any]], Answer]

    def peer_request(self) -> Request:
        return Request(f"peer_{self.name}", self.peer["query"], self.peer["variables"])


def _connection(data: dict[str, Any]) -> Answer:
    (page,) = data.values()
    return page["totalCount"], [edge["node"]["taxCode"] for edge in page["edges"]]


def _hub_firm(data: dict[str, Any]) -> Answer:
    firm = data["enterprise"]
    return None, _firm_facts(firm) if firm else []


def _peer_firm(data: dict[str, Any]) -> Answer:
    firms = data["enterprises"]
    return None, _firm_facts(firms[0]) if firms else []


def _firm_facts(firm: dict[str, Any]) -> list[str]:
    """The firm, its certificates and its products: what both must agree on."""
    return (
        [firm["taxCode"]]
        + sorted(c["number"] for c in firm["certificates"])
        + sorted(p["code"] for p in firm["products"])
    )


def _hub_lots(data: dict[str, Any]) -> Answer:
    return None, sorted(lot["code"] for lot in (data["trace"] or {}).get("lots", []))


def _peer_lots(data: dict[str, Any]) -> Answer:
    codes: set[str] = set()

    def walk(lot: dict[str, Any]) -> None:
        codes.add(lot["code"])
        for child in lot.get("inputs", []):
            walk(child)

    for lot in data["lots"]:
        walk(lot)
    return None, sorted(codes)


def standard_codes(graph: Graph, prefix: str) -> list[str]:
    """The standards' codes in the data that the hub's ``standard`` filter matches."""
    wanted = text.standard_query(prefix)
    codes = [row["code"] for row in graph.read("MATCH (s:Standard) RETURN s.code AS code")]
    return sorted(
        code
        for code in codes
        if code and any(k == wanted or k.startswith(wanted + " ") for k in text.standard_keys(code))
    )


def _peer_supplier_where(graph: Graph, fact: dict[str, Any]) -> dict[str, Any]:
    day = fact["valid_on"]
    where: dict[str, Any] = {
        "retiredAt": {"eq": None},
        "supplies": {"some": {"key": {"eq": fact["chain"]}}},
        "certificates": {
            "some": {
                "status": {"eq": "valid"},
                "retiredAt": {"eq": None},
                "issuedOn": {"lte": day},
                "standard": {"in": standard_codes(graph, fact["standard"])},
                "OR": [{"expiresOn": {"eq": None}}, {"expiresOn": {"gte": day}}],
            }
        },
    }
    if fact["admin_unit"]:
        where["adminUnits"] = {"some": {"key": {"in": resolve_unit(fact["admin_unit"])}}}
    return where


def build(data: Path, graph: Graph) -> list[Pair]:
    """The six questions of the issue, with arguments from the generated data."""
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    facts = manifest["facts"]["certified_traceable_suppliers"]
    anywhere = facts[0]
    in_ward = next(f for f in facts if f["admin_unit"] and f["chain"] == anywhere["chain"])
    ward = in_ward["admin_unit"]
    firm = anywhere["tax_codes"][0]
    lot = traced_lot(data / "trace_events.csv")
    pairs = [
        Pair(
            "enterprise",
            Request("enterprise", ENTERPRISE, {"taxCode": firm}),
            {"query": PEER_ENTERPRISE, "variables": {"key": firm}},
            _hub_firm,
            _peer_firm,
        )
    ]
    for name, fact in (("flagship_anywhere", anywhere), ("flagship_ward", in_ward)):
        variables = {
            "standard": fact["standard"],
            "chain": fact["chain"].upper(),
            "unit": fact["admin_unit"],
            "day": fact["valid_on"],
        }
        where = _peer_supplier_where(graph, fact)
        pairs.append(
            Pair(
                name,
                Request("certifiedTraceableSuppliers", SUPPLIERS, variables),
                {"query": PEER_SUPPLIERS, "variables": {"where": where, "day": fact["valid_on"]}},
                _connection,
                _connection,
            )
        )
    for name, unit in (("enterprises_register", None), ("enterprises_ward", ward)):
        peer_where: dict[str, Any] = {"retiredAt": {"eq": None}}
        if unit:
            peer_where["adminUnits"] = {"some": {"key": {"in": resolve_unit(unit)}}}
        pairs.append(
            Pair(
                name,
                Request("enterprises", ENTERPRISES, {"unit": unit}),
                {"query": PEER_ENTERPRISES, "variables": {"where": peer_where}},
                _connection,
                _connection,
            )
        )
    pairs.append(
        Pair(
            "trace_upstream",
            Request("trace", TRACE_UPSTREAM, {"lot": lot}),
            {"query": _peer_trace(10), "variables": {"key": lot}},
            _hub_lots,
            _peer_lots,
        )
    )
    return pairs
