"""The name rules the hub had before issue 19, kept only to measure against.

``hub.text.name_key`` (legal-form words canonicalised, case, spacing and diacritics
ignored) must match exactly; else a rapidfuzz token-sort ratio of at least 93 with a
lead of 4 over the runner-up among names sharing one of the two longest words; an
address narrows several same-named firms to one. ``bench/linking.py`` runs it on the
same references as the hub's linker.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from hub.text import name_key

_FUZZY_MIN = 93.0
_FUZZY_MARGIN = 4.0


def _blocks(key: str) -> list[str]:
    tokens = sorted({t for t in key.split() if len(t) > 2}, key=lambda t: (-len(t), t))
    return tokens[:2]


class BaselineIndex:
    def __init__(self) -> None:
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._units: dict[str, frozenset[str]] = {}
        self._block: dict[str, set[str]] = defaultdict(set)

    def add(self, key: str, name: str, unit_keys: Iterable[str]) -> None:
        self._units[key] = frozenset(unit_keys)
        folded = name_key(name)
        if folded:
            self._by_name[folded].add(key)
            for token in _blocks(folded):
                self._block[token].add(folded)

    def resolve(self, name: str, units: frozenset[str]) -> str | None:
        """The firm's key, or None (unresolved or ambiguous)."""
        folded = name_key(name)
        if not folded:
            return None
        exact = sorted(self._by_name.get(folded, ()))
        if exact:
            return self._choose(exact, units)
        pool: set[str] = set()
        for token in _blocks(folded):
            pool |= self._block.get(token, set())
        if not pool:
            return None
        best = process.extract(folded, list(pool), scorer=fuzz.token_sort_ratio, limit=2)
        if not best or best[0][1] < _FUZZY_MIN:
            return None
        if len(best) > 1 and best[0][1] - best[1][1] < _FUZZY_MARGIN:
            return None
        return self._choose(sorted(self._by_name.get(best[0][0], ())), units)

    def _choose(self, candidates: list[str], units: frozenset[str]) -> str | None:
        if units:
            local = [key for key in candidates if self._units.get(key, frozenset()) & units]
            if len(local) == 1:
                return local[0]
            if local:
                candidates = local
        return candidates[0] if len(candidates) == 1 else None
