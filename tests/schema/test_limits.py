"""Documents measured before execution: bytes, tokens, depth, aliases; verdicts cached."""

from __future__ import annotations

from schema import HubSchema, schema
from schema.limits import Limits, check


def _codes(query: str, limits: Limits) -> list[str]:
    verdict = check(query, schema._schema, limits)
    return [(e.extensions or {}).get("code", "BAD_USER_INPUT") for e in verdict.errors]


DEEP = '{ enterprise(taxCode: "1") { headOffice { headOffice { name } } } }'  # depth 4


def test_depth_counts_fields_through_fragments_but_not_introspection() -> None:
    assert _codes(DEEP, Limits(max_depth=4)) == []
    assert _codes(DEEP, Limits(max_depth=3)) == ["QUERY_TOO_COMPLEX"]
    spread = (
        '{ enterprise(taxCode: "1") { ...F } } '
        "fragment F on Enterprise { headOffice { ... on Enterprise { headOffice { name } } } }"
    )
    assert _codes(spread, Limits(max_depth=3)) == ["QUERY_TOO_COMPLEX"]
    introspection = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"
    assert _codes(introspection, Limits(max_depth=1)) == []


def test_fragment_cycles_are_reported_not_followed() -> None:
    cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    assert _codes(cycle, Limits()) == ["BAD_USER_INPUT"]


def test_aliases_tokens_and_bytes() -> None:
    three = "{ a: __typename b: __typename c: __typename }"
    assert _codes(three, Limits(max_aliases=3)) == []
    assert _codes(three, Limits(max_aliases=2)) == ["QUERY_TOO_COMPLEX"]
    assert _codes(three, Limits(max_tokens=10)) == ["QUERY_TOO_COMPLEX"]
    assert _codes(three, Limits(max_bytes=20)) == ["QUERY_TOO_COMPLEX"]
    # Bytes, not characters: Vietnamese letters take two or three.
    text = '{ search(text: "Bình Dương") { score } }'
    assert _codes(text, Limits(max_bytes=len(text))) == ["QUERY_TOO_COMPLEX"]
    assert _codes(text, Limits(max_bytes=len(text.encode()))) == []


def test_verdicts_are_cached_per_text() -> None:
    fresh = HubSchema(Limits())
    first = fresh.documents.verdict(DEEP)
    assert fresh.documents.verdict(DEEP) is first
    assert first.document is not None and first.errors == ()
