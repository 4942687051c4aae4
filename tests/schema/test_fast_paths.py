"""Plain scalar and enum fields completed in place (``schema.fast_paths.LeafFastPath``)
give the same answers and the same errors as graphql-core's own completion."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema import HubSchema
from schema.fast_paths import LeafFastPath, direct_attribute_reads
from schema.limits import Limits


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Thing:
    name: str
    note: str | None
    count: int
    colour: Colour
    tags: list[str]
    maybe_colour: Colour | None = None


# Each row is a source a resolver might hand over, good or bad; the types above only
# describe what the schema promises.
SOURCES: list[dict[str, Any]] = [
    {"name": "Cà phê", "note": None, "count": 3, "colour": Colour.RED, "tags": ["a"]},
    {"name": None, "note": "n", "count": 1, "colour": Colour.GREEN, "tags": []},  # null
    {"name": "x", "note": "n", "count": "many", "colour": Colour.RED, "tags": []},  # no Int
    {"name": "x", "note": 7, "count": 2**40, "colour": "blue", "tags": []},  # bad values
    {"name": "x", "note": "n", "count": 1, "colour": Colour.GREEN, "tags": [None]},
]


class _Source:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update({"maybe_colour": None, **values})


class _Broken(_Source):
    @property
    def note(self) -> str:
        raise RuntimeError("the note cannot be read")


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        broken = _Broken({k: v for k, v in SOURCES[0].items() if k != "note"})
        return [*(_Source(values) for values in SOURCES), broken]  # type: ignore[list-item]


def _schema(execution_context_class: type) -> strawberry.Schema:
    built = strawberry.Schema(query=Query, execution_context_class=execution_context_class)
    direct_attribute_reads(built._schema)
    return built


QUERY = "{ things { name note count colour maybeColour tags alias: name } }"


@pytest.mark.asyncio
async def test_answers_and_errors_are_graphql_cores() -> None:
    fast = await _schema(LeafFastPath).execute(QUERY)
    plain = await _schema(StrawberryGraphQLCoreExecutionContext).execute(QUERY)
    assert fast.data == plain.data
    assert fast.data is not None and fast.data["things"][0] == {
        "name": "Cà phê",
        "note": None,
        "count": 3,
        "colour": "RED",
        "maybeColour": None,
        "tags": ["a"],
        "alias": "Cà phê",
    }
    # The bad rows are nulled, each with graphql-core's own located error.
    assert [row is None for row in fast.data["things"]] == [False, True, True, True, True, False]
    assert fast.data["things"][5]["note"] is None  # the attribute raised: a located error
    described = sorted((e.message, tuple(e.path or ())) for e in fast.errors or ())
    assert described == sorted((e.message, tuple(e.path or ())) for e in plain.errors or ())
    assert any("Cannot return null for non-nullable field Thing.name" in m for m, _ in described)
    assert any(path == ("things", 2, "count") for _, path in described)
    assert ("the note cannot be read", ("things", 5, "note")) in described


def test_the_hubs_schema_completes_its_plain_leaves_in_place() -> None:
    schema = HubSchema(Limits())
    assert schema.execution_context_class is LeafFastPath
    leaves = schema._schema.extensions["hub.plain-leaves"]
    # Scalars and enums, nullable or not, by their GraphQL names; objects and fields
    # with arguments or resolvers go through graphql-core.
    assert {"taxCode", "name", "status", "establishedOn"} <= set(leaves["Enterprise"])
    assert "certificates" not in leaves["Enterprise"]
    assert "adminUnits" not in leaves["Enterprise"]


@pytest.mark.asyncio
async def test_an_extension_that_wraps_resolvers_still_sees_every_field() -> None:
    seen: list[str] = []

    class Audit(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    audited = strawberry.Schema(
        query=Query, execution_context_class=LeafFastPath, extensions=[Audit]
    )
    direct_attribute_reads(audited._schema)
    result = await audited.execute("{ things { name count } }")
    assert result.data is not None and result.data["things"][0] == {"name": "Cà phê", "count": 3}
    assert seen.count("name") == len(SOURCES) + 1  # and the broken source
