"""Linking one firm across datasets: by tax code, else by name (helped by address).

A row with a valid tax code links to that code's enterprise. A row without one is
matched by name: both names are taken apart (``hub.names``) and compared
(``loaders.name_match``); a rule links only when one firm of the register clearly
wins, narrowed where needed by the exact legal form, the address's ward, a place in
brackets and the diacritics the row wrote. Every link carries its method, its
confidence and the evidence that decided (words agreed, what differed). A record
no rule may decide is kept as ``ambiguous`` (several firms fit equally) or
``unresolved`` (none fits well enough), with its candidates and their scores, for
review (``hub review``); ``relink`` tries again after each load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from itertools import product
from typing import Any

from hub import names
from hub.geo.address import parse_address
from hub.graph import queries_linking
from hub.graph.driver import Graph
from hub.graph.model import LinkMethod, LinkStatus
from hub.names import FirmName
from hub.text import fold
from loaders.name_match import Comparison, Level, compare

_BASE_CONFIDENCE = {Level.SAME: 0.95, Level.TYPO: 0.8}
_REVIEW_CANDIDATES = 5  # at most, with the best scores, on a record kept for review
_TIED_CANDIDATES = 20  # at most, of the firms an ambiguous name fits equally
_REVIEW_MIN_SCORE = 0.5
_WIDE = 2000  # a block this big says nothing; skip it


@dataclass(frozen=True)
class Link:
    holder: str | None
    method: str | None
    confidence: float | None
    status: str
    candidates: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()
    evidence: str | None = None
    agreed: tuple[str, ...] = ()
    differed: tuple[str, ...] = ()

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
            "scores": list(self.scores) or None,
            "evidence": self.evidence,
            "agreed": list(self.agreed) or None,
            "differed": list(self.differed) or None,
        }


UNRESOLVED = Link(None, None, None, LinkStatus.UNRESOLVED)


def by_tax_code(code: str) -> Link:
    return Link(code, LinkMethod.TAX_CODE, 1.0, LinkStatus.LINKED)


@dataclass(frozen=True)
class _Firm:
    key: str
    name: FirmName
    units: frozenset[str]  # ward keys of the address (former and current)
    address_words: frozenset[str]


@dataclass(frozen=True)
class _Match:
    firm: _Firm
    comparison: Comparison
    ref: FirmName  # the reading of the row's name compared (FirmName.readings)
    reading: FirmName  # and of the firm's

    @property
    def rank(self) -> tuple[int, int]:
        """The level first; then names as written before names with a place set aside."""
        return (self.comparison.level, -int(self.ref.bare) - int(self.reading.bare))


class EnterpriseIndex:
    """Every enterprise's name taken apart, with its wards, held in memory for one load."""

    def __init__(self) -> None:
        self._firms: list[_Firm] = []
        self._exact: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._compact: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def from_graph(cls, graph: Graph) -> EnterpriseIndex:
        return cls.from_rows(queries_linking.enterprise_names(graph))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> EnterpriseIndex:
        """The index of ``enterprise_names``' rows (from the graph, or a bulk import's image)."""
        index = cls()
        for row in rows:
            index.add(
                row["key"], row["name"], row["unitKeys"] or (), row["address"], row["isBranch"]
            )
        return index

    def __len__(self) -> int:
        return len(self._firms)

    def add(
        self,
        key: str,
        name: str | None,
        unit_keys: Iterable[str] = (),
        address: str | None = None,
        is_branch: bool | None = False,
    ) -> None:
        parsed = names.parse(name or "")
        if is_branch and not parsed.branch:
            parsed = replace(parsed, branch=True)
        firm = _Firm(key, parsed, frozenset(unit_keys), frozenset(fold(address).split()))
        at = len(self._firms)
        self._firms.append(firm)
        for reading in parsed.readings():
            for terms in _expansions(reading.terms):
                self._exact[tuple(sorted(terms))].append(at)
                self._compact["".join(terms)].append(at)
                for term in terms:
                    self._postings[term].add(at)

    def resolve(self, name: str | None, address: str | None = None) -> Link:
        """Match a firm by name (and address); never guesses between several."""
        ref = names.parse(name or "")
        if not ref.terms:
            return UNRESOLVED
        matches = self._matches(ref)
        linked = [m for m in matches if m.comparison.level > Level.NEAR]
        if not linked:
            return _for_review(LinkStatus.UNRESOLVED, matches)
        best = max(m.rank for m in linked)
        if best[0] == Level.SAME:
            contenders = [m for m in linked if m.rank == best]
        else:  # a weaker rule links only where nothing else holds the row's words
            contenders = linked + [m for m in matches if m.comparison.contains and m not in linked]
        units = address_units(address)
        chosen, narrowed_by = _narrow(contenders, units)
        if len(chosen) > 1:
            return _for_review(LinkStatus.AMBIGUOUS, chosen)
        [match] = chosen
        if match.comparison.level == Level.NEAR:
            return _for_review(LinkStatus.UNRESOLVED, matches)
        return _link(match, units, narrowed_by) or _for_review(LinkStatus.UNRESOLVED, matches)

    def compares(self, name: str | None) -> bool:
        """Whether a record named ``name`` would be compared with any firm held here."""
        ref = names.parse(name or "")
        return bool(ref.terms) and bool(self._matches(ref))

    # Finding candidates ----------------------------------------------------------

    def _matches(self, ref: FirmName) -> list[_Match]:
        """Firms sharing the row's words (all, all but one, or run together), compared;
        when some firm has the very words, nothing else can win: no wider search."""
        best: dict[int, _Match] = {}
        for reading in ref.readings():
            self._compare(reading, self._same_words(reading), best)
        if not any(m.comparison.level == Level.SAME for m in best.values()):
            for reading in ref.readings():
                self._compare(reading, self._candidates(reading), best)
        return sorted(best.values(), key=lambda m: (-m.comparison.score, m.firm.key))

    def _compare(self, ref: FirmName, found: Iterable[int], best: dict[int, _Match]) -> None:
        """Each firm's best comparison with the row, over both names' readings (a place
        set off by a dash kept or set aside); the name as written wins a tie."""
        vocabulary = self._postings.keys()
        for at in found:
            firm = self._firms[at]
            for reading in firm.name.readings():
                match = _Match(firm, compare(ref, reading, vocabulary), ref, reading)
                if at not in best or match.rank > best[at].rank:
                    best[at] = match

    def _same_words(self, ref: FirmName) -> set[int]:
        found: set[int] = set()
        for terms in _expansions(ref.terms):
            found.update(self._exact.get(tuple(sorted(terms)), ()))
        return found

    def _candidates(self, ref: FirmName) -> set[int]:
        found: set[int] = set()
        for terms in _expansions(ref.terms):
            found.update(self._compact.get("".join(terms), ()))
            distinct = set(terms)
            found |= self._holding(distinct)
            if len(distinct) > 1:
                for left_out in distinct:
                    found |= self._holding(distinct - {left_out})
        return found

    def _holding(self, terms: set[str]) -> set[int]:
        """Firms whose names hold every one of ``terms`` (nothing when that is too many)."""
        if not terms or all(names.is_generic(t) for t in terms):
            return set()
        lists = sorted((self._postings.get(t, set()) for t in terms), key=len)
        if not lists[0]:
            return set()
        held = reduce(set.intersection, lists[1:], set(lists[0]))
        return held if len(held) <= _WIDE else set()


