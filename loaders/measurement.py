"""Kind ``measurement``: measurement support under Decision 996/QĐ-TTg."""

from __future__ import annotations

from hub import text, vocabulary
from hub.graph.model import Label
from loaders.base import Record, field_value, holder_fields, holder_props, required_text
from loaders.fields import enum_choices, parse_amount, parse_enum, parse_int, parse_year
from loaders.reading import Column
from loaders.supports import SupportLoader

DEFAULT_PROGRAMME = "996/QĐ-TTg"
SUPPORT_TYPES = enum_choices(vocabulary.MEASUREMENT_SUPPORT_TYPES)


class MeasurementLoader(SupportLoader):
    kind = "measurement"
    label = Label.MEASUREMENT_SUPPORT
    columns = (
        Column("record_id", ("Mã hồ sơ", "Số hồ sơ"), required=True),
        Column("tax_code", ("Mã số thuế", "MST")),
        Column("enterprise_name", ("Tên doanh nghiệp", "Tên DN")),
        Column("address", ("Địa chỉ",)),
        Column("support_type", ("Hình thức hỗ trợ", "Nội dung hỗ trợ"), required=True),
        Column("year", ("Năm",), required=True),
        Column("amount_vnd", ("Kinh phí (VNĐ)", "Kinh phí", "Kinh phí VND")),
        Column("instruments", ("Số phương tiện đo",)),
        Column("programme", ("Chương trình", "Quyết định")),
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
