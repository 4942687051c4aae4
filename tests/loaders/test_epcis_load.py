"""The standard's own EPCIS 2.0 examples, loaded into the real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_an_event_names_a_firm_by_a_gln_only_one_firm_carries(
    clean_graph: Graph, tmp_path: Path
) -> None:
    """Two firms sharing a GLN: an event at it is linked to neither, not to a guess."""
    register = tmp_path / "enterprises.csv"
    register.write_text(
        "Mã số thuế,Tên doanh nghiệp,Địa chỉ,Mã địa điểm toàn cầu\n"
        "3700635642,Công ty Một,Phường Phú Hòa,8930000000019\n"
        "3706889900,Công ty Hai,Phường Phú Hòa,8930000000019\n"
        "3701000003,Công ty Ba,Phường Phú Hòa,8930000000026\n",
        encoding="utf-8",
    )
    assert load(clean_graph, "enterprises", register).rows_loaded == 3
    events = [
        {
            "type": "ObjectEvent",
            "eventID": f"ni:///sha-256;{location}",
            "eventTime": "2024-05-01T08:30:00+07:00",
            "eventTimeZoneOffset": "+07:00",
            "action": "OBSERVE",
            "epcList": [f"urn:epc:id:sgtin:8930000.012345.{location}"],
            "readPoint": {"id": f"urn:epc:id:sgln:8930000.0000{location}.0"},
        }
        for location in (1, 2)
    ]
    document = tmp_path / "events.json"
    body = {"type": "EPCISDocument", "epcisBody": {"eventList": events}}
    document.write_text(json.dumps(body), encoding="utf-8")
    report = load(clean_graph, "epcis", document)
    assert report.rows_loaded == 2
    rows = clean_graph.read(
        "MATCH (ev:TraceEvent) OPTIONAL MATCH (ev)-[:RECORDED_BY]->(e:Enterprise) "
        "RETURN ev.eventId AS event, e.key AS firm ORDER BY event"
    )
    assert [(row["event"][-1], row["firm"]) for row in rows] == [("1", None), ("2", "3701000003")]
