"""GS1 EPCIS 2.0 JSON / JSON-LD documents as normalised trace events.

Accepted input: an EPCISDocument (``epcisBody.eventList``), an EPCISQueryDocument
(``epcisBody.queryResults.resultsBody.eventList``), a bare list of events, or one event.
``@context`` is never fetched: field names are read as the EPCIS 2.0 JSON binding
spells them, and extension fields are ignored unless they carry a tax code.

Decisions:
- ObjectEvent, AggregationEvent, TransformationEvent and AssociationEvent are read.
  TransactionEvent (still part of EPCIS 2.0) is read as object-like: ``event_type`` is
  ``object`` and its lots are the parentID (when given) followed by the epcList and
  quantityList classes. Any other type (e.g. the EPCIS 1.x QuantityEvent) is refused.
- ``quantity``/``uom`` come from the first quantity element about the event's ``lots``
  (quantityList; outputQuantityList for a transformation) or, for an aggregation or
  association, from childQuantityList. Input quantities never stand for the event.
- ``eventTime`` keeps its instant and is expressed in ``eventTimeZoneOffset`` when that
  is given; a time without an offset takes ``eventTimeZoneOffset``, or else
  Asia/Ho_Chi_Minh (the data contract's rule for times without an offset).
- An event without eventID gets ``ni:///sha-256;<hex>``: SHA-256 over the event's
  canonical JSON (sorted keys, no whitespace, UTF-8). This is a stable key, not the
  CBV 2.0 event hash, so it carries no ``?ver=CBV2.0``.
- An extension field whose local name is a tax-code name (``taxCode``, ``mst``,
  ``maSoThue``, ...) adds its tax code to ``actor_ids`` in canonical form; a value that
  is not a valid tax code rejects the event rather than being dropped.
- A JSON object with the same key twice and different values is rejected: which value
  was meant (say, which eventID) cannot be known.

Documents are streamed one event at a time (``loaders.epcis_stream``). A bad event is
an ``EventFault`` (a catalogue id with the field and value at fault, the event's
position and eventID): the loader makes it a row error and loads the rest;
``parse_document``, for whole small documents, refuses on the first one. A document
that is not JSON or not EPCIS is refused as a whole (``FileRefusedError``).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import IO, Any, NoReturn

from hub import taxcode, vocabulary
from hub.errors import FileRefusedError
from hub.text import clean, fold
from loaders.epcis_stream import EventFault, stream_events
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits
from loaders.trace_model import TraceEventRecord, bare_cbv, gln_of, gtin_of

_LOCAL_TIME = vocabulary.TIME_ZONE
_EVENT_TYPES = {
    "ObjectEvent": "object",
    "AggregationEvent": "aggregation",
    "TransformationEvent": "transformation",
    "AssociationEvent": "association",
    "TransactionEvent": "object",
}
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$"
)
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
_TAX_CODE_NAMES = frozenset(
    {"taxcode", "taxid", "taxnumber", "vatnumber", "mst", "masothue", "masodoanhnghiep"}
)


@dataclass(frozen=True)
class _Where:
    """The event a problem is in: its position and id when known."""

    index: int
    event_id: str | None = None

    def refuse(
        self, message_id: str, field: str | None = None, value: Any = None, **params: Any
    ) -> NoReturn:
        fault = EventFault(message_id, field, value, **params)
        fault.event_id = self.event_id
        raise fault


@dataclass(frozen=True)
class _Quantity:
    epc_class: str
    quantity: float | None
    uom: str | None


def parse_document(
    data: bytes | str, source: str = "<input>", limits: ReadLimits = DEFAULT_LIMITS
) -> list[TraceEventRecord]:
    """All events of an EPCIS 2.0 JSON/JSON-LD input, or ``FileRefusedError`` naming the
    first bad event (position, eventID) and why."""
    records = []
    for index, item in iter_events(data, source, limits):
        if isinstance(item, EventFault):
            raise _refusal(source, index, item)
        records.append(item)
    return records


def iter_events(
    data: bytes | str | IO[bytes], source: str = "<input>", limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[tuple[int, TraceEventRecord | EventFault]]:
    """``(index, record)`` for each event, or ``(index, fault)`` for one that cannot be
    loaded, as the document is read."""
    if isinstance(data, str):
        data = data.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    for index, event in stream_events(stream, source, limits):
        if isinstance(event, EventFault):
            yield index, event
            continue
        try:
            yield index, _record(event, _Where(index))
        except EventFault as fault:
            yield index, fault


def _refusal(source: str, index: int, fault: EventFault) -> FileRefusedError:
    place = f"{source}: event {index}"
    if fault.event_id:
        place += f" ({fault.event_id})"
    return FileRefusedError(f"{place}: {fault}", refusal=fault.code, file=source)


# --- one event --------------------------------------------------------------------------


def _record(event: dict[str, Any], where: _Where) -> TraceEventRecord:
    event_id = _text(event, "eventID", where)
    where = _Where(where.index, event_id)
    event_type, raw_type = _event_type(event, where)
    lots, input_lots, quantities = _objects(event, raw_type, where)
    first = quantities[0] if quantities else None
    error = _error_declaration(event, where)
    return TraceEventRecord(
        event_id=event_id or _content_id(event),
        event_time=_event_time(event, where),
        event_type=event_type,
        biz_step=bare_cbv(_text(event, "bizStep", where)),
        disposition=bare_cbv(_text(event, "disposition", where)),
        action=None if event_type == "transformation" else _action(event, where),
        lots=lots,
        input_lots=input_lots,
        products=_products(lots + input_lots),
        actor_ids=_actor_ids(event, where),
        location=_place(event, "bizLocation", where) or _place(event, "readPoint", where),
        quantity=first.quantity if first else None,
        uom=first.uom if first else None,
        declared_error=error is not None,
        corrective_event_ids=_texts(error, "correctiveEventIDs", where) if error else (),
        error_reason=bare_cbv(_text(error, "reason", where)) if error else None,
    )


def _event_type(event: dict[str, Any], where: _Where) -> tuple[str, str]:
    raw = _text(event, "type", where)
    if raw is None:
        where.refuse("missing-value:event-field", "type")
    local = re.split(r"[/#:]", raw)[-1]
    if local not in _EVENT_TYPES:
        known = ", ".join(sorted(_EVENT_TYPES))
        where.refuse("unknown-value:event-type", "type", raw, allowed=known)
    return _EVENT_TYPES[local], local


def _objects(
    event: dict[str, Any], raw_type: str, where: _Where
) -> tuple[tuple[str, ...], tuple[str, ...], list[_Quantity]]:
    """(lots, input lots, the quantity elements about the event) of one event."""
    if raw_type == "TransformationEvent":
        outputs = _quantities(event, "outputQuantityList", where)
        inputs = _quantities(event, "inputQuantityList", where)
        lots = _texts(event, "outputEPCList", where) + _classes(outputs)
        input_lots = _texts(event, "inputEPCList", where) + _classes(inputs)
        return _unique(lots), _unique(input_lots), outputs
    parent = _text(event, "parentID", where)
    parents = (parent,) if parent else ()
    if raw_type in ("AggregationEvent", "AssociationEvent"):
        children = _quantities(event, "childQuantityList", where)
        input_lots = _texts(event, "childEPCs", where) + _classes(children)
        return parents, _unique(input_lots), children
    quantities = _quantities(event, "quantityList", where)
    if raw_type != "TransactionEvent":
        parents = ()  # parentID has no meaning in an ObjectEvent
    lots = parents + _texts(event, "epcList", where) + _classes(quantities)
    return _unique(lots), (), quantities


def _event_time(event: dict[str, Any], where: _Where) -> datetime:
    raw = _text(event, "eventTime", where)
    if raw is None:
        where.refuse("missing-value:event-field", "eventTime")
    offset = _offset(event, where)
    if not _DATETIME.match(raw):
        where.refuse("bad-date:event-time", "eventTime", raw)
    try:
        moment = datetime.fromisoformat(raw.upper())
    except ValueError:
        where.refuse("bad-date:event-time-invalid", "eventTime", raw)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=_LOCAL_TIME if offset is None else offset)
    try:
        return moment if offset is None else moment.astimezone(offset)
    except OverflowError:
        where.refuse(
            "bad-date:event-time-range", "eventTime", raw, offset=event["eventTimeZoneOffset"]
        )


def _offset(event: dict[str, Any], where: _Where) -> tzinfo | None:
    raw = _text(event, "eventTimeZoneOffset", where)
    if raw is None:
        return None
    match = _OFFSET.match(raw)
    if not match or int(match.group(2)) > 14 or int(match.group(3)) > 59:
        where.refuse("bad-date:offset", "eventTimeZoneOffset", raw)
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _action(event: dict[str, Any], where: _Where) -> str | None:
    raw = _text(event, "action", where)
    if raw is None:
        return None
    action = raw.upper()
    if action not in ("ADD", "OBSERVE", "DELETE"):
        where.refuse("unknown-value:action", "action", raw)
    return action


def _error_declaration(event: dict[str, Any], where: _Where) -> dict[str, Any] | None:
    raw = event.get("errorDeclaration")
    return None if raw is None else _expect(raw, dict, "errorDeclaration", where)


def _content_id(event: dict[str, Any]) -> str:
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "ni:///sha-256;" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- parties, places and products ------------------------------------------------------


def _actor_ids(event: dict[str, Any], where: _Where) -> tuple[str, ...]:
    places = [_place(event, "bizLocation", where), _place(event, "readPoint", where)]
    places += _parties(event, "sourceList", "source", where)
    places += _parties(event, "destinationList", "destination", where)
    glns = [gln_of(place) for place in places if place]
    return _unique(tuple(gln for gln in glns if gln) + _tax_codes(event, where))


def _place(event: dict[str, Any], key: str, where: _Where) -> str | None:
    raw = event.get(key)
    if raw is None:
        return None
    return _text(_expect(raw, dict, key, where), "id", where, f"{key}.id")


def _parties(event: dict[str, Any], key: str, field: str, where: _Where) -> list[str]:
    items = _list_of_objects(event, key, where)
    ids = [_text(item, field, where, f"{key}[{n}].{field}") for n, item in enumerate(items)]
    return [party for party in ids if party]


def _tax_codes(event: dict[str, Any], where: _Where) -> tuple[str, ...]:
    codes: list[str] = []
    for key, value in event.items():
        local = fold(re.split(r"[/#:]", key)[-1]).replace(" ", "")
        if local not in _TAX_CODE_NAMES or value is None:
            continue
        for raw in value if isinstance(value, list) else [value]:
            codes.append(_tax_code(raw, key, where))
    return tuple(codes)


def _tax_code(raw: Any, key: str, where: _Where) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        where.refuse("wrong-type", key, raw, expected="a tax code (text)", found=_json_type(raw))
    try:
        return taxcode.parse(raw).canonical
    except taxcode.TaxCodeError as exc:
        where.refuse("invalid-tax-code:field", key, raw, reason=str(exc))


def _products(lots: tuple[str, ...]) -> dict[str, str]:
    """Each lot's GTIN. An event's lots are mostly serials of a few products: each GTIN is
    kept once, not once per lot (200,000 EPCs of one product hold one string, not 12 MB)."""
    products: dict[str, str] = {}
    kept: dict[str, str] = {}
    for lot in lots:
        gtin = gtin_of(lot)
        if gtin:
            products[lot] = kept.setdefault(gtin, gtin)
    return products


# --- typed access ------------------------------------------------------------------------


def _quantities(event: dict[str, Any], key: str, where: _Where) -> list[_Quantity]:
    return [
        _quantity(item, f"{key}[{n}]", where)
        for n, item in enumerate(_list_of_objects(event, key, where))
    ]


def _quantity(item: dict[str, Any], name: str, where: _Where) -> _Quantity:
    epc_class = _text(item, "epcClass", where, f"{name}.epcClass")
    if epc_class is None:
        where.refuse("missing-value:epc-class", name)
    amount = item.get("quantity")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
        where.refuse(
            "wrong-type", f"{name}.quantity", amount, expected="a number", found=_json_type(amount)
        )
    uom = _text(item, "uom", where, f"{name}.uom")
    return _Quantity(epc_class, None if amount is None else _finite(amount, name, where), uom)


def _finite(amount: float, name: str, where: _Where) -> float:
    try:
        value = float(amount)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        where.refuse("out-of-range:event-quantity", f"{name}.quantity", amount)
    return value


def _classes(quantities: list[_Quantity]) -> tuple[str, ...]:
    return tuple(q.epc_class for q in quantities)


def _list_of_objects(event: dict[str, Any], key: str, where: _Where) -> list[dict[str, Any]]:
    items = event.get(key)
    if items is None:
        return []
    for n, item in enumerate(_expect(items, list, key, where)):
        _expect(item, dict, f"{key}[{n}]", where)
    return list(items)


def _text(obj: Mapping[str, Any], key: str, where: _Where, name: str | None = None) -> str | None:
    """A cleaned string field (NFC, no control characters); None when absent, null or blank."""
    value = obj.get(key)
    if value is None:
        return None
    return clean(_expect(value, str, name or key, where))


def _texts(obj: Mapping[str, Any], key: str, where: _Where) -> tuple[str, ...]:
    """A list of identifiers, cleaned like ``_text``; blank entries are refused."""
    values = obj.get(key)
    if values is None:
        return ()
    result = []
    for n, value in enumerate(_expect(values, list, key, where)):
        text = clean(_expect(value, str, f"{key}[{n}]", where))
        if text is None:
            where.refuse("missing-value:list-item", f"{key}[{n}]", value)
        result.append(text)
    return tuple(result)


def _expect(value: Any, kind: type, name: str, where: _Where) -> Any:
    if not isinstance(value, kind):
        where.refuse("wrong-type", name, value, expected=_KIND_NAMES[kind], found=_json_type(value))
    return value


_KIND_NAMES: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
