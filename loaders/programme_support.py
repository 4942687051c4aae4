"""Kind ``programme_support``: productivity and quality programme support."""

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
    stable_key,
)
from loaders.fields import enum_choices, parse_enum, parse_year
from loaders.reading import Column
from loaders.supports import SupportLoader

SUPPORT_KINDS = enum_choices(vocabulary.PROGRAMME_SUPPORT_KINDS)


class ProgrammeSupportLoader(SupportLoader):
    kind = "programme_support"
    label = Label.PROGRAMME_SUPPORT
    columns = (
        Column(
            "programme",
            ("Chương trình / Quyết định", "Chương trình", "Quyết định", "Căn cứ hỗ trợ"),
            required=True,
            note="e.g. `2684/QĐ-UBND`",
        ),
        *HOLDER_COLUMNS,
        Column(
            "support_kind",
            ("Nội dung hỗ trợ", "Hình thức hỗ trợ", "Loại hỗ trợ"),
            required=True,
            values=vocabulary.PROGRAMME_SUPPORT_KINDS,
        ),
        Column("year", ("Năm", "Năm hỗ trợ"), required=True),
        Column("note", ("Ghi chú",)),
    )

    def validate(self, raw: dict) -> Record:
        programme = required_text(raw, "programme")
        kind = field_value(raw, "support_kind", lambda v: parse_enum(v, SUPPORT_KINDS), True)
        year = field_value(raw, "year", parse_year, required=True)
        tax_code, name, address = holder_fields(raw, "tax_code", "enterprise_name")
        who = tax_code or text.name_key(name)
        record = Record(
            key=stable_key(programme, who, kind, year),
            props={},
            holder_tax_code=tax_code,
            holder_name=name,
            holder_address=address,
        )
        record.props = {
            "programme": programme,
            "name": f"{kind} {year} · {programme}",
            "supportKind": kind,
            "year": year,
            "note": text.clean(raw.get("note")),
            **holder_props(record),
        }
        return record


LOADER = ProgrammeSupportLoader()
