"""Which nested lists a request selects, so the one query fetches only those."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hub.graph.api_queries.fragments import Include

# Enterprise field -> the Include flag that fetches it.
_FLAGS = {
    "certificates": "withCertificates",
    "headOffice": "withHeadOffice",
    "branches": "withBranches",
    "awards": "withAwards",
    "measurementSupports": "withMeasurement",
    "programmeSupports": "withProgrammeSupports",
    "products": "withProducts",
    "sources": "withSources",
}


def _names(selections: Iterable[Any], into: set[str]) -> None:
    for selection in selections:
        name = getattr(selection, "name", None)  # fragments have no name of interest
        if name in _FLAGS:
            into.add(name)
        _names(getattr(selection, "selections", ()), into)


def include_for(info: Any) -> Include:
    """Flags for the fields named anywhere below the resolver's field (over-fetching
    when another type has a field of the same name, never under-fetching)."""
    names: set[str] = set()
    _names(info.selected_fields, names)
    return Include(**{flag: field in names for field, flag in _FLAGS.items()})
