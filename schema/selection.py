"""Which nested lists a request selects, so the one query fetches only those, and which
fields of an enterprise's certificates and products, so it reads only those.

Read from the parsed document (the field's AST and the document's fragments), not
from strawberry's converted ``selected_fields``, and remembered per field node: the
document cache (schema.limits) hands out the same nodes for the same query text, so
a repeated query costs a dictionary lookup here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode

from hub.graph.api_queries.fragments import Include, read_groups

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
    "achievedBy": "withRecords",
}
# The enterprise lists whose selected fields shape their projection.
_FIELDS_BELOW = ("certificates", "products")
_CACHE_SIZE = 4096
# id(field node) -> (the node, kept alive so its id is not reused, and its flags)
_cache: OrderedDict[int, tuple[object, Include]] = OrderedDict()


def _fields(
    selections: Iterable[Any], fragments: Mapping[str, FragmentDefinitionNode], seen: set[str]
) -> Iterator[FieldNode]:
    """Every field node below ``selections``, through fragments (each spread once)."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
            if selection.selection_set is not None:
                yield from _fields(selection.selection_set.selections, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                seen.add(name)
                yield from _fields(fragment.selection_set.selections, fragments, seen)


def _include(field_nodes: Iterable[FieldNode], fragments: Mapping[str, Any]) -> Include:
    """Flags for the fields named anywhere below the resolver's field, and the fields
    named anywhere below its ``certificates`` and ``products`` (over-fetching when
    another type has a field of the same name, never under-fetching)."""
    names: set[str] = set()
    below: dict[str, set[str]] = {field: set() for field in _FIELDS_BELOW}
    for node in field_nodes:
        if node.selection_set is None:
            continue
        for field in _fields(node.selection_set.selections, fragments, set()):
            name = field.name.value
            names.add(name)
            if name in below and field.selection_set is not None:
                nested = _fields(field.selection_set.selections, fragments, set())
                below[name].update(f.name.value for f in nested)
    flags: dict[str, Any] = {flag: field in names for field, flag in _FLAGS.items()}
    return Include(
        **flags,
        certificateReads=read_groups(below["certificates"]),
        productReads=read_groups(below["products"]),
    )


def include_for(info: Any) -> Include:
    """``info`` is strawberry's Info; graphql-core's own carries the AST."""
    raw = info._raw_info
    nodes = raw.field_nodes
    if len(nodes) != 1:
        return _include(nodes, raw.fragments)
    key = id(nodes[0])
    hit = _cache.get(key)
    if hit is not None and hit[0] is nodes[0]:
        return hit[1]
    include = _include(nodes, raw.fragments)
    _cache[key] = (nodes[0], include)
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return include
