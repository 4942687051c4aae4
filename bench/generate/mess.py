"""What partner agencies' files do to good data: variant spellings of names, damaged tax codes,
firms cited by name, and deliberately bad rows slipped in among the good ones."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from .model import Firm

_OLD_TONES = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "úy": "uý",
    "ủy": "uỷ",
    "ùy": "uỳ",
    "ụy": "uỵ",
    "òe": "oè",
    "óe": "oé",
}


def strip_marks(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def _title_old_tones(text: str) -> str:
    words = [w if w.isupper() else w[:1].upper() + w[1:] for w in text.split()]
    out = " ".join(words)
    for new, old in _OLD_TONES.items():
        out = out.replace(new, old)
    return out


def _abbreviate(text: str) -> str:
    return text.replace("Công ty Cổ phần", "CTCP").replace("Công ty", "Cty")


def _expand(text: str) -> str:
    for short, long in (
        ("TNHH MTV", "trách nhiệm hữu hạn một thành viên"),
        ("TNHH", "trách nhiệm hữu hạn"),
        ("DNTN", "Doanh nghiệp tư nhân"),
        ("HTX", "Hợp tác xã"),
    ):
        if short in text:
            return text.replace(short, long, 1)
    return text.replace("Cổ phần", "CP")


_VARIANTS = (strip_marks, str.upper, _title_old_tones, _abbreviate, _expand)


def variant(rng: random.Random, name: str) -> str:
    """The firm's name as another clerk spelt it ("Cty TNHH Thực Phẩm Phú Hoà")."""
    text = name
    for change in rng.sample(_VARIANTS, rng.choice((1, 2))):
        text = change(text)
    return unicodedata.normalize("NFC", text if text != name else strip_marks(name))


def damaged(rng: random.Random, code: str) -> str:
    """A tax code as a spreadsheet left it: numeric ``.0``, lost leading zero, odd separator."""
    if code.startswith("0"):
        return code.lstrip("0").replace("-", "")
    if "-" in code:
        return rng.choice((code.replace("-", " "), code.replace("-", "")))
    return f"{code}.0"


def bad_check_digit(code: str) -> str:
    return code[:9] + str((int(code[9]) + 1) % 10)


def cite(
    firm: Firm, row: dict[str, Any], messy: bool, rng: random.Random, share: float = 0.08
) -> None:
    """Cite a firm by tax code, or (messy, now and then) by its exact registered name."""
    if messy and firm.plain and rng.random() < share:
        row["enterprise_name"] = firm.name
    else:
        row["tax_code"] = firm.tax_code
        row["enterprise_name"] = firm.name if messy and rng.random() < 0.5 else None


def spread(
    rows: Iterable[dict[str, Any]], bad: list[tuple[dict[str, Any], str, str]], expected: int
) -> Iterator[tuple[dict[str, Any], tuple[str, str] | None]]:
    """Good rows with the bad ones slipped in at even intervals."""
    at = [max(1, expected * (i + 1) // (len(bad) + 1)) for i in range(len(bad))]
    pending = list(zip(at, bad, strict=True))
    for i, row in enumerate(rows):
        while pending and pending[0][0] == i:
            _, (bad_row, column, reason) = pending.pop(0)
            yield bad_row, (column, reason)
        yield row, None
    for _, (bad_row, column, reason) in pending:
        yield bad_row, (column, reason)
