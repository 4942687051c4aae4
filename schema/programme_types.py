"""What ``programmeProgress`` returns: each target with its achieved value."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graph.driver import Row
from schema.enums import EnterpriseSize, of
from schema.types import Enterprise, iso_date


@strawberry.type
class TargetProgress:
    position: int
    indicator: str
    target: int
    target_text: str = strawberry.field(description="The target as the decision words it.")
    support_kind: str | None = strawberry.field(description="What counts towards it.")
    sizes: list[EnterpriseSize] | None
    by_year: int | None
    achieved: int | None = strawberry.field(
        description="Distinct enterprises counted from the loaded data; null when the "
        "datasets cannot show this indicator."
    )
    achieved_by: list[Enterprise] = strawberry.field(
        description="The enterprises behind `achieved`, by name (at most 100)."
    )

    @classmethod
    def from_record(cls, record: Row) -> TargetProgress:
        sizes = record.get("sizes")
        return cls(
            position=record["position"],
            indicator=record["indicator"],
            target=record["target"],
            target_text=record.get("targetText") or str(record["target"]),
            support_kind=record.get("supportKind"),
            sizes=[s for s in (of(EnterpriseSize, v) for v in sizes) if s] if sizes else None,
            by_year=record.get("byYear"),
            achieved=record.get("achieved"),
            achieved_by=[Enterprise.from_record(r) for r in record.get("records") or ()],
        )


@strawberry.type
class ProgrammeProgress:
    code: str
    title: str | None
    period: str | None
    issued_on: date | None
    targets: list[TargetProgress]

    @classmethod
    def from_record(cls, record: Row) -> ProgrammeProgress:
        return cls(
            code=record["code"],
            title=record.get("title"),
            period=record.get("period"),
            issued_on=iso_date(record.get("issuedOn")),
            targets=[TargetProgress.from_record(t) for t in record["targets"]],
        )
