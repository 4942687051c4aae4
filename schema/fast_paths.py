"""Cheaper per-field work for strawberry, with the same schema and the same answers.

A contract query resolves 60 to a few hundred fields, and what strawberry adds to each
field is most of a cheap request's Python (profiled under ``hub serve``):

- A plain data field (no resolver, no extension) is read through two wrapper calls and
  a property; ``direct_attribute_reads`` gives graphql-core one ``getattr`` instead.
- Strawberry turns each argument's Python name into its GraphQL name again on every
  call of a resolver that has arguments (``certificates(validOn)`` once per firm);
  ``CachedNames`` remembers the conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema
from strawberry.schema.name_converter import NameConverter
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case


@cache
def _camel(name: str) -> str:
    return to_camel_case(name)


class CachedNames(NameConverter):
    """Strawberry's names, each converted once per process."""

    def apply_naming_config(self, name: str) -> str:
        return _camel(name) if self.auto_camel_case else name


def _attribute(name: str) -> Callable[..., Any]:
    def resolve(source: Any, info: Any, **_: Any) -> Any:
        return getattr(source, name)

    return resolve


def direct_attribute_reads(schema: GraphQLSchema) -> int:
    """Give each plain data field a resolver that reads its attribute; returns how many.

    Only fields strawberry itself resolves with its default ``getattr`` are changed (no
    resolver, no field extension), so what they return is the same."""
    changed = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field in graphql_type.fields.values():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if (
                isinstance(definition, StrawberryField)
                and definition.is_basic_field
                and definition.default_resolver is getattr
                and getattr(field.resolve, "_is_default", False)
            ):
                field.resolve = _attribute(definition.python_name)
                changed += 1
    return changed
