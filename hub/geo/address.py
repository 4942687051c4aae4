"""Addresses written before or after the 2025 reform, matched to administrative units.

``parse_address`` finds the province, then (former era) the district and the ward
inside it, or (current era) the ward inside the province, reading right to left as
Vietnamese addresses are written. Names match by folded form with or without their
type word; abbreviations (``P.``, ``Q.``, ``TP.``, ``TX.``, ``H.``, ``Tp.HCM``) count as
type words. A name counts as *strong* when a type word comes with it or it fills a
comma-separated part; a bare name inside a longer part (``12 Phú Hòa``) is *weak*,
used only when nothing strong fits, and never right after a street word or a number.

When a text fits both eras, a former ward named with its district wins, then a
current ward, then a former ward named without its district, then a former district,
then the province alone. Names spelled alike once folded (``Minh Quán``, ``Minh Quân``)
are told apart by the text's diacritics, or else left at the level above: no guess.

A former ward gives its successors; a split ward gives every candidate (never a
guess). A current ward gives, as ``former``, every former ward that became it, with
their districts and provinces: that is a dictionary lookup, so it is always filled.
Results are cached per text; each call returns fresh lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, NamedTuple

from hub.geo.units import (
    Unit,
    accent_compact,
    accent_keys,
    alias_index,
    keyword_index,
    max_keyword_words,
    predecessor_map,
    successor_map,
    type_at,
    type_before,
    units_by_key,
    word_pairs,
)

_SEPARATORS = re.compile(r"[,;\n]+")
# Words that start a street, hamlet or house part: a bare name right after one is not a unit.
_STREET_WORDS = frozenset(
    "duong d pho ngo ngach hem kiet ap thon xom to khu kp so lo ql tl dt ban kcn ccn cum".split()
)
_CACHE_SIZE = 1 << 16
# Parts worth caching are the units' (a province has a few hundred wards); street parts
# are new for each firm and only pass through.
_PART_CACHE_SIZE = 1 << 12


@dataclass(frozen=True)
class AddressUnits:
    """The units an address names: keys of the former and of the current era.

    ``era`` is the era the address was written in. ``split`` is true when the former
    ward was split between several current wards, all kept in ``current``.
    """

    former: list[str]
    current: list[str]
    split: bool
    unit_keys: list[str]
    era: Literal["former", "current"]


class _Match(NamedTuple):
    start: int
    end: int
    keys: tuple[str, ...]
    strong: bool
    alias: bool
    written: tuple[str, ...]  # the span's words as written, diacritics included


class _Found(NamedTuple):
    former: tuple[str, ...]
    current: tuple[str, ...]
    split: bool
    era: Literal["former", "current"]


class _Via(NamedTuple):
    """What a former district led to; ``settled`` when a ward was named inside it."""

    found: _Found | None
    settled: bool
    start: int


_NONE = _Via(None, False, 0)


def parse_address(text: str) -> AddressUnits | None:
    """The units named by ``text``, or None when no unit can be matched."""
    found = _parse(text) if isinstance(text, str) else None
    if found is None:
        return None
    return AddressUnits(
        former=list(found.former),
        current=list(found.current),
        split=found.split,
        unit_keys=sorted({*found.former, *found.current}),
        era=found.era,
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str) -> _Found | None:
    words, matches = _scan(text)
    if not matches:
        return None
    province = _pick(matches, _is(("province",), ("former", "current")), len(words))
    if province is None:
        return _without_province(matches, len(words))
    return _with_province(matches, province) or _province_only(province.keys)


def _with_province(matches: list[_Match], province: _Match) -> _Found | None:
    """Units inside the named province, written in either era's terms.

    A former province's name also finds current wards that took in its territory
    (``Phường Thủ Dầu Một, Bình Dương``), and a current province's name also finds the
    districts of the former provinces merged into it (``Huyện Dầu Tiếng, TP.HCM``).
    """
    named_former = frozenset(k for k in province.keys if k.startswith("former"))
    named_current = frozenset(k for k in province.keys if k.startswith("current"))
    former = named_former | _related(named_current, predecessor_map())
    via = _former_via_district(matches, former, province.start) if former else _NONE
    if via.settled:
        return via.found
    # Under a former province's name, a bare name that is a former district is that district.
    limit = via.start if via.found and not named_current else province.start
    accept = _current_ward_in(named_current, named_former)
    current_ward = _current_ward(matches, accept, limit)
    if current_ward is not None:
        return current_ward
    via_province = _former_ward_in(matches, former, province.start) if former else None
    return via_province or via.found


def _related(keys: frozenset[str], links: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(linked for key in keys for linked in links.get(key, ()))


def _current_ward_in(named_current: frozenset[str], named_former: frozenset[str]) -> Accept:
    """Current wards of a named current province, or on a named former province's land."""
    later = _related(named_former, successor_map())

    def accept(unit: Unit) -> bool:
        if unit.level != "ward" or unit.era != "current":
            return False
        if unit.parent_key in named_current:
            return True
        return unit.parent_key in later and any(
            _parent(_parent(old)) in named_former for old in predecessor_map().get(unit.key, ())
        )

    return accept


