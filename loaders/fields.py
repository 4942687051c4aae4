"""Parsers of single cells; each raises ``FieldError`` with a reason a clerk can act on.

Dates are ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` (one or two digit day and
month; ``.`` also accepted as separator), ``date``/``datetime`` objects and, when
``allow_serial`` is set, Excel serial numbers. Times without an offset are in
Asia/Ho_Chi_Minh. Enumerations match by folded form (case, diacritics, spaces and
punctuation ignored). Amounts are whole VND.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from hub import taxcode, vocabulary
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
_DATE_HINT = "use DD/MM/YYYY or YYYY-MM-DD"


class FieldError(ValueError):
    """Why one value cannot be read; the message is for a clerk."""


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
        allowed = ", ".join(sorted(set(choices.values())))
        raise FieldError(f"{text!r} is not an accepted value; use one of: {allowed}")
    return found


def enum_choices(canonical_to_labels: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Accepted spellings (folded) -> canonical value, including each canonical value itself."""
    choices: dict[str, str] = {}
    for canonical, labels in canonical_to_labels.items():
        for spelling in (canonical, *labels):
            other = choices.setdefault(_key(spelling), canonical)
            if other != canonical:
                raise ValueError(f"{spelling!r} spells both {other} and {canonical}")
    return choices


def parse_int(value: object, minimum: int | None = None) -> int:
    """A whole number (``1234``, ``1.234``, ``1,234``, ``1 234``), at least ``minimum``."""
    if isinstance(value, bool):
        raise FieldError(f"{value!r} is not a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, "number")
        if not _INT.fullmatch(text):
            raise FieldError(f"{text!r} is not a whole number")
        number = int(re.sub(r"[.,\s]", "", text))
    if minimum is not None and number < minimum:
        raise FieldError(f"{number} is less than {minimum}")
    return number


def parse_amount(value: object) -> int:
    """A VND amount: ``12.500.000``, ``12,500,000``, ``12500000`` or ``12 500 000 đ``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise FieldError(f"{value!r} is not a whole, non-negative amount of VND")
        return int(value)
    text = _text(value, "amount")
    match = _AMOUNT.fullmatch(text.lower())
    if not match:
        raise FieldError(f"{text!r} is not an amount in VND; write it like 12.500.000 or 12500000")
    return int(re.sub(r"[.,\s]", "", match.group(1)))


def parse_year(value: object) -> int:
    """A year from 1990 to 2100."""
    try:
        year = parse_int(value)
    except FieldError:
        raise FieldError(f"{clean(value)!r} is not a year") from None
    if not MIN_FUNDING_YEAR <= year <= MAX_YEAR:
        raise FieldError(f"year {year} is outside {MIN_FUNDING_YEAR}..{MAX_YEAR}")
    return year


def parse_tax_code(value: object) -> str:
    """The canonical spelling of a tax code (spreadsheet damage repaired)."""
    try:
        return taxcode.parse(value).canonical
    except taxcode.TaxCodeError as exc:
        raise FieldError(str(exc)) from None


# Helpers ------------------------------------------------------------------------------


def _key(value: object) -> str:
    return fold(value).replace(" ", "")


def _text(value: object, what: str) -> str:
    text = clean(value)
    if text is None:
        raise FieldError(f"the {what} is empty")
    return text


def _check_year(day: date, value: object) -> date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FieldError(f"{clean(value)!r}: year {day.year} is outside {MIN_YEAR}..{MAX_YEAR}")
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
                raise FieldError(f"{text!r} is not a real date ({_DATE_HINT})") from None
            return _check_year(found, text), rest or None
    raise FieldError(f"{text!r} is not a date ({_DATE_HINT})")


def _time_of(clock: str, text: str) -> time:
    match = _TIME.fullmatch(clock)
    if not match:
        raise FieldError(f"{text!r} has an unreadable time")
    hour, minute, second = (int(g or 0) for g in match.groups()[:3])
    try:
        return time(hour, minute, second, tzinfo=_offset(match.group(4)))
    except ValueError:
        raise FieldError(f"{text!r} has an impossible time") from None


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
        number = float(value)
    elif isinstance(value, str) and _SERIAL.fullmatch(value.strip()):
        number = float(value)
    else:
        return None
    if not allow:
        raise FieldError(f"{value!r} is a number, not a date ({_DATE_HINT})")
    if not 1 <= number < _EXCEL_LAST_SERIAL + 1 or int(number) == 60:
        raise FieldError(f"{value!r} is not an Excel date serial number")
    epoch = _EXCEL_EPOCH if number >= 61 else _EXCEL_EPOCH + timedelta(days=1)
    return datetime.combine(epoch, time()) + timedelta(days=number)
