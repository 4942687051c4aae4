"""measurement.csv: metrology support under 996/QĐ-TTg (UTF-8 with a BOM when messy)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .contract import P996
from .draw import pick, scaled, seeded
from .mess import cite, spread
from .model import World
from .sinks import csv_sink

_SUPPORT = {  # support type -> (weight, amount range in millions, instruments)
    "training": (25, (5, 30), False),
    "calibration": (25, (10, 80), True),
    "verification": (20, (5, 40), True),
    "measurement_assurance": (15, (50, 200), True),
    "lab_capability": (5, (200, 800), False),
    "equipment": (10, (100, 500), True),
}


def _vnd(amount: int, messy: bool, rng: random.Random) -> str:
    if messy and rng.random() < 0.85:
        return f"{amount:,}".replace(",", ".")
    return str(amount)


def _measurement_rows(world: World, messy: bool, rng: random.Random) -> Iterator[dict[str, Any]]:
    firms = [f for f in world.firms if f.group != "general" and f.status == "active"]
    for n in range(scaled(500, world.scale)):
        firm, year = rng.choice(firms), rng.randint(2019, 2026)
        kind = pick(rng, {k: v[0] for k, v in _SUPPORT.items()})
        low, high = _SUPPORT[kind][1]
        amount = rng.randint(low * 2, high * 2) * 500_000
        row: dict[str, Any] = {
            "record_id": f"996-{year}-{n + 1:05d}",
            "support_type": kind,
            "year": year,
            "amount_vnd": _vnd(amount, messy, rng),
            "instruments": rng.randint(5, 300) if _SUPPORT[kind][2] else None,
            "programme": P996 if not messy or rng.random() < 0.3 else None,
        }
        cite(firm, row, messy, rng)
        yield row


def write_measurement(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "measurement")
    sink = csv_sink(
        out, "measurement", "measurement.csv", messy, encoding="utf-8-sig" if messy else "utf-8"
    )
    firm = next(f for f in world.firms if f.plain)
    base = {
        "tax_code": firm.tax_code,
        "support_type": "calibration",
        "year": 2024,
        "amount_vnd": "15.000.000",
        "instruments": 12,
        "programme": P996,
    }
    bad = (
        [
            (
                {**base, "record_id": "996-2024-90001", "amount_vnd": "-5.000.000"},
                "amount_vnd",
                "negative amount",
            ),
            (
                {**base, "record_id": "996-2024-90002", "support_type": "inspection"},
                "support_type",
                "unknown support type",
            ),
            ({**base, "record_id": ""}, "record_id", "required value missing"),
        ]
        if messy
        else []
    )
    expected = scaled(500, world.scale)
    for row, problem in spread(_measurement_rows(world, messy, rng), bad, expected):
        sink.add(row, problem)
    return sink.close()
