"""enterprises.csv, and its UTF-16 tab-separated copy (an Excel "Unicode text" export)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .contract import SIZES, STATUSES
from .draw import seeded
from .mess import bad_check_digit, damaged, spread
from .model import Firm, World
from .names import new_tax_code
from .sinks import Sink, csv_sink
from .vocabulary import GENERAL_PROFILES


def _enterprise_row(firm: Firm, messy: bool, rng: random.Random) -> dict[str, Any]:
    if not messy:
        return {
            "tax_code": firm.tax_code,
            "name": firm.name,
            "address": firm.address,
            "legal_form": firm.legal_form,
            "sector": firm.vsic,
            "size": firm.size,
            "established_on": firm.established.isoformat(),
            "status": firm.status,
        }
    day = firm.established
    return {
        "tax_code": firm.tax_code,
        "name": firm.name,
        "address": firm.address,
        "legal_form": firm.legal_form,
        "sector": firm.vsic,
        "size": SIZES[firm.size],
        "established_on": day.isoformat() if rng.random() < 0.05 else day.strftime("%d/%m/%Y"),
        "status": STATUSES[firm.status],
    }


def _enterprise_bad(world: World, rng: random.Random) -> list[tuple[dict[str, Any], str, str]]:
    builder_rng = random.Random(rng.random())
    rows = []
    for column, reason, brand in (  # brands nobody else uses
        ("established_on", "impossible date", "Ánh Dương"),
        ("tax_code", "invalid tax code check digit", "Bình Minh"),
        ("name", "required value missing", "Tương Lai"),
    ):
        core = f"{rng.choice(GENERAL_PROFILES).words[0]} {brand}"
        code = new_tax_code(builder_rng, "3701", world.codes)
        row = {
            "tax_code": code,
            "name": f"Công ty TNHH {core}",
            "address": "",
            "legal_form": "TNHH",
            "sector": "4690",
            "size": "nhỏ",
            "established_on": "15/06/2019",
            "status": STATUSES["active"],
        }
        row.update({"established_on": "31/02/2024"} if column == "established_on" else {})
        row.update({"tax_code": bad_check_digit(code)} if column == "tax_code" else {})
        row.update({"name": ""} if column == "name" else {})
        rows.append((row, column, reason))
    return rows


def write_enterprises(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "enterprises")
    sink = csv_sink(out, "enterprises", "enterprises.csv", messy)
    rows = (_enterprise_row(f, messy, rng) for f in world.firms)
    bad = _enterprise_bad(world, rng) if messy else []
    for row, problem in spread(rows, bad, len(world.firms)):
        _write_firm_row(sink, row, problem, messy, rng)
    return sink.close()


def _write_firm_row(
    sink: Sink,
    row: dict[str, Any],
    problem: tuple[str, str] | None,
    messy: bool,
    rng: random.Random,
) -> None:
    code = row["tax_code"]
    damage = (
        messy
        and not problem
        and (code.startswith("0") and rng.random() < 0.4 or rng.random() < 0.02)
    )
    if damage:
        row["tax_code"] = damaged(rng, code)
    number = sink.add(row, problem)
    if damage:
        sink.note("repairs", number, column="tax_code", value=row["tax_code"], canonical=code)


def write_enterprises_utf16(world: World, out: Path, seed: int) -> dict[str, Any]:
    """An Excel "Unicode text" export: UTF-16 with BOM, tab-separated, part old, part new."""
    rng = seeded(seed, "enterprises_utf16")
    sink = csv_sink(
        out, "enterprises", "enterprises_utf16.txt", True, encoding="utf-16", delimiter="\t"
    )
    firms = world.firms[::7] + world.extras
    rng.shuffle(firms)
    for firm in firms:
        _write_firm_row(sink, _enterprise_row(firm, True, rng), None, True, rng)
    return sink.close()
