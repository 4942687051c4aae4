"""The world, drawn once per seed: the chains' firms, ordinary firms, name twins and branches,
then who each programme supported and who won awards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from .chains import CHAINS, TRADE_ROLES
from .contract import SIZES
from .draw import pick, scaled, seeded, some_day
from .model import Firm, World
from .names import UniqueNames, legal_name, new_tax_code
from .places import Ward, draw_address, draw_street, wards
from .programmes import draw_awards, draw_programmes
from .vocabulary import DISTRICT_WEIGHTS, GENERAL_PROFILES, LEGAL_FORMS, SIZE_WEIGHTS


def build_world(scale: float, seed: int) -> World:
    """Every firm of the sample, its roles and programmes, the same for the same seed."""
    return _WorldBuilder(scale, seed).build()


class _WorldBuilder:
    def __init__(self, scale: float, seed: int) -> None:
        self.scale = scale
        self.rng = seeded(seed, "world")
        self.names = UniqueNames(self.rng)
        self.codes: set[str] = set()
        self.prefixes: set[str] = set()
        bd = wards()["74"]
        self.bd_wards = bd
        per_district = {d: sum(w.district_short == d for w in bd) for d in DISTRICT_WEIGHTS}
        self.ward_weights = [
            DISTRICT_WEIGHTS[w.district_short] / per_district[w.district_short] for w in bd
        ]

    def ward(self, districts: Sequence[str] = (), hub: str | None = None) -> Ward:
        if hub and self.rng.random() < 0.35:
            return next(w for w in self.bd_wards if w.name == hub)
        if districts:
            return self.rng.choice([w for w in self.bd_wards if w.district_short in districts])
        return self.rng.choices(self.bd_wards, weights=self.ward_weights)[0]

    def gs1_prefix(self) -> str | None:
        for _ in range(50):
            prefix = f"893{self.rng.randrange(10_000):04d}"
            if prefix not in self.prefixes:
                self.prefixes.add(prefix)
                return prefix
        return None  # scale far beyond 100: fall back to agency codes

    def firm(
        self,
        words: Sequence[str],
        vsic: str,
        group: str,
        *,
        farm: bool = False,
        ward: Ward | None = None,
        qualify: bool = True,
        tax_prefix: str | None = None,
        founded: tuple[date, date] = (date(1995, 1, 1), date(2026, 10, 31)),
    ) -> Firm:
        rng = self.rng
        ward = ward or self.ward()
        form = pick(rng, {f: w[1 if farm else 0] for f, w in LEGAL_FORMS.items()})
        core = self.names.core(words, ward, qualify and not farm, 0.7 if farm else 0.4)
        span = (founded[1] - founded[0]).days
        established = founded[0] + timedelta(days=int(span * rng.random() ** 0.6))
        size = rng.choices(list(SIZES), weights=SIZE_WEIGHTS["farm" if farm else "corp"])[0]
        prefix = tax_prefix or f"370{rng.choice('01234')}"
        street = draw_street(rng, ward, industrial=not farm and group != "general")
        return Firm(
            new_tax_code(rng, prefix, self.codes),
            legal_name(rng, form, core),
            core,
            form,
            vsic,
            group,
            ward,
            draw_address(rng, ward, street, established),
            size,
            established,
        )

    def general(self, **kwargs: Any) -> Firm:
        profile = self.rng.choices(GENERAL_PROFILES, weights=[p.weight for p in GENERAL_PROFILES])[
            0
        ]
        firm = self.firm(
            profile.words, profile.vsic, profile.group, qualify=profile.qualify, **kwargs
        )
        firm.status = pick(self.rng, {"active": 90, "suspended": 6, "dissolved": 4})
        return firm

    def chain_firms(self) -> dict[str, list[Firm]]:
        roles: dict[str, list[Firm]] = {}
        early = (date(1998, 1, 1), date(2019, 12, 31))
        for chain in CHAINS:
            for role, words, vsic, base, farm in (
                ("farm", chain.farm_words, chain.farm_vsic, chain.farms, True),
                ("processor", chain.processor_words, chain.processor_vsic, chain.processors, False),
            ):
                group = "agri" if farm else "food"
                made = []
                for _ in range(scaled(base, self.scale, 2 if farm else 1)):
                    ward = self.ward(chain.districts, chain.hub_ward if farm else None)
                    firm = self.firm(words, vsic, group, farm=farm, ward=ward, founded=early)
                    firm.chain, firm.role = chain.key, role
                    firm.gs1_prefix = (
                        self.gs1_prefix() if not farm or self.rng.random() < 0.4 else None
                    )
                    made.append(firm)
                roles[f"{chain.key}:{role}"] = made
        for role, (words, vsic, base) in TRADE_ROLES.items():
            made = []
            for _ in range(scaled(base, self.scale)):
                firm = self.firm(words, vsic, "food", founded=early)
                firm.role, firm.gs1_prefix = role, self.gs1_prefix()
                made.append(firm)
            roles[role] = made
        return roles

    def twins(self, count: int) -> list[tuple[Firm, Firm]]:
        """Pairs that differ only in legal form: a name without its form matches both."""
        pairs = []
        for _ in range(count):
            first = self.general(founded=(date(1996, 1, 1), date(2008, 12, 31)))
            second = self.general()
            second.legal_form = "CP" if first.legal_form != "CP" else "TNHH"
            second.core = first.core
            second.name = legal_name(self.rng, second.legal_form, first.core)
            first.twin = second.twin = True
            pairs.append((first, second))
        return pairs

    def branches(self, heads: list[Firm], count: int) -> list[Firm]:
        """Most Hồ Chí Minh City head offices have a branch here, and some bigger local firms."""
        rng = self.rng
        hcm = [f for f in heads if not f.in_province]
        big = [f for f in heads if f.in_province and f.size in ("medium", "large")]
        chosen = rng.sample(hcm, round(len(hcm) * 0.6))
        chosen += rng.sample(big, min(len(big), max(0, count - len(chosen))))
        out = []
        for head in chosen:
            for k in range(1, (3 if rng.random() < 0.15 else 1) + 1):
                out.append(self.branch(head, k))
        return out[:count]

    def branch(self, head: Firm, k: int) -> Firm:
        rng = self.rng
        ward = self.ward()
        established = some_day(rng, max(head.established, date(2000, 1, 1)), date(2026, 10, 31))
        name = (
            f"Chi nhánh {head.name} tại Bình Dương"
            if rng.random() < 0.5
            else f"{head.name} - Chi nhánh {ward.district_short}"
        )
        street = draw_street(rng, ward, industrial=True)
        head.has_branch = True
        return Firm(
            f"{head.tax_code}-{k:03d}",
            name,
            head.core,
            head.legal_form,
            head.vsic,
            head.group,
            ward,
            draw_address(rng, ward, street, established),
            head.size,
            established,
            head=head,
        )

    def build(self) -> World:
        rng, scale = self.rng, self.scale
        total = scaled(1000, scale, 20)
        roles = self.chain_firms()
        chain_firms = [f for group in roles.values() for f in group]
        twins = self.twins(scaled(3, scale))
        n_branches = round(total * 0.05)
        n_heads = total - n_branches - len(chain_firms) - 2 * len(twins)
        n_hcm = round(n_heads * 0.03)
        heads = [self.general() for _ in range(max(0, n_heads - n_hcm))]
        hcm = wards()["79"]
        heads += [
            self.general(ward=rng.choice(hcm), tax_prefix=f"031{rng.randrange(10)}")
            for _ in range(n_hcm)
        ]
        branches = self.branches(heads, n_branches)
        firms = chain_firms + [f for pair in twins for f in pair] + heads + branches
        rng.shuffle(firms)
        extras = [self.general() for _ in range(scaled(50, scale))]
        for firm in extras:
            firm.utf16_only = True
        world = World(scale, firms, extras, roles, twins, {}, self.codes)
        world.programmes = draw_programmes(rng, firms, scale)
        world.awards = draw_awards(rng, world)
        return world
