"""Vietnamese tax codes (mã số thuế): repair spreadsheet damage, validate, normalise.

The canonical form is ``NNNNNNNNNN`` for a head office and ``NNNNNNNNNN-BBB`` for a
branch, the spelling printed on registration certificates. Validation (the check
digit with weights 31,29,23,19,17,13,7,5,3) is python-stdnum's ``vn.mst``.

Keys hold ASCII digits only. Look-alike digits that Unicode's compatibility form
(NFKC) makes ASCII are converted (full-width ``３７``, mathematical bold ``𝟑𝟕``,
superscripts), so one firm written with them is stored once. Digits of other scripts
(Arabic-Indic ``٣``, Devanagari ``३``...) are refused naming the character and its
code point: a clerk can find and retype it. Invisible characters are dropped first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.vn import mst

from hub.messages import Coded
from hub.text import clean

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


class TaxCodeError(Coded):
    """Why a value is not a tax code (``invalid-tax-code``); the message is for a clerk."""


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
        raise TaxCodeError("invalid-tax-code:empty")
    if isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    return _parse_text(str(raw))


# Trace events name the same few thousand firms over and over; a cache halves their
# validation time. Only valid codes are kept (an error is raised again each time).
@lru_cache(maxsize=1 << 16)
def _parse_text(raw: str) -> TaxCode:
    text = _undamage(unicodedata.normalize("NFKC", clean(raw) or ""))
    if not text:
        raise TaxCodeError("invalid-tax-code:empty")
    digits = _SEPARATORS.sub("", text)
    if not digits:  # separators only ("/", "-"): nothing was written
        raise TaxCodeError("invalid-tax-code:empty")
    if not (digits.isascii() and digits.isdigit()):
        raise _characters(digits)
    # A spreadsheet that read the code as a number dropped its leading zero.
    if len(digits) in (9, 12):
        digits = "0" + digits
    if len(digits) not in (10, 13):
        raise TaxCodeError("invalid-tax-code:length", count=len(digits))
    try:
        mst.validate(digits)
    except InvalidChecksum:
        raise TaxCodeError("invalid-tax-code:check-digit") from None
    except ValidationError:  # python-stdnum's words are English only
        raise TaxCodeError("invalid-tax-code:part") from None
    return TaxCode(head=digits[:10], branch=digits[10:] or None)


def _characters(digits: str) -> TaxCodeError:
    """The error naming the first character that is not an ASCII digit."""
    bad = next(ch for ch in digits if not ("0" <= ch <= "9"))
    about = {
        "char": bad,
        "codepoint": f"U+{ord(bad):04X}",
        "name": unicodedata.name(bad, "unnamed character").lower(),
    }
    if unicodedata.category(bad) == "Nd":
        return TaxCodeError("invalid-tax-code:script", **about)
    if any("0" <= ch <= "9" for ch in digits):
        return TaxCodeError("invalid-tax-code:letter", **about)
    return TaxCodeError("invalid-tax-code:characters")


def normalise(raw: object) -> str | None:
    """The canonical spelling, or None when the value is not a valid tax code."""
    try:
        return parse(raw).canonical
    except TaxCodeError:
        return None