def _without_province(matches: list[_Match], end: int) -> _Found | None:
    via = _former_via_district(matches, None, end)
    if via.settled:
        return via.found
    return _current_ward(matches, None, end) or via.found


def _former_via_district(
    matches: list[_Match], provinces: frozenset[str] | None, limit: int
) -> _Via:
    """A former district (inside ``provinces`` if known), then a ward inside it.

    Settled (True) when a ward was named: one ward, or several spelled alike, in which
    case the district stands without a guess at the ward.
    """
    district = _pick(matches, _is(("district",), ("former",), provinces), limit, provinces is None)
    if district is None:
        return _NONE
    districts = frozenset(district.keys)
    ward = _pick(matches, _is(("ward",), ("former",), districts), district.start)
    if ward is not None and len(ward.keys) == 1:
        return _Via(_former_ward(ward.keys[0]), True, district.start)
    found = _former_district(next(iter(districts))) if len(districts) == 1 else None
    return _Via(found, ward is not None and found is not None, district.start)


def _former_ward_in(matches: list[_Match], provinces: frozenset[str], limit: int) -> _Found | None:
    """A former ward named without its district."""
    ward = _pick(matches, _in_province(provinces), limit)
    return _former_ward(ward.keys[0]) if ward is not None and len(ward.keys) == 1 else None


def _current_ward(matches: list[_Match], accept: Accept | None, limit: int) -> _Found | None:
    """A current ward: ``accept``-ed, or (no province named) one strong name for one ward."""
    anywhere = _is(("ward",), ("current",))
    ward = _pick(matches, accept or anywhere, limit, accept is None)
    if ward is None or len(ward.keys) != 1:
        return None
    key = ward.keys[0]
    olds = predecessor_map().get(key, ())
    former = _with_ancestors(olds)
    return _Found(former, (key, _parent(key)), False, "current")


def _former_ward(key: str) -> _Found:
    news = successor_map().get(key, ())
    current = _with_ancestors(news)
    return _Found(_with_ancestors((key,)), current, len(news) > 1, "former")


def _former_district(key: str) -> _Found:
    """A district without a ward: an island district's special zone, else the province's."""
    province = _parent(key)
    news = successor_map().get(key) or successor_map().get(province, ())
    return _Found((key, province), _with_ancestors(news), False, "former")


def _province_only(keys: tuple[str, ...]) -> _Found:
    former = tuple(k for k in keys if k.startswith("former"))
    named = [k for k in keys if k.startswith("current")]
    current = {*named, *(n for k in former for n in successor_map().get(k, ()))}
    return _Found(former, tuple(sorted(current)), False, "current" if named else "former")


def _with_ancestors(keys: Iterable[str]) -> tuple[str, ...]:
    """``keys``, then their distinct parents, then their parents' parents."""
    out: list[str] = []
    level = sorted(set(keys))
    while level:
        out.extend(level)
        level = sorted({p for k in level if (p := _parent(k))})
    return tuple(out)


def _parent(key: str) -> str:
    return units_by_key()[key].parent_key or ""


# --- Choosing among the matches -------------------------------------------------------------

Accept = Callable[[Unit], bool]


def _is(
    levels: tuple[str, ...], eras: tuple[str, ...], parents: frozenset[str] | None = None
) -> Accept:
    def accept(unit: Unit) -> bool:
        return (
            unit.level in levels
            and unit.era in eras
            and (parents is None or unit.parent_key in parents)
        )

    return accept


def _in_province(provinces: frozenset[str]) -> Accept:
    def accept(unit: Unit) -> bool:
        return (
            unit.level == "ward"
            and unit.era == "former"
            and _parent(unit.parent_key or "") in provinces
        )

    return accept


