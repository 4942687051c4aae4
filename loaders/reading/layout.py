"""Rows of an official report that are not data: column numbers, section headings,
totals, signatures.

Agencies' lists are laid out for printing and signing: under the header a row numbers
the columns (``(1) (2) … (10)`` or ``A B C``); after the data come a total row
("Tổng cộng: 2 doanh nghiệp"), the place and date ("Bình Dương, ngày 5 tháng 3 năm
2024"), the signers' titles ("Người lập biểu", "KT. CHI CỤC TRƯỞNG"), "(Ký, ghi rõ họ
tên)" and the signers' names. Such rows are recognised by their words (folded: case
and diacritics ignored) and by not looking like data (the required columns are not
all filled), so a firm named "Tổng công ty …" is never mistaken for a total.
Once a total or signature row is met, the rows below it that do not look like data
are the signature block too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hub.text import fold
from loaders.reading.cells import cell_text

_NUMBER = re.compile(r"\(?\s*([0-9]{1,3}|[a-z]{1,2})\s*\)?", re.I)
_TOTAL = re.compile(
    r"(?!tong cong ty|cong ty)(tong cong|tong so|tong|cong|total|grand total)(\s|$)"
)
_SIGNATURE = re.compile(
    r"^(kt|tm|tl|ttl|q|thay mat|ky thay)\s"
    r"|nguoi lap|lap bieu|lap bang|thu truong|giam doc|chi cuc truong|cuc truong"
    r"|truong phong|truong ban|chu tich|ke toan truong|can bo|xac nhan|noi nhan"
    r"|ky ghi ro|ky ten|ky va ghi|da ky|ho va ten|dong dau"
    r"|ngay\s+\S*\s*thang\s+\S*\s*nam"
)
# I to XXXIX, or one letter, with an optional "." or ")"; "I. Tên mục" in one cell too.
_SECTION = re.compile(r"(?:(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|[a-z])(?:[.)](?:\s+\S.*)?)?", re.I)
_SHOWN = 60  # characters of a skipped row a warning quotes


def texts(cells: Sequence[object]) -> list[str]:
    return [t.strip() for c in cells if (t := cell_text(c)) and t.strip()]


def column_numbers(cells: Sequence[object], header_width: int) -> str | None:
    """The row's numbering (``(1) (2) (3)``, ``1 2 3``, ``A B C``) when it numbers the
    columns, else None: all numbers in parentheses and increasing, or consecutive from
    1 (or A)."""
    values = texts(cells)
    if len(values) < max(2, header_width // 2):
        return None
    matches = [_NUMBER.fullmatch(v) for v in values]
    if not all(matches):
        return None
    keys = [m.group(1).lower() for m in matches if m]
    if all(k.isdigit() for k in keys):
        order = [int(k) for k in keys]
    elif all(k.isalpha() for k in keys):
        order = [_letters(k) for k in keys]
    else:
        return None
    bracketed = all(v.startswith("(") and v.endswith(")") for v in values)
    increasing = all(a < b for a, b in zip(order, order[1:], strict=False))
    consecutive = order == list(range(1, len(order) + 1))
    if not (consecutive or (bracketed and increasing)):
        return None
    return " ".join(values[:4]) + (" …" if len(values) > 4 else "")


def _letters(key: str) -> int:
    return sum((ord(ch) - 96) * 26**i for i, ch in enumerate(reversed(key)))


def section_heading(cells: Sequence[object]) -> bool:
    """A heading that splits a report's data into parts: a Roman numeral or a letter
    ("I", "II.", "B)") and at most a title beside it ("I | Chứng nhận hợp quy").
    Data rows are numbered 1, 2, 3 (or 1.1): those are never headings."""
    values = texts(cells)
    return 1 <= len(values) <= 2 and bool(_SECTION.fullmatch(values[0]))


def footer_kind(cells: Sequence[object]) -> str | None:
    """``total`` or ``signature`` when the row's words say so, else None."""
    values = texts(cells)
    if not values:
        return None
    if _TOTAL.match(fold(values[0])):
        return "total"
    if any(_SIGNATURE.search(fold(v)) for v in values):
        return "signature"
    return None


def shown(cells: Sequence[object]) -> str:
    text = " | ".join(texts(cells))
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