def could_relink(
    pending: Iterable[Mapping[str, Any]], changed: Iterable[Mapping[str, Any]]
) -> bool:
    """Whether linking a record kept for review again could end otherwise, now that the
    firms ``changed`` were written (rows of ``enterprise_names``, their new names).

    A record's match moves only through the firms it is compared with (those sharing its
    words: what the register's index looks up) and those it listed as candidates. When
    no changed firm is either, for every pending record, matching them all again against
    the whole register would give the same answers, so that is skipped. (One thing is not
    seen: a word only a changed firm's old name held leaving the register's vocabulary.)
    """
    changed = list(changed)
    keys = {row["key"] for row in changed}
    index = EnterpriseIndex()
    for row in changed:
        index.add(row["key"], row["name"], row["unitKeys"] or (), row["address"], row["isBranch"])
    return any(
        keys.intersection(row["candidates"] or ()) or index.compares(row["name"]) for row in pending
    )


def _expansions(terms: Sequence[str]) -> list[tuple[str, ...]]:
    """Every reading of the terms, each abbreviation with several meanings expanded."""
    options = [names.term_options(t) for t in terms]
    if all(len(o) == 1 for o in options):
        return [tuple(terms)]
    return [tuple(choice) for choice in product(*options)][:8]


# Deciding ---------------------------------------------------------------------------


