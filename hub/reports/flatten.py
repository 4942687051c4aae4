"""A GraphQL answer as a table: the rows of its first connection, flattened with pandas.

``find_rows`` walks the answer's ``data`` in field order and takes the first
connection (an object with ``edges``: its nodes are the rows) or list of objects;
a lone object is one row. ``table`` flattens the rows: nested objects become dotted
columns (``holder.name``), lists of plain values are joined with ``"; "``, and other
lists are kept as JSON text, except ``explode``: the list named by that dotted path
gives one row per item (a row whose list is empty gives none).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hub.errors import BadInputError

Row = dict[str, Any]


@dataclass(frozen=True)
class Found:
    path: tuple[str, ...]  # the fields leading to the rows
    rows: list[Row]
    page_info: Row | None  # the connection's pageInfo, when it has one


def find_rows(data: Any, path: tuple[str, ...] = ()) -> Found | None:
    """The first connection or list of objects in ``data``, depth-first."""
    if isinstance(data, dict):
        edges = data.get("edges")
        if isinstance(edges, list) and all(isinstance(e, dict) for e in edges):
            nodes = [e.get("node") if "node" in e else e for e in edges]
            return Found(path, [n for n in nodes if isinstance(n, dict)], data.get("pageInfo"))
        for key, value in data.items():
            found = find_rows(value, (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return Found(path, list(data), None)
    return None


def rows_of(data: Any) -> Found:
    """The rows of an answer: its first connection or list, else its one object."""
    found = find_rows(data)
    if found is not None:
        return found
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict):
                return Found((key,), [value], None)
    raise BadInputError("the answer holds no connection, list or object to make rows of")


def table(rows: Sequence[Row], explode: str | None = None) -> pd.DataFrame:
    """The rows flattened to columns (see the module's docstring)."""
    if explode:
        rows = _exploded(rows, explode)
    if not rows:
        return pd.DataFrame()
    frame = pd.json_normalize(list(rows), sep=".")
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(_cell)
    return frame


def _cell(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    if all(not isinstance(item, (dict, list)) for item in value):
        return "; ".join("" if item is None else str(item) for item in value)
    return json.dumps(value, ensure_ascii=False)


def _exploded(rows: Sequence[Row], path: str) -> list[Row]:
    """One row per item of the list at ``path`` (dotted), the item under that path."""
    names = path.split(".")
    out: list[Row] = []
    for row in rows:
        items = _at(row, names)
        if items is not None and not isinstance(items, list):
            raise BadInputError(f"explode: {path} is not a list in the answer")
        for item in items or ():
            out.append(_replaced(row, names, item))
    return out


def _at(row: Any, names: list[str]) -> Any:
    for name in names:
        if not isinstance(row, dict):
            return None
        row = row.get(name)
    return row


def _replaced(row: Row, names: list[str], item: Any) -> Row:
    copy = dict(row)
    if len(names) == 1:
        copy[names[0]] = item
    else:
        inner = copy.get(names[0])
        copy[names[0]] = _replaced(inner if isinstance(inner, dict) else {}, names[1:], item)
    return copy
