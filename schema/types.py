"""The Enterprise and the records that name it; each type builds itself from a record.

Records come prefetched from the one query a request makes. A nested list that the
query did not fetch (a selection deeper than the query prefetches, e.g. the awards of
a certificate holder found by search) is null in the record; its resolver then loads
the whole enterprise through the request's batching loader: one more round trip for
that level, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import UNSET

from hub.geo.units import Unit, units_by_key
from hub.graph import rules
from hub.graph.driver import Row
from schema.context import Info
from schema.enums import (
    AdminUnitEra,
    AdminUnitLevel,
    AwardKind,
    CertificateKind,
    CertificateStatus,
    DatasetKind,
    EnterpriseSize,
    EnterpriseStatus,
    LinkMethod,
    LinkStatus,
    MeasurementSupportKind,
    ProductChain,
    ProgrammeSupportKind,
    of,
)
from schema.link_types import LinkExplanation

_LEVEL_ORDER = {"province": 0, "district": 1, "ward": 2}


def iso_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def iso_datetime(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def certificate_status(stored: object, expires_on: date | None, day: date) -> CertificateStatus:
    """The status on ``day`` (``hub.graph.rules.status_on``) as the GraphQL enum."""
    return CertificateStatus(rules.status_on(stored, expires_on, day))


def _link(record: Row) -> dict[str, Any]:
    """The link fields every record naming a firm shows, and when it was retired."""
    return {
        "retired_at": iso_datetime(record.get("retiredAt")),
        "link_status": of(LinkStatus, record.get("linkStatus")),
        "link_method": of(LinkMethod, record.get("method")),
        "link_confidence": record.get("confidence"),
        "link_explanation": LinkExplanation.from_record(record),
    }


LINK_EXPLANATION = "How the record was tied to its firm, and why (null when it is not)."
RETIRED_AT = (
    "When a partner's snapshot left this record out (null: current). "
    "Retired records show only with `includeRetired: true`."
)


@strawberry.type(description="An administrative unit of one era (codes were reused in 2025).")
class AdminUnit:
    key: str = strawberry.field(description="era:level:code, e.g. current:ward:26734")
    code: str
    name: str
    level: AdminUnitLevel
    era: AdminUnitEra

    @classmethod
    def from_unit(cls, unit: Unit) -> AdminUnit:
        return cls(
            key=unit.key,
            code=unit.code,
            name=unit.name,
            level=AdminUnitLevel(unit.level),
            era=AdminUnitEra(unit.era),
        )


@strawberry.type(description="A load run: one dataset file loaded into the hub.")
class LoadRun:
    kind: DatasetKind | None
    file: str | None
    agency: str | None
    rows_loaded: int | None
    loaded_at: datetime | None = strawberry.field(description="When the load started.")
    finished_at: datetime | None

    @classmethod
    def from_record(cls, record: Row) -> LoadRun:
        return cls(
            kind=of(DatasetKind, record.get("kind")),
            file=record.get("file"),
            agency=record.get("agency"),
            rows_loaded=record.get("rowsLoaded"),
            loaded_at=iso_datetime(record.get("startedAt")),
            finished_at=iso_datetime(record.get("finishedAt")),
        )


@strawberry.type(description="A management-system or conformity certificate or declaration.")
class Certificate:
    number: str
    kind: CertificateKind | None
    standard: str | None
    issuer: str | None
    product: str | None = strawberry.field(description="The product as the certificate names it.")
    issued_on: date | None
    expires_on: date | None
    status: CertificateStatus = strawberry.field(description="The status on `statusOn`.")
    status_on: date = strawberry.field(description="The day `status` is computed for.")
    holder: Enterprise | None
    holder_tax_code: str | None = strawberry.field(description="The tax code as the row gave it.")
    holder_name: str | None = strawberry.field(description="The firm's name as the row gave it.")
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)

    @classmethod
    def from_record(cls, record: Row, day: date, holder: Enterprise | None) -> Certificate:
        expires_on = iso_date(record.get("expiresOn"))
        return cls(
            number=record["number"],
            kind=of(CertificateKind, record.get("kind")),
            standard=record.get("standard"),
            issuer=record.get("issuer"),
            product=record.get("product"),
            issued_on=iso_date(record.get("issuedOn")),
            expires_on=expires_on,
            status=certificate_status(record.get("status"), expires_on, day),
            status_on=day,
            holder=holder,
            holder_tax_code=record.get("holderTaxCode"),
            holder_name=record.get("holderName"),
            **_link(record),
        )

    @classmethod
    def with_link(cls, record: Row, day: date) -> Certificate:
        """A certificate found on its own: its holder comes from ``record['link']``."""
        link = record.get("link") or {}
        holder = link.get("holder")
        firm = Enterprise.from_record(holder, day) if holder else None
        return cls.from_record({**record, **link}, day, firm)


def is_valid_on(record: Row, day: date) -> bool:
    """``hub.graph.rules.is_valid_on`` for a fetched certificate row."""
    return rules.is_valid_on(
        record.get("status"),
        iso_date(record.get("issuedOn")),
        iso_date(record.get("expiresOn")),
        day,
    )


@strawberry.type(description="A national or Asia-Pacific quality award.")
class Award:
    award: AwardKind | None
    year: int | None
    holder: Enterprise | None
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)

    @classmethod
    def from_record(cls, record: Row, holder: Enterprise | None) -> Award:
        return cls(
            award=of(AwardKind, record.get("award")),
            year=record.get("year"),
            holder=holder,
            **_link(record),
        )


@strawberry.type(description="Measurement support under Decision 996/QĐ-TTg (or another).")
class MeasurementSupport:
    record_id: str | None
    support_kind: MeasurementSupportKind | None
    year: int | None
    amount_vnd: float | None = strawberry.field(description="Whole VND (Float: above 2^31).")
    instruments: int | None
    programme: str | None
    holder: Enterprise | None
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)

    @classmethod
    def from_record(cls, record: Row, holder: Enterprise | None) -> MeasurementSupport:
        amount = record.get("amountVnd")
        return cls(
            record_id=record.get("recordId"),
            support_kind=of(MeasurementSupportKind, record.get("supportKind")),
            year=record.get("year"),
            amount_vnd=float(amount) if amount is not None else None,
            instruments=record.get("instruments"),
            programme=record.get("programme"),
            holder=holder,
            **_link(record),
        )


@strawberry.type(description="Support under a productivity and quality programme.")
class ProgrammeSupport:
    programme: str | None
    support_kind: ProgrammeSupportKind | None
    year: int | None
    note: str | None
    holder: Enterprise | None
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)

    @classmethod
    def from_record(cls, record: Row, holder: Enterprise | None) -> ProgrammeSupport:
        return cls(
            programme=record.get("programme"),
            support_kind=of(ProgrammeSupportKind, record.get("supportKind")),
            year=record.get("year"),
            note=record.get("note"),
            holder=holder,
            **_link(record),
        )


@strawberry.type(description="A traceable product of a pilot chain.")
class Product:
    code: str
    name: str
    chain: ProductChain | None
    is_gtin: bool | None
    producer: Enterprise | None
    producer_tax_code: str | None = strawberry.field(description="As the row gave it.")
    producer_name: str | None = strawberry.field(description="As the row gave it.")
    link_status: LinkStatus | None
    link_method: LinkMethod | None
    link_confidence: float | None
    link_explanation: LinkExplanation | None = strawberry.field(description=LINK_EXPLANATION)
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)

    @classmethod
    def from_record(cls, record: Row, producer: Enterprise | None) -> Product:
        return cls(
            code=record["code"],
            name=record.get("name") or record["code"],
            chain=of(ProductChain, record.get("chain")),
            is_gtin=record.get("isGtin"),
            producer=producer,
            producer_tax_code=record.get("holderTaxCode"),
            producer_name=record.get("holderName"),
            **_link(record),
        )

    @classmethod
    def with_link(cls, record: Row, day: date | None) -> Product:
        """A product found on its own: its producer comes from ``record['link']``."""
        link = record.get("link") or {}
        producer = link.get("producer")
        firm = Enterprise.from_record(producer, day) if producer else None
        return cls.from_record({**record, **link}, firm)


@strawberry.type(
    description="A firm or branch of the business register, or a stub: a firm that only "
    "other datasets named by tax code."
)
class Enterprise:
    tax_code: str
    name: str
    legal_form: str | None
    address: str | None
    sector: str | None
    size: EnterpriseSize | None
    status: EnterpriseStatus | None
    established_on: date | None
    gln: str | None
    is_branch: bool
    stub: bool = strawberry.field(description="Known only from other datasets' records.")
    retired_at: datetime | None = strawberry.field(description=RETIRED_AT)
    _record: strawberry.Private[Row]
    _day: strawberry.Private[date | None]
    _include_retired: strawberry.Private[bool] = False
    _full: strawberry.Private[Row | None] = None

    @classmethod
    def from_record(
        cls, record: Row, day: date | None = None, include_retired: bool = False
    ) -> Enterprise:
        """``day`` is the day certificate statuses are computed for (None: today);
        ``include_retired``: its nested lists keep retired records (loaded later too)."""
        return cls(
            tax_code=record.get("taxCode") or record["key"],
            name=record.get("name") or record["key"],
            legal_form=record.get("legalForm"),
            address=record.get("address"),
            sector=record.get("sector"),
            size=of(EnterpriseSize, record.get("size")),
            status=of(EnterpriseStatus, record.get("status")),
            established_on=iso_date(record.get("establishedOn")),
            gln=record.get("gln"),
            is_branch=bool(record.get("isBranch")),
            stub=bool(record.get("stub")),
            retired_at=iso_datetime(record.get("retiredAt")),
            _record=record,
            _day=day,
            _include_retired=include_retired,
        )

    @strawberry.field(description="Every unit of the address, both eras, with its ancestors.")
    def admin_units(self, era: AdminUnitEra | None = UNSET) -> list[AdminUnit]:
        units = units_by_key()
        found = [units[key] for key in self._record.get("unitKeys") or () if key in units]
        if era:
            found = [unit for unit in found if unit.era == era.value]
        found.sort(key=lambda u: (u.era != "current", _LEVEL_ORDER[u.level], u.code))
        return [AdminUnit.from_unit(unit) for unit in found]

    @strawberry.field(
        description="Without validOn every certificate, whatever its status; with it, those "
        "valid that day. Statuses are for validOn, else the day the query asked, else today.",
    )
    def certificates(self, info: Info, valid_on: date | None = UNSET) -> list[Certificate]:
        valid_on = valid_on or None
        day = valid_on or self._day or info.context.today

        def build(rows: Sequence[Row]) -> list[Certificate]:
            chosen = rows if valid_on is None else [r for r in rows if is_valid_on(r, valid_on)]
            return [Certificate.from_record(r, day, self) for r in chosen]

        return self._nested(info, "certificates", build)

    @strawberry.field(description="A branch's head office.")
    def head_office(self, info: Info) -> Enterprise | None:
        return self._nested(info, "headOffice", lambda rows: self._firm(rows[0]) if rows else None)

    @strawberry.field(description="A head office's branches.")
    def branches(self, info: Info) -> list[Enterprise]:
        return self._nested(info, "branches", lambda rows: [self._firm(r) for r in rows])

    @strawberry.field
    def awards(self, info: Info) -> list[Award]:
        return self._nested(info, "awards", lambda rows: [Award.from_record(r, self) for r in rows])

    @strawberry.field
    def measurement_supports(self, info: Info) -> list[MeasurementSupport]:
        return self._nested(
            info,
            "measurementSupports",
            lambda rows: [MeasurementSupport.from_record(r, self) for r in rows],
        )

    @strawberry.field
    def programme_supports(self, info: Info) -> list[ProgrammeSupport]:
        return self._nested(
            info,
            "programmeSupports",
            lambda rows: [ProgrammeSupport.from_record(r, self) for r in rows],
        )

    @strawberry.field
    def products(self, info: Info) -> list[Product]:
        return self._nested(
            info, "products", lambda rows: [Product.from_record(r, self) for r in rows]
        )

    @strawberry.field(
        description="The load runs (datasets, files, times) that asserted this enterprise.",
    )
    def sources(self, info: Info) -> list[LoadRun]:
        return self._nested(info, "sources", lambda rows: [LoadRun.from_record(r) for r in rows])

    def _firm(self, record: Row) -> Enterprise:
        return Enterprise.from_record(record, self._day, self._include_retired)

    def _nested(self, info: Info, key: str, build: Callable[[Sequence[Row]], Any]) -> Any:
        """``build`` over the prefetched list, or an awaitable that loads it first."""
        rows = self._record.get(key)
        if rows is None and self._full is not None:
            rows = self._full.get(key)
        if rows is not None:
            return build(rows)
        return self._load_then(info, key, build)

    async def _load_then(self, info: Info, key: str, build: Callable[[Sequence[Row]], Any]) -> Any:
        if self._full is None:
            loader = info.context.enterprises_loader(self._include_retired)
            self._full = await loader.load(self._record["key"]) or {}
        return build(self._full.get(key) or [])
