"""The committed schema.graphql is what the code serves, and keeps the contract's names."""

from __future__ import annotations

from graphql import build_schema

from schema import schema
from schema.export import SDL_PATH, sdl

# The operations of ../shared/spec/API_CONTRACT.md, argument by argument.
CONTRACT = {
    # includeRetired (issue 5: retired records are visible with an argument) is an addition.
    "enterprise": "enterprise(taxCode: String!, includeRetired: Boolean = false): Enterprise",
    "enterprises": "enterprises(where: EnterpriseWhere, first: Int = 20, after: String, "
    "includeRetired: Boolean = false): EnterpriseConnection!",
    "certifiedTraceableSuppliers": "certifiedTraceableSuppliers(standard: String, "
    "kind: CertificateKind, chain: ProductChain, adminUnit: String, validOn: Date, "
    "first: Int = 20, after: String): EnterpriseConnection!",
    "trace": "trace(lotCode: String!, direction: TraceDirection = BOTH, maxDepth: Int = 10): Trace",
    "programmeProgress": "programmeProgress(code: String!): ProgrammeProgress",
    "search": "search(text: String!, first: Int = 20): [SearchHit!]!",
}


def test_schema_graphql_is_up_to_date() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql differs from the code's schema: run `python -m schema.export` "
        "and commit schema.graphql"
    )


def test_the_contract_operations_are_served_as_written() -> None:
    text = schema.as_str()
    for signature in CONTRACT.values():
        assert f"  {signature}\n" in text, signature


def test_the_contract_types_have_their_fields() -> None:
    served = build_schema(schema.as_str())
    wanted = {
        "Enterprise": "taxCode name legalForm address adminUnits certificates awards "
        "measurementSupports programmeSupports products sources headOffice branches",
        "Certificate": "number kind standard issuer product issuedOn expiresOn status holder",
        "Product": "code name chain producer",
        "Lot": "code product events",
        "Trace": "lots links",
        "TraceLink": "from to",
        "ProgrammeProgress": "code title targets",
        "TargetProgress": "indicator target achieved",
        "SearchHit": "kind score entity",
        "EnterpriseConnection": "edges pageInfo totalCount",
        "EnterpriseEdge": "cursor node",
        "PageInfo": "hasNextPage endCursor",
    }
    for type_name, fields in wanted.items():
        have = served.get_type(type_name).fields  # type: ignore[union-attr]
        assert set(fields.split()) <= set(have), type_name
    enums = {
        "TraceDirection": {"UPSTREAM", "DOWNSTREAM", "BOTH"},
        "CertificateStatus": {"VALID", "EXPIRED", "SUSPENDED", "WITHDRAWN"},
        "ProductChain": {"EGGS", "POULTRY_MEAT", "VEGETABLES", "MELON", "POMELO"},
        "CertificateKind": {
            "MANAGEMENT_SYSTEM",
            "STANDARD_CERTIFICATION",
            "REGULATION_CERTIFICATION",
            "STANDARD_DECLARATION",
            "REGULATION_DECLARATION",
        },
    }
    for enum_name, values in enums.items():
        assert set(served.get_type(enum_name).values) == values  # type: ignore[union-attr]
