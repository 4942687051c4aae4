"""trace_events.jsonl (messy) or trace_events.csv (clean): the lots' events, rendered."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .contract import NEW_PROVINCE
from .draw import scaled, seeded
from .lots import LotFlow
from .mess import spread
from .model import Firm, World
from .sinks import JsonLinesSink, Sink, csv_sink


def _location(firm: Firm) -> str:
    if "Thành phố Hồ Chí Minh" in firm.address and firm.in_province:
        return f"{firm.ward.new_name}, {NEW_PROVINCE}"
    return f"{firm.ward.name}, {firm.ward.district}"


def _render_event(event: dict[str, Any], messy: bool, rng: random.Random) -> dict[str, Any]:
    row = dict(event)
    actor: Firm = row.pop("actor")
    stamp = row["event_time"].strftime("%Y-%m-%dT%H:%M:%S")
    row["event_time"] = stamp if messy and rng.random() < 0.25 else stamp + "+07:00"
    if messy and rng.random() < 0.08:  # its exact registered name: actors are never twins
        row["actor_name"] = actor.name
    else:
        row["actor_tax_code"] = actor.tax_code
    row["location"] = _location(actor)
    return row


def write_trace_events(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "trace_events")
    budget = scaled(10_000, world.scale, 50)
    events = (_render_event(e, messy, rng) for e in LotFlow(world, rng).all(budget))
    sink: Sink
    if not messy:
        sink = csv_sink(out, "trace_events", "trace_events.csv", False)
        for row in events:
            sink.add(row)
        return sink.close()
    sink = JsonLinesSink(out / "trace_events.jsonl", "trace_events")
    base = {
        "event_type": "object",
        "biz_step": "receiving",
        "product_code": "BD-RAU-0001",
        "actor_tax_code": world.roles["retailer"][0].tax_code,
        "quantity": 120,
        "uom": "kg",
    }
    bad = [
        (
            {
                **base,
                "event_id": "EV-BAD-0001",
                "event_time": "2024-05-02T09:30:00+07:00",
                "event_type": "observation",
                "lot_code": "LOT-RAU-2024-900001",
            },
            "event_type",
            "unknown event type",
        ),
        (
            {**base, "event_id": "EV-BAD-0002", "event_time": "2024-05-02T10:00:00+07:00"},
            "lot_code",
            "required value missing",
        ),
        (
            {
                **base,
                "event_id": "EV-BAD-0003",
                "event_time": "2024-02-30T08:00:00+07:00",
                "lot_code": "LOT-RAU-2024-900003",
            },
            "event_time",
            "impossible date",
        ),
    ]
    for row, problem in spread(events, bad, budget):
        sink.add(row, problem)
    return sink.close()
