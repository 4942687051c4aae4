"""Kind ``enterprises``: the business register, one row per firm or branch."""

from __future__ import annotations

from collections.abc import Sequence

from hub import taxcode, text, vocabulary
from hub.geo.address import parse_address
from hub.graph import located as located_in
from hub.graph.model import Label, Rel
from loaders.base import (
    TAX_CODE_LABELS,
    KindLoader,
    LoadContext,
    Record,
    RowFault,
    field_value,
    required_text,
    search_text,
)
from loaders.fields import enum_choices, parse_date, parse_enum
from loaders.reading import Column

SIZES = enum_choices(vocabulary.ENTERPRISE_SIZES)
STATUSES = enum_choices(vocabulary.ENTERPRISE_STATUSES)


class EnterprisesLoader(KindLoader):
    kind = "enterprises"
    label = Label.ENTERPRISE
    links_holders = False
    columns = (
        Column("tax_code", TAX_CODE_LABELS, required=True),
        Column(
            "name",
            (
                "Tên doanh nghiệp",
                "Tên DN",
                "Tên công ty",
                "Tên tổ chức",
                "Tên cơ sở",
                "Đơn vị",
                "Tên đơn vị",
                "Doanh nghiệp",
                "Tên doanh nghiệp (tiếng Việt)",
            ),
            required=True,
            note="full legal name",
        ),
        Column(
            "address",
            ("Địa chỉ", "Địa chỉ trụ sở", "Trụ sở", "Địa chỉ trụ sở chính"),
            note="parsed to ward / district / province; names from before and after the "
            "1 July 2025 reform both accepted",
        ),
        Column(
            "legal_form",
            ("Loại hình", "Loại hình doanh nghiệp", "Loại hình DN"),
            note="e.g. TNHH, TNHH MTV, CP, DNTN, HTX",
        ),
        Column(
            "sector",
            ("Ngành nghề", "Ngành nghề kinh doanh", "VSIC", "Ngành nghề chính", "Mã ngành"),
            note="VSIC code",
        ),
        Column("size", ("Quy mô", "Quy mô doanh nghiệp"), values=vocabulary.ENTERPRISE_SIZES),
        Column("established_on", ("Ngày thành lập", "Ngày cấp phép", "Ngày đăng ký")),
        Column(
            "status",
            ("Tình trạng", "Trạng thái", "Tình trạng hoạt động"),
            values=vocabulary.ENTERPRISE_STATUSES,
        ),
        Column("gln", ("Mã địa điểm toàn cầu", "GLN")),
    )

    def validate(self, raw: dict) -> Record:
        try:
            code = taxcode.parse(raw.get("tax_code"))
        except taxcode.TaxCodeError as exc:
            raise RowFault.of("tax_code", raw.get("tax_code"), exc) from None
        name = required_text(raw, "name")
        address = text.clean(raw.get("address"))
        units = parse_address(address) if address else None
        props = {
            "taxCode": code.canonical,
            "name": name,
            "nameKey": text.name_key(name),
            "address": address,
            "legalForm": text.clean(raw.get("legal_form")),
            "sector": text.clean(raw.get("sector")),
            "size": field_value(raw, "size", lambda v: parse_enum(v, SIZES)),
            "establishedOn": field_value(raw, "established_on", parse_date),
            "status": field_value(raw, "status", lambda v: parse_enum(v, STATUSES)),
            "gln": text.clean(raw.get("gln")),
            "isBranch": code.is_branch,
            "headTaxCode": code.head if code.is_branch else None,
            "unitKeys": list(units.unit_keys) if units else None,
            "wardKeys": _ward_keys(units),
            "addressSplit": bool(units and units.split) or None,
            "searchText": search_text(name, code.canonical, code.head),
            "stub": None,
        }
        return Record(key=code.canonical, props=props)

    def write(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        changed = self.write_nodes(ctx, records)
        branches = [
            {"from": r.key, "to": r.props["headTaxCode"], "hash": "", "props": {}}
            for r in records
            if r.props["isBranch"]
        ]
        heads = [
            {"key": r.props["headTaxCode"], "head": None, "props": _head_stub(r)}
            for r in records
            if r.props["isBranch"]
        ]
        ctx.store.ensure_enterprises(heads, ctx.run, ctx.now)
        ctx.store.upsert_rels(
            Label.ENTERPRISE,
            Rel.BRANCH_OF,
            Label.ENTERPRISE,
            branches,
            ctx.run,
            ctx.now,
        )
        # Every unit of the address, both eras with ancestors (hub.graph.located).
        located = [
            row
            for r in records
            for row in located_in.link_rows(r.key, r.props["name"], r.props["unitKeys"])
        ]
        ctx.store.upsert_rels(
            Label.ENTERPRISE,
            Rel.LOCATED_IN,
            Label.ADMIN_UNIT,
            located,
            ctx.run,
            ctx.now,
        )
        return changed


def _ward_keys(units: object) -> list[str] | None:
    """The lowest units an address names (every candidate of a split ward)."""
    if units is None:
        return None
    keys = [key for key in units.unit_keys if ":ward:" in key]  # type: ignore[attr-defined]
    return keys or None


def _head_stub(record: Record) -> dict[str, object]:
    head = record.props["headTaxCode"]
    return {"taxCode": head, "name": f"MST {head}", "isBranch": False, "searchText": head}


LOADER = EnterprisesLoader()
