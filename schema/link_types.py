"""How a record is tied to the firm it names: ``linkExplanation`` on every such record."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.graph.driver import Row
from schema.enums import LinkMethod, of

# What a link made before its evidence was stored says for itself.
_BY_METHOD = {
    LinkMethod.TAX_CODE: "the row gives the firm's tax code",
    LinkMethod.NAME: "the same name as the register's",
    LinkMethod.NAME_ADDRESS: "the same name as the register's, told apart by the address",
    LinkMethod.FUZZY_NAME: "a near spelling of the register's name",
    LinkMethod.MANUAL: "linked by a person",
}


@strawberry.type(
    description="Why a record is tied to its firm: the method, how sure, and the evidence "
    "that decided (which words agreed, what differed), or who decided by hand."
)
class LinkExplanation:
    method: LinkMethod | None
    confidence: float | None = strawberry.field(description="0..1; 1 for a tax code or a person.")
    evidence: str = strawberry.field(description="One sentence a person can check.")
    agreed: list[str] = strawberry.field(
        description="What agreed: the distinctive words (folded: no case, no diacritics; "
        "trade words as their abbreviation, e.g. `sx` for sản xuất), `form <legal form>`, "
        "`ward`, `place <words in brackets>`."
    )
    differed: list[str] = strawberry.field(
        description="What differed: the legal form given or not, word order, a typing slip, "
        "diacritics, the ward."
    )
    decided_by: str | None = strawberry.field(description="Who linked it by hand (MANUAL).")
    decided_at: datetime | None

    @classmethod
    def from_record(cls, record: Row) -> LinkExplanation | None:
        """From a record's link fields (``method``, ``confidence``, ``evidence``...); None
        when the record is not linked."""
        method = of(LinkMethod, record.get("method"))
        if method is None:
            return None
        decided_at = record.get("decidedAt")
        return cls(
            method=method,
            confidence=record.get("confidence"),
            evidence=record.get("evidence") or _BY_METHOD[method],
            agreed=list(record.get("agreed") or ()),
            differed=list(record.get("differed") or ()),
            decided_by=record.get("decidedBy"),
            decided_at=datetime.fromisoformat(decided_at) if decided_at else None,
        )
