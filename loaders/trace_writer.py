"""What both traceability kinds share: TraceEventRecords into the graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import Any

from hub import taxcode
from hub.graph.model import Label, Rel
from loaders.base import KindLoader, LoadContext, Record, RowFault
from loaders.products import product_key
from loaders.trace_model import TraceEventRecord

WRITE_BATCH = 10_000  # lots or links written in one transaction
MAX_EVENT_LINKS = 1_000_000  # input-to-output lot links one event may make


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, WRITE_BATCH)):
        yield batch


def event_record(
    event: TraceEventRecord, actor_name: str | None = None, actor_address: str | None = None
) -> Record:
    """The TraceEvent node's record; the actor is the first tax code among its ids."""
    links = len(event.input_lots) * len(event.lots)
    if links > MAX_EVENT_LINKS:
        raise RowFault(None, None, "too-large:links", count=links, limit=MAX_EVENT_LINKS)
    codes = [c for c in (taxcode.normalise(i) for i in event.actor_ids if len(i) != 13) if c]
    record = Record(
        key=event.event_id,
        props={},
        holder_tax_code=codes[0] if codes else None,
        holder_name=actor_name,
        holder_address=actor_address,
    )
    record.props = {
        "eventId": event.event_id,
        "name": f"{event.biz_step or event.event_type} {event.event_time.date().isoformat()}",
        "type": event.event_type,
        "bizStep": event.biz_step,
        "disposition": event.disposition,
        "action": event.action,
        "time": _fixed_offset(event.event_time),
        "location": event.location,
        "quantity": event.quantity,
        "uom": event.uom,
        "lots": list(event.lots),
        "inputLots": list(event.input_lots),
        "actorIds": list(event.actor_ids) or None,
        "declaredError": event.declared_error or None,
        "errorReason": event.error_reason,
        "correctiveEventIds": list(event.corrective_event_ids) or None,
        "holderTaxCode": record.holder_tax_code,
        "holderName": actor_name,
        "holderAddress": actor_address,
    }
    record.extra["event"] = event
    return record


def _fixed_offset(moment: datetime) -> datetime:
    """The same instant with a plain UTC offset: the driver packs zone objects badly
    (a ZoneInfo crashed its packer here), and the offset is what the data said."""
    return moment.astimezone(timezone(moment.utcoffset() or timedelta(0)))


class TraceLoader(KindLoader):
    label = Label.TRACE_EVENT

    def link(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        self._link_by_gln(ctx, records)
        with_actor = [r for r in records if r.holder_tax_code or r.holder_name]
        return super().link(ctx, with_actor)

    def _link_by_gln(self, ctx: LoadContext, records: Sequence[Record]) -> None:
        """EPCIS names parties by GLN: use an enterprise's GLN where the register has it."""
        glns = {
            i
            for r in records
            if not r.holder_tax_code
            for i in r.extra["event"].actor_ids
            if len(i) == 13 and i.isdigit()
        }
        if not glns:
            return
        known = ctx.store.enterprises_by_gln(sorted(glns))
        for record in records:
            for actor in record.extra["event"].actor_ids:
                if not record.holder_tax_code and actor in known:
                    record.holder_tax_code = known[actor]

    def claim(self, ctx: LoadContext, records: Sequence[Record]) -> None:
        """Stub firms, and the lots, each given the product its first event names (a
        lot's product code is set once), in transactions of at most ``WRITE_BATCH``
        rows: one event may name 200,000 EPCs."""
        super().claim(ctx, records)
        lots: dict[str, str | None] = {}
        keys: dict[str, str | None] = {}  # one product key per GTIN, not one per lot
        for event in (r.extra["event"] for r in records):
            for lot in (*event.lots, *event.input_lots):
                product = event.products.get(lot)
                if product is not None and product not in keys:
                    keys[product] = product_key(product)
                lots[lot] = lots.get(lot) or (keys[product] if product is not None else None)
        # In key order: another batch's write may lock some of the same lots (linking
        # its events to them), and two transactions taking those locks in different
        # orders deadlock (retried, but the work is lost; it happened through the
        # 4M-event load at scale 400).
        lot_rows = ({"key": k, "productCode": lots[k]} for k in sorted(lots))
        for batch in _batches(lot_rows):
            ctx.store.upsert_lots(batch, ctx.run, ctx.now)

    def write(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        """The events, then their links to the lots (claimed before), batched too."""
        changed = self.write_nodes(ctx, records)
        events: list[TraceEventRecord] = [r.extra["event"] for r in records]
        for rel, ends in ((Rel.ABOUT, "lots"), (Rel.CONSUMED, "input_lots")):
            rows = (
                {"from": e.event_id, "to": lot, "hash": "", "props": {}}
                for e in events
                for lot in getattr(e, ends)
            )
            for batch in _batches(rows):
                ctx.store.upsert_rels(Label.TRACE_EVENT, rel, Label.LOT, batch, ctx.run, ctx.now)
        inputs = sorted(
            (
                {"from": i, "to": o, "eventId": e.event_id}
                for e in events
                if not e.declared_error
                for i in e.input_lots
                for o in e.lots
                if i != o
            ),
            key=lambda row: (row["from"], row["to"], row["eventId"]),
        )
        for batch in _batches(inputs):
            ctx.store.link_inputs(batch, ctx.run, ctx.now)
        # An event declared erroneous no longer links its lots.
        ctx.store.drop_inputs([e.event_id for e in events if e.declared_error])
        return changed

    def finish(self, ctx: LoadContext) -> None:
        ctx.store.link_lots_to_products(ctx.run, ctx.now, ctx.started)
