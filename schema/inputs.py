"""Input types and the checks that turn arguments into graph-layer filters."""

from __future__ import annotations

from typing import TypeVar

import strawberry
from strawberry import UNSET

from hub import text
from hub.errors import BadInputError
from hub.geo.units import resolve_unit
from schema.enums import EnterpriseSize, EnterpriseStatus

T = TypeVar("T")


def given(value: T) -> T | None:
    """None for an argument left out (``UNSET``), else the value."""
    return None if value is UNSET else value


@strawberry.input(description="Filters of `enterprises`; omitted filters do not filter.")
class EnterpriseWhere:
    name: str | None = strawberry.field(
        default=UNSET,
        description="Part of the name or tax code, insensitive to case and diacritics.",
    )
    admin_unit: str | None = strawberry.field(
        default=UNSET,
        description="A ward, district or province, by name or code, of either era.",
    )
    size: EnterpriseSize | None = UNSET
    status: EnterpriseStatus | None = UNSET
    stub: bool | None = strawberry.field(
        default=UNSET, description="true: only firms other datasets named; false: only registered."
    )


def unit_keys(admin_unit: str | None) -> list[str] | None:
    """AdminUnit keys an ``adminUnit`` argument names; None when it was omitted."""
    if admin_unit is None:
        return None
    if not text.fold(admin_unit):
        raise BadInputError("adminUnit has no letters or digits")
    keys = resolve_unit(admin_unit)
    if not keys:
        raise BadInputError(f"no administrative unit is named or coded {admin_unit[:80]!r}")
    return keys


def folded(argument: str, value: str | None) -> str | None:
    """A text filter in its folded form; None when omitted, BadInputError when blank."""
    if value is None:
        return None
    result = text.fold(value)
    if not result:
        raise BadInputError(f"{argument} has no letters or digits")
    return result
