"""Seeded generator of realistic sample data for every dataset kind of the data contract.

    python -m bench.generate --scale 1 --out data/sample [--seed 2021] [--clean]

Scale 1 is about 1,000 enterprises, 3,000 certificates and 10,000 trace events; counts grow
linearly, except the province's reported programme results, which are history and stay fixed
(7 / 15 / 12 / 300+ firms under 2943/QĐ-UBND). Rows are streamed to disk as they are made, so
scale 100 (about 100,000 firms, 300,000 certificates, 1,000,000 events) needs little memory.

``messy=True`` (the default) writes what partner agencies really send: Vietnamese headers,
damaged tax codes, name-only references in variant spellings, Vietnamese enum labels, Excel
date cells, a UTF-16 tab-separated copy, an EPCIS 2.0 document and a few deliberately bad rows,
all listed in ``manifest.json``. ``messy=False`` (``--clean``) writes only clean UTF-8 CSV with
canonical English headers and values, for ingest benchmarks.

Same seed, same bytes: each file draws from its own ``random.Random`` seeded by (seed, file),
nothing iterates over a set, and the XLSX zip carries fixed timestamps.

The world (firms, programmes, products) is drawn once per seed from the vocabulary; then one
module per dataset kind writes its file through a sink, and manifest.json says what was made.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from .awards import write_awards
from .certificates import write_certificates
from .chains import CHAIN_BY_KEY, CHAINS
from .contract import (
    CERT_KINDS,
    CHAIN_LABELS,
    COLUMNS,
    P996,
    P2109,
    P2684,
    P2943,
    REFERENCE_DATE,
    REFORM_DATE,
    SIZES,
    STATUSES,
)
from .enterprises import write_enterprises, write_enterprises_utf16
from .epcis import write_epcis
from .manifest import facts, write_manifest
from .measurement import write_measurement
from .places import Ward, wards
from .products import make_products, write_products
from .programme_support import write_programme_support
from .trace_events import write_trace_events
from .world import build_world

__all__ = [
    "CERT_KINDS",
    "CHAINS",
    "CHAIN_BY_KEY",
    "CHAIN_LABELS",
    "COLUMNS",
    "DEFAULT_SEED",
    "OUTPUT_NAMES",
    "P996",
    "P2109",
    "P2684",
    "P2943",
    "REFERENCE_DATE",
    "REFORM_DATE",
    "SIZES",
    "STATUSES",
    "Ward",
    "facts",
    "generate",
    "main",
    "wards",
]

DEFAULT_SEED = 2021
OUTPUT_NAMES = (
    "enterprises.csv",
    "enterprises_utf16.txt",
    "certificates.xlsx",
    "certificates.csv",
    "awards.csv",
    "measurement.csv",
    "programme_support.csv",
    "products.json",
    "products.csv",
    "trace_events.jsonl",
    "trace_events.csv",
    "epcis_sample.jsonld",
    "manifest.json",
)


def generate(out: Path, scale: float = 1, seed: int = DEFAULT_SEED, messy: bool = True) -> dict:
    """Write one dataset per kind into ``out`` and return the manifest (also in manifest.json)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_NAMES:  # only what this generator writes; README.md and others stay
        (out / name).unlink(missing_ok=True)
    world = build_world(scale, seed)
    world.products = make_products(world, seed)
    entries = [write_enterprises(world, out, seed, messy)]
    if messy:
        entries.append(write_enterprises_utf16(world, out, seed))
    entries += [
        write_certificates(world, out, seed, messy),
        write_awards(world, out, seed, messy),
        write_measurement(world, out, seed, messy),
        write_programme_support(world, out, seed, messy),
        write_products(world, out, seed, messy),
        write_trace_events(world, out, seed, messy),
    ]
    if messy:
        entries.append(write_epcis(world, out, seed))
    return write_manifest(out, world, scale, seed, messy, entries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1 is about 1,000 enterprises")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--clean",
        action="store_true",
        help="clean UTF-8 CSV with English headers only (for ingest benchmarks)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.out, args.scale, args.seed, messy=not args.clean)
    for entry in manifest["files"]:
        size = (args.out / entry["file"]).stat().st_size
        print(
            f"{entry['file']:<24} {entry['kind']:<18} {entry['rows']:>10,} rows "
            f"{len(entry['bad_rows']):>2} bad {size / 1e6:>9.1f} MB"
        )
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0
