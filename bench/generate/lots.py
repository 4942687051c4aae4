"""Lots flowing farm -> processor -> distributor -> retailer, as trace events in time order."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .chains import CHAIN_BY_KEY, CHAINS, Chain
from .model import Firm, Product, World


@dataclass
class Lot:
    code: str
    product: Product
    quantity: float
    ready: datetime  # when it is available at its current holder


class LotFlow:
    """Lots flowing farm -> processor -> distributor -> retailer, 3 to 4 links deep."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world, self.rng = world, rng
        self.seq: dict[str, int] = {}
        self.events = 0
        self.by_producer: dict[tuple[str, str], list[Product]] = {}
        for p in world.products:
            self.by_producer.setdefault((p.producer.tax_code, p.stage), []).append(p)

    def lot(self, chain: Chain, product: Product, qty: float, when: datetime) -> Lot:
        self.seq[chain.key] = self.seq.get(chain.key, 0) + 1
        code = f"LOT-{chain.lot}-{when.year}-{self.seq[chain.key]:06d}"
        return Lot(code, product, round(qty, 1) if chain.uom == "kg" else int(qty), when)

    def event(
        self,
        kind: str,
        step: str,
        lot: Lot,
        actor: Firm,
        when: datetime,
        inputs: Sequence[Lot] = (),
    ) -> dict[str, Any]:
        self.events += 1
        self.world.suppliers.setdefault(lot.product.chain, set()).add(actor.tax_code)
        return {
            "event_id": f"EV-{self.events:08d}",
            "event_time": when,
            "event_type": kind,
            "biz_step": step,
            "lot_code": lot.code,
            "product_code": lot.product.code,
            "input_lots": ";".join(i.code for i in inputs) or None,
            "actor": actor,
            "quantity": lot.quantity,
            "uom": CHAIN_BY_KEY[lot.product.chain].uom,
        }

    def hours(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low * 60, high * 60))

    def move(self, lot: Lot, sender: Firm, receiver: Firm, out: list[dict[str, Any]]) -> None:
        shipped = lot.ready + self.hours(1, 12)
        out.append(self.event("object", "shipping", lot, sender, shipped))
        lot.ready = shipped + self.hours(1, 8)
        out.append(self.event("object", "receiving", lot, receiver, lot.ready))

    def raw(self, chain: Chain, start: datetime, processor: Firm, out: list[dict[str, Any]]) -> Lot:
        farm = self.rng.choice(self.world.roles[f"{chain.key}:farm"])
        product = self.rng.choice(self.by_producer[(farm.tax_code, "raw")])
        lot = self.lot(chain, product, self.rng.randint(*chain.raw_qty), start + self.hours(0, 72))
        out.append(self.event("object", "commissioning", lot, farm, lot.ready))
        self.move(lot, farm, processor, out)
        return lot

    def processed(
        self,
        chain: Chain,
        start: datetime,
        processor: Firm,
        spare: list[Lot],
        out: list[dict[str, Any]],
    ) -> Lot:
        inputs = [self.raw(chain, start, processor, out) for _ in range(self.rng.randint(2, 3))]
        if spare and self.rng.random() < 0.3:  # a raw lot split over two processed lots
            inputs.append(spare[0])
        spare[:] = inputs[:1]
        when = max(i.ready for i in inputs) + self.hours(2, 24)
        product = self.rng.choice(self.by_producer[(processor.tax_code, "processed")])
        qty = sum(i.quantity for i in inputs) * chain.yield_
        lot = self.lot(chain, product, qty, when)
        out.append(self.event("transformation", "transforming", lot, processor, when, inputs))
        return lot

    def packed(
        self, chain: Chain, start: datetime, distributor: Firm, out: list[dict[str, Any]]
    ) -> Lot:
        processor = self.rng.choice(self.world.roles[f"{chain.key}:processor"])
        spare: list[Lot] = []
        inputs = [
            self.processed(chain, start, processor, spare, out)
            for _ in range(self.rng.randint(1, 2))
        ]
        when = max(i.ready for i in inputs) + self.hours(1, 6)
        lot = self.lot(chain, inputs[0].product, sum(i.quantity for i in inputs), when)
        out.append(self.event("aggregation", "packing", lot, processor, when, inputs))
        self.move(lot, processor, distributor, out)
        return lot

    def tree(self, chain: Chain, start: datetime) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        distributor = self.rng.choice(self.world.roles["distributor"])
        shop = self.rng.choice(self.world.roles["retailer"])
        inputs = [
            self.packed(chain, start, distributor, out) for _ in range(self.rng.randint(2, 3))
        ]
        when = max(i.ready for i in inputs) + self.hours(2, 24)
        lot = self.lot(chain, inputs[0].product, sum(i.quantity for i in inputs), when)
        out.append(self.event("aggregation", "packing", lot, distributor, when, inputs))
        self.move(lot, distributor, shop, out)
        return out

    def all(self, budget: int) -> Iterator[dict[str, Any]]:
        first, last = datetime(2021, 1, 4, 5, 0), datetime(2026, 10, 25, 5, 0)
        span = int((last - first).total_seconds() // 60)
        i = 0
        while self.events < budget:
            start = first + timedelta(minutes=self.rng.randrange(span))
            yield from self.tree(CHAINS[i % len(CHAINS)], start)
            i += 1
