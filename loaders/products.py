"""Kind ``products``: traceable products of the pilot chains (plan 3338/KH-UBND)."""

from __future__ import annotations

from collections.abc import Sequence

from stdnum import ean

from hub import text, vocabulary
from hub.graph.model import Label
from loaders.base import (
    ADDRESS_LABELS,
    KindLoader,
    LoadContext,
    Record,
    RowFault,
    field_value,
    holder_fields,
    holder_props,
    required_text,
    search_text,
)
from loaders.fields import enum_choices, parse_enum
from loaders.reading import Column

CHAINS = enum_choices(vocabulary.CHAINS)


def product_key(code: object) -> str | None:
    """One spelling per product code: GTIN digits (13 when the GTIN-14 starts 0), or the
    agency's own code in upper case without spaces."""
    cleaned = text.clean(code)
    if cleaned is None:
        return None
    compact = "".join(cleaned.split()).upper()
    if compact.endswith(".0") and compact[:-2].isdigit():
        compact = compact[:-2]
    if compact.isdigit() and len(compact) == 14 and compact.startswith("0"):
        compact = compact[1:]
    return compact


def _is_gtin(code: str) -> bool:
    return code.isdigit() and len(code) in (8, 12, 13, 14)


class ProductsLoader(KindLoader):
    kind = "products"
    label = Label.PRODUCT
    columns = (
        Column(
            "product_code",
            ("Mã sản phẩm", "Mã SP", "GTIN", "Mã vạch", "Mã số mã vạch"),
            required=True,
            note="a GTIN-13 (Vietnamese ones start 893) or the agency's own code",
        ),
        Column("name", ("Tên sản phẩm", "Tên SP", "Sản phẩm", "Tên hàng hóa"), required=True),
        Column(
            "chain",
            ("Chuỗi", "Chuỗi sản phẩm", "Chuỗi cung ứng", "Chuỗi giá trị"),
            required=True,
            values=vocabulary.CHAINS,
        ),
        Column(
            "producer_tax_code",
            ("Mã số thuế nhà sản xuất", "MST nhà sản xuất", "Mã số thuế", "MST"),
        ),
        Column(
            "producer_name",
            (
                "Nhà sản xuất",
                "Tên nhà sản xuất",
                "Tên doanh nghiệp",
                "Cơ sở sản xuất",
                "Tên cơ sở",
                "Tên cơ sở sản xuất",
                "Tên tổ chức",
                "Đơn vị",
            ),
        ),
        Column("address", ADDRESS_LABELS),
    )

    def validate(self, raw: dict) -> Record:
        code = product_key(required_text(raw, "product_code"))
        assert code is not None
        if _is_gtin(code) and not ean.is_valid(code):
            raise RowFault("product_code", raw.get("product_code"), "invalid-product-code")
        name = required_text(raw, "name")
        chain = field_value(raw, "chain", lambda v: parse_enum(v, CHAINS), required=True)
        producer: tuple[str | None, str | None, str | None] = (None, None, None)
        if raw.get("producer_tax_code") not in (None, "") or raw.get("producer_name"):
            producer = holder_fields(raw, "producer_tax_code", "producer_name")
        record = Record(
            key=code,
            props={},
            holder_tax_code=producer[0],
            holder_name=producer[1],
            holder_address=producer[2],
        )
        record.props = {
            "code": code,
            "name": name,
            "chain": chain,
            "isGtin": _is_gtin(code),
            "searchText": search_text(name, code),
            **holder_props(record),
        }
        return record

    def link(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        with_producer = [r for r in records if r.holder_tax_code or r.holder_name]
        return super().link(ctx, with_producer)

    def finish(self, ctx: LoadContext) -> None:
        ctx.store.link_lots_to_products(ctx.run, ctx.now, ctx.started)


LOADER = ProductsLoader()
