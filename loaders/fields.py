"""Parsers of single cells; each raises ``FieldError`` with a reason a clerk can act on.

Dates are ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` (one or two digit day and
month; ``.`` also accepted as separator), ``date``/``datetime`` objects and, when
``allow_serial`` is set, Excel serial numbers. Times without an offset are in
Asia/Ho_Chi_Minh. Enumerations match by folded form (case, diacritics, spaces and
punctuation ignored). Amounts are whole VND.

Numbers are what Neo4j can store and later queries can compare: whole numbers within
64 bits, finite decimals. NaN, infinities, ``1e400`` and ``2**63`` are ``out-of-range``
row errors (in dry runs too), never values. Each error carries its catalogue id
(``hub.messages``), so reports give a stable code beside the words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from hub import messages, taxcode, vocabulary
from hub.messages import INT64_MAX, Coded
from hub.text import clean, fold

VIETNAM = vocabulary.TIME_ZONE
MIN_YEAR, MAX_YEAR = 1900, 2100
MIN_FUNDING_YEAR = 1990
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0, counting Excel's phantom 29/02/1900

_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_TIME = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_SERIAL = re.compile(r"\d+(?:\.\d+)?")
_INT = re.compile(r"-?\d+|-?\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")
_AMOUNT = re.compile(r"(\d{1,3}(?:([.,\s])\d{3})(?:\2\d{3})*|\d+)\s*(?:đ|đồng|vnđ|vnd|₫)?")
# Text a spreadsheet or program writes for numbers no field can hold.
_NOT_FINITE = re.compile(r"[+-]?(nan|inf|infinity|∞)", re.I)
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.I)
_MAX_DIGITS = 19  # 2**63 has 19 digits: longer text is out of range before int()


class FieldError(Coded):
    """Why one value cannot be read: a catalogue id and its parameters (``hub.messages``)."""


def parse_date(value: object, *, allow_serial: bool = False) -> date:
    """A calendar date from the forms of the data contract."""
    if isinstance(value, datetime):
        return _check_year(value.date(), value)
    if isinstance(value, date):
        return _check_year(value, value)
    serial = _serial(value, allow_serial)
    if serial is not None:
        return _check_year(serial.date(), value)
    text = _text(value, "date")
    day, clock = _split_date(text)
    if clock is not None:
        _time_of(clock, text)
    return day


def parse_datetime(
    value: object, default_tz: tzinfo = VIETNAM, *, allow_serial: bool = False
) -> datetime:
    """An aware datetime: ISO 8601 (offset or ``Z`` optional) or a date form at midnight."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif (serial := _serial(value, allow_serial)) is not None:
        moment = serial
    else:
        moment = _datetime_text(_text(value, "date and time"))
    _check_year(moment.date(), value)
    return moment if moment.tzinfo else moment.replace(tzinfo=default_tz)


def parse_enum(value: object, choices: Mapping[str, str]) -> str:
    """The canonical value that ``value`` spells; ``choices`` maps spellings to it."""
    text = _text(value, "value")
    key = _key(text)
    found = choices.get(key)
    if found is None:
        found = next((canon for spelling, canon in choices.items() if _key(spelling) == key), None)
    if found is None:
        values = sorted(set(choices.values()))
        labels = choices.labels if isinstance(choices, Choices) else {}
        if messages.current_language() == "vi" and labels:
            values = [labels.get(v, v) for v in values]  # as the templates offer them
        raise FieldError("unknown-value", value=text, allowed=", ".join(values))
    return found


class Choices(dict[str, str]):
    """Accepted spellings (folded) -> canonical value; ``labels``: each value's first
    (Vietnamese) spelling, what a Vietnamese message lists."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}


def enum_choices(canonical_to_labels: Mapping[str, Sequence[str]]) -> Choices:
    """Accepted spellings (folded) -> canonical value, including each canonical value itself."""
    choices = Choices()
    for canonical, labels in canonical_to_labels.items():
        if labels:
            choices.labels[canonical] = labels[0]
        for spelling in (canonical, *labels):
            other = choices.setdefault(_key(spelling), canonical)
            if other != canonical:
                raise ValueError(f"{spelling!r} spells both {other} and {canonical}")
    return choices


def parse_int(value: object, minimum: int | None = None) -> int:
    """A whole number (``1234``, ``1.234``, ``1,234``, ``1 234``), at least ``minimum``,
    within 64 bits."""
    if isinstance(value, bool):
        raise FieldError("bad-number:integer", value=value)
    if isinstance(value, float):
        _check_finite(value, value)
        if value.is_integer():
            value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, "number", "bad-number:empty")
        if not _INT.fullmatch(text):
            _out_of_range_text(text)
            raise FieldError("bad-number:integer", value=text)
        number = _whole(re.sub(r"[.,\s]", "", text), text)
    _check_int64(number, value)
    if minimum is not None and number < minimum:
        raise FieldError("out-of-range:minimum", number=number, minimum=minimum)
    return number


def parse_amount(value: object) -> int:
    """A VND amount: ``12.500.000``, ``12,500,000``, ``12500000`` or ``12 500 000 đ``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float):
            _check_finite(value, value)
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise FieldError("out-of-range:amount", value=value)
        _check_int64(int(value), value)
        return int(value)
    text = _text(value, "amount", "bad-number:empty")
    match = _AMOUNT.fullmatch(text.lower())
    if not match:
        _out_of_range_text(text)
        raise FieldError("bad-number:amount", value=text)
    number = _whole(re.sub(r"[.,\s]", "", match.group(1)), text)
    _check_int64(number, text)
    return number


