"""The ``Date`` scalar: an ISO 8601 calendar date, ``YYYY-MM-DD``, nothing looser."""

from __future__ import annotations

import re
from datetime import date

import strawberry
from strawberry.types.scalar import ScalarDefinition

from hub.errors import BadInputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadInputError(f"{value!r} is not a date; write it as YYYY-MM-DD")


def _serialize(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


DATE: ScalarDefinition = strawberry.scalar(
    name="Date",
    description="A calendar date in ISO 8601 form: YYYY-MM-DD.",
    serialize=_serialize,
    parse_value=parse_date,
)
