"""Which certificates each firm holds, issued and numbered as their issuers do."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .chains import CHAIN_BY_KEY
from .contract import P2684, P2943, REFERENCE_DATE, REFORM_DATE
from .draw import pick, some_day
from .model import Firm
from .vocabulary import (
    CERTIFIERS,
    MS_COMMON,
    MS_FOOD,
    NUMBER_FORMATS,
    PRODUCT_CERTIFIERS,
    PRODUCT_STANDARDS,
    RECEIVER_AGRI,
    RECEIVER_NEW,
    RECEIVERS_OLD,
)


@dataclass
class Cert:
    kind: str
    standard: str
    product: str
    issuer: str
    issued: date | None
    expires: date | None
    status: str = "valid"


class CertMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = {
            i: rng.randint(100, 900)
            for i in (*NUMBER_FORMATS, *RECEIVERS_OLD, RECEIVER_NEW, RECEIVER_AGRI)
        }

    def number(self, cert: Cert) -> str:
        self.serial[cert.issuer] += 1
        n, day = self.serial[cert.issuer], cert.issued or REFERENCE_DATE
        if cert.issuer in NUMBER_FORMATS:
            return NUMBER_FORMATS[cert.issuer].format(n=n, yy=day.year % 100, yyyy=day.year)
        suffix = {RECEIVER_AGRI: "TB-SNN", RECEIVERS_OLD[0]: "TB-TĐC"}.get(cert.issuer, "TB-SKHCN")
        return f"{n}/{day.year}/{suffix}"

    def make(self, kind: str, standard: str, product: str, issued: date) -> Cert:
        rng = self.rng
        if kind == "management_system":
            issuer = rng.choice(CERTIFIERS)
        elif kind.endswith("certification"):
            issuer = rng.choice(PRODUCT_CERTIFIERS)
        elif "BNNPTNT" in standard:
            issuer = RECEIVER_AGRI
        else:
            issuer = RECEIVER_NEW if issued >= REFORM_DATE else rng.choice(RECEIVERS_OLD)
        expires = None if kind.endswith("declaration") else issued + timedelta(days=3 * 365 - 1)
        return Cert(kind, standard, product, issuer, issued, expires)

    def random_for(self, firm: Firm, start: date = date(2014, 1, 1)) -> Cert:
        rng = self.rng
        kinds = {
            k: w
            for k, w in (
                ("management_system", 45),
                ("standard_certification", 15),
                ("regulation_certification", 15),
                ("standard_declaration", 10),
                ("regulation_declaration", 15),
            )
            if k == "management_system" or firm.group in PRODUCT_STANDARDS[k]
        }
        kind = pick(rng, kinds)
        standard, product = self.standard_for(firm.group, kind)
        back = int(rng.random() ** 3 * (REFERENCE_DATE - start).days)  # most recent
        cert = self.make(kind, standard, product, REFERENCE_DATE - timedelta(days=back))
        cert.status = pick(rng, {"valid": 92, "suspended": 4, "withdrawn": 4})
        return cert

    def standard_for(self, group: str, kind: str) -> tuple[str, str]:
        if kind == "management_system":
            pool = MS_COMMON + (MS_FOOD if group in ("food", "feed", "agri") else ())
            return self.rng.choices([s for s, _ in pool], weights=[w for _, w in pool])[0], ""
        return self.rng.choice(PRODUCT_STANDARDS[kind][group])

    def conformity(self, firm: Firm, year_from: int, year_to: int) -> Cert:
        group = firm.group if firm.group != "general" else "food"
        kind = self.rng.choice([k for k in PRODUCT_STANDARDS if group in PRODUCT_STANDARDS[k]])
        standard, product = self.standard_for(group, kind)
        issued = some_day(self.rng, date(year_from, 1, 1), date(year_to, 12, 31))
        return self.make(kind, standard, product, issued)

    def management(self, firm: Firm, year_from: int, year_to: int, renew: bool) -> list[Cert]:
        standard, _ = self.standard_for(firm.group, "management_system")
        cert = self.make(
            "management_system",
            standard,
            "",
            some_day(self.rng, date(year_from, 1, 1), date(year_to, 12, 31)),
        )
        chain = [cert]
        while renew and chain[-1].expires and chain[-1].expires < REFERENCE_DATE:
            nxt = self.make("management_system", standard, "", chain[-1].expires + timedelta(1))
            nxt.issuer = cert.issuer
            chain.append(nxt)
        return chain

    def for_chain(self, firm: Firm) -> list[Cert]:
        """Producers and traders of the pilot chains: most hold certificates valid today."""
        rng, out = self.rng, []
        recent = (date(2024, 1, 1), date(2026, 10, 31))
        iso9001 = {"farm": 0.35, "processor": 0.6, "distributor": 0.4, "retailer": 0.3}
        if rng.random() < iso9001[firm.role or "farm"]:
            std = "ISO 9001:2015" if rng.random() < 0.75 else "TCVN ISO 9001:2015"
            out.append(self.make("management_system", std, "", some_day(rng, *recent)))
        if firm.role in ("processor", "distributor") and rng.random() < 0.4:
            std = rng.choice(("ISO 22000:2018", "HACCP", "TCVN ISO 22000:2018"))
            out.append(self.make("management_system", std, "", some_day(rng, *recent)))
        if firm.role == "farm" and rng.random() < 0.6:
            out.append(self._farm_standard(firm, some_day(rng, *recent)))
        return out

    def _farm_standard(self, firm: Firm, issued: date) -> Cert:
        chain = CHAIN_BY_KEY[firm.chain or "vegetables"]
        if chain.key == "eggs":
            return self.make("standard_certification", "TCVN 1858:2018", "Trứng gà tươi", issued)
        if chain.key == "poultry_meat":
            return self.make("standard_certification", "TCVN 11041-3:2017", chain.raw[0], issued)
        standard = "TCVN 11041-2:2017" if self.rng.random() < 0.12 else "TCVN 11892-1:2017"
        return self.make("standard_certification", standard, self.rng.choice(chain.raw), issued)


def certs_of(maker: CertMaker, firm: Firm, tags: set[str]) -> list[Cert]:
    rng = maker.rng
    certs: list[Cert] = []
    if f"{P2943}:management_system" in tags:
        certs += maker.management(firm, 2017, 2020, renew=rng.random() < 0.8)
    if f"{P2684}:management_system" in tags:
        certs += maker.management(firm, 2022, 2026, renew=False)
    if f"{P2943}:conformity" in tags:
        certs.append(maker.conformity(firm, 2017, 2020))
    if firm.role:
        certs += maker.for_chain(firm)
    n = rng.choices((0, 1, 2, 3, 4, 5, 6, 8), weights=(22, 14, 12, 12, 11, 10, 10, 9))[0]
    if firm.head:  # branches hold few certificates of their own
        n = min(n, 1)
    certs += [maker.random_for(firm) for _ in range(n)]
    return certs


def is_valid_today(cert: Cert) -> bool:
    return (
        cert.status == "valid"
        and cert.issued is not None
        and cert.issued <= REFERENCE_DATE
        and (cert.expires is None or cert.expires >= REFERENCE_DATE)
    )
