"""Relay connections over enterprises, with keyset cursors on (name, tax code).

A cursor is base64 of the sort key of the row it stands for, so the next page starts
right after that row whatever was loaded meanwhile: no duplicates, no gaps, no
offsets. ``totalCount`` is counted by the same query, not by fetching rows.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date

import strawberry

from hub.errors import BadInputError
from hub.graph.driver import Row
from schema.types import Enterprise

MAX_FIRST = 100


def check_first(first: int | None, default: int = 20) -> int:
    """``first`` as asked (null: the default), refused outside 0..MAX_FIRST."""
    if first is None:
        return default
    if not 0 <= first <= MAX_FIRST:
        raise BadInputError(f"first must be between 0 and {MAX_FIRST}, not {first}")
    return first


def encode_cursor(name: str, key: str) -> str:
    raw = json.dumps([name, key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str | None) -> tuple[str, str] | None:
    """The (name, key) a cursor stands for; BadInputError for anything else."""
    if cursor is None:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        value = None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, str) for part in value)
    ):
        raise BadInputError("after is not a cursor this API gave out")
    return value[0], value[1]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(description="True when `after` was given.")
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class EnterpriseEdge:
    cursor: str
    node: Enterprise


@strawberry.type
class EnterpriseConnection:
    total_count: int
    page_info: PageInfo
    edges: list[EnterpriseEdge]

    @classmethod
    def from_page(
        cls,
        total: int,
        rows: Sequence[Row],
        first: int,
        after: tuple[str, str] | None,
        day: date | None = None,
        include_retired: bool = False,
    ) -> EnterpriseConnection:
        """``rows`` is one more than ``first`` when a next page exists."""
        edges = [
            EnterpriseEdge(
                cursor=encode_cursor(row["name"], row["key"]),
                node=Enterprise.from_record(row, day, include_retired),
            )
            for row in rows[:first]
        ]
        return cls(
            total_count=total,
            page_info=PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            edges=edges,
        )
