"""Files typed in the old Vietnamese fonts (TCVN3 / ABC, VNI): converted to Unicode NFC,
headers included, in CSV bytes and XLSX cells; a column that does not convert cleanly,
or mixes Unicode and legacy text, refuses the file naming it. Never mojibake stored."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from hub.graph.driver import Graph
from loaders.reading.legacy_fonts import FONTS
from tests.agency.forms import legacy, table_csv, table_xlsx
from tests.conftest import load

HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Địa chỉ", "Quy mô", "Tình trạng"]
FIRMS = [
    ["3700635642", "Công ty TNHH Thực phẩm Phú Hòa",
     "Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương", "vừa", "đang hoạt động"],
    ["3702445566", "Công ty Cổ phần Nông sản Bạch Đằng",
     "Xã Bạch Đằng, Thành phố Tân Uyên, Tỉnh Bình Dương", "lớn", "đang hoạt động"],
    ["3705778891", "Hợp tác xã Dịch vụ Nông nghiệp Tương Bình Hiệp",
     "Phường Tương Bình Hiệp, Thành phố Thủ Dầu Một", "nhỏ", "tạm ngừng"],
]  # fmt: skip
# Characters the legacy tables use for Vietnamese letters and no Vietnamese word holds.
_LEGACY_ONLY = {
    ch
    for table in FONTS.values()
    for typed, _ in table.pairs
    for ch in typed
    if not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN SMALL LETTER A")
} - set("àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐ")


def _typed(rows: list[list[str]], font: str) -> list[list[str]]:
    return [[legacy(cell, font) for cell in row] for row in rows]


def _stored(graph: Graph) -> dict[str, tuple[str, str, str]]:
    rows = graph.read(
        "MATCH (e:Enterprise) RETURN e.key AS key, e.name AS name, e.address AS address, "
        "e.size AS size"
    )
    return {r["key"]: (r["name"], r["address"], r["size"]) for r in rows}


def test_the_tables_match_text_typed_in_the_fonts_by_hand() -> None:
    # As the issue quotes them, from real spreadsheets.
    assert legacy("Công ty TNHH Thực phẩm", "TCVN3") == "C«ng ty TNHH Thùc phÈm"
    assert legacy("Công ty TNHH Thực phẩm", "VNI") == "Coâng ty TNHH Thöïc phaåm"


@pytest.mark.parametrize("font", ["TCVN3", "VNI"])
def test_a_csv_typed_in_a_legacy_font_loads_as_unicode(
    clean_graph: Graph, tmp_path: Path, font: str
) -> None:
    # The bytes as the old software saved them: one byte a character.
    path = table_csv(tmp_path / f"dn_{font}.csv", _typed([HEADER, *FIRMS], font), "latin-1")
    report = load(clean_graph, "enterprises", path, strict=True)
    assert report.ok, report.refused
    assert (report.rows_loaded, report.rows_rejected) == (3, 0)
    assert not any("unknown column" in w for w in report.warnings), report.warnings
    assert any(font in w and "converted" in w for w in report.warnings)
    stored = _stored(clean_graph)
    sizes = {"vừa": "medium", "lớn": "large", "nhỏ": "small"}
    for tax_code, name, address, size, _ in FIRMS:
        assert stored[tax_code] == (name, address, sizes[size])
        assert unicodedata.is_normalized("NFC", name)
    _assert_no_mojibake(clean_graph)


@pytest.mark.parametrize("font", ["TCVN3", "VNI"])
def test_xlsx_cells_typed_in_a_legacy_font_are_converted_per_column(
    clean_graph: Graph, tmp_path: Path, font: str
) -> None:
    # An old list pasted into a new workbook: the header and names in the legacy font,
    # the address column retyped in Unicode.
    rows = [[legacy(c, font) if i != 2 else c for i, c in enumerate(r)] for r in [HEADER, *FIRMS]]
    path = table_xlsx(tmp_path / f"dn_{font}.xlsx", rows)
    report = load(clean_graph, "enterprises", path, strict=True)
    assert report.ok, report.refused
    assert report.rows_loaded == 3
    header_warning = [w for w in report.warnings if "header" in w and font in w]
    assert len(header_warning) == 1, report.warnings
    converted = [w for w in report.warnings if "converted" in w and "column" in w]
    assert not any("Địa chỉ" in w for w in converted), converted  # Unicode as it was
    assert any("Tên doanh nghiệp" in w for w in converted), converted
    stored = _stored(clean_graph)
    assert stored["3700635642"][:2] == (FIRMS[0][1], FIRMS[0][2])
    assert stored["3705778891"][0] == "Hợp tác xã Dịch vụ Nông nghiệp Tương Bình Hiệp"
    _assert_no_mojibake(clean_graph)


def test_a_unicode_column_with_one_legacy_cell_refuses_the_file_naming_it(
    clean_graph: Graph, tmp_path: Path
) -> None:
    rows = [HEADER, *FIRMS, ["3701000003", legacy("Công ty TNHH Cơ khí Hiệp Thành", "TCVN3")]]
    many = [*rows[:-1], *[[f"37{i:08d}", "Công ty TNHH Số Một"] for i in range(25)], rows[-1]]
    path = table_xlsx(tmp_path / "mixed.xlsx", many)
    report = load(clean_graph, "enterprises", path)
    assert report.refused_code == "legacy-font", report.refused
    assert "'Tên doanh nghiệp'" in report.refused and "TCVN3" in report.refused
    assert _stored(clean_graph) == {}


@pytest.mark.parametrize("font", ["TCVN3", "VNI"])
def test_a_legacy_column_with_a_cell_that_will_not_convert_is_refused(
    clean_graph: Graph, tmp_path: Path, font: str
) -> None:
    rows = _typed([HEADER, *FIRMS], font)
    # Typed in the other font: it converts to no Vietnamese through this one.
    other = "VNI" if font == "TCVN3" else "TCVN3"
    rows.append(["3706889900", legacy("Công ty TNHH Thương mại Hưng Thịnh", other)])
    path = table_csv(tmp_path / "unclean.csv", rows, "latin-1")
    report = load(clean_graph, "enterprises", path)
    assert report.refused_code == "legacy-font", (report.refused, report.as_dict())
    assert "'Tên doanh nghiệp'" in report.refused
    assert "row 5" in report.refused
    assert _stored(clean_graph) == {}


def test_unicode_files_are_left_alone(clean_graph: Graph, tmp_path: Path) -> None:
    """Unicode text with the letters the tables also use (ô, â, ê, ư...) is not converted."""
    path = table_csv(tmp_path / "unicode.csv", [HEADER, *FIRMS])
    report = load(clean_graph, "enterprises", path, strict=True)
    assert report.ok and not any("legacy font" in w for w in report.warnings), report.warnings
    assert _stored(clean_graph)["3702445566"][0] == FIRMS[1][1]


def _assert_no_mojibake(graph: Graph) -> None:
    rows = graph.read("MATCH (e:Enterprise) RETURN e.name + ' ' + coalesce(e.address, '') AS t")
    for row in rows:
        assert not set(row["t"]) & _LEGACY_ONLY, row["t"]


@pytest.mark.parametrize("retyped", ["Công ty TNHH Thực phẩm Phú Hòa", "Cty Cơ khí Dương Đông"])
def test_a_name_retyped_in_unicode_in_a_legacy_column_is_kept_as_typed(
    clean_graph: Graph, tmp_path: Path, retyped: str
) -> None:
    # Letters beyond Latin-1 (ự, ư, ơ) no 8-bit font holds: the cell is Unicode, though
    # "Công ... Phú Hòa" alone would read as Vietnamese through TCVN3 too.
    rows = _typed([HEADER, *FIRMS], "TCVN3")
    rows.append(["3706889900", retyped])
    path = table_xlsx(tmp_path / "retyped.xlsx", rows)
    report = load(clean_graph, "enterprises", path, strict=True)
    assert report.ok, report.refused
    stored = _stored(clean_graph)
    assert stored["3706889900"][0] == retyped
    assert stored["3702445566"][0] == FIRMS[1][1]


@pytest.mark.parametrize("font", ["TCVN3", "VNI"])
def test_short_values_follow_the_sheets_font_under_a_unicode_header(
    clean_graph: Graph, tmp_path: Path, font: str
) -> None:
    """The header retyped in Unicode, the data still legacy: "nhá", "lín", "võa" read as
    Vietnamese as they are, but the sheet was typed in TCVN3 (nhỏ, lớn, vừa)."""
    rows = [HEADER, *_typed(FIRMS, font)]
    path = table_xlsx(tmp_path / "header_unicode.xlsx", rows)
    report = load(clean_graph, "enterprises", path, strict=True)
    assert report.ok, (report.refused, report.errors)
    stored = _stored(clean_graph)
    assert [stored[f[0]][2] for f in FIRMS] == ["medium", "large", "small"]
    assert stored["3702445566"][0] == FIRMS[1][1]
