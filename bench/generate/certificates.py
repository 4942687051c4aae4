"""certificates.xlsx (messy) or certificates.csv (clean): every firm's certificates, with rows
that cite the holder only by a variant name, rows that match two firms or none, and bad rows."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .contract import CERT_KINDS, COLUMNS
from .draw import scaled, seeded
from .issuance import Cert, CertMaker, certs_of, is_valid_today
from .mess import bad_check_digit, strip_marks, variant
from .model import Firm, World
from .sinks import CsvSink, XlsxSink, csv_sink
from .vocabulary import GENERAL_PROFILES, OUTSIDER_BRANDS


def _cert_row(
    cert: Cert, number: str, messy: bool, rng: random.Random, cell: Callable[[date], Any]
) -> dict[str, Any]:
    def day(value: date | None) -> Any:
        if value is None:
            return None
        if not messy:
            return value.isoformat()
        return value.strftime("%d/%m/%Y") if rng.random() < 0.03 else cell(value)

    kind = CERT_KINDS[cert.kind] if messy and rng.random() < 0.4 else cert.kind
    return {
        "certificate_no": number,
        "kind": kind,
        "standard": cert.standard,
        "issuer": cert.issuer,
        "product": cert.product or None,
        "issued_on": day(cert.issued),
        "expires_on": day(cert.expires),
        "status": cert.status,
    }


class _CertWriter:
    def __init__(
        self, world: World, sink: XlsxSink | CsvSink, messy: bool, rng: random.Random
    ) -> None:
        self.world, self.sink, self.messy, self.rng = world, sink, messy, rng
        self.maker = CertMaker(rng)
        self.cell: Callable[[date], Any] = sink.cell if isinstance(sink, XlsxSink) else str

    def row(self, cert: Cert, messy: bool) -> dict[str, Any]:
        return _cert_row(cert, self.maker.number(cert), messy, self.rng, self.cell)

    def holder(self, firm: Firm, row: dict[str, Any]) -> tuple[str | None, str | None]:
        """Cite the holder. Returns (firm meant by a name-only row, code typed as a number)."""
        rng = self.rng
        if not self.messy:
            row.update(tax_code=firm.tax_code, enterprise_name=firm.name)
            return None, None
        if firm.plain and rng.random() < 0.05:
            row["enterprise_name"] = variant(rng, firm.name)
            return firm.tax_code, None
        hcm = firm.tax_code.startswith("0")
        numeric = not firm.head and rng.random() < (0.5 if hcm else 0.02)
        row["tax_code"] = int(firm.tax_code) if numeric else firm.tax_code
        row["enterprise_name"] = firm.name if rng.random() < 0.6 else None
        return None, firm.tax_code if numeric else None

    def write(self, firm: Firm, cert: Cert) -> None:
        row = self.row(cert, self.messy)
        meant, typed = self.holder(firm, row)
        number = self.sink.add(row)
        if meant:
            self.sink.note("name_rows", number, value=row["enterprise_name"], expected=meant)
        if typed:
            value = row["tax_code"]
            self.sink.note("repairs", number, column="tax_code", value=value, canonical=typed)
        if firm.role and is_valid_today(cert):
            self.world.valid_standards.setdefault(firm.tax_code, []).append(cert.standard)

    def write_named(self, name: str, cert: Cert, expected: str) -> None:
        row = self.row(cert, self.messy)
        row["enterprise_name"] = name
        number = self.sink.add(row)
        self.sink.note("name_rows", number, value=name, expected=expected)

    def write_bad(self, column: str, reason: str) -> None:
        rng = self.rng
        firm = rng.choice([f for f in self.world.firms if f.plain])
        cert = self.maker.random_for(firm, date(2023, 1, 1))
        row = self.row(cert, True)
        row.update(tax_code=firm.tax_code, enterprise_name=firm.name)
        if column == "kind":
            row["kind"] = "iso"
        elif column == "issued_on":
            row["issued_on"] = None
        else:
            row.update(tax_code=bad_check_digit(firm.tax_code), enterprise_name=None)
        self.sink.add(row, (column, reason))


def _outsider(rng: random.Random) -> str:
    profile = rng.choice(GENERAL_PROFILES[:12])
    form = rng.choice(("Công ty TNHH", "Công ty Cổ phần", "Cty TNHH"))
    return f"{form} {profile.words[0]} {rng.choice(OUTSIDER_BRANDS)}"


def write_certificates(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "certificates")
    columns = list(COLUMNS["certificates"])
    sink: XlsxSink | CsvSink
    if messy:
        header = list(COLUMNS["certificates"].values())
        sink = XlsxSink(
            out / "certificates.xlsx", "certificates", columns, header, "Giấy chứng nhận"
        )
    else:
        sink = csv_sink(out, "certificates", "certificates.csv", False)
    writer = _CertWriter(world, sink, messy, rng)
    tags = _programme_tags(world)
    order = list(world.firms)
    rng.shuffle(order)
    extras = _cert_extras(world, rng) if messy else {}
    for i, firm in enumerate(order):
        for cert in certs_of(writer.maker, firm, tags.get(firm.tax_code, set())):
            writer.write(firm, cert)
        for extra in extras.get(i, ()):
            extra(writer)
    return sink.close()


def _cert_extras(world: World, rng: random.Random) -> dict[int, list[Any]]:
    """Name-only rows that match two firms or none, and the bad rows, at spread positions."""
    n = len(world.firms)
    extras: list[Any] = []
    for first, second in world.twins:
        holder = rng.choice((first, second))
        name = rng.choice((first.core, f"Cty {first.core}", strip_marks(first.core).upper()))
        extras.append(
            lambda w, h=holder, nm=name: w.write_named(nm, w.maker.random_for(h), "ambiguous")
        )
    for _ in range(scaled(5, world.scale, 2)):
        name = _outsider(rng)
        extras.append(
            lambda w, nm=name: w.write_named(
                nm, w.maker.conformity(world.firms[0], 2019, 2025), "none"
            )
        )
    for column, reason in (
        ("kind", "unknown certificate kind"),
        ("issued_on", "required value missing"),
        ("tax_code", "invalid tax code check digit and no enterprise name"),
    ):
        extras.append(lambda w, c=column, r=reason: w.write_bad(c, r))
    slots: dict[int, list[Any]] = {}
    for k, extra in enumerate(extras):
        slots.setdefault((k + 1) * n // (len(extras) + 1), []).append(extra)
    return slots


def _programme_tags(world: World) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}
    for (programme, kind), firms in world.programmes.items():
        for firm in firms:
            tags.setdefault(firm.tax_code, set()).add(f"{programme}:{kind}")
    return tags
