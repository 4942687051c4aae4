"""products.json (messy) or products.csv (clean): the chain firms' products, coded by GTIN
when the firm has a GS1 prefix, else by an agency code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stdnum import ean

from .chains import CHAINS
from .contract import CHAIN_LABELS
from .draw import seeded
from .mess import spread
from .model import Product, World
from .sinks import JsonArraySink, csv_sink


def _gtin(prefix: str, item: int) -> str:
    first12 = f"{prefix}{item:05d}"
    return first12 + ean.calc_check_digit(first12)


def make_products(world: World, seed: int) -> list[Product]:
    rng = seeded(seed, "products")
    agency: dict[str, int] = {}
    products: list[Product] = []
    for chain in CHAINS:
        for stage, role, names, k in (
            ("raw", "farm", chain.raw, (1, 2)),
            ("processed", "processor", chain.processed, (1, 3)),
        ):
            for firm in world.roles[f"{chain.key}:{role}"]:
                picked = rng.sample(names, min(len(names), rng.randint(*k)))
                for item, base in enumerate(picked, start=1):
                    place = firm.ward.short if rng.random() < 0.5 else firm.ward.district_short
                    if firm.gs1_prefix:
                        code = _gtin(firm.gs1_prefix, item)
                    else:
                        agency[chain.lot] = agency.get(chain.lot, 0) + 1
                        code = f"BD-{chain.lot}-{agency[chain.lot]:04d}"
                    products.append(
                        Product(
                            code,
                            f"{base} {place}",
                            chain.key,
                            firm,
                            stage,
                            rng.random() < 0.12,
                        )
                    )
    return products


def write_products(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "products_file")
    rows = []
    for p in world.products:
        world.suppliers.setdefault(p.chain, set()).add(p.producer.tax_code)
        chain = CHAIN_LABELS[p.chain] if messy and rng.random() < 0.3 else p.chain
        row = {"product_code": p.code, "name": p.name, "chain": chain}
        if messy and p.by_name:
            row["producer_name"] = p.producer.name
        else:
            row["producer_tax_code"] = p.producer.tax_code
        rows.append(row)
    if not messy:
        sink = csv_sink(out, "products", "products.csv", False)
        for row in rows:
            sink.add(row)
        return sink.close()
    json_sink = JsonArraySink(out / "products.json", "products")
    producer = rows[0].get("producer_tax_code") or world.firms[0].tax_code
    bad = [
        (
            {
                "product_code": "BD-CA-0001",
                "name": "Cá tra phi lê Bến Cát",
                "chain": "cá tra",
                "producer_tax_code": producer,
            },
            "chain",
            "unknown chain",
        ),
        (
            {
                "product_code": "",
                "name": "Trứng gà ta Phú Giáo",
                "chain": "trứng",
                "producer_tax_code": producer,
            },
            "product_code",
            "required value missing",
        ),
    ]
    for row, problem in spread(rows, bad, len(rows)):
        json_sink.add(row, problem)
    return json_sink.close()
