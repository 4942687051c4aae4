"""An enterprise's certificates and products are read only for the fields a request
selects (``Include.certificateReads``, ``productReads``): each field asked alone, or
through a fragment, answers what it answers when every field is read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import httpx
import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from schema import query, schema
from schema.selection import include_for
from tests.api.graphql_client import data

PAGE = "{ enterprises(first: 40) { edges { node { taxCode %s } } } }"
DAY = "2025-06-01"


def _needs_no_arguments(field: Any) -> bool:
    return not any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values())


def selections(type_name: str) -> dict[str, str]:
    """Each field of ``type_name`` and how to select it (an object with its scalars)."""
    found = {}
    for name, field in schema._schema.type_map[type_name].fields.items():  # type: ignore[attr-defined]
        named = get_named_type(field.type)
        if not _needs_no_arguments(field):
            continue
        if isinstance(named, GraphQLObjectType):
            scalars = [
                inner
                for inner, f in named.fields.items()
                if not isinstance(get_named_type(f.type), GraphQLObjectType)
                and _needs_no_arguments(f)
            ]
            found[name] = f"{name} {{ {' '.join(scalars)} }}"
        else:
            found[name] = name
    return found


@pytest.fixture
def every_field(monkeypatch: pytest.MonkeyPatch) -> Callable[[], ContextManager[None]]:
    """Within it, requests read every field of certificates and products, as before the
    projections followed the selection: the reference answers."""

    @contextmanager
    def reading_all() -> Iterator[None]:
        with monkeypatch.context() as patch:
            patch.setattr(
                query,
                "include_for",
                lambda info: replace(include_for(info), certificateReads=None, productReads=None),
            )
            yield

    return reading_all


async def _lists(client: httpx.AsyncClient, field: str, selection: str) -> dict[str, Any]:
    page = (await data(client, PAGE % f"{field} {{ {selection} }}"))["enterprises"]
    return {edge["node"]["taxCode"]: edge["node"][field] for edge in page["edges"]}


@pytest.mark.parametrize(
    ("field", "type_name"), [("certificates", "Certificate"), ("products", "Product")]
)
async def test_each_field_alone_answers_as_among_all(
    client: httpx.AsyncClient,
    every_field: Callable[[], ContextManager[None]],
    field: str,
    type_name: str,
) -> None:
    chosen = selections(type_name)
    with every_field():
        everything = await _lists(client, field, " ".join(chosen.values()))
    assert everything == await _lists(client, field, " ".join(chosen.values()))
    assert sum(len(rows) for rows in everything.values()) >= 5  # the sample data has them
    for name, selection in chosen.items():
        alone = await _lists(client, field, selection)
        expected = {firm: [{name: row[name]} for row in rows] for firm, rows in everything.items()}
        assert alone == expected, name
    # Asked through a fragment, a field is read all the same.
    fragment = f"fragment Picked on {type_name} {{ {' '.join(chosen.values())} }}"
    query = PAGE % f"{field} {{ ...Picked }}" + " " + fragment
    spread = (await data(client, query))["enterprises"]["edges"]
    assert {edge["node"]["taxCode"]: edge["node"][field] for edge in spread} == everything


async def test_valid_on_filters_certificates_whatever_fields_are_asked(
    client: httpx.AsyncClient, every_field: Callable[[], ContextManager[None]]
) -> None:
    query = (
        f'{{ certifiedTraceableSuppliers(validOn: "{DAY}") {{ edges {{ node {{ taxCode '
        f'certificates(validOn: "{DAY}") {{ %s }} }} }} }} }}'
    )
    with every_field():
        full = await data(client, query % "number status issuedOn expiresOn issuer")
    narrow = await data(client, query % "number")
    edges = full["certifiedTraceableSuppliers"]["edges"]
    assert edges and all(edge["node"]["certificates"] for edge in edges)
    assert all(c["status"] == "VALID" for e in edges for c in e["node"]["certificates"])
    expected = [
        {
            "taxCode": e["node"]["taxCode"],
            "certificates": [{"number": c["number"]} for c in e["node"]["certificates"]],
        }
        for e in edges
    ]
    assert [edge["node"] for edge in narrow["certifiedTraceableSuppliers"]["edges"]] == expected
