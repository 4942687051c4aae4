"""The contract queries as clients send them, with arguments taken from the generated data."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub import text

ENTERPRISE = """
query Enterprise($taxCode: String!) {
  enterprise(taxCode: $taxCode) {
    taxCode name legalForm address size status establishedOn
    adminUnits { code name level era }
    certificates { number kind standard issuer issuedOn expiresOn status }
    products { code name chain }
  }
}
"""

ENTERPRISES = """
query Enterprises($unit: String) {
  enterprises(where: {adminUnit: $unit}, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { taxCode name address size } }
  }
}
"""

SUPPLIERS = """
query Suppliers($standard: String, $chain: ProductChain, $unit: String, $day: Date) {
  certifiedTraceableSuppliers(standard: $standard, chain: $chain, adminUnit: $unit,
                              validOn: $day, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { taxCode name address
      certificates(validOn: $day) { number standard status expiresOn }
      products { code name chain } } }
  }
}
"""

TRACE = """
query Trace($lot: String!) {
  trace(lotCode: $lot, direction: BOTH, maxDepth: 10) {
    truncated
    lots { code chain depth product { code name }
      events { eventId type bizStep time role actor { taxCode name } } }
    links { from to eventIds }
  }
}
"""

PROGRAMME = """
query Programme($code: String!) {
  programmeProgress(code: $code) {
    code title period
    targets { position indicator target achieved }
  }
}
"""

SEARCH = """
query Search($text: String!) {
  search(text: $text, first: 10) {
    kind score
    enterprise { taxCode name }
    product { code name chain }
    certificate { number standard status }
  }
}
"""


@dataclass(frozen=True)
class Request:
    """One GraphQL request: the contract query it exercises and its JSON body."""

    name: str
    query: str
    variables: dict[str, Any]

    def body(self) -> dict[str, Any]:
        return {"query": self.query, "variables": self.variables}


@dataclass(frozen=True)
class Workload:
    requests: list[Request]  # one per contract query
    lookups: list[Request]  # enterprise(taxCode) over many firms
    flagships: list[Request]  # certifiedTraceableSuppliers, every flagship variant


def _column(path: Path, column: str, limit: int | None = None) -> list[str]:
    values: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get(column):
                values.append(row[column])
            if limit is not None and len(values) >= limit:
                break
    return values


def traced_lot(path: Path) -> str:
    """A lot made by a transformation: it has inputs upstream and outputs downstream."""
    with path.open(encoding="utf-8", newline="") as handle:
        lots = [
            r["lot_code"] for r in csv.DictReader(handle) if r["event_type"] == "transformation"
        ]
    return lots[len(lots) // 2] if lots else ""


def build(data: Path, lookups: int = 2000, seed: int = 7) -> Workload:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    facts = manifest["facts"]["certified_traceable_suppliers"]
    flagship = facts[0]
    firm = flagship["tax_codes"][0] if flagship["tax_codes"] else ""
    names = _column(data / "enterprises.csv", "name", 50)
    search_text = " ".join(text.fold(names[len(names) // 2]).split()[-2:])
    unit = next((f["admin_unit"] for f in facts if f["admin_unit"]), None)
    flagships = [
        Request(
            "certifiedTraceableSuppliers",
            SUPPLIERS,
            {
                "standard": f["standard"],
                "chain": f["chain"].upper(),
                "unit": f["admin_unit"],
                "day": f["valid_on"],
            },
        )
        for f in facts
    ]
    requests = [
        Request("enterprise", ENTERPRISE, {"taxCode": firm}),
        Request("enterprises", ENTERPRISES, {"unit": unit}),
        flagships[0],
        Request("trace", TRACE, {"lot": traced_lot(data / "trace_events.csv")}),
        Request("programmeProgress", PROGRAMME, {"code": "2943/QĐ-UBND"}),
        Request("search", SEARCH, {"text": search_text}),
    ]
    codes = _column(data / "enterprises.csv", "tax_code")
    random.Random(seed).shuffle(codes)
    lookup_requests = [
        Request("enterprise", ENTERPRISE, {"taxCode": code}) for code in codes[:lookups]
    ]
    return Workload(requests, lookup_requests, flagships)
