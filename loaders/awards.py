"""Kind ``awards``: national and Asia-Pacific quality awards."""

from __future__ import annotations

from hub import text, vocabulary
from hub.graph.model import Label
from loaders.base import (
    HOLDER_COLUMNS,
    KindLoader,
    Record,
    field_value,
    holder_fields,
    holder_props,
    stable_key,
)
from loaders.fields import enum_choices, parse_enum, parse_year
from loaders.reading import Column

AWARDS = enum_choices(vocabulary.AWARDS)


class AwardsLoader(KindLoader):
    kind = "awards"
    label = Label.AWARD
    columns = (
        *HOLDER_COLUMNS,
        Column(
            "award",
            ("Giải thưởng", "Giải", "Loại giải", "Giải thưởng đạt được"),
            required=True,
            values=vocabulary.AWARDS,
        ),
        Column("year", ("Năm", "Năm đạt giải", "Năm trao giải"), required=True),
    )

    def validate(self, raw: dict) -> Record:
        award = field_value(raw, "award", lambda v: parse_enum(v, AWARDS), required=True)
        year = field_value(raw, "year", parse_year, required=True)
        tax_code, name, address = holder_fields(raw, "tax_code", "enterprise_name")
        record = Record(
            key=stable_key(tax_code or text.name_key(name), award, year),
            props={},
            holder_tax_code=tax_code,
            holder_name=name,
            holder_address=address,
        )
        record.props = {
            "award": award,
            "year": year,
            "name": f"{award} {year}",
            **holder_props(record),
        }
        return record


LOADER = AwardsLoader()
