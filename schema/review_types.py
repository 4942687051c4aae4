"""What ``unresolvedRecords`` returns: records kept for review, not tied to a firm."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.graph.driver import Record
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


@strawberry.type(description="A record whose firm is unknown (UNRESOLVED) or unclear (AMBIGUOUS).")
class UnresolvedRecord:
    kind: RecordKind
    key: str
    name: str | None = strawberry.field(description="The record's caption.")
    holder_name: str | None = strawberry.field(description="The firm's name as the row gave it.")
    holder_tax_code: str | None
    holder_address: str | None
    link_status: LinkStatus | None
    candidates: list[Enterprise] = strawberry.field(
        description="The enterprises an ambiguous name matched."
    )

    @classmethod
    def from_record(cls, record: Record) -> UnresolvedRecord:
        return cls(
            kind=RecordKind(record["label"]),
            key=record["key"],
            name=record.get("name"),
            holder_name=record.get("holderName"),
            holder_tax_code=record.get("holderTaxCode"),
            holder_address=record.get("holderAddress"),
            link_status=of(LinkStatus, record.get("linkStatus")),
            candidates=[Enterprise.from_record(c) for c in record.get("candidates") or ()],
        )
