"""Full-text search over enterprises, products and certificates (index ``hub_search``).

The index holds folded text (``searchText``), so the user's text is folded the same
way (``hub.text.fold``): case and diacritics stop mattering. The folded words are then
escaped and quoted into a fixed query shape, so no user text is ever read as Lucene
syntax: the whole phrase scores highest, then each whole word, then word prefixes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import LiteralString, cast

from hub import text
from hub.errors import BadInputError
from hub.graph.api_queries.fragments import (
    Include,
    certificate_with_holder,
    enterprise_full,
    live,
    product_with_producer,
)
from hub.graph.driver import AsyncGraph, Row

MAX_TERMS = 12
MAX_TEXT = 200  # characters: a name or a number, not a document
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
# Lucene's operators, should a word ever survive folding in upper case.
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


# Retired records are dropped before LIMIT, so the index is asked for more than
# `first` hits (retirements are rare); a common word then costs a bounded read, not
# every match in the province.
@cache
def _statement(inc: Include) -> LiteralString:
    return cast(
        LiteralString,
        """
CALL db.index.fulltext.queryNodes('hub_search', $query, {limit: $candidates})
YIELD node, score
WHERE """
        + live("node")
        + """
WITH node, score ORDER BY score DESC, node.key LIMIT $first
RETURN score,
  CASE WHEN node:Enterprise THEN 'enterprise' WHEN node:Product THEN 'product'
       ELSE 'certificate' END AS kind,
  CASE WHEN node:Enterprise THEN """
        + enterprise_full("node", inc)
        + """ END AS enterprise,
  CASE WHEN node:Product THEN """
        + product_with_producer("node", inc)
        + """ END AS product,
  CASE WHEN node:Certificate THEN """
        + certificate_with_holder("node", inc)
        + """ END AS certificate
""",
    )


def escape(term: str) -> str:
    """A term with every Lucene special character backslash-escaped."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", term)
    return escaped.lower() if escaped in _OPERATORS else escaped


def lucene_query(user_text: str) -> str:
    """The Lucene query for ``user_text``; BadInputError when nothing searchable is left."""
    if len(user_text) > MAX_TEXT:
        raise BadInputError(f"search text is over {MAX_TEXT} characters")
    words = dict.fromkeys(text.fold(user_text).split())  # once each, in order
    terms = [escape(t) for t in words][:MAX_TERMS]
    if not terms:
        raise BadInputError("search text has no letters or digits")
    parts = [f'"{" ".join(terms)}"^4'] if len(terms) > 1 else []
    for term in terms:
        parts.append(f"{term}^2")
        if len(term) > 1:
            parts.append(f"{term}*")
    return " ".join(parts)


async def search(graph: AsyncGraph, user_text: str, first: int, include: Include) -> list[Row]:
    query = lucene_query(user_text)
    if first == 0:
        return []
    params = {"query": query, "first": first, "candidates": 4 * first + 50}
    return await graph.read(_statement(include.selection), {**params, **include.params()})
