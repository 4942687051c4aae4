"""Unicode names are never taken for legacy-font text (and so never 'converted' into
mojibake), however few rows the file has and whatever symbols the names carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.reading.legacy_fonts import judge
from loaders.reading.limits import DEFAULT_LIMITS
from loaders.registry import loader_for

NAMES = [
    "Công ty TNHH Thương mại Nông sản sạch Hoàng Toàn · bản 1",
    "Công ty Hòa Bình ·",
    "Công ty Cổ phần Logistics Bình An – Chi nhánh",
    "Hợp tác xã Nông nghiệp Phú Hòa (HTX)",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_unicode_name_with_a_stray_symbol_is_unicode(name: str) -> None:
    verdict = judge(name)
    assert verdict is not None and verdict.evidence() == []


@pytest.mark.parametrize("name", NAMES)
def test_a_one_row_file_keeps_its_unicode_name(name: str, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text(f"Mã số thuế,Tên doanh nghiệp\n3700635642,{name}\n", encoding="utf-8")
    chunks, _ = loader_for("enterprises").read(path, 100, DEFAULT_LIMITS)
    rows = [raw for chunk in chunks for _, raw in chunk]
    assert [row["name"] for row in rows] == [name]


@pytest.mark.parametrize(
    ("legacy", "font"),
    [("C«ng ty TNHH Thùc phÈm", "TCVN3"), ("Coâng ty TNHH Thöïc phaåm", "VNI")],
)
def test_legacy_text_is_still_recognised(legacy: str, font: str) -> None:
    verdict = judge(legacy)
    assert verdict is not None and verdict.evidence() == [font]
