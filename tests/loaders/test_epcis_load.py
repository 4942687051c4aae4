"""The standard's own EPCIS 2.0 examples, loaded into the real Neo4j."""

from __future__ import annotations

from hub.graph.driver import Graph
from tests.conftest import SHARED, load

EXAMPLES = SHARED / "third_party" / "gs1-epcis" / "JSON"


def test_every_gs1_example_loads_or_is_refused_with_a_reason(clean_graph: Graph) -> None:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in {".json", ".jsonld"})
    assert len(files) >= 25
    for path in files:
        report = load(clean_graph, "epcis", path)
        if path.name == "AssociationEvent-h.jsonld":  # "eventID" twice, different values
            assert (report.rows_loaded, report.rejected_by_code) == (0, {"conflicting-keys": 1})
        elif report.ok:
            assert report.rows_loaded >= 1, path.name
        else:
            assert report.refused and path.name in report.refused, path.name
    events = clean_graph.read("MATCH (e:TraceEvent) RETURN count(e) AS n")[0]["n"]
    assert events >= 30


def test_a_transformation_links_every_input_to_every_output(clean_graph: Graph) -> None:
    report = load(clean_graph, "epcis", EXAMPLES / "Example_9.6.4-TransformationEvent.jsonld")
    assert report.ok
    rows = clean_graph.read(
        "MATCH (a:Lot)-[:INPUT_TO]->(b:Lot {key: 'urn:epc:id:sgtin:4012345.077889.25'}) "
        "RETURN a.key AS key ORDER BY key"
    )
    assert [r["key"] for r in rows] == [
        "urn:epc:class:lgtin:0614141.077777.987",
        "urn:epc:class:lgtin:4012345.011111.4444",
        "urn:epc:id:sgtin:4000001.065432.99886655",
        "urn:epc:id:sgtin:4012345.011122.25",
        "urn:epc:idpat:sgtin:4012345.066666.*",
    ]
    step = clean_graph.read("MATCH (e:TraceEvent) RETURN e.bizStep AS s, e.type AS t")
    assert step == [{"s": "commissioning", "t": "transformation"}]


def test_an_error_declaration_marks_its_event(clean_graph: Graph) -> None:
    path = (
        EXAMPLES
        / "WithErrorDeclaration"
        / "Example_9.6.1-ObjectEvent-with-error-declaration.jsonld"
    )
    report = load(clean_graph, "epcis", path)
    assert report.ok
    declared = clean_graph.read(
        "MATCH (e:TraceEvent) WHERE e.declaredError RETURN e.errorReason AS reason"
    )
    assert len(declared) == 1 and declared[0]["reason"]
