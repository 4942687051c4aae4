"""The cost estimate: items from `first` and nested lists multiplied down the selection."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from schema import schema
from schema.cost import LIST_ESTIMATE, QUERY_COST, Estimate, estimate
from schema.limits import Limits, check, cost_error


def _estimate(query: str, variables: dict[str, Any] | None = None) -> Estimate:
    document = parse(query)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return estimate(schema._schema, operation, fragments, variables)


def test_a_connection_page_multiplies_its_edges_and_what_they_hold() -> None:
    flat = "{ enterprises(first: 50) { totalCount edges { node { name } } } }"
    # the root query, the connection, 50 edges, 50 nodes
    assert _estimate(flat) == Estimate(QUERY_COST + 1 + 50 + 50, True)
    nested = "{ enterprises(first: 50) { edges { node { certificates { number } } } } }"
    assert _estimate(nested).cost == QUERY_COST + 1 + 50 + 50 + 50 * LIST_ESTIMATE
    deeper = (
        "{ enterprises(first: 50) { edges { node { certificates { holder { "
        "certificates { number } } } } } } }"
    )
    per_firm = LIST_ESTIMATE + LIST_ESTIMATE * (1 + LIST_ESTIMATE)
    assert _estimate(deeper).cost == QUERY_COST + 1 + 50 + 50 + 50 * per_firm


def test_defaults_the_page_limit_and_null_follow_the_resolvers() -> None:
    # `first` omitted or null: the argument's default (20); over 100: counted as 100 (the
    # resolver refuses it with BAD_USER_INPUT); scalars and introspection cost nothing.
    assert _estimate('{ search(text: "x") { score } }').cost == QUERY_COST + 20
    assert _estimate('{ search(text: "x", first: null) { score } }').cost == QUERY_COST + 20
    assert _estimate('{ search(text: "x", first: 100000) { score } }').cost == QUERY_COST + 100
    assert _estimate("{ changes { edges { cursor } } }").cost == QUERY_COST + 1 + 100
    assert _estimate("{ __typename __schema { types { fields { name } } } }").cost == 0


def test_every_root_field_is_a_query_of_its_own() -> None:
    one = _estimate('{ search(text: "x", first: 1) { score } }').cost
    thirty = "{ " + " ".join(f'a{i}: search(text: "x", first: 1) {{ score }}' for i in range(30))
    assert _estimate(thirty + " }").cost == 30 * one == 30 * (QUERY_COST + 1)


def test_first_from_a_variable_is_estimated_with_the_request_variables() -> None:
    query = 'query($n: Int = 5) { search(text: "x", first: $n) { score } }'
    assert _estimate(query) == Estimate(QUERY_COST + 100, False)  # not known yet: worst case
    assert _estimate(query, {}).cost == QUERY_COST + 5  # the variable's default
    assert _estimate(query, {"n": 7}).cost == QUERY_COST + 7
    assert _estimate(query, {"n": None}).cost == QUERY_COST + 20  # null: the field's default


def test_fragments_count_where_spread_and_a_fragment_bomb_is_cheap_to_measure() -> None:
    spread = (
        "{ enterprises(first: 10) { ...Page } } "
        "fragment Page on EnterpriseConnection { edges { node { ...Firm } } } "
        "fragment Firm on Enterprise { products { code } }"
    )
    assert _estimate(spread).cost == QUERY_COST + 1 + 10 + 10 + 10 * LIST_ESTIMATE
    # 12 fragments each spreading the next 8 times: 8^12 expansions if walked naively.
    levels, fan = 12, 8
    fragments = [f"fragment F{i} on Query {{ " + f"...F{i + 1} " * fan + "}" for i in range(levels)]
    bomb = (
        "{ ...F0 } "
        + " ".join(fragments)
        + f' fragment F{levels} on Query {{ search(text: "x") {{ score }} }}'
    )
    started = time.perf_counter()
    verdict = check(bomb, schema._schema, Limits())
    error = cost_error(verdict, schema._schema, None, {}, Limits().max_cost)
    assert time.perf_counter() - started < 1.0  # a hang detector: it took minutes before
    assert error is not None and error.extensions == {"code": "QUERY_TOO_COMPLEX"}


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        # the issue's case: 30 aliased searches took 4.9 s
        ("{ " + " ".join(f'a{i}: search(text: "x") {{ kind }}' for i in range(30)) + " }", True),
        (
            "{ certifiedTraceableSuppliers(first: 100) { edges { node { name "
            "certificates { number } products { code } } } } }",
            False,
        ),
        (
            "{ enterprises(first: 100) { edges { node { certificates { holder { "
            "certificates { number } } } } } } }",
            True,
        ),
        (
            '{ trace(lotCode: "L1") { lots { code events { actor { name } } } links { from } } }',
            False,
        ),
    ],
)
def test_the_default_limit(query: str, refused: bool) -> None:
    limits = Limits()
    verdict = check(query, schema._schema, limits)
    assert verdict.errors == ()
    error = cost_error(verdict, schema._schema, None, None, limits.max_cost)
    assert (error is not None) is refused
    if error is not None:
        assert "at most 3,000 are accepted" in error.message
    assert cost_error(verdict, schema._schema, None, None, 0) is None  # 0: no limit
