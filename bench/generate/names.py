"""Firm names and tax codes as the registry holds them: valid, unique, comparable."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from stdnum.vn import mst

from .places import Ward
from .vocabulary import BRAND_A, BRAND_B, QUALIFIERS


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d: how names are compared (a character at a time,
    as NFD decomposes them: the same result, a few times faster at scale 400)."""
    return " ".join("".join(map(_fold_char, text.lower().replace("đ", "d"))).split())


def new_tax_code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        first9 = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = mst.calc_check_digit(first9)
        code = first9 + check
        if len(check) == 1 and code not in used and mst.is_valid(code):
            used.add(code)
            return code


def legal_name(rng: random.Random, form: str, core: str) -> str:
    spellings = {
        "TNHH": ("Công ty TNHH",),
        "TNHH MTV": ("Công ty TNHH MTV", "Công ty TNHH MTV", "Công ty TNHH Một thành viên"),
        "CP": ("Công ty Cổ phần",),
        "DNTN": ("DNTN", "Doanh nghiệp tư nhân"),
        "HTX": ("HTX", "Hợp tác xã"),
    }
    return f"{rng.choice(spellings[form])} {core}"


class UniqueNames:
    """Unique firm names: no two firms share a folded core unless made twins on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cores: set[str] = set()

    def core(self, words: Sequence[str], ward: Ward, qualify: bool, place: float) -> str:
        rng = self.rng
        for attempt in range(60):
            qual = rng.choice(QUALIFIERS) if qualify and rng.random() < 0.3 else ""
            if rng.random() < place and attempt < 20:
                brand = ward.short if rng.random() < 0.6 else ward.district_short
            elif attempt < 20:
                brand = f"{rng.choice(BRAND_A)} {rng.choice(BRAND_B)}"
            else:  # two-word brands run out near 200,000 firms (scale 200 and up)
                brand = f"{rng.choice(BRAND_A)} {rng.choice(BRAND_B)} {rng.choice(BRAND_B)}"
            core = " ".join(p for p in (qual, rng.choice(words), brand) if p)
            if fold(core) not in self.cores and not _stutters(brand):
                self.cores.add(fold(core))
                return core
        core = f"{rng.choice(words)} {rng.choice(BRAND_A)} {rng.choice(BRAND_B)} {ward.short}"
        self.cores.add(fold(core))
        return core


def _stutters(brand: str) -> bool:
    words = brand.split()
    return len(words) == 2 and words[0] == words[1]  # "Phú Phú"
