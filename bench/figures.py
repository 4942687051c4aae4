"""Figures: one line each, ``name: value unit``, printed as soon as they are known."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

# What every figure line looks like (the smoke test checks the output with it).
LINE = re.compile(r"^[a-z][a-z0-9_]*: -?[0-9]+(\.[0-9]+)? [A-Za-z/%_]+$")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str

    def line(self) -> str:
        value = self.value
        if value == int(value) and abs(value) < 1e15:
            text = str(int(value))
        elif abs(value) >= 100:
            text = f"{value:.0f}"
        elif abs(value) >= 1:
            text = f"{value:.2f}"
        else:
            text = f"{value:.3f}"
        return f"{self.name}: {text} {self.unit}"


class Figures:
    """Collects figures and prints each one when it is added."""

    def __init__(self, echo: bool = True) -> None:
        self.items: list[Figure] = []
        self.echo = echo

    def add(self, name: str, value: float, unit: str) -> Figure:
        figure = Figure(name, float(value), unit)
        self.items.append(figure)
        if self.echo:
            print(figure.line(), flush=True)
        return figure

    def value(self, name: str) -> float | None:
        for figure in reversed(self.items):
            if figure.name == name:
                return figure.value
        return None


def note(message: str) -> None:
    """Progress for people, on stderr, so stdout stays figure lines only."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of ``samples``."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
