"""One statement, several access paths: the query picks one at run time from counts.

A request costs one round trip, so the choice between paths (start from a unit, a
chain, an index...) is made inside the statement: ``choose`` is a ``CALL`` over
``UNION ALL`` arms, each guarded by a condition on parameters and on counts read
earlier in the same statement (degrees, the count store, tallies), so exactly one arm
runs. An arm's body sits in a nested ``CALL``: an aggregate over no rows still yields
one row, so a body that aggregates must not run when its guard is false.
"""

from __future__ import annotations


def arm(condition: str, imports: str, body: str, returns: str) -> str:
    """A guarded arm: ``body`` (given ``imports``) runs only when ``condition`` holds."""
    return f"WITH * WHERE {condition} CALL ({imports}) {{ {body} }} RETURN {returns} "


def choose(imports: str, *arms: str) -> str:
    """The arms as one subquery over ``imports``; their guards must exclude each other."""
    return f"CALL ({imports}) {{ " + "UNION ALL ".join(arms) + "} "


# Whether firm ``e`` is linked to one of the units, or supplies one of the chains: a seek
# of the links' own index on (unit or chain, the firm's name, its key), a couple of
# reads, instead of walking every relationship of a firm that has many.
PLACED = (
    "EXISTS { MATCH ()-[l:LOCATED_IN]->() USING INDEX l:LOCATED_IN(unit, name, firm) "
    "WHERE l.unit IN $unitKeys AND l.name = e.name AND l.firm = e.key }"
)
SUPPLIES = (
    "EXISTS { MATCH ()-[s:SUPPLIES]->() USING INDEX s:SUPPLIES(chain, name, firm) "
    "WHERE s.chain IN $chains AND s.name = e.name AND s.firm = e.key }"
)
