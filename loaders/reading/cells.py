"""Cell values as the loaders see them: clean text, or a date from an XLSX cell."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from hub.text import clean

Value = str | date | None  # datetime is a date


def cell(value: object) -> Value:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, date):  # datetime too
        return value
    return clean(cell_text(value))


def cell_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ";".join(t for v in value if (t := cell_text(v)))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def blank(cells: Sequence[Any]) -> bool:
    return all(cell(c) is None for c in cells)
