"""The review queue: records that name a firm the hub could not tie to one enterprise.

One branch per record label, each on its ``linkStatus`` index; a record comes with
the enterprises the linker kept as candidates, and their scores.
"""

from __future__ import annotations

from functools import cache
from typing import LiteralString, cast

from hub.graph.api_queries.fragments import Include, enterprise_summary
from hub.graph.driver import AsyncGraph, Row
from hub.graph.model import HOLDER_RELS

_BRANCH = """
MATCH (rec:__LABEL__)
WHERE rec.linkStatus IN $statuses AND ($label IS NULL OR $label = '__LABEL__')
RETURN '__LABEL__' AS label, rec.key AS key, rec.name AS name, rec.holderName AS holderName,
       rec.holderTaxCode AS holderTaxCode, rec.holderAddress AS holderAddress,
       rec.linkStatus AS linkStatus, rec.candidates AS candidateKeys,
       rec.candidateScores AS candidateScores,
       COLLECT { MATCH (c:Enterprise) WHERE c.key IN coalesce(rec.candidates, [])
                 RETURN __CANDIDATE__ ORDER BY c.key } AS candidates
ORDER BY key LIMIT $first
"""


@cache
def _statement(inc: Include) -> LiteralString:
    branch = _BRANCH.replace("__CANDIDATE__", enterprise_summary("c", inc))
    return cast(
        LiteralString,
        "CALL () { "
        + " UNION ALL ".join(branch.replace("__LABEL__", label.value) for label in HOLDER_RELS)
        + " } RETURN label, key, name, holderName, holderTaxCode, holderAddress, linkStatus, "
        + "candidateKeys, candidateScores, candidates ORDER BY label, key LIMIT $first",
    )


async def unresolved_records(
    graph: AsyncGraph, label: str | None, statuses: list[str], first: int, include: Include
) -> list[Row]:
    params = {"label": label, "statuses": statuses, "first": first, **include.params()}
    return await graph.read(_statement(include.selection), params)
