"""Reference data the hub ships: the province's programmes and their targets.

Targets count distinct enterprises from the loaded records: those with a support
record under the programme whose kind is ``supportKind`` (and, where given, whose
size is one of ``sizes``). Indicators the datasets cannot show (districts, clubs,
experts) carry no ``supportKind``, and their achieved value is null.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from hub import text
from hub.graph.driver import Graph


def programme_key(code: object) -> str:
    return text.fold(code)


def _target(
    indicator: str,
    target: int,
    support_kind: str | None = None,
    *,
    sizes: list[str] | None = None,
    by_year: int | None = None,
    target_text: str | None = None,
) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "target": target,
        "supportKind": support_kind,
        "sizes": sizes,
        "byYear": by_year,
        "targetText": target_text or str(target),
    }


PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "2943/QĐ-UBND",
        "issuedOn": date(2017, 10, 1),
        "period": "2017-2020",
        "title": "Đề án hỗ trợ doanh nghiệp nhỏ và vừa nâng cao năng suất và chất lượng "
        "sản phẩm, hàng hóa giai đoạn 2017-2020",
        "targets": [
            _target("firms applying productivity tools (reported)", 7, "productivity_tools"),
            _target(
                "firms certified to advanced management systems (reported)", 15, "management_system"
            ),
            _target(
                "firms winning national or Asia-Pacific quality awards (reported)",
                12,
                "quality_award",
            ),
            _target(
                "firms certified or declaring conformity (reported)",
                300,
                "conformity",
                target_text="over 300",
            ),
        ],
    },
    {
        "code": "2109/QĐ-UBND",
        "issuedOn": date(2021, 9, 1),
        "period": "2021-2030",
        "title": "Kế hoạch tổng thể nâng cao năng suất dựa trên khoa học, công nghệ và đổi "
        "mới sáng tạo giai đoạn 2021-2030",
        "targets": [
            _target("districts with a productivity plan", 1, by_year=2026, target_text="1-2"),
            _target(
                "large enterprises with a productivity plan",
                1,
                "productivity_tools",
                sizes=["large"],
                by_year=2026,
                target_text="at least 1",
            ),
            _target(
                "SMEs with productivity pilot projects",
                20,
                "pilot_project",
                sizes=["micro", "small", "medium"],
                by_year=2026,
                target_text="at least 20",
            ),
            _target("student productivity clubs", 1, by_year=2026, target_text="at least 1"),
            _target("certified productivity experts", 10, by_year=2026, target_text="about 10"),
        ],
    },
    {
        "code": "2684/QĐ-UBND",
        "issuedOn": date(2021, 11, 24),
        "period": "2021-2030",
        "title": "Chương trình hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, "
        "hàng hóa giai đoạn 2021-2030",
        "targets": [
            _target(
                "firms supported with productivity solutions",
                4,
                "productivity_tools",
                target_text="at least 4",
            ),
            _target(
                "firms certified to advanced management systems",
                16,
                "management_system",
                target_text="at least 16",
            ),
            _target("model enterprises", 3, "model_enterprise", target_text="at least 3"),
            _target("certified experts", 10, target_text="at least 10"),
        ],
    },
    {
        "code": "996/QĐ-TTg",
        "issuedOn": date(2018, 8, 10),
        "period": "2018-2030",
        "title": "Chương trình quốc gia tăng cường, đổi mới hoạt động đo lường hỗ trợ doanh "
        "nghiệp Việt Nam nâng cao năng lực cạnh tranh và hội nhập quốc tế",
        "targets": [
            _target(
                "enterprises with a measurement-assurance programme by 2025",
                50_000,
                "measurement_assurance",
                by_year=2025,
            ),
            _target(
                "enterprises with a measurement-assurance programme by 2030",
                100_000,
                "measurement_assurance",
                by_year=2030,
            ),
        ],
    },
    {
        "code": "3338/KH-UBND",
        "issuedOn": date(2020, 7, 14),
        "period": "2020-2025",
        "title": "Kế hoạch triển khai hệ thống truy xuất nguồn gốc sản phẩm, hàng hóa "
        "giai đoạn 2020-2025 (chuỗi trứng, thịt gia cầm, rau, dưa lưới, bưởi)",
        "targets": [
            _target(
                "firms supplying traceable products of the pilot chains",
                5,
                "traceable_product",
                target_text="five pilot chains",
            ),
        ],
    },
]

_SEED = """
UNWIND $programmes AS p
MERGE (prog:Programme {key: p.key})
SET prog.code = p.code, prog.codeKey = p.key, prog.title = p.title, prog.name = p.code,
    prog.issuedOn = p.issuedOn, prog.period = p.period, prog.reference = true
WITH prog, p
UNWIND range(0, size(p.targets) - 1) AS i
WITH prog, p.key + '#' + toString(i + 1) AS key, p.targets[i] AS t
MERGE (target:Target {key: key})
SET target += t, target.position = toInteger(split(key, '#')[1]),
    target.name = t.indicator + ': ' + t.targetText
MERGE (prog)-[:HAS_TARGET]->(target)
"""

_ENSURE = """
UNWIND $programmes AS p
MERGE (prog:Programme {key: p.key})
ON CREATE SET prog.code = p.code, prog.codeKey = p.key, prog.name = p.code,
  prog.reference = false, prog.createdAt = $now
"""


def seed(graph: Graph) -> int:
    """Write the shipped programmes and targets (idempotent)."""
    rows = [
        {
            **{k: v for k, v in p.items() if k != "targets"},
            "key": programme_key(p["code"]),
            "targets": p["targets"],
        }
        for p in PROGRAMMES
    ]
    graph.write(_SEED, {"programmes": rows})
    return len(rows)


def ensure_programmes(graph: Graph, codes: Iterable[str], now: object) -> None:
    """Programmes named by records but not shipped: created bare, never overwritten."""
    # Sorted: of two spellings of one programme, the same one names it in every process.
    rows = [{"key": programme_key(code), "code": code} for code in sorted(set(codes))]
    if rows:
        graph.write(_ENSURE, {"programmes": rows, "now": now})
