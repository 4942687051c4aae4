"""Header mappings: ``HEADER=column`` pairs that name a column the aliases do not know.

The same syntax on the command line (``--map``, repeatable), the upload API (``map=``)
and a partner's saved mapping. ``column`` is one of the kind's canonical columns, or
``-`` to ignore the header.
"""

from __future__ import annotations

from collections.abc import Iterable

from hub.errors import BadInputError
from loaders.base import KindLoader
from loaders.reading.header import IGNORE

Mapping = tuple[tuple[str, str], ...]


def parse_mapping(items: Iterable[str], loader: KindLoader) -> Mapping:
    """``["Quy chuẩn áp dụng=standard"]`` as pairs; BadInputError names what is wrong."""
    names = [c.name for c in loader.columns]
    pairs: dict[str, str] = {}
    for item in items:
        header, sep, column = item.rpartition("=")
        header, column = header.strip(), column.strip()
        if not sep or not header:
            raise BadInputError(f"a mapping is HEADER=column, not {item!r}")
        if column not in names and column != IGNORE:
            raise BadInputError(
                f"{column!r} is not a column of {loader.kind}; its columns are: "
                f"{', '.join(names)} (or {IGNORE} to ignore the header)"
            )
        pairs[header] = column
    return tuple(pairs.items())
