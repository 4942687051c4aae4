"""Linking one firm across datasets: by tax code, else by name (helped by address).

A row with a valid tax code links to that code's enterprise. A row without one is
matched by ``hub.text.name_key`` (legal-form words canonicalised, case, spacing and
diacritics ignored); an address narrows several same-named firms to one; a near
miss is accepted only when one candidate clearly wins. Anything else is kept as
unresolved or ambiguous, never guessed, and ``relink`` tries again after each load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from hub import text
from hub.geo.address import parse_address
from hub.graph import queries_linking
from hub.graph.driver import Graph
from hub.graph.model import LinkMethod, LinkStatus

_FUZZY_MIN = 93.0  # token-sort ratio a near miss needs
_FUZZY_MARGIN = 4.0  # and its lead over the runner-up


@dataclass(frozen=True)
class Link:
    holder: str | None
    method: str | None
    confidence: float | None
    status: str
    candidates: tuple[str, ...] = ()

    def as_row(self, key: str) -> dict[str, object]:
        """The row ``hub.graph.writes.link_holders`` takes for the record ``key``."""
        return {"key": key, **self.fields()}

    def fields(self) -> dict[str, object]:
        return {
            "holder": self.holder,
            "method": self.method,
            "confidence": self.confidence,
            "status": self.status,
            "candidates": list(self.candidates) or None,
        }


UNRESOLVED = Link(None, None, None, LinkStatus.UNRESOLVED)


def by_tax_code(code: str) -> Link:
    return Link(code, LinkMethod.TAX_CODE, 1.0, LinkStatus.LINKED)


def _blocks(name_key: str) -> list[str]:
    """The two longest tokens: candidates for a near miss must share one."""
    tokens = sorted({t for t in name_key.split() if len(t) > 2}, key=lambda t: (-len(t), t))
    return tokens[:2]


class EnterpriseIndex:
    """Every enterprise's name key and admin units, held in memory for one load."""

    def __init__(self) -> None:
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._units: dict[str, frozenset[str]] = {}
        self._block: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_graph(cls, graph: Graph) -> EnterpriseIndex:
        index = cls()
        for row in queries_linking.enterprise_names(graph):
            index.add(row["key"], row["nameKey"], row["unitKeys"] or ())
        return index

    def __len__(self) -> int:
        return len(self._units)

    def add(self, key: str, name_key: str | None, unit_keys: Iterable[str]) -> None:
        self._units[key] = frozenset(unit_keys)
        if name_key:
            self._by_name[name_key].add(key)
            for token in _blocks(name_key):
                self._block[token].add(name_key)

    def resolve(self, name: str | None, address: str | None = None) -> Link:
        """Match a firm by name (and address); never guesses between several."""
        name_key = text.name_key(name)
        if not name_key:
            return UNRESOLVED
        units = _address_units(address)
        exact = sorted(self._by_name.get(name_key, ()))
        if exact:
            return self._choose(exact, units, LinkMethod.NAME, 0.95)
        near = self._near_miss(name_key)
        if near is None:
            return UNRESOLVED
        matched_key, score = near
        candidates = sorted(self._by_name.get(matched_key, ()))
        return self._choose(candidates, units, LinkMethod.FUZZY_NAME, round(0.9 * score / 100, 3))

    def _choose(
        self, candidates: list[str], units: frozenset[str], method: str, confidence: float
    ) -> Link:
        if units:
            local = [key for key in candidates if self._units.get(key, frozenset()) & units]
            if len(local) == 1:
                return Link(
                    local[0], LinkMethod.NAME_ADDRESS, min(1.0, confidence + 0.04), "linked"
                )
            if local:
                candidates = local
        if len(candidates) == 1:
            return Link(candidates[0], method, confidence, LinkStatus.LINKED)
        return Link(None, None, None, LinkStatus.AMBIGUOUS, tuple(candidates))

    def _near_miss(self, name_key: str) -> tuple[str, float] | None:
        pool: set[str] = set()
        for token in _blocks(name_key):
            pool |= self._block.get(token, set())
        if not pool:
            return None
        best = process.extract(name_key, list(pool), scorer=fuzz.token_sort_ratio, limit=2)
        if not best or best[0][1] < _FUZZY_MIN:
            return None
        if len(best) > 1 and best[0][1] - best[1][1] < _FUZZY_MARGIN:
            return None
        return best[0][0], float(best[0][1])


def _address_units(address: str | None) -> frozenset[str]:
    """The ward-level units of an address (former and current), for narrowing."""
    if not address:
        return frozenset()
    parsed = parse_address(address)
    if parsed is None:
        return frozenset()
    return frozenset(key for key in parsed.unit_keys if ":ward:" in key)
