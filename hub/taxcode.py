"""Vietnamese tax codes (mã số thuế): repair spreadsheet damage, validate, normalise.

The canonical form is ``NNNNNNNNNN`` for a head office and ``NNNNNNNNNN-BBB`` for a
branch, the spelling printed on registration certificates. Validation (the check
digit with weights 31,29,23,19,17,13,7,5,3) is python-stdnum's ``vn.mst``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from stdnum.exceptions import ValidationError
from stdnum.vn import mst

_SEPARATORS = re.compile(r"[\s\-./_]+")
_FLOAT_TAIL = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class TaxCode:
    head: str  # ten digits
    branch: str | None  # three digits, or None for a head office

    @property
    def canonical(self) -> str:
        return f"{self.head}-{self.branch}" if self.branch else self.head

    @property
    def is_branch(self) -> bool:
        return self.branch is not None


class TaxCodeError(ValueError):
    """Why a value is not a tax code; the message is for a clerk."""


def _undamage(raw: str) -> str:
    text = raw.strip().strip("'\"")
    if _SCIENTIFIC.match(text):
        try:
            text = format(Decimal(text), "f")
        except InvalidOperation:
            pass
    match = _FLOAT_TAIL.match(text)
    if match:
        text = match.group(1)
    return text


def parse(raw: object) -> TaxCode:
    """Parse any spelling the data contract accepts, or raise ``TaxCodeError``."""
    if raw is None:
        raise TaxCodeError("tax code is empty")
    if isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    return _parse_text(str(raw))


# Trace events name the same few thousand firms over and over; a cache halves their
# validation time. Only valid codes are kept (an error is raised again each time).
@lru_cache(maxsize=1 << 16)
def _parse_text(raw: str) -> TaxCode:
    text = _undamage(raw)
    if not text:
        raise TaxCodeError("tax code is empty")
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit():
        raise TaxCodeError("tax code must contain only digits and separators")
    # A spreadsheet that read the code as a number dropped its leading zero.
    if len(digits) in (9, 12):
        digits = "0" + digits
    if len(digits) not in (10, 13):
        raise TaxCodeError(f"tax code must have 10 or 13 digits, not {len(digits)}")
    try:
        mst.validate(digits)
    except ValidationError as exc:
        raise TaxCodeError(f"tax code is not valid: {exc}") from None
    return TaxCode(head=digits[:10], branch=digits[10:] or None)


def normalise(raw: object) -> str | None:
    """The canonical spelling, or None when the value is not a valid tax code."""
    try:
        return parse(raw).canonical
    except TaxCodeError:
        return None
