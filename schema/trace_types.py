"""What ``trace`` returns: the lots reached, their events, and the links between them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from hub.graph.driver import Row
from schema.enums import LinkMethod, LinkStatus, ProductChain, TraceEventRole, TraceEventType, of
from schema.link_types import LinkExplanation
from schema.types import LINK_EXPLANATION, Enterprise, Product, iso_datetime


@strawberry.type(description="A traceability event on a lot.")
class TraceEvent:
    event_id: str
    type: TraceEventType | None
    biz_step: str | None = strawberry.field(description="The bare CBV business step.")
    time: datetime | None
    action: str | None
    disposition: str | None
    location: str | None
    quantity: float | None
    uom: str | None
    role: TraceEventRole | None = strawberry.field(description="What the event did to this lot.")
    declared_error: bool
    actor: Enterprise | None = strawberry.field(description="The firm that recorded the event.")
    actor_tax_code: str | None = strawberry.field(description="As the source gave it.")
    actor_name: str | None = strawberry.field(description="As the source gave it.")
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)

    @classmethod
    def from_record(cls, record: Row, day: date | None) -> TraceEvent:
        link = record.get("link") or {}
        actor = link.get("actor")
        return cls(
            event_id=record["eventId"],
            type=of(TraceEventType, record.get("type")),
            biz_step=record.get("bizStep"),
            time=iso_datetime(record.get("time")),
            action=record.get("action"),
            disposition=record.get("disposition"),
            location=record.get("location"),
            quantity=record.get("quantity"),
            uom=record.get("uom"),
            role=of(TraceEventRole, record.get("role")),
            declared_error=bool(record.get("declaredError")),
            actor=Enterprise.from_record(actor, day) if actor else None,
            actor_tax_code=record.get("holderTaxCode"),
            actor_name=record.get("holderName"),
            link_status=of(LinkStatus, record.get("linkStatus")),
            link_method=of(LinkMethod, link.get("method")),
            link_confidence=link.get("confidence"),
            link_explanation=LinkExplanation.from_record(link),
        )


@strawberry.type(description="A lot (or EPC) reached by a trace.")
class Lot:
    code: str
    chain: ProductChain | None
    product_code: str | None = strawberry.field(description="As the events gave it.")
    product: Product | None
    depth: int = strawberry.field(description="Links between this lot and the lot asked.")
    events: list[TraceEvent]

    @classmethod
    def from_record(cls, record: Row, day: date | None) -> Lot:
        product = record.get("product")
        return cls(
            code=record["code"],
            chain=of(ProductChain, record.get("chain")),
            product_code=record.get("productCode"),
            product=Product.with_link(product, day) if product else None,
            depth=record.get("depth") or 0,
            events=[TraceEvent.from_record(event, day) for event in record.get("events") or ()],
        )


@strawberry.type(description="Lot `from` went into lot `to` (input to output).")
class TraceLink:
    from_: str = strawberry.field(name="from")
    to: str
    event_ids: list[str]


@strawberry.type
class Trace:
    lots: list[Lot] = strawberry.field(description="Every lot reached, the one asked included.")
    links: list[TraceLink]
    truncated: bool = strawberry.field(description="More lots were reached than returned.")

    @classmethod
    def from_record(cls, record: Row, day: date | None = None) -> Trace:
        return cls(
            lots=[Lot.from_record(lot, day) for lot in record["lots"]],
            links=[
                TraceLink(from_=link["from"], to=link["to"], event_ids=link["eventIds"])
                for link in record["links"]
            ],
            truncated=bool(record["truncated"]),
        )
