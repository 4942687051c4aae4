"""Vietnam's administrative units before and after the 1 July 2025 reform.

The lists come from the data files of the ``vietnamadminunits`` package, read
directly (its parser and converter modules are not imported: the converter calls
an online geocoder for split wards). Two eras:

- ``former``: 63 provinces, their districts and wards, valid to 2025-06-30;
- ``current``: 34 provinces and their wards (districts abolished), from 2025-07-01.

Codes are reused across eras for different areas, so a unit's key is
``f"{era}:{level}:{code}"``. ``successors()`` links former wards to the current
ward(s) they became (a split ward has several) and former provinces to current ones.
Name matching uses compact keys: folded text without spaces, e.g. ``phuongphuhoa``;
the package's own keywords add abbreviations and old names (``p12``, ``hcm``).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from hub.text import clean, fold

Level = Literal["province", "district", "ward"]
Era = Literal["former", "current"]

FORMER_VALID_TO = date(2025, 6, 30)
CURRENT_VALID_FROM = date(2025, 7, 1)

# Type words, folded and split, with the levels they may name; abbreviations included.
TYPE_PHRASES: dict[tuple[str, ...], frozenset[str]] = {
    ("tinh",): frozenset({"province"}),
    ("thanh", "pho"): frozenset({"province", "district"}),
    ("tp",): frozenset({"province", "district"}),
    ("quan",): frozenset({"district"}),
    ("q",): frozenset({"district"}),
    ("huyen",): frozenset({"district"}),
    ("h",): frozenset({"district"}),
    ("thi", "xa"): frozenset({"district"}),
    ("tx",): frozenset({"district"}),
    ("phuong",): frozenset({"ward"}),
    ("p",): frozenset({"ward"}),
    ("f",): frozenset({"ward"}),
    ("xa",): frozenset({"ward"}),
    ("thi", "tran"): frozenset({"ward"}),
    ("tt",): frozenset({"ward"}),
    ("dac", "khu"): frozenset({"ward"}),
}
_WORD = re.compile(r"[^\W_]+")
# Old-style tone placement at a word's end: "oà", "oè", "uỳ" (not after q) -> "òa", "òe", "ùy".
_OLD_TONE = re.compile(r"(?<!q)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$")
# Run-together spellings split into words the keywords know.
_REWRITES: dict[str, tuple[str, ...]] = {"tphcm": ("tp", "hcm"), "hcmc": ("hcm",)}


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one era."""

    key: str
    code: str
    name: str
    short_name: str
    level: Level
    era: Era
    valid_from: date | None
    valid_to: date | None
    parent_key: str | None
    name_key: str


@dataclass
class _Catalogue:
    units: list[Unit] = field(default_factory=list)
    successors: list[tuple[str, str]] = field(default_factory=list)
    keywords: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The package's name keys ("tinhbinhduong", "tinhbinhduong_thanhphothudaumot_...")
    by_package_key: dict[str, str] = field(default_factory=dict)


