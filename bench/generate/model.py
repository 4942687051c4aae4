"""The world's records: firms, their products, and the world that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .contract import BD_PROVINCE
from .places import Ward


@dataclass(eq=False)
class Firm:
    tax_code: str
    name: str
    core: str  # the name without its legal form
    legal_form: str
    vsic: str
    group: str
    ward: Ward
    address: str
    size: str
    established: date
    status: str = "active"
    chain: str | None = None
    role: str | None = None  # farm, processor, distributor, retailer
    head: Firm | None = None
    has_branch: bool = False
    twin: bool = False
    gs1_prefix: str | None = None
    utf16_only: bool = False

    @property
    def in_province(self) -> bool:
        return self.ward.province == BD_PROVINCE

    @property
    def plain(self) -> bool:
        """Safe to cite by a variant of its name: nothing else could be meant."""
        return not (self.role or self.has_branch or self.head or self.twin)


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    chain: str
    producer: Firm
    stage: str  # raw or processed
    by_name: bool  # cited by its producer's name instead of the tax code


@dataclass
class World:
    scale: float
    firms: list[Firm]  # enterprises.csv, in file order
    extras: list[Firm]  # only in the UTF-16 copy
    roles: dict[str, list[Firm]]  # "eggs:farm", "distributor", ...
    twins: list[tuple[Firm, Firm]]
    programmes: dict[tuple[str, str], list[Firm]]
    codes: set[str]
    awards: list[tuple[Firm, str, int]] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    valid_standards: dict[str, list[str]] = field(default_factory=dict)
    suppliers: dict[str, set[str]] = field(default_factory=dict)
