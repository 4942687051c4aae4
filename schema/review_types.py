"""What ``unresolvedRecords`` returns: records kept for review, not tied to a firm."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.graph.driver import Row
from hub.graph.model import Label
from hub.graph.review import ItemId
from schema.enums import LinkStatus, of
from schema.types import Enterprise


@strawberry.enum(description="The kinds of record that name a firm.")
class RecordKind(Enum):
    CERTIFICATE = "Certificate"
    AWARD = "Award"
    MEASUREMENT_SUPPORT = "MeasurementSupport"
    PROGRAMME_SUPPORT = "ProgrammeSupport"
    PRODUCT = "Product"
    TRACE_EVENT = "TraceEvent"


@strawberry.type(description="An enterprise a record may name, and how well its name fits.")
class ScoredCandidate:
    enterprise: Enterprise
    score: float | None = strawberry.field(
        description="0..1: 1 for the same distinctive words; lower the further apart."
    )


@strawberry.type(
    description="A record whose firm is unknown (UNRESOLVED), unclear (AMBIGUOUS) or, "
    "by a person's decision, none of the register's (REJECTED)."
)
class UnresolvedRecord:
    id: str = strawberry.field(
        description="The review item's id, for `hub review link ID TAX_CODE` and the "
        "partner API's /review routes."
    )
    kind: RecordKind
    key: str
    name: str | None = strawberry.field(description="The record's caption.")
    holder_name: str | None = strawberry.field(description="The firm's name as the row gave it.")
    holder_tax_code: str | None
    holder_address: str | None
    link_status: LinkStatus | None
    candidates: list[Enterprise] = strawberry.field(
        description="The enterprises the linker kept as candidates, by tax code."
    )
    scored_candidates: list[ScoredCandidate] = strawberry.field(
        description="The same candidates with their scores, best first."
    )

    @classmethod
    def from_record(cls, record: Row) -> UnresolvedRecord:
        candidates = [Enterprise.from_record(c) for c in record.get("candidates") or ()]
        scores = dict(
            zip(
                record.get("candidateKeys") or (), record.get("candidateScores") or (), strict=False
            )
        )
        scored = [ScoredCandidate(enterprise=e, score=scores.get(e.tax_code)) for e in candidates]
        scored.sort(key=lambda c: -(c.score or 0.0))
        return cls(
            id=str(ItemId(Label(record["label"]), record["key"])),
            kind=RecordKind(record["label"]),
            key=record["key"],
            name=record.get("name"),
            holder_name=record.get("holderName"),
            holder_tax_code=record.get("holderTaxCode"),
            holder_address=record.get("holderAddress"),
            link_status=of(LinkStatus, record.get("linkStatus")),
            candidates=candidates,
            scored_candidates=scored,
        )
