"""The Query type: each resolver checks its arguments and makes one graph-layer call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import strawberry
from strawberry import UNSET

from hub import taxcode, text
from hub.errors import BadInputError
from hub.graph.api_queries import enterprises as enterprise_queries
from hub.graph.api_queries import programmes as programme_queries
from hub.graph.api_queries import review as review_queries
from hub.graph.api_queries import search as search_queries
from hub.graph.api_queries import suppliers as supplier_queries
from hub.graph.api_queries import trace as trace_queries
from hub.graph.api_queries.fragments import Include
from hub.graph.reference import programme_key
from schema.changes import ChangesQuery
from schema.context import Info
from schema.enums import CertificateKind, LinkStatus, ProductChain, TraceDirection
from schema.inputs import EnterpriseWhere, folded, given, unit_keys
from schema.pagination import EnterpriseConnection, check_first, decode_cursor
from schema.programme_types import ProgrammeProgress
from schema.review_types import RecordKind, UnresolvedRecord
from schema.search_types import SearchHit
from schema.selection import include_for
from schema.trace_types import Trace
from schema.types import Enterprise

ALL_CHAINS = [chain.value for chain in ProductChain]
# ``includeRetired`` (on enterprise and enterprises): records a partner's snapshot left
# out (retired, retiredAt set) show too, in the result and in its nested lists.
_RETIRED_NOTE = (
    " Retired records (left out by a partner's snapshot) are hidden unless includeRetired "
    "is true, here and in the nested lists."
)


def _with_retired(include: Include, include_retired: bool | None) -> Include:
    """The request's flags, with ``includeRetired`` when the argument asked for it."""
    return replace(include, includeRetired=True) if include_retired else include


def _tax_code(raw: str) -> str:
    try:
        return taxcode.parse(raw).canonical
    except taxcode.TaxCodeError as exc:
        raise BadInputError(f"taxCode: {exc}") from None


