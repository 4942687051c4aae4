"""Kind ``measurement``: measurement support under Decision 996/QĐ-TTg."""

from __future__ import annotations

from hub import text, vocabulary
from hub.graph.model import Label
from loaders.base import (
    HOLDER_COLUMNS,
    Record,
    field_value,
    holder_fields,
    holder_props,
    required_text,
)
from loaders.fields import enum_choices, parse_amount, parse_enum, parse_int, parse_year
from loaders.reading import Column
from loaders.supports import SupportLoader

DEFAULT_PROGRAMME = "996/QĐ-TTg"
SUPPORT_TYPES = enum_choices(vocabulary.MEASUREMENT_SUPPORT_TYPES)


class MeasurementLoader(SupportLoader):
    kind = "measurement"
    label = Label.MEASUREMENT_SUPPORT
    columns = (
        Column("record_id", ("Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ"), required=True),
        *HOLDER_COLUMNS,
        Column(
            "support_type",
            ("Hình thức hỗ trợ", "Nội dung hỗ trợ", "Loại hỗ trợ"),
            required=True,
            values=vocabulary.MEASUREMENT_SUPPORT_TYPES,
        ),
        Column("year", ("Năm", "Năm hỗ trợ"), required=True),
        Column(
            "amount_vnd",
            ("Kinh phí (VNĐ)", "Kinh phí", "Kinh phí VND", "Kinh phí hỗ trợ", "Số tiền hỗ trợ"),
        ),
        Column(
            "instruments",
            ("Số phương tiện đo", "Số lượng phương tiện đo"),
            note="measuring instruments covered",
        ),
        Column("programme", ("Chương trình", "Quyết định"), note="default `996/QĐ-TTg`"),
    )

    def validate(self, raw: dict) -> Record:
        record_id = required_text(raw, "record_id")
        support = field_value(raw, "support_type", lambda v: parse_enum(v, SUPPORT_TYPES), True)
        year = field_value(raw, "year", parse_year, required=True)
        amount = field_value(raw, "amount_vnd", parse_amount)
        instruments = field_value(raw, "instruments", lambda v: parse_int(v, minimum=0))
        programme = text.clean(raw.get("programme")) or DEFAULT_PROGRAMME
        tax_code, name, address = holder_fields(raw, "tax_code", "enterprise_name")
        record = Record(
            key=text.fold(record_id),
            props={},
            holder_tax_code=tax_code,
            holder_name=name,
            holder_address=address,
        )
        record.props = {
            "recordId": record_id,
            "name": f"{support} {year} · {record_id}",
            "supportKind": support,
            "year": year,
            "amountVnd": amount,
            "instruments": instruments,
            "programme": programme,
            **holder_props(record),
        }
        return record


LOADER = MeasurementLoader()
