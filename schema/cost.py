"""What a GraphQL operation will cost, estimated from its document before any Cypher runs.

The estimate counts the objects an answer can hold, multiplied down the selection:

- a field with a ``first`` argument returns ``first`` items (its default when not given,
  and never more than the page limit ``MAX_FIRST``); on a connection the page size applies
  to the list right below it (``edges``);
- any other list of objects is taken to hold ``LIST_ESTIMATE`` items for each parent;
- every root field is a Cypher query of its own and adds ``QUERY_COST``: a round trip
  costs far more than one more row of a query already made (30 aliased ``search`` calls
  took 4.9 s where one flagship query of 100 firms takes a fifth of a second).

Scalars and introspection (``__schema``, ``__type``, ``__typename``) cost nothing, so
GraphiQL still works. ``first`` may come from a variable; such an operation is estimated
again for each request's variables (``Estimate.static`` is False), any other once per
document text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    GraphQLType,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    is_composite_type,
)

from schema.pagination import MAX_FIRST

LIST_ESTIMATE = 10
QUERY_COST = 100


@dataclass(frozen=True)
class Estimate:
    cost: int
    static: bool  # False: a `first` came from a variable, so the cost depends on them


def _unwrap(graphql_type: GraphQLType) -> tuple[GraphQLType, bool]:
    """The named type under non-null and list wrappers, and whether a list was among them."""
    is_list = False
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(graphql_type, GraphQLList)
        graphql_type = graphql_type.of_type
    return graphql_type, is_list


class _Walk:
    """One estimate. Costs are linear in the number of parent objects, so each selection
    is costed for one parent and the caller multiplies; each fragment is costed once per
    page size (a fragment spread 8 times in each of 12 nested fragments is 8^12 walks
    otherwise: a 1 KB document that would hold the event loop)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.defaults = {
            d.variable.name.value: d.default_value for d in operation.variable_definitions or ()
        }
        self.static = True
        self.memo: dict[tuple[str, int | None], int] = {}

    def _first(self, node: FieldNode, field: GraphQLField) -> int | None:
        """The page size a field asks for, within 0..MAX_FIRST; None when it has no ``first``."""
        argument = field.args.get("first")
        if argument is None:
            return None
        value = argument.default_value
        for given in node.arguments or ():
            if given.name.value == "first":
                value = self._value(given.value, argument.default_value)
        if not isinstance(value, int) or isinstance(value, bool):
            return MAX_FIRST  # not a number: refused later; meanwhile the worst case
        return max(0, min(value, MAX_FIRST))

    def _value(self, literal: ValueNode, default: Any) -> Any:
        if isinstance(literal, IntValueNode):
            return int(literal.value)
        if isinstance(literal, NullValueNode):
            return default  # null: the resolver's default
        if isinstance(literal, VariableNode):
            self.static = False
            if self.variables is None:
                return MAX_FIRST  # the worst case until the variables are known
            name = literal.name.value
            if name in self.variables:
                given = self.variables[name]
                return default if given is None else given
            fallback = self.defaults.get(name)
            return default if fallback is None else self._value(fallback, default)
        return None

    def selection(
        self, parent: GraphQLType, selection_set: SelectionSetNode | None, page: int | None
    ) -> int:
        """The cost below ``selection_set`` for one object of type ``parent``; ``page`` is a
        connection's page size, for the list right below it."""
        if selection_set is None:
            return 0
        cost = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                cost += self.field(parent, node, page)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                cost += self.selection(target or parent, node.selection_set, page)
            elif isinstance(node, FragmentSpreadNode):
                cost += self.fragment(parent, node.name.value, page)
        return cost

    def fragment(self, parent: GraphQLType, name: str, page: int | None) -> int:
        key = (name, page)
        if key not in self.memo:
            self.memo[key] = 0  # a cycle (refused by validation anyway) ends here
            fragment = self.fragments.get(name)
            if fragment is not None:
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                self.memo[key] = self.selection(target, fragment.selection_set, page)
        return self.memo[key]

    def field(self, parent: GraphQLType, node: FieldNode, page: int | None) -> int:
        name = node.name.value
        fields = getattr(parent, "fields", None) or {}  # a union has none of its own
        definition = fields.get(name)
        if name.startswith("__") or definition is None:
            return 0
        query = QUERY_COST if parent is self.schema.query_type else 0
        named, is_list = _unwrap(definition.type)
        if not is_composite_type(named):
            return query
        first = self._first(node, definition)
        if not is_list:
            return query + 1 + self.selection(named, node.selection_set, first)
        if first is None:
            first = page if page is not None else LIST_ESTIMATE
        return query + first * (1 + self.selection(named, node.selection_set, None))


def estimate(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> Estimate:
    """The cost of ``operation``; ``variables`` None means "not known yet" (worst case)."""
    if schema.query_type is None:
        return Estimate(0, True)
    walk = _Walk(schema, fragments, operation, variables)
    cost = walk.selection(schema.query_type, operation.selection_set, None)
    return Estimate(cost, walk.static)
