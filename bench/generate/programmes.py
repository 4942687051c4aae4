"""Who each programme supported (2943/QĐ-UBND's reported results exactly) and who won
quality awards."""

from __future__ import annotations

import random
from collections.abc import Sequence

from .contract import P2109, P2684, P2943, SIZES
from .draw import fixed, pick, scaled
from .model import Firm, World


def draw_programmes(
    rng: random.Random, firms: list[Firm], scale: float
) -> dict[tuple[str, str], list[Firm]]:
    """Firms each programme supported: 2943's reported results exactly, the others' progress."""

    def pool(before: int, sizes: Sequence[str] = ("micro", "small", "medium")) -> list[Firm]:
        return [
            f
            for f in firms
            if f.in_province
            and not f.head
            and not f.twin
            and f.established.year < before
            and f.size in sizes
        ]

    def take(candidates: list[Firm], n: int) -> list[Firm]:
        return rng.sample(candidates, min(n, len(candidates)))

    sme17, sme21 = pool(2017), pool(2021)
    any17 = [f for f in pool(2017, tuple(SIZES)) if f.group != "general"]  # has product rules
    return {
        (P2943, "productivity_tools"): take(sme17, fixed(7, scale)),
        (P2943, "management_system"): take(sme17, fixed(15, scale)),
        (P2943, "quality_award"): take(pool(2015, ("medium", "large")), fixed(12, scale)),
        (P2943, "conformity"): take(any17, fixed(312, scale)),
        (P2109, "pilot_project"): take(sme21, fixed(12, scale)),
        (P2109, "productivity_tools"): take(pool(2021, ("large",)), 1),
        (P2109, "training"): take(sme21, scaled(20, scale)),
        (P2684, "productivity_tools"): take(sme21, fixed(3, scale)),
        (P2684, "management_system"): take(sme21, fixed(9, scale)),
        (P2684, "model_enterprise"): take(pool(2021, tuple(SIZES)), fixed(2, scale)),
        (P2684, "training"): take(sme21, scaled(25, scale)),
    }


def draw_awards(rng: random.Random, world: World) -> list[tuple[Firm, str, int]]:
    """2943's twelve winners (2017-2020), then other winners of other years."""
    winners = world.programmes[(P2943, "quality_award")]
    kinds = ["national_quality_award"] * max(0, len(winners) - 3) + [
        "national_quality_award_gold",
        "national_quality_award_gold",
        "asia_pacific_quality_award",
    ]
    rows = [
        (f, k, rng.randint(2017, 2020))
        for f, k in zip(winners, kinds[-len(winners) :], strict=True)
    ]
    others = [f for f in world.firms if f.size in ("medium", "large") and f.plain]
    for firm in rng.sample(others, min(len(others), scaled(8, world.scale))):
        year = rng.choice([y for y in range(2008, 2026) if not 2017 <= y <= 2020])
        kind = pick(rng, {"national_quality_award": 8, "national_quality_award_gold": 2})
        rows.append((firm, kind, year))
    rows.sort(key=lambda r: (r[2], r[0].name))
    return rows
