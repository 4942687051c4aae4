"""awards.csv: the world's quality awards, in year order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .draw import seeded
from .mess import cite
from .model import World
from .sinks import csv_sink


def write_awards(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "awards")
    sink = csv_sink(out, "awards", "awards.csv", messy)
    for firm, award, year in world.awards:
        row: dict[str, Any] = {"award": award, "year": year}
        cite(firm, row, messy, rng)
        sink.add(row)
    return sink.close()
