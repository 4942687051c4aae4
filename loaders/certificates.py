"""Kind ``certificates``: management systems, conformity certification and declaration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hub import text, vocabulary
from hub.graph.model import Label, Rel
from loaders.base import (
    HOLDER_COLUMNS,
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
from loaders.fields import enum_choices, parse_date, parse_enum
from loaders.reading import Column

CERTIFICATE_KINDS = enum_choices(vocabulary.CERTIFICATE_KINDS)
STATUSES = enum_choices(vocabulary.CERTIFICATE_STATUSES)


class CertificatesLoader(KindLoader):
    kind = "certificates"
    label = Label.CERTIFICATE
    columns = (
        Column(
            "certificate_no",
            (
                "Số giấy chứng nhận",
                "Số tiếp nhận",
                "Số GCN",
                "Số chứng nhận",
                "Số giấy",
                "Số hiệu giấy chứng nhận",
                "Số thông báo tiếp nhận",
                "Số bản công bố",
                "Giấy chứng nhận số",
            ),
            required=True,
        ),
        Column(
            "kind",
            (
                "Loại",
                "Loại chứng nhận",
                "Hình thức",
                "Loại hình chứng nhận",
                "Hình thức chứng nhận",
            ),
            required=True,
            values=vocabulary.CERTIFICATE_KINDS,
        ),
        *HOLDER_COLUMNS,
        Column(
            "standard",
            (
                "Tiêu chuẩn / Quy chuẩn",
                "Tiêu chuẩn",
                "Quy chuẩn",
                "Quy chuẩn áp dụng",
                "Tiêu chuẩn áp dụng",
                "Tiêu chuẩn/Quy chuẩn áp dụng",
                "Tiêu chuẩn, quy chuẩn kỹ thuật",
                "Quy chuẩn kỹ thuật",
                "Tiêu chuẩn chứng nhận",
                "Căn cứ chứng nhận",
                "Phù hợp tiêu chuẩn",
                "Phù hợp quy chuẩn",
                "Hệ thống quản lý",
            ),
            required=True,
            note="`ISO 9001:2015`, `TCVN ISO 22000:2018`, `QCVN 01-183:2016/BNNPTNT`",
        ),
        Column(
            "issuer",
            (
                "Tổ chức chứng nhận",
                "Cơ quan tiếp nhận",
                "Tổ chức cấp",
                "Đơn vị cấp",
                "Cơ quan cấp",
                "Nơi cấp",
                "Tổ chức đánh giá sự phù hợp",
            ),
        ),
        Column("product", ("Sản phẩm", "Tên sản phẩm", "Sản phẩm, hàng hóa", "Hàng hóa")),
        Column(
            "issued_on",
            ("Ngày cấp", "Ngày cấp giấy", "Ngày chứng nhận", "Ngày tiếp nhận"),
            required=True,
        ),
        Column(
            "expires_on", ("Ngày hết hạn", "Hiệu lực đến", "Có hiệu lực đến", "Ngày hết hiệu lực")
        ),
        Column(
            "status",
            ("Trạng thái", "Tình trạng", "Tình trạng hiệu lực"),
            values=vocabulary.CERTIFICATE_STATUSES,
            note="default valid; past `expires_on` it is expired",
        ),
    )

    def validate(self, raw: dict) -> Record:
        number = required_text(raw, "certificate_no")
        kind = field_value(raw, "kind", lambda v: parse_enum(v, CERTIFICATE_KINDS), required=True)
        standard = required_text(raw, "standard")
        issued = field_value(raw, "issued_on", parse_date, required=True)
        expires = field_value(raw, "expires_on", parse_date)
        if expires is not None and expires < issued:
            raise RowFault("expires_on", raw.get("expires_on"), "date-order")
        status = field_value(raw, "status", lambda v: parse_enum(v, STATUSES)) or "valid"
        tax_code, name, address = holder_fields(raw, "tax_code", "enterprise_name")
        issuer = text.clean(raw.get("issuer"))
        record = Record(
            # Unique together with the issuer (the contract's key).
            key=f"{text.fold(issuer) or '-'}|{text.fold(number)}",
            props={},
            holder_tax_code=tax_code,
            holder_name=name,
            holder_address=address,
        )
        record.props = {
            "number": number,
            "name": f"{number} · {standard}",
            "kind": kind,
            "standard": standard,
            "standardKeys": text.standard_keys(standard),
            "issuer": issuer,
            "product": text.clean(raw.get("product")),
            "issuedOn": issued,
            "expiresOn": expires,
            "status": status,
            "searchText": search_text(number, standard, raw.get("product"), name),
            **holder_props(record),
        }
        record.extra["standardKey"] = text.fold(standard)
        return record

    def claim(self, ctx: LoadContext, records: Sequence[Record]) -> None:
        """Stub firms, and each standard spelled as its first certificate spells it
        (its hash is its key: a later spelling never changes it)."""
        super().claim(ctx, records)
        standards: dict[str, dict[str, Any]] = {}
        for r in records:
            standards.setdefault(
                r.extra["standardKey"],
                {
                    "key": r.extra["standardKey"],
                    "hash": r.extra["standardKey"],
                    "props": {"code": r.props["standard"], "name": r.props["standard"]},
                },
            )
        ctx.store.upsert_nodes(Label.STANDARD, list(standards.values()), ctx.run, ctx.now)

    def write(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        changed = self.write_nodes(ctx, records)
        conforms = [
            {"from": r.key, "to": r.extra["standardKey"], "hash": "", "props": {}} for r in records
        ]
        ctx.store.upsert_rels(
            Label.CERTIFICATE,
            Rel.CONFORMS_TO,
            Label.STANDARD,
            conforms,
            ctx.run,
            ctx.now,
        )
        return changed


LOADER = CertificatesLoader()