def parse_decimal(value: object, what: str = "quantity") -> float:
    """A finite, non-negative decimal number (``12.5`` or ``12,5``)."""
    if isinstance(value, bool):
        raise FieldError("bad-number:quantity")
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e308 else math.inf
    else:
        text = _text(value, what, "bad-number:empty").replace(",", ".")
        _out_of_range_text(text, whole=False)
        if not _FLOAT.fullmatch(text):
            raise FieldError("bad-number:quantity")
        number = float(text)
    _check_finite(number, value)
    if number < 0:
        raise FieldError("out-of-range:negative", what=what)
    return number


def parse_year(value: object) -> int:
    """A year from 1990 to 2100."""
    try:
        year = parse_int(value)
    except FieldError as exc:
        if exc.code == "out-of-range":
            raise
        raise FieldError("bad-number:year", value=clean(value)) from None
    if not MIN_FUNDING_YEAR <= year <= MAX_YEAR:
        raise FieldError("out-of-range:year", year=year, low=MIN_FUNDING_YEAR, high=MAX_YEAR)
    return year


def parse_tax_code(value: object) -> str:
    """The canonical spelling of a tax code (spreadsheet damage repaired)."""
    try:
        return taxcode.parse(value).canonical
    except taxcode.TaxCodeError as exc:
        raise FieldError(exc.message_id, **exc.params) from None


# Helpers ------------------------------------------------------------------------------


def _key(value: object) -> str:
    return fold(value).replace(" ", "")


def _text(value: object, what: str, message_id: str = "bad-date:empty") -> str:
    text = clean(value)
    if text is None:
        raise FieldError(message_id, what=what)
    return text


def _whole(digits: str, shown: object) -> int:
    """``int(digits)``, refusing text too long for 64 bits before converting it (Python
    refuses more than 4,300 digits with a ValueError of its own)."""
    if len(digits.lstrip("-").lstrip("0")) > _MAX_DIGITS:
        raise FieldError("out-of-range:int64", value=shown)
    return int(digits)


def _check_int64(number: int, shown: object) -> None:
    if not -INT64_MAX - 1 <= number <= INT64_MAX:
        raise FieldError("out-of-range:int64", value=shown)


def _check_finite(number: float, shown: object) -> None:
    if not math.isfinite(number):
        raise FieldError("out-of-range:not-finite", value=shown)


def _out_of_range_text(text: str, whole: bool = True) -> None:
    """Numbers no column holds, written as text (``NaN``, ``inf``, ``1e400``, ``9e18``)."""
    if _NOT_FINITE.fullmatch(text):
        raise FieldError("out-of-range:not-finite", value=text)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if not math.isfinite(number):
            raise FieldError("out-of-range:too-big", value=text)
        if whole and abs(number) > INT64_MAX:
            raise FieldError("out-of-range:int64", value=text)


def _check_year(day: date, value: object) -> date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FieldError(
            "bad-date:year", value=clean(value), year=day.year, low=MIN_YEAR, high=MAX_YEAR
        )
    return day


def _split_date(text: str) -> tuple[date, str | None]:
    """The date at the start of ``text`` and the rest (a time), or FieldError."""
    for pattern, order in ((_YMD, (1, 3, 4)), (_DMY, (4, 3, 1))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            rest = text[match.end() :]
            if rest and not _TIME.fullmatch(rest):
                break
            try:
                found = date(year, month, day)
            except ValueError:
                raise FieldError("bad-date:impossible", value=text) from None
            return _check_year(found, text), rest or None
    raise FieldError("bad-date:format", value=text)


def _time_of(clock: str, text: str) -> time:
    match = _TIME.fullmatch(clock)
    if not match:
        raise FieldError("bad-date:time", value=text)
    hour, minute, second = (int(g or 0) for g in match.groups()[:3])
    try:
        return time(hour, minute, second, tzinfo=_offset(match.group(4)))
    except ValueError:
        raise FieldError("bad-date:impossible-time", value=text) from None


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _datetime_text(text: str) -> datetime:
    if _YMD.match(text) and not _YMD.fullmatch(text):
        try:
            return datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            pass  # fall through to the date forms, which explain the problem
    day, clock = _split_date(text)
    return datetime.combine(day, _time_of(clock, text) if clock else time())


def _serial(value: object, allow: bool) -> datetime | None:
    """An Excel serial date (1 = 1900-01-01), or None when ``value`` is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str) and _SERIAL.fullmatch(value.strip()):
        number = float(value)
    else:
        return None
    if not allow:
        raise FieldError("bad-date:number", value=value)
    if not math.isfinite(number) or not 1 <= number < _EXCEL_LAST_SERIAL + 1 or int(number) == 60:
        raise FieldError("bad-date:serial", value=value)
    epoch = _EXCEL_EPOCH if number >= 61 else _EXCEL_EPOCH + timedelta(days=1)
    return datetime.combine(epoch, time()) + timedelta(days=number)
