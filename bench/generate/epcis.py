"""epcis_sample.jsonld: a small EPCIS 2.0 document for the eggs chain, from its GTINs."""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .draw import seeded
from .model import Firm, Product, World


def _epc_parts(product: Product) -> tuple[str, str]:
    prefix = product.producer.gs1_prefix or product.code[:7]
    return prefix, "0" + product.code[len(prefix) : 12]  # indicator digit + item reference


def lgtin(product: Product, lot: str) -> str:
    prefix, item = _epc_parts(product)
    return f"urn:epc:class:lgtin:{prefix}.{item}.{lot}"


def _sgln(firm: Firm) -> str:
    return f"urn:epc:id:sgln:{firm.gs1_prefix}.00001.0"


def _pgln(firm: Firm) -> str:
    return f"urn:epc:id:pgln:{firm.gs1_prefix}.00000"


class _Epcis:
    """A small EPCIS 2.0 document for the eggs chain, built from the products' GTINs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[dict[str, Any]] = []

    def add(
        self, kind: str, when: datetime, step: str, disposition: str, where: Firm, **fields: Any
    ) -> None:
        event = {
            "type": kind,
            "eventID": f"urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}",
            "eventTime": when.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
            "eventTimeZoneOffset": "+07:00",
            **fields,
            "bizStep": step,
            "disposition": disposition,
            "readPoint": {"id": _sgln(where)},
            "bizLocation": {"id": _sgln(where)},
            "hub:actorTaxCode": where.tax_code,
        }
        self.events.append(event)

    def ship(
        self,
        when: datetime,
        items: dict[str, Any],
        sender: Firm,
        receiver: Firm,
        step_forms: tuple[str, str],
    ) -> None:
        parties = {
            "sourceList": [{"type": "owning_party", "source": _pgln(sender)}],
            "destinationList": [{"type": "owning_party", "destination": _pgln(receiver)}],
        }
        self.add(
            "ObjectEvent",
            when,
            step_forms[0],
            "in_transit",
            sender,
            action="OBSERVE",
            **items,
            **parties,
        )
        self.add(
            "ObjectEvent",
            when + timedelta(hours=3),
            step_forms[1],
            "in_progress",
            receiver,
            action="OBSERVE",
            **items,
            **parties,
        )


def write_epcis(world: World, out: Path, seed: int) -> dict[str, Any]:
    rng = seeded(seed, "epcis")
    doc = _Epcis(rng)
    gs1 = [p for p in world.products if p.chain == "eggs" and p.code.startswith("893")]
    raws = [p for p in gs1 if p.stage == "raw"][:2]
    made = next(p for p in gs1 if p.stage == "processed")
    processor = made.producer
    distributor = next(f for f in world.roles["distributor"] if f.gs1_prefix)
    day = datetime(2026, 3, 2, 6, 0)
    lots = [f"LOT-TRUNG-2026-E{i:05d}" for i in range(1, len(raws) + 2)]
    inputs: list[dict[str, Any]] = []
    for raw, lot in zip(raws, lots, strict=False):
        qty = {"epcClass": lgtin(raw, lot), "quantity": rng.randint(30, 90) * 120, "uom": "H87"}
        inputs.append(qty)
        doc.add(
            "ObjectEvent",
            day,
            "commissioning",
            "active",
            raw.producer,
            action="ADD",
            quantityList=[qty],
        )
        doc.ship(
            day + timedelta(hours=2),
            {"quantityList": [qty]},
            raw.producer,
            processor,
            ("shipping", "https://ref.gs1.org/cbv/BizStep-receiving"),
        )
    output = {
        "epcClass": lgtin(made, lots[-1]),
        "quantity": int(sum(q["quantity"] for q in inputs) * 0.97),
        "uom": "H87",
    }
    doc.add(
        "TransformationEvent",
        day + timedelta(hours=9),
        "commissioning",
        "active",
        processor,
        inputQuantityList=inputs,
        outputQuantityList=[output],
    )
    sscc = f"urn:epc:id:sscc:{processor.gs1_prefix}.0{rng.randrange(10**9):09d}"
    doc.add(
        "AggregationEvent",
        day + timedelta(hours=11),
        "packing",
        "in_progress",
        processor,
        action="ADD",
        parentID=sscc,
        childQuantityList=[output],
    )
    doc.ship(
        day + timedelta(hours=13),
        {"epcList": [sscc]},
        processor,
        distributor,
        ("shipping", "receiving"),
    )
    document = {
        "@context": [
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"hub": "https://example.org/provincial-data-hub/epcis#"},
        ],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-03T08:00:00.000+07:00",
        "epcisBody": {"eventList": doc.events},
    }
    path = out / "epcis_sample.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {
        "file": path.name,
        "kind": "epcis",
        "format": "jsonld",
        "encoding": "utf-8",
        "rows": len(doc.events),
        "bad_rows": [],
    }
