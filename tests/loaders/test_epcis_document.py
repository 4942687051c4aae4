"""EPCIS 2.0 JSON / JSON-LD documents, read against the standard's own examples."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hub.errors import FileRefusedError
from loaders.epcis_document import parse_document
from loaders.trace_model import TraceEventRecord, bare_cbv, gln_of, gtin_of

EXAMPLES = Path(__file__).resolve().parents[3] / "shared/third_party/gs1-epcis/JSON"
EXAMPLE_FILES = sorted(
    path for path in EXAMPLES.rglob("*") if path.suffix in (".json", ".jsonld") and path.is_file()
)
# Examples the loader refuses, with a fragment of the reason it must give.
REFUSED_EXAMPLES = {
    # "eventID" twice with different values: which one is the event's id is unknowable
    # (AssociationEvent-g's correctiveEventIDs points at the first one).
    "AssociationEvent/AssociationEvent-h.jsonld": "'eventID' appears twice",
}


def _name(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _example(name: str) -> list[TraceEventRecord]:
    return parse_document((EXAMPLES / name).read_bytes(), name)


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventTime": "2024-05-01T08:30:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "epcList": ["urn:epc:id:sgtin:8930000.012345.1"],
    }
    event.update(fields)
    return {k: v for k, v in event.items() if v is not None}


def _document(*events: dict[str, Any]) -> str:
    return json.dumps({"type": "EPCISDocument", "epcisBody": {"eventList": list(events)}})


# --- every example of the standard --------------------------------------------------------


def test_the_examples_folder_is_there() -> None:
    assert len(EXAMPLE_FILES) >= 29, f"GS1 examples missing from {EXAMPLES}"
    names = {_name(path) for path in EXAMPLE_FILES}
    assert set(REFUSED_EXAMPLES) <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=_name)
def test_every_example_parses_or_is_refused_with_a_reason(path: Path) -> None:
    name = _name(path)
    try:
        events = parse_document(path.read_bytes(), name)
    except FileRefusedError as exc:
        assert name in REFUSED_EXAMPLES, f"unexpected refusal: {exc}"
        assert str(exc).startswith(f"{name}: ")
        assert REFUSED_EXAMPLES[name] in str(exc)
        return
    assert name not in REFUSED_EXAMPLES
    assert events
    for event in events:
        assert event.event_id
        assert event.event_time.utcoffset() is not None
        assert event.lots or event.input_lots


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=_name)
def test_wrong_values_in_examples_are_refused_never_crash(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    body = doc["epcisBody"]
    events = body["eventList"] if "eventList" in body else body["queryResults"]["resultsBody"]
    events = events["eventList"] if isinstance(events, dict) else events
    for key in list(events[0]):
        for wrong in (None, 7, True, "", " x ", [], [1], {}, {"id": 1}, [{"epcClass": 2}]):
            original = events[0][key]
            events[0][key] = wrong
            try:
                parse_document(json.dumps(doc), "mutated.json")
            except FileRefusedError as exc:
                assert str(exc).startswith("mutated.json: event 1")
            finally:
                events[0][key] = original


# --- facts from specific examples ----------------------------------------------------------


def test_transformation_example_has_its_inputs_outputs_and_step() -> None:
    (event,) = _example("Example_9.6.4-TransformationEvent.jsonld")
    assert event.event_type == "transformation"
    assert event.event_id.startswith("ni:///sha-256;e65c3a997e77f34b")
    assert event.input_lots == (
        "urn:epc:id:sgtin:4012345.011122.25",
        "urn:epc:id:sgtin:4000001.065432.99886655",
        "urn:epc:class:lgtin:4012345.011111.4444",
        "urn:epc:class:lgtin:0614141.077777.987",
        "urn:epc:idpat:sgtin:4012345.066666.*",
    )
    assert event.lots == tuple(f"urn:epc:id:sgtin:4012345.077889.{n}" for n in (25, 26, 27, 28))
    assert event.biz_step == "commissioning"
    assert event.disposition == "in_progress"
    assert event.action is None
    assert event.quantity is None  # only inputs carry quantities here
    assert event.products["urn:epc:id:sgtin:4012345.077889.25"] == "4012345778892"
    assert event.products["urn:epc:class:lgtin:0614141.077777.987"] == "0614141777778"
    assert event.event_time == datetime(2013, 10, 31, 14, 58, 56, 591000, tzinfo=UTC)
    assert event.event_time.utcoffset() == timedelta(hours=2)
    assert event.location == "urn:epc:id:sgln:4012345.00001.0"
    assert event.actor_ids == ("4012345000016",)


def test_aggregation_example_has_its_parent_and_children() -> None:
    (event,) = _example("Example_9.6.3-AggregationEvent.jsonld")
    assert event.event_type == "aggregation"
    assert event.action == "OBSERVE"
    assert event.lots == ("urn:epc:id:sscc:0614141.1234567890",)
    assert event.input_lots == (
        "urn:epc:id:sgtin:0614141.107346.2017",
        "urn:epc:id:sgtin:0614141.107346.2018",
        "urn:epc:idpat:sgtin:4012345.098765.*",
        "urn:epc:class:lgtin:4012345.012345.998877",
    )
    assert event.products == {
        "urn:epc:id:sgtin:0614141.107346.2017": "10614141073464",
        "urn:epc:id:sgtin:0614141.107346.2018": "10614141073464",
        "urn:epc:idpat:sgtin:4012345.098765.*": "4012345987652",
        "urn:epc:class:lgtin:4012345.012345.998877": "4012345123456",
    }
    assert (event.quantity, event.uom) == (10.0, None)
    assert event.location == "urn:epc:id:sgln:0614141.00888.0"
    assert event.actor_ids == ("0614141008889", "0614141007776")


def test_association_example_has_its_parent_and_children() -> None:
    (event,) = _example("AssociationEvent/AssociationEvent-e.jsonld")
    assert event.event_type == "association"
    assert event.lots == ("urn:epc:id:grai:4012345.55555.987",)
    assert event.input_lots == (
        "urn:epc:class:lgtin:4023333.002000.123",
        "urn:epc:class:lgtin:4012345.005555.456",
    )
    assert event.biz_step == "assembling"
    assert event.quantity == 600.0


def test_object_example_with_quantities_sources_and_destinations() -> None:
    (event,) = _example("Example_9.6.2-ObjectEvent.jsonld")
    assert event.lots == ("urn:epc:class:lgtin:4012345.012345.998877",)
    assert (event.quantity, event.uom) == (200.0, "KGM")
    assert event.actor_ids == (
        "0614141008889",  # bizLocation
        "0614141007776",  # readPoint (and the location destination)
        "4012345000016",  # possessing party source
        "4012345002256",  # location source
        "0614141000012",  # owning party destination
    )


def test_digital_link_examples_give_the_gtin() -> None:
    shipping, receiving = _example(
        "WithDigitalLinkID/Example_9.6.1-ObjectEventWithDigitalLink.jsonld"
    )
    assert shipping.products == {
        "https://id.gs1.org/01/70614141123451/21/2017": "70614141123451",
        "https://id.gs1.org/01/70614141123451/21/2018": "70614141123451",
    }
    assert receiving.lots == ("https://id.gs1.org/01/70614141123451/21/2018",)
    (aggregation,) = _example(
        "WithDigitalLinkID/Example_9.6.3-AggregationEventWithDigitalLink.jsonld"
    )
    assert aggregation.products["https://id.gs1.org/01/04012345987652"] == "4012345987652"
    (transformation,) = _example(
        "WithDigitalLinkID/Example_9.6.4-TransformationEventWithDigitalLink.jsonld"
    )
    assert transformation.products["https://id.gs1.org/01/00614141777778/10/987"] == (
        "0614141777778"
    )


def test_query_document_example_gives_its_events() -> None:
    events = _example("EPCISQueryDocument.jsonld")
    assert [e.biz_step for e in events] == ["shipping", "receiving"]
    assert [e.disposition for e in events] == ["in_transit", "in_progress"]


def test_error_declaration_example() -> None:
    declared, corrective = _example(
        "WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld"
    )
    assert declared.declared_error
    assert declared.error_reason == "incorrect_data"
    assert declared.corrective_event_ids == ("urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8",)
    assert corrective.event_id == "urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8"
    assert not corrective.declared_error
    assert corrective.corrective_event_ids == ()
    assert corrective.error_reason is None
    assert (declared.quantity, corrective.quantity) == (452.0, 500.0)


def test_error_reason_in_uri_form_is_bare() -> None:
    declaration = {
        "declarationTime": "2024-05-02T08:00:00+07:00",
        "reason": "https://ref.gs1.org/cbv/ER-did_not_occur",
        "correctiveEventIDs": [" urn:uuid:1 "],
    }
    (event,) = parse_document(_document(_event(errorDeclaration=declaration)))
    assert event.declared_error
    assert event.error_reason == "did_not_occur"
    assert event.corrective_event_ids == ("urn:uuid:1",)


def test_transaction_events_are_read_as_object_events() -> None:
    first, second = _example("Example-TransactionEvents-2020_07_03y.jsonld")
    assert first.event_type == second.event_type == "object"
    assert first.lots == ("urn:epc:id:gsrn:95252084.000000001",)
    assert first.biz_step == "http://epcis.example.org/hc/bizstep/summarising_discharge"
    assert second.biz_step == "transporting"
    (full,) = _example("WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld")
    assert full.lots[0] == "urn:epc:id:sscc:0614141.1234567890"  # the parentID comes first


# --- identifiers -----------------------------------------------------------------------------


def test_events_without_event_id_get_a_deterministic_content_id() -> None:
    name = "Example-TransactionEvents-2020_07_03y.jsonld"
    first, second = _example(name)
    raw = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["epcisBody"]["eventList"][0]
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.event_id == "ni:///sha-256;" + hashlib.sha256(canonical.encode()).hexdigest()
    assert first.event_id != second.event_id
    assert [e.event_id for e in _example(name)] == [first.event_id, second.event_id]


def test_content_id_ignores_layout_and_key_order_but_not_content() -> None:
    event = _event()
    compact = json.dumps([event], separators=(",", ":"))
    spread = json.dumps([dict(reversed(list(event.items())))], indent=4)
    (a,), (b,) = parse_document(compact), parse_document(spread)
    assert a.event_id == b.event_id
    assert a.event_id.startswith("ni:///sha-256;") and len(a.event_id) == 14 + 64
    (c,) = parse_document(json.dumps([_event(action="ADD")]))
    assert c.event_id != a.event_id


def test_identifiers_are_trimmed() -> None:
    event = _event(
        eventID="  urn:uuid:abc  ",
        epcList=["  urn:epc:id:sgtin:8930000.012345.1 "],
        bizLocation={"id": " urn:epc:id:sgln:8930000.00001.0 "},
        bizStep="  urn:epcglobal:cbv:bizstep:packing ",
    )
    (record,) = parse_document(_document(event))
    assert record.event_id == "urn:uuid:abc"
    assert record.lots == ("urn:epc:id:sgtin:8930000.012345.1",)
    assert record.products == {"urn:epc:id:sgtin:8930000.012345.1": "8930000123459"}
    assert record.location == "urn:epc:id:sgln:8930000.00001.0"
    assert record.biz_step == "packing"


@pytest.mark.parametrize(
    "spelling",
    [
        "shipping",
        "Shipping",
        "urn:epcglobal:cbv:bizstep:shipping",
        "https://ref.gs1.org/cbv/BizStep-shipping",
        "https://gs1.org/voc/BizStep-shipping",
        "http://www.gs1.org/voc/BizStep-shipping",
        " cbv:BizStep-shipping ",
    ],
)
def test_biz_step_spellings_are_bare(spelling: str) -> None:
    assert bare_cbv(spelling) == "shipping"
    (event,) = parse_document(_document(_event(bizStep=spelling)))
    assert event.biz_step == "shipping"


@pytest.mark.parametrize(
    "spelling",
    [
        "in_progress",
        "urn:epcglobal:cbv:disp:in_progress",
        "https://ref.gs1.org/cbv/Disp-in_progress",
        "https://gs1.org/voc/Disp-in_progress",
    ],
)
def test_disposition_spellings_are_bare(spelling: str) -> None:
    assert bare_cbv(spelling) == "in_progress"


def test_bare_cbv_keeps_other_vocabularies_and_drops_blanks() -> None:
    own = "https://example.vn/vocab/step/soaking"
    assert bare_cbv(own) == own
    assert bare_cbv(None) is None
    assert bare_cbv("   ") is None


@pytest.mark.parametrize(
    ("epc", "gtin"),
    [
        ("urn:epc:id:sgtin:0614141.107346.2017", "10614141073464"),
        ("urn:epc:id:sgtin:4012345.011122.25", "4012345111224"),
        ("urn:epc:class:lgtin:4012345.012345.998877", "4012345123456"),
        ("urn:epc:idpat:sgtin:4012345.066666.*", "4012345666663"),
        ("https://id.gs1.org/01/09520123456788/21/12345", "9520123456788"),
        ("https://id.gs1.org/01/09520123456788/10/LOT-7", "9520123456788"),
        ("https://trace.example.vn/shop/01/70614141123451/21/1?linkType=all", "70614141123451"),
        ("https://id.gs1.org/01/96385074", "0000096385074"),
        ("https://id.gs1.org/01/09520123456789/21/12345", None),  # wrong check digit
        ("urn:epc:idpat:sgtin:4012345.*.*", None),
        ("urn:epc:id:sscc:0614141.1234567890", None),
        ("urn:epc:id:giai:4000001.12345", None),
        ("LOT-2024-05", None),
    ],
)
def test_gtin_of(epc: str, gtin: str | None) -> None:
    assert gtin_of(epc) == gtin


@pytest.mark.parametrize(
    ("identifier", "gln"),
    [
        ("urn:epc:id:sgln:0614141.07346.1234", "0614141073467"),
        ("urn:epc:id:sgln:4012345.00001.0", "4012345000016"),
        ("urn:epc:id:pgln:4012345.00225", "4012345002256"),
        ("https://id.gs1.org/414/9520123456788", "9520123456788"),
        ("https://id.gs1.org/414/9520123456788/254/1", "9520123456788"),
        ("https://id.gs1.org/417/9520123456781", None),  # wrong check digit
        ("http://example.com/warehouse/7", None),
    ],
)
def test_gln_of(identifier: str, gln: str | None) -> None:
    assert gln_of(identifier) == gln


def test_tax_code_in_an_extension_field_is_an_actor() -> None:
    event = _event(
        **{"vn:taxCode": "3700635642 001", "readPoint": {"id": "urn:epc:id:sgln:8930000.00001.0"}}
    )
    (record,) = parse_document(_document(event))
    assert record.actor_ids == ("8930000000019", "3700635642-001")


def test_an_invalid_tax_code_in_an_extension_field_is_refused() -> None:
    with pytest.raises(FileRefusedError, match=r"vn:mst '3700635641': tax code is not valid"):
        parse_document(_document(_event(**{"vn:mst": "3700635641"})), "x.json")


# --- input shapes and times -------------------------------------------------------------------


def test_bare_list_single_event_text_and_bom_are_accepted() -> None:
    event = _event(eventID="urn:uuid:1")
    assert len(parse_document(json.dumps([event, _event(eventID="urn:uuid:2")]))) == 2
    (single,) = parse_document(json.dumps(event))
    (with_bom,) = parse_document(b"\xef\xbb\xbf" + _document(event).encode())
    (as_text,) = parse_document("\ufeff" + _document(event))
    assert single == with_bom == as_text
    assert single.event_id == "urn:uuid:1"


def test_event_time_takes_the_offset_when_it_has_none() -> None:
    (given,) = parse_document(_document(_event(eventTime="2024-05-01T08:30:00")))
    assert given.event_time.isoformat() == "2024-05-01T08:30:00+07:00"
    local = _event(eventTime="2024-05-01T08:30:00", eventTimeZoneOffset="-03:00")
    (record,) = parse_document(_document(local))
    assert record.event_time.isoformat() == "2024-05-01T08:30:00-03:00"
    bare = _event(eventTime="2024-05-01T08:30:00.123456789", eventTimeZoneOffset=None)
    (fallback,) = parse_document(_document(bare))
    assert fallback.event_time.utcoffset() == timedelta(hours=7)  # Asia/Ho_Chi_Minh
    assert fallback.event_time.microsecond == 123456


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"epcisBody": {"eventList": [{"type": "ObjectEvent"', "not JSON"),
        (b"", "not JSON"),
        (b"\xff\xfe\xfd", "not JSON"),
        ('"just text"', "not an EPCIS document"),
        ("42", "not an EPCIS document"),
        ('{"hello": "world"}', "not an EPCIS document"),
        ("[]", "no events found"),
        ('{"type": "EPCISDocument", "epcisBody": {"eventList": []}}', "no events found"),
        ('{"type": "EPCISDocument", "epcisBody": {}}', "no events found"),
        ('{"type": "EPCISDocument"}', "no events found"),
        ('{"epcisBody": {"queryResults": {"resultsBody": {}}}}', "no events found"),
        ('{"epcisBody": {"eventList": {"type": "ObjectEvent"}}}', "eventList must be a list"),
        ('{"epcisBody": []}', "epcisBody must be an object"),
        ('["urn:epc:id:sgtin:1.2.3"]', "event 1: event must be an object, not a string"),
        (_document(_event(eventTime=None)), "event 1: the event has no eventTime"),
        (_document(_event(type=None)), "event 1: the event has no type"),
        (_document(_event(type="QuantityEvent")), "unknown event type 'QuantityEvent'"),
        (_document(_event(eventTime=1714527000)), "eventTime must be a string, not a number"),
        (_document(_event(eventTime="yesterday")), "eventTime 'yesterday' is not a date-time"),
        (_document(_event(eventTime="2024-02-30T08:00:00Z")), "is not a valid date-time"),
        (_document(_event(eventTimeZoneOffset="7")), "eventTimeZoneOffset '7'"),
        (_document(_event(epcList="urn:epc:id:sgtin:1.2.3")), "epcList must be a list"),
        (_document(_event(epcList=[" "])), "epcList[0] is blank"),
        (_document(_event(action="MOVE")), "action 'MOVE' is not ADD, OBSERVE or DELETE"),
        (_document(_event(readPoint="urn:epc:id:sgln:1.2.3")), "readPoint must be an object"),
        (_document(_event(bizLocation={"id": 5})), "bizLocation.id must be a string"),
        (_document(_event(sourceList=[{"source": ["x"]}])), "sourceList[0].source must be a"),
        (_document(_event(errorDeclaration="yes")), "errorDeclaration must be an object"),
        (
            _document(_event(quantityList=[{"epcClass": "urn:x", "quantity": "10"}])),
            "quantityList[0].quantity must be a number, not a string",
        ),
        (_document(_event(quantityList=[{"quantity": 1}])), "quantityList[0] has no epcClass"),
        (
            '[{"type": "ObjectEvent", "eventTime": "2024-05-01T08:30:00Z", '
            '"quantityList": [{"epcClass": "urn:x", "quantity": NaN}]}]',
            "not JSON: lexical error: invalid char in json text. near byte",
        ),
        (
            '[{"type": "ObjectEvent", "eventTime": "2024-05-01T08:30:00Z", '
            '"quantityList": [{"epcClass": "urn:x", "quantity": 1e400}]}]',
            "quantityList[0].quantity inf is out of range",
        ),
        (
            _document(_event(eventTime="9999-12-31T23:59:59Z", eventTimeZoneOffset="+14:00")),
            "is out of range in +14:00",
        ),
        ("[" * 100_000 + "]" * 100_000, "JSON nested more than 64 levels deep at event 1"),
        ('[{"eventID": "a", "eventID": "b"}]', "'eventID' appears twice"),
    ],
)
def test_malformed_input_is_refused_with_a_reason(data: str | bytes, reason: str) -> None:
    with pytest.raises(FileRefusedError) as caught:
        parse_document(data, "partner/export.json")
    message = str(caught.value)
    assert message.startswith("partner/export.json: ")
    assert reason in message


def test_refusal_names_the_event_by_position_and_id() -> None:
    data = _document(_event(eventID="urn:uuid:ok"), _event(eventID="urn:uuid:bad", action=3))
    with pytest.raises(FileRefusedError, match=r"^in\.json: event 2 \(urn:uuid:bad\): action must"):
        parse_document(data, "in.json")
