"""Real wards (from vietnamadminunits' own data, no network) and plausible street addresses
in them, written before or after Bình Dương merged into Thành phố Hồ Chí Minh."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from vietnamadminunits.database import query

from .contract import BD_PROVINCE, NEW_PROVINCE, REFORM_DATE
from .vocabulary import BD_STREETS, HCM_STREETS, INDUSTRIAL_PARKS


@dataclass(frozen=True)
class Ward:
    name: str  # Phường Phú Hòa
    short: str  # Phú Hòa
    district: str  # Thành phố Thủ Dầu Một
    district_short: str  # Thủ Dầu Một
    province: str  # Tỉnh Bình Dương
    new_name: str  # the ward after 1 July 2025, in Thành phố Hồ Chí Minh
    code: str


_LEGACY_SQL = (
    "SELECT provinceCode, province, district, ward, districtShort, wardShort, wardCode, "
    "provinceKey, districtKey, wardKey FROM admin_units_legacy "
    "WHERE provinceCode IN ('74', '79') ORDER BY wardCode"
)
_NEW_SQL = "SELECT wardKey, ward FROM admin_units WHERE provinceCode = '79' ORDER BY wardCode"


def _new_ward_names() -> dict[str, str]:
    """Old ``province_district_ward`` key -> new ward name (the package's default on splits)."""
    text = (files("vietnamadminunits") / "data" / "converter_2025.json").read_text("utf-8")
    data = json.loads(text)
    names = {r["wardKey"]: r["ward"] for r in query(_NEW_SQL)}
    mapping: dict[str, str] = {}
    for new_key, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohochiminh"].items():
        for old in olds:
            mapping[old] = names.get(new_key, "")
    for old, candidates in data["DICT_PROVINCE_WARD_DIVIDED"]["thanhphohochiminh"].items():
        default = next(c for c in candidates if c["isDefaultNewWard"])
        mapping.setdefault(old, names.get(default["newWardKey"], ""))
    return mapping


@lru_cache(maxsize=1)
def wards() -> dict[str, tuple[Ward, ...]]:
    """Pre-2025 wards of Bình Dương ("74") and Hồ Chí Minh City ("79"), with their new names."""
    new_names = _new_ward_names()
    out: dict[str, list[Ward]] = {"74": [], "79": []}
    for r in query(_LEGACY_SQL):
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        new = new_names.get(key)
        if new:
            ward = Ward(
                r["ward"],
                r["wardShort"],
                r["district"],
                r["districtShort"],
                r["province"],
                new,
                r["wardCode"],
            )
            out[r["provinceCode"]].append(ward)
    return {k: tuple(v) for k, v in out.items()}


def draw_street(rng: random.Random, ward: Ward, industrial: bool) -> str:
    if ward.province != BD_PROVINCE:
        return f"{rng.randint(1, 450)} {rng.choice(HCM_STREETS)}"
    parks = INDUSTRIAL_PARKS.get(ward.district_short)
    if industrial and parks and rng.random() < 0.35:
        return f"Lô {rng.choice('ABCDEFGH')}-{rng.randint(1, 30)}, {rng.choice(parks)}"
    if ward.name.startswith("Xã"):
        if rng.random() < 0.3:
            return (
                f"Thửa đất số {rng.randint(10, 900)}, Tờ bản đồ số {rng.randint(1, 60)}, "
                f"Ấp {rng.randint(1, 8)}"
            )
        return f"Tổ {rng.randint(1, 12)}, Ấp {rng.randint(1, 8)}"
    number = rng.choice(
        (f"{rng.randint(1, 600)}", f"Số {rng.randint(1, 300)}/{rng.randint(1, 40)}")
    )
    tail = f", Khu phố {rng.randint(1, 9)}" if rng.random() < 0.3 else ""
    return f"{number} {rng.choice(BD_STREETS)}{tail}"


_ABBREVIATIONS = (
    ("Thành phố ", "TP. "),
    ("Phường ", "P. "),
    ("Thị trấn ", "TT. "),
    ("Huyện ", "H. "),
)


def draw_address(rng: random.Random, ward: Ward, street: str, established: date) -> str:
    if ward.province != BD_PROVINCE:
        return f"{street}, {ward.name}, {ward.district}, {ward.province}"
    if established >= REFORM_DATE or rng.random() < 0.2:
        return f"{street}, {ward.new_name}, {NEW_PROVINCE}"
    if rng.random() < 0.1:
        text = f"{ward.name}, {ward.district}"
        for long, short in _ABBREVIATIONS:
            text = text.replace(long, short)
        return f"{street}, {text}, Bình Dương"
    return f"{street}, {ward.name}, {ward.district}, {ward.province}"