def _narrow(matches: list[_Match], units: frozenset[str]) -> tuple[list[_Match], str | None]:
    """Keep the contenders that fit best, one piece of evidence at a time."""
    steps: list[tuple[str, Callable[[_Match], bool]]] = [
        ("form", lambda m: m.ref.form is not None and m.reading.form == m.ref.form),
        ("address", lambda m: bool(units) and _shared(units, m) == most_shared),
        ("place", _place_agrees),
    ]
    most_shared = max(_shared(units, m) for m in matches)
    narrowed_by = None
    for step, keep in steps:
        if len(matches) == 1:
            break
        kept = [m for m in matches if keep(m)]
        if kept and len(kept) < len(matches):
            matches, narrowed_by = kept, step
    return matches, narrowed_by


def _shared(units: frozenset[str], match: _Match) -> int:
    """How many ward keys (former and current) the row's address shares with the firm's:
    two old wards merged in 2025 share the new one, so the most shared wins."""
    return len(units & match.firm.units)


def _place_agrees(match: _Match) -> bool:
    words = set(match.ref.places)
    return bool(words) and words <= (match.firm.address_words | set(match.reading.places))


def _link(match: _Match, units: frozenset[str], narrowed_by: str | None) -> Link | None:
    """The link to ``match``, or None when the address speaks against a weak match."""
    comparison, firm, ref = match.comparison, match.firm, match.ref
    agreed, differed = list(comparison.agreed), list(comparison.differed)
    confidence = _BASE_CONFIDENCE[comparison.level]
    if comparison.level == Level.SAME and not (ref.form and ref.form == match.reading.form):
        confidence -= 0.05  # the row gave no legal form, or a looser one
    if "word order" in differed:
        confidence -= 0.02
    if units and firm.units:
        if units & firm.units:
            agreed.append("ward")
            confidence += 0.04
        elif comparison.level < Level.SAME:
            return None
        else:
            differed.append("ward")
            confidence -= 0.1
    if _place_agrees(match):
        agreed.append("place " + " ".join(ref.places))
    method = LinkMethod.NAME if comparison.level == Level.SAME else LinkMethod.FUZZY_NAME
    if narrowed_by == "address":
        method = LinkMethod.NAME_ADDRESS
    confidence = round(min(0.99, confidence), 3)
    evidence = _evidence(comparison.level, agreed, differed, narrowed_by)
    return Link(
        firm.key,
        method,
        confidence,
        LinkStatus.LINKED,
        evidence=evidence,
        agreed=tuple(agreed),
        differed=tuple(differed),
    )


def _evidence(level: Level, agreed: list[str], differed: list[str], narrowed_by: str | None) -> str:
    """One sentence a person can check: which words agreed, what differed, what decided."""
    what = {
        Level.SAME: "the same distinctive words",
        Level.TYPO: "the same words but one typing slip",
    }[level]
    words = " ".join(a for a in agreed if " " not in a and a != "ward")
    others = [a for a in agreed if " " in a or a == "ward"]
    text = f"{what} ({words})" + "".join(f"; {a} agrees" for a in others)
    if differed:
        text += "; differs: " + "; ".join(differed)
    if narrowed_by in ("form", "address", "place"):
        text += f"; the {narrowed_by} told it from same-named firms"
    return text


def _for_review(status: str, matches: list[_Match]) -> Link:
    """A record kept for review, with the firms worth showing and their scores."""
    shown = [m for m in matches if m.comparison.score >= _REVIEW_MIN_SCORE][:_REVIEW_CANDIDATES]
    if status == LinkStatus.AMBIGUOUS:
        shown = sorted(matches, key=lambda m: m.firm.key)[:_TIED_CANDIDATES]
    return Link(
        None,
        None,
        None,
        status,
        tuple(m.firm.key for m in shown),
        tuple(m.comparison.score for m in shown),
    )


def address_units(address: str | None) -> frozenset[str]:
    """The ward-level units of an address (former and current), for narrowing."""
    if not address:
        return frozenset()
    parsed = parse_address(address)
    if parsed is None:
        return frozenset()
    return frozenset(key for key in parsed.unit_keys if ":ward:" in key)
