"""Cheaper per-field work for strawberry, with the same schema and the same answers.

A contract query resolves 60 to a few hundred fields, and what strawberry adds to each
field is most of a cheap request's Python (profiled under ``hub serve``):

- A plain data field (no resolver, no extension) is read through two wrapper calls and
  a property; ``direct_attribute_reads`` gives graphql-core one ``getattr`` instead.
- Strawberry turns each argument's Python name into its GraphQL name again on every
  call of a resolver that has arguments (``certificates(validOn)`` once per firm);
  ``CachedNames`` remembers the conversion.
- Most of a large answer's fields are such plain fields holding a scalar or an enum (the
  flagship: 18,400 of 22,400 for 50 answers). graphql-core builds a resolve info, calls
  the resolver and walks its value completion for each; ``LeafFastPath`` reads and
  coerces the value itself, and hands any field it cannot finish that way (a null in a
  non-null field, a value that does not coerce, an attribute that raises) back to
  graphql-core, which raises the usual located error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined
from strawberry.schema.name_converter import NameConverter
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
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


# Per object type's name, per field name: (attribute, the leaf type's output coercion,
# whether the field is non-null), for the plain fields that hold a scalar or an enum.
_LEAVES_KEY = "hub.plain-leaves"
Leaves = dict[str, dict[str, tuple[str, Callable[[Any], Any], bool]]]


def direct_attribute_reads(schema: GraphQLSchema) -> int:
    """Give each plain data field a resolver that reads its attribute; returns how many.

    Only fields strawberry itself resolves with its default ``getattr`` are changed (no
    resolver, no field extension), so what they return is the same. Those holding a
    scalar or an enum, without arguments, are also listed for ``LeafFastPath``."""
    changed = 0
    leaves: Leaves = {}
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if (
                isinstance(definition, StrawberryField)
                and definition.is_basic_field
                and definition.default_resolver is getattr
                and getattr(field.resolve, "_is_default", False)
            ):
                field.resolve = _attribute(definition.python_name)
                changed += 1
                leaf = get_nullable_type(field.type)
                if is_leaf_type(leaf) and not field.args:
                    leaves.setdefault(graphql_type.name, {})[name] = (
                        definition.python_name,
                        leaf.coerce_output_value,
                        is_non_null_type(field.type),
                    )
    schema.extensions[_LEAVES_KEY] = leaves
    return changed


class LeafFastPath(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with plain scalar and enum fields completed in place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Field middleware (an extension with a ``resolve`` hook) must see every field.
        # (Strawberry always passes a manager; it is empty without such an extension.)
        middleware = getattr(self.middleware_manager, "middlewares", None)
        self._leaves: Leaves = {} if middleware else self.schema.extensions.get(_LEAVES_KEY) or {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        leaves = self._leaves.get(parent_type.name)
        if leaves is not None:
            leaf = leaves.get(field_details_list[0].node.name.value)
            if leaf is not None:
                attribute, coerce, non_null = leaf
                try:
                    value = getattr(source, attribute)
                    coerced = None if value is None else coerce(value)
                except Exception:  # graphql-core reports it, located
                    value = coerced = Undefined
                if value is None and not non_null:
                    return None
                if coerced is not None and coerced is not Undefined:
                    return coerced
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
