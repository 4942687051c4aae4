"""Seeded drawing: one ``random.Random`` per (seed, part), and counts that follow the scale."""

from __future__ import annotations

import random
from datetime import date, timedelta


def seeded(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}:{part}")


def scaled(base: float, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(base * scale))


def fixed(n: int, scale: float) -> int:
    """Reported results are history: fixed from scale 1 up, shrunk only below it."""
    return n if scale >= 1 else max(1, round(n * scale))


def pick(rng: random.Random, weights: dict[str, float] | dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def some_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))
