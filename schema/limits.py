"""Refusing costly documents before execution, and caching the work of checking them.

A document is checked once per distinct text: its size in bytes, its tokens (while
parsing), its depth (introspection fields excepted, so GraphiQL still works), its
aliases, then the GraphQL validation rules (without introspection when it is off), and
the estimated cost of each operation (``schema.cost``). The verdict, parsed document or
errors, is kept in an LRU cache, so a repeated query costs a dictionary lookup instead
of a parse and a validation pass. An operation whose ``first`` comes from a variable is
estimated again with each request's variables; over ``max_cost`` it is refused
(QUERY_TOO_COMPLEX) before anything executes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    get_operation_ast,
    parse,
    specified_rules,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from schema.cost import LIST_ESTIMATE, QUERY_COST, Estimate, estimate

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
CACHE_SIZE = 1024


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_bytes: int = 20_000
    max_tokens: int = 4_000
    max_cost: int = 3_000
    introspection: bool = True


@dataclass(frozen=True)
class Verdict:
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    # Each operation's estimate by name (None: the anonymous one), with variables unknown.
    estimates: dict[str | None, Estimate] = field(default_factory=dict)


def _too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": TOO_COMPLEX})


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _measure(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
    memo: dict[str, tuple[int, int]] | None = None,
) -> tuple[int, int]:
    """(depth, aliases) below ``selection_set``; fragment cycles are cut, not followed,
    and each fragment is measured once (a fragment spread 8 times in each of 12 nested
    fragments is 8^12 expansions: a 1 KB document that would hold the event loop)."""
    if selection_set is None:
        return 0, 0
    memo = {} if memo is None else memo
    depth = aliases = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            below, inner = _measure(selection.selection_set, fragments, seen, memo)
            if not selection.name.value.startswith("__"):  # introspection: no depth limit
                depth = max(depth, below + 1)
            aliases += inner + (1 if selection.alias else 0)
        elif isinstance(selection, InlineFragmentNode):
            below, inner = _measure(selection.selection_set, fragments, seen, memo)
            depth, aliases = max(depth, below), aliases + inner
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                continue
            if name not in memo:
                memo[name] = _measure(fragment.selection_set, fragments, seen | {name}, memo)
            below, inner = memo[name]
            depth, aliases = max(depth, below), aliases + inner
    return depth, aliases


def check(query: str, schema: GraphQLSchema, limits: Limits) -> Verdict:
    """Parse, measure and validate ``query`` (uncached: see ``DocumentCache``)."""
    size = len(query.encode("utf-8"))
    if size > limits.max_bytes:
        return Verdict(
            None,
            (_too_complex(f"the query has {size} bytes; at most {limits.max_bytes} are accepted"),),
        )
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLError as error:
        if "tokens" in error.message:
            return Verdict(
                None, (_too_complex(f"the query has more than {limits.max_tokens} tokens"),)
            )
        return Verdict(None, (error,))
    fragments = _fragments(document)
    depth = aliases = 0
    memo: dict[str, tuple[int, int]] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            d, a = _measure(definition.selection_set, fragments, frozenset(), memo)
            depth, aliases = max(depth, d), aliases + a
    if depth > limits.max_depth:
        return Verdict(
            None,
            (
                _too_complex(
                    f"the query is {depth} levels deep; at most {limits.max_depth} are accepted"
                ),
            ),
        )
    if aliases > limits.max_aliases:
        return Verdict(
            None,
            (
                _too_complex(
                    f"the query has {aliases} aliases; at most {limits.max_aliases} are accepted"
                ),
            ),
        )
    rules = tuple(specified_rules)
    if not limits.introspection:
        rules = (*rules, NoSchemaIntrospectionCustomRule)
    errors = validate_document(schema, document, rules)
    if errors:
        return Verdict(document, tuple(errors))
    estimates = {
        (d.name.value if d.name else None): estimate(schema, d, fragments)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    }
    return Verdict(document, (), estimates)


def cost_error(
    verdict: Verdict,
    schema: GraphQLSchema,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    max_cost: int,
) -> GraphQLError | None:
    """QUERY_TOO_COMPLEX when the operation to run is estimated over ``max_cost``."""
    if verdict.document is None or max_cost <= 0:
        return None
    found = verdict.estimates.get(operation_name)
    if found is None and operation_name is None and len(verdict.estimates) == 1:
        found = next(iter(verdict.estimates.values()))
    if found is None:
        return None  # no such operation: strawberry says so
    if not found.static:
        operation = get_operation_ast(verdict.document, operation_name)
        if operation is None:
            return None
        found = estimate(schema, operation, _fragments(verdict.document), variables or {})
    if found.cost <= max_cost:
        return None
    return _too_complex(
        f"the query would return about {found.cost:,} items; at most {max_cost:,} are accepted "
        f"(each `first` counts its items, other lists {LIST_ESTIMATE} for each parent, every "
        f"top-level field {QUERY_COST}): ask for smaller pages or split the query"
    )


class DocumentCache:
    """Verdicts by query text for one schema and one set of limits."""

    def __init__(self, limits: Limits, size: int = CACHE_SIZE) -> None:
        self.limits = limits
        self._schema: GraphQLSchema | None = None
        self.verdict: Callable[[str], Verdict] = lru_cache(maxsize=size)(self._check)

    def bind(self, schema: GraphQLSchema) -> None:
        self._schema = schema

    @property
    def schema(self) -> GraphQLSchema:
        assert self._schema is not None, "DocumentCache.bind(schema) first"
        return self._schema

    def _check(self, query: str) -> Verdict:
        return check(query, self.schema, self.limits)


class QueryGuard(SchemaExtension):
    """Hands strawberry the cached verdict instead of parsing and validating again."""

    def __init__(self, cache: DocumentCache) -> None:
        super().__init__()
        self._cache = cache
        self._verdict: Verdict | None = None

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        verdict = self._cache.verdict(query)
        if verdict.document is None:
            raise verdict.errors[0]
        self._verdict = verdict
        self.execution_context.graphql_document = verdict.document
        yield

    def on_validate(self) -> Iterator[None]:
        assert self._verdict is not None
        context = self.execution_context
        errors = list(self._verdict.errors)
        if not errors:
            too_costly = cost_error(
                self._verdict,
                self._cache.schema,
                context.operation_name,
                context.variables,
                self._cache.limits.max_cost,
            )
            errors = [too_costly] if too_costly else []
        context.pre_execution_errors = errors
        yield


def guard_factory(cache: DocumentCache) -> Callable[[], Any]:
    return lambda: QueryGuard(cache)