def _pick(
    matches: list[_Match], accept: Accept, limit: int, strong_only: bool = False
) -> _Match | None:
    """The best match ending by ``limit`` with accepted units: strong, rightmost, longest."""
    units = units_by_key()
    best: _Match | None = None
    best_rank: tuple[bool, int, int, bool] | None = None
    for match in matches:
        if match.end > limit or (strong_only and not match.strong):
            continue
        keys = _by_accent(tuple(k for k in match.keys if accept(units[k])), match.written)
        rank = (match.strong, match.end, match.end - match.start, not match.alias)
        if keys and (best_rank is None or rank > best_rank):
            best, best_rank = match._replace(keys=keys), rank
    return best


def _by_accent(keys: tuple[str, ...], written: tuple[str, ...]) -> tuple[str, ...]:
    """Of several units, those spelled with the diacritics the text uses, if any are."""
    if len(keys) < 2:
        return keys
    marked = accent_compact(written)
    spelled = tuple(k for k in keys if marked in accent_keys()[k])
    return spelled or keys


# --- Reading the text -----------------------------------------------------------------------


def _scan(text: str) -> tuple[list[str], list[_Match]]:
    """The folded words of ``text`` and every span of them that names a unit."""
    words: list[str] = []
    matches: list[_Match] = []
    for part in _SEPARATORS.split(text):
        start = len(words)
        folded, found = _scan_part(part)
        words.extend(folded)
        matches.extend(m._replace(start=m.start + start, end=m.end + start) for m in found)
    return words, _outermost(matches)


@lru_cache(maxsize=_PART_CACHE_SIZE)
def _scan_part(part: str) -> tuple[tuple[str, ...], tuple[_Match, ...]]:
    """One comma-separated part's words and spans, positions counted from the part's
    start. A span never reaches past its part, so parts are cached on their own: the
    ward, district and province parts repeat across a register's addresses, and the
    street part, different for each firm, is the only one left to scan."""
    words, marks = word_pairs(part)
    found = [m for i in range(len(words)) for m in _spans_from(words, marks, 0, i, len(words))]
    return tuple(words), tuple(found)


def _spans_from(
    words: list[str], marks: list[str], seg_start: int, i: int, seg_end: int
) -> Iterable[_Match]:
    names = _names()
    compact = ""
    for j in range(i + 1, min(seg_end, i + max_keyword_words()) + 1):
        compact += words[j - 1]
        for keys, alias in names.get(compact, ()):
            match = _judge(words, seg_start, i, j, seg_end, keys, alias)
            if match is not None:
                yield match._replace(written=tuple(marks[i:j]))


@cache
def _names() -> dict[str, tuple[tuple[tuple[str, ...], bool], ...]]:
    """Compact names to the units they name: by their own names, then by former names."""
    names: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for index, alias in ((keyword_index(), False), (alias_index(), True)):
        for name, keys in index.items():
            names.setdefault(name, []).append((keys, alias))
    return {name: tuple(entries) for name, entries in names.items()}


def _judge(
    words: list[str],
    seg_start: int,
    i: int,
    j: int,
    seg_end: int,
    keys: tuple[str, ...],
    alias: bool,
) -> _Match | None:
    """The span ``words[i:j]`` naming ``keys``: strong, weak, or rejected (None)."""
    leading = type_at(words, i)
    if leading is not None and leading[0] < j - i:
        return _Match(i, j, keys, True, alias, ())
    before = type_before(words[seg_start:i], i - seg_start)
    if before is not None:
        units = units_by_key()
        fitting = tuple(k for k in keys if units[k].level in before)
        return _Match(i, j, fitting, True, alias, ()) if fitting else None
    if i == seg_start and j == seg_end:
        return _Match(i, j, keys, True, alias, ())
    previous = words[i - 1] if i > seg_start else ""
    if previous in _STREET_WORDS or previous[:1].isdigit():
        return None
    return _Match(i, j, keys, False, alias, ())


def _outermost(matches: list[_Match]) -> list[_Match]:
    """Drop spans ending a longer span that names a unit by its own name.

    ``Thành phố Bến Tre`` is a district, not the province Bến Tre after a type word.
    """
    outer = [m for m in matches if not m.alias]
    return [m for m in matches if not any(o.end == m.end and o.start < m.start for o in outer)]
