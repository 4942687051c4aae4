"""programme_support.csv: whom each programme supported, in which year, with what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .contract import P2109, P2684, P2943
from .draw import seeded
from .mess import cite
from .model import World
from .sinks import csv_sink

_NOTES = {
    "productivity_tools": (
        "Áp dụng 5S và Kaizen",
        "Áp dụng Lean",
        "Áp dụng KPI và BSC",
        "Áp dụng TPM",
    ),
    "management_system": ("Tư vấn, chứng nhận hệ thống quản lý", "Hỗ trợ áp dụng ISO"),
    "quality_award": ("Hỗ trợ tham gia Giải thưởng Chất lượng Quốc gia",),
    "conformity": ("Hỗ trợ chứng nhận hợp chuẩn, hợp quy", "Hỗ trợ công bố hợp chuẩn, hợp quy"),
    "pilot_project": ("Dự án điểm nâng cao năng suất",),
    "model_enterprise": ("Doanh nghiệp điển hình về năng suất",),
    "training": ("Đào tạo chuyên gia năng suất", "Tập huấn nhận thức về năng suất chất lượng"),
}
_YEARS = {P2943: (2017, 2020), P2109: (2022, 2026), P2684: (2022, 2026)}


def write_programme_support(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = seeded(seed, "programme_support")
    sink = csv_sink(out, "programme_support", "programme_support.csv", messy)
    award_years = {f.tax_code: year for f, _, year in world.awards if 2017 <= year <= 2020}
    for (programme, kind), firms in world.programmes.items():
        for firm in firms:
            years = [rng.randint(*_YEARS[programme])]
            if kind == "quality_award":
                years = [award_years.get(firm.tax_code, years[0])]
            if kind == "management_system" and rng.random() < 0.15:  # supported twice
                years.append(min(years[0] + 1, _YEARS[programme][1]))
            for year in years:
                row: dict[str, Any] = {
                    "programme": programme,
                    "support_kind": kind,
                    "year": year,
                    "note": rng.choice(_NOTES[kind]),
                }
                cite(firm, row, messy, rng, share=0.04)
                sink.add(row)
    return sink.close()
