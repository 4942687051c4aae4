"""manifest.json: every file written with its deliberate mess, and the facts the flagship
question should answer on this data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .chains import CHAIN_BY_KEY
from .contract import REFERENCE_DATE
from .model import World
from .names import fold

FLAGSHIP = (("ISO 9001", "eggs"), ("TCVN 11892-1", "vegetables"))


def _standard_matches(standard: str, prefix: str) -> bool:
    keys = [fold(standard), fold(standard).removeprefix("tcvn ")]
    return any(k.startswith(fold(prefix)) for k in keys)


def facts(world: World) -> list[dict[str, Any]]:
    """Certified suppliers per flagship query, as the hub should find them on REFERENCE_DATE."""
    by_code = {f.tax_code: f for f in world.firms}
    out = []
    for standard, chain in FLAGSHIP:
        hits = sorted(
            code
            for code in world.suppliers.get(chain, set())
            if any(_standard_matches(s, standard) for s in world.valid_standards.get(code, []))
        )
        for ward in (None, CHAIN_BY_KEY[chain].hub_ward):
            codes = [c for c in hits if ward is None or by_code[c].ward.name == ward]
            out.append(
                {
                    "standard": standard,
                    "chain": chain,
                    "admin_unit": ward,
                    "valid_on": REFERENCE_DATE.isoformat(),
                    "count": len(codes),
                    "tax_codes": codes,
                }
            )
    return out


def write_manifest(
    out: Path, world: World, scale: float, seed: int, messy: bool, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    """Write manifest.json into ``out`` and return it."""
    manifest = {
        "generator": "python -m bench.generate",
        "scale": int(scale) if float(scale).is_integer() else scale,
        "seed": seed,
        "messy": messy,
        "reference_date": REFERENCE_DATE.isoformat(),
        "files": entries,
        "facts": {"certified_traceable_suppliers": facts(world)},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return manifest