@strawberry.type
class Query(ChangesQuery):
    """The contract's queries, and ``changes`` (the change feed, schema.changes)."""

    @strawberry.field(
        description="An enterprise by tax code, in any spelling the data contract accepts "
        "(3700635642-001, 3700635642 001, 3700635642001); null when unknown." + _RETIRED_NOTE
    )
    async def enterprise(
        self,
        info: Info,
        tax_code: str,
        include_retired: bool | None = False,
    ) -> Enterprise | None:
        key = _tax_code(tax_code)
        include = _with_retired(include_for(info), include_retired)
        record = await enterprise_queries.enterprise(info.context.graph, key, include)
        return Enterprise.from_record(record, None, bool(include_retired)) if record else None

    @strawberry.field(description="Enterprises by name, then tax code." + _RETIRED_NOTE)
    async def enterprises(
        self,
        info: Info,
        where: EnterpriseWhere | None = UNSET,
        first: int | None = 20,
        after: str | None = UNSET,
        include_retired: bool | None = False,
    ) -> EnterpriseConnection:
        first = check_first(first)
        cursor = decode_cursor(given(after))
        where = given(where) or EnterpriseWhere()
        filters = enterprise_queries.EnterpriseFilter(
            text=folded("where.name", given(where.name)),
            unit_keys=unit_keys(given(where.admin_unit)),
            size=where.size.value if where.size else None,
            status=where.status.value if where.status else None,
            stub=given(where.stub),
        )
        include = _with_retired(include_for(info), include_retired)
        page = await enterprise_queries.enterprises(
            info.context.graph, filters, cursor, first + 1, include
        )
        return EnterpriseConnection.from_page(
            page.total, page.rows, first, cursor, include_retired=bool(include_retired)
        )

    @strawberry.field(
        description="Enterprises that hold a certificate valid on validOn (default today) "
        "matching standard (normalised prefix: ISO 9001 matches TCVN ISO 9001:2015) and kind, "
        "and supply a traceable product of chain (as producer or as the actor of a trace "
        "event on a lot of it). Each enterprise once, by name then tax code."
    )
    async def certified_traceable_suppliers(
        self,
        info: Info,
        standard: str | None = UNSET,
        kind: CertificateKind | None = UNSET,
        chain: ProductChain | None = UNSET,
        admin_unit: str | None = UNSET,
        valid_on: date | None = UNSET,
        first: int | None = 20,
        after: str | None = UNSET,
    ) -> EnterpriseConnection:
        first = check_first(first)
        cursor = decode_cursor(given(after))
        day = given(valid_on) or info.context.today
        standard_key = None
        if given(standard) is not None:
            standard_key = text.standard_query(standard)
            if not standard_key:
                raise BadInputError("standard has no letters or digits")
        filters = supplier_queries.SupplierFilter(
            day=day,
            chains=[chain.value] if chain else ALL_CHAINS,
            standard=standard_key,
            kind=kind.value if kind else None,
            unit_keys=unit_keys(given(admin_unit)),
            every_chain=not chain,
        )
        page = await supplier_queries.certified_traceable_suppliers(
            info.context.graph, filters, cursor, first + 1, include_for(info)
        )
        return EnterpriseConnection.from_page(page.total, page.rows, first, cursor, day)

    @strawberry.field(
        description="The lots reachable from a lot through input-output links, upstream, "
        "downstream or both, within maxDepth links (0..20); null for an unknown lot."
    )
    async def trace(
        self,
        info: Info,
        lot_code: str,
        direction: TraceDirection | None = TraceDirection.BOTH,
        max_depth: int | None = 10,
    ) -> Trace | None:
        direction = direction or TraceDirection.BOTH
        max_depth = 10 if max_depth is None else max_depth
        if not 0 <= max_depth <= trace_queries.MAX_DEPTH:
            raise BadInputError(f"maxDepth must be between 0 and {trace_queries.MAX_DEPTH}")
        code = lot_code.strip()
        if not code:
            raise BadInputError("lotCode is empty")
        up = direction is not TraceDirection.DOWNSTREAM
        down = direction is not TraceDirection.UPSTREAM
        record = await trace_queries.trace(
            info.context.graph, code, up, down, max_depth, include_for(info)
        )
        return Trace.from_record(record) if record else None

    @strawberry.field(
        description="A programme's targets with achieved values counted from the loaded "
        "data (distinct enterprises); null for an unknown programme."
    )
    async def programme_progress(self, info: Info, code: str) -> ProgrammeProgress | None:
        key = programme_key(code)
        if not key:
            raise BadInputError("code has no letters or digits")
        record = await programme_queries.programme_progress(
            info.context.graph, key, include_for(info)
        )
        return ProgrammeProgress.from_record(record) if record else None

    @strawberry.field(
        description="Enterprises, products and certificates by name or number, insensitive "
        "to case and diacritics, best match first."
    )
    async def search(self, info: Info, text: str, first: int | None = 20) -> list[SearchHit]:
        first = check_first(first)
        rows = await search_queries.search(info.context.graph, text, first, include_for(info))
        return [SearchHit.from_record(row, info.context.today) for row in rows]

    @strawberry.field(
        description="The review queue: records naming a firm that no enterprise, or more "
        "than one, matched; by kind, then key."
    )
    async def unresolved_records(
        self,
        info: Info,
        kind: RecordKind | None = UNSET,
        status: LinkStatus | None = UNSET,
        first: int | None = 20,
    ) -> list[UnresolvedRecord]:
        first = check_first(first)
        if status is LinkStatus.LINKED:
            raise BadInputError("status is UNRESOLVED, AMBIGUOUS or REJECTED")
        statuses = [status.value] if status else ["unresolved", "ambiguous"]
        rows = await review_queries.unresolved_records(
            info.context.graph, kind.value if kind else None, statuses, first, include_for(info)
        )
        return [UnresolvedRecord.from_record(row) for row in rows]
