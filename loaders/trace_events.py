"""Kind ``trace_events``: traceability events as a table, one event per row."""

from __future__ import annotations

from hub import text, vocabulary
from loaders.base import Record, RowFault, field_value, holder_fields, required_text
from loaders.fields import enum_choices, parse_datetime, parse_decimal, parse_enum
from loaders.products import product_key
from loaders.reading import Column
from loaders.trace_model import TraceEventRecord, bare_cbv
from loaders.trace_writer import TraceLoader, event_record

EVENT_TYPES = enum_choices(vocabulary.TRACE_EVENT_TYPES)


class TraceEventsLoader(TraceLoader):
    kind = "trace_events"
    columns = (
        Column("event_id", ("Mã sự kiện",), required=True),
        Column("event_time", ("Thời gian", "Thời điểm"), required=True),
        Column(
            "event_type",
            ("Loại sự kiện",),
            required=True,
            values=vocabulary.TRACE_EVENT_TYPES,
        ),
        Column(
            "biz_step",
            ("Công đoạn", "Bước nghiệp vụ"),
            required=True,
            note="CBV steps: commissioning, packing, shipping, receiving, transforming, ...",
        ),
        Column(
            "lot_code",
            ("Mã lô", "Lô hàng", "Số lô"),
            required=True,
            note="the lot the event is about (the output lot of a transformation)",
        ),
        Column("product_code", ("Mã sản phẩm",)),
        Column(
            "input_lots",
            ("Lô đầu vào", "Lô nguyên liệu"),
            note="`;`-separated lots consumed or aggregated",
        ),
        Column("actor_tax_code", ("Mã số thuế", "MST")),
        Column(
            "actor_name",
            ("Tên doanh nghiệp", "Đơn vị thực hiện", "Tên cơ sở", "Tên tổ chức", "Đơn vị"),
            note="the firm that recorded the event",
        ),
        Column("location", ("Địa điểm",)),
        Column("quantity", ("Số lượng",)),
        Column("uom", ("Đơn vị tính", "ĐVT")),
    )

    def validate(self, raw: dict) -> Record:
        event_id = required_text(raw, "event_id")
        when = field_value(raw, "event_time", parse_datetime, required=True)
        kind = field_value(raw, "event_type", lambda v: parse_enum(v, EVENT_TYPES), True)
        step = bare_cbv(required_text(raw, "biz_step"))
        lot = required_text(raw, "lot_code")
        inputs = tuple(
            dict.fromkeys(
                p for p in (text.clean(x) for x in str(raw.get("input_lots") or "").split(";")) if p
            )
        )
        if kind in ("transformation", "aggregation") and not inputs:
            raise RowFault(
                "input_lots", raw.get("input_lots"), "missing-value:input-lots", kind=kind
            )
        product = product_key(raw.get("product_code"))
        actor_code, actor_name, actor_address = None, None, None
        if raw.get("actor_tax_code") not in (None, "") or raw.get("actor_name"):
            actor_code, actor_name, actor_address = holder_fields(
                raw, "actor_tax_code", "actor_name", None
            )
        event = TraceEventRecord(
            event_id=event_id,
            event_time=when,
            event_type=kind,
            biz_step=step,
            disposition=None,
            action=None if kind == "transformation" else "OBSERVE",
            lots=(lot,),
            input_lots=inputs,
            products={lot: product} if product else {},
            actor_ids=(actor_code,) if actor_code else (),
            location=text.clean(raw.get("location")),
            quantity=field_value(raw, "quantity", parse_decimal),
            uom=text.clean(raw.get("uom")),
            declared_error=False,
            corrective_event_ids=(),
            error_reason=None,
        )
        return event_record(event, actor_name, actor_address)


LOADER = TraceEventsLoader()