def unit_key(era: Era, level: Level, code: str) -> str:
    return f"{era}:{level}:{code}"


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` (``Tp.HCM`` and ``TPHCM`` give ``tp``, ``hcm``)."""
    return word_pairs(text)[0]


def word_pairs(text: str) -> tuple[list[str], list[str]]:
    """The folded words of ``text`` and, aligned with them, its lower-case words as written.

    The accented words tell apart names that fold alike (``Minh Quán``, ``Minh Quân``);
    when the two do not align (rare scripts), the folded words stand in for both.
    """
    folded = fold(text).split()
    accented = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(accented) != len(folded):
        accented = folded
    words: list[str] = []
    marks: list[str] = []
    for word, marked in zip(folded, accented, strict=True):
        spelled = _REWRITES.get(word)
        words.extend(spelled or (word,))
        marks.extend(spelled or (marked,))
    return words, marks


@lru_cache(maxsize=1 << 16)
def accent(word: str) -> str:
    """A word in lower case NFC with its tone mark placed one way (``hoà`` = ``hòa``)."""
    decomposed = _OLD_TONE.sub(r"\1\3\2", unicodedata.normalize("NFD", word.lower()))
    return unicodedata.normalize("NFC", decomposed)


def accent_compact(words: Iterable[str]) -> str:
    """Words run together in the form ``accent`` gives, to compare spellings."""
    return "".join(accent(word) for word in words)


def _accent_compact(text: str) -> str:
    return accent_compact(_WORD.findall(text.lower()))


def type_at(words: Sequence[str], start: int) -> tuple[int, frozenset[str]] | None:
    """The type phrase beginning at ``start``: its length and the levels it may name."""
    for size in (2, 1):
        levels = TYPE_PHRASES.get(tuple(words[start : start + size]))
        if levels is not None:
            return size, levels
    return None


def type_before(words: Sequence[str], end: int) -> frozenset[str] | None:
    """The levels named by a type phrase ending just before ``end``, if there is one."""
    for size in (2, 1):
        if end - size >= 0:
            levels = TYPE_PHRASES.get(tuple(words[end - size : end]))
            if levels is not None:
                return levels
    return None


def all_units() -> list[Unit]:
    """Every unit of the whole country, both eras."""
    return list(_catalogue().units)


def successors() -> list[tuple[str, str]]:
    """(former key, current key) pairs: wards to the ward(s) they became, provinces likewise.

    A split former ward has one pair per current ward. The five island districts that
    had no wards (Côn Đảo, Lý Sơn, ...) are paired with the special zone they became.
    """
    return list(_catalogue().successors)


def resolve_unit(text: str) -> list[str]:
    """Keys of the units (any level, both eras) whose code is ``text`` or whose name matches.

    Names match by folded form, with or without their type word (``Tỉnh Bình Dương``,
    ``binh duong``, ``tp thu dau mot``); a type word restricts the levels. Ambiguous
    names return every match.
    """
    stripped = text.strip()
    if stripped.isdigit():
        return sorted(_by_code().get(stripped, ()))
    words = tokens(stripped)
    if not words:
        return []
    found = keyword_index().get("".join(words), ())
    leading = type_at(words, 0)
    if leading is None:
        return _widest(found)
    size, levels = leading
    if not found:
        found = keyword_index().get("".join(words[size:]), ())
    return sorted(key for key in found if units_by_key()[key].level in levels)


def _widest(keys: Iterable[str]) -> list[str]:
    """Without a type word, a province's name means the province: ``Bình Dương`` is not
    also the wards that share its name. Other namesakes are all kept."""
    found = sorted(keys)
    provinces = [key for key in found if units_by_key()[key].level == "province"]
    return provinces or found


@cache
def units_by_key() -> Mapping[str, Unit]:
    return {unit.key: unit for unit in _catalogue().units}


@cache
def keyword_index() -> Mapping[str, tuple[str, ...]]:
    """Compact names (``phuongphuhoa``, ``phuhoa``, ``p12``, ``hcm``) to the keys they name."""
    return _invert(_catalogue().keywords)


@cache
def alias_index() -> Mapping[str, tuple[str, ...]]:
    """Compact former names of units (merged wards, renamed or divided districts) to keys."""
    return _invert(_catalogue().aliases)


def _invert(words_by_key: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key, words in words_by_key.items():
        for word in words:
            index[word].append(key)
    return {word: tuple(sorted(keys)) for word, keys in index.items()}


@cache
def accent_keys() -> Mapping[str, frozenset[str]]:
    """Each unit's names with diacritics (``accent``), full and without the type word."""
    return {
        unit.key: frozenset({_accent_compact(unit.name), _accent_compact(unit.short_name)})
        for unit in _catalogue().units
    }


@cache
def successor_map() -> Mapping[str, tuple[str, ...]]:
    """Former key to the current keys it became."""
    return _group(_catalogue().successors)


@cache
def predecessor_map() -> Mapping[str, tuple[str, ...]]:
    """Current key to the former keys that became it."""
    return _group([(new, old) for old, new in _catalogue().successors])


@cache
def max_keyword_words() -> int:
    """The most words a unit name can take, type word included."""
    return max(len(fold(unit.name).split()) for unit in _catalogue().units) + 1


def _group(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for left, right in pairs:
        grouped[left].append(right)
    return {left: tuple(sorted(rights)) for left, rights in grouped.items()}


@cache
def ward_points() -> Mapping[str, tuple[float, float]]:
    """(latitude, longitude) of each ward, both eras, by unit key: the points the
    package ships (``wardLat``/``wardLon``; current wards' centroids, former wards'
    geocoded centres). Five former island districts without wards have none."""
    data = _data_dir() / "dataset.db"
    points: dict[str, tuple[float, float]] = {}
    tables: tuple[tuple[Era, Literal["admin_units", "admin_units_legacy"]], ...] = (
        ("former", "admin_units_legacy"),
        ("current", "admin_units"),
    )
    for era, table in tables:
        for row in _rows(data, table):
            if row["wardCode"] and row["wardLat"] is not None and row["wardLon"] is not None:
                key = unit_key(era, "ward", row["wardCode"])
                points[key] = (float(row["wardLat"]), float(row["wardLon"]))
    return points


@cache
def _by_code() -> Mapping[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for unit in _catalogue().units:
        grouped[unit.code].append(unit.key)
    return {code: tuple(keys) for code, keys in grouped.items()}


@cache
def _catalogue() -> _Catalogue:
    data = _data_dir()
    catalogue = _Catalogue()
    _add_former(catalogue, _rows(data / "dataset.db", "admin_units_legacy"))
    _add_current(catalogue, _rows(data / "dataset.db", "admin_units"))
    _add_divided_districts(catalogue, _json(data / "parser_legacy.json"))
    _add_successors(catalogue, _json(data / "converter_2025.json"))
    for unit in catalogue.units:
        catalogue.keywords[unit.key] |= {_compact(unit.name), unit.name_key.replace(" ", "")}
    return catalogue


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(path: Path, table: Literal["admin_units", "admin_units_legacy"]) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(f"SELECT * FROM [{table}]")]  # noqa: S608


def _json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _add_former(catalogue: _Catalogue, rows: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for row in rows:
        province = unit_key("former", "province", row["provinceCode"])
        district = unit_key("former", "district", row["districtCode"])
        pkey, dkey = row["provinceKey"], f"{row['provinceKey']}_{row['districtKey']}"
        _add(catalogue, seen, row, "province", province, None, pkey)
        _add(catalogue, seen, row, "district", district, province, dkey)
        if row["wardCode"]:
            ward = unit_key("former", "ward", row["wardCode"])
            _add(catalogue, seen, row, "ward", ward, district, f"{dkey}_{row['wardKey']}")
        else:  # an island district without wards: the converter keys it with an empty ward
            catalogue.by_package_key[f"{dkey}_"] = district


def _add_current(catalogue: _Catalogue, rows: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for row in rows:
        province = unit_key("current", "province", row["provinceCode"])
        ward = unit_key("current", "ward", row["wardCode"])
        pkey = "new:" + row["provinceKey"]
        _add(catalogue, seen, row, "province", province, None, pkey)
        _add(catalogue, seen, row, "ward", ward, province, f"{pkey}_{row['wardKey']}")


def _add(
    catalogue: _Catalogue,
    seen: set[str],
    row: dict[str, Any],
    level: Level,
    key: str,
    parent: str | None,
    package_key: str,
) -> None:
    if key in seen:
        return
    seen.add(key)
    era: Era = "former" if key.startswith("former") else "current"
    name = _nfc(row[level])
    kind = row.get(f"{level}Type") or _province_type(name)
    catalogue.units.append(
        Unit(
            key=key,
            code=row[f"{level}Code"],
            name=name,
            short_name=_nfc(row[f"{level}Short"]),
            level=level,
            era=era,
            valid_from=CURRENT_VALID_FROM if era == "current" else None,
            valid_to=FORMER_VALID_TO if era == "former" else None,
            parent_key=parent,
            name_key=_without_type(fold(name), fold(kind)),
        )
    )
    # Province aliases are abbreviations (hn, hcm); others are names of merged or renamed units.
    aliases = set() if level == "province" else set(json.loads(row[f"{level}Alias"] or "[]"))
    catalogue.aliases[key].update(aliases)
    catalogue.keywords[key].update(set(json.loads(row[f"{level}Keywords"] or "[]")) - aliases)
    catalogue.by_package_key[package_key] = key


def _add_divided_districts(catalogue: _Catalogue, parser_legacy: dict[str, Any]) -> None:
    """Old district names now shared by several districts (``Kỳ Anh``, ``Thành phố Huế``)."""
    for province, groups in parser_legacy["DICT_PROVINCE_DISTRICT_DIVIDED"].items():
        for group in groups.values():
            for district in group["districts"]:
                key = catalogue.by_package_key[f"{province}_{district}"]
                catalogue.aliases[key].update(group["dividedDistrictKeywords"])


def _add_successors(catalogue: _Catalogue, converter: dict[str, Any]) -> None:
    pairs: set[tuple[str, str]] = set()
    keys = catalogue.by_package_key
    for new_province, old_provinces in converter["DICT_PROVINCE"].items():
        for old in old_provinces:
            pairs.add((keys[old], keys[f"new:{new_province}"]))
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            new = keys[f"new:{new_province}_{new_ward}"]
            pairs.update((keys[old], new) for old in olds)
    for new_province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, candidates in olds.items():
            for candidate in candidates:
                new = keys[f"new:{new_province}_{candidate['newWardKey']}"]
                pairs.add((keys[old], new))
    catalogue.successors = sorted(pairs)


def _without_type(name: str, kind: str) -> str:
    return name[len(kind) + 1 :] if name.startswith(kind + " ") else name


def _province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _nfc(value: object) -> str:
    return clean(value) or ""


def _compact(text: str) -> str:
    return "".join(tokens(text))
