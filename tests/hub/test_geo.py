"""Administrative units and addresses, before and after the 1 July 2025 reform."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from hub.geo import all_units, parse_address, resolve_unit, successors
from hub.geo.units import units_by_key

PHU_HOA = "former:ward:25750"  # Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương
THU_DAU_MOT_CITY = "former:district:718"
BINH_DUONG = "former:province:74"
PHU_LOI = "current:ward:25750"  # the same code, reused after the reform for Phường Phú Lợi
THU_DAU_MOT_WARD = "current:ward:25747"
HCM = "current:province:79"


def _names(keys: list[str]) -> list[str]:
    return [units_by_key()[key].name for key in keys]


def test_a_former_address_gives_its_former_units_and_what_they_became() -> None:
    found = parse_address("Số 5, Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương")

    assert found is not None
    assert found.era == "former"
    assert found.former == [PHU_HOA, THU_DAU_MOT_CITY, BINH_DUONG]
    assert found.current == [PHU_LOI, HCM]
    assert _names(found.current) == ["Phường Phú Lợi", "Thành phố Hồ Chí Minh"]
    assert found.split is False
    assert found.unit_keys == sorted({*found.former, *found.current})


def test_a_current_address_gives_the_ward_and_every_former_ward_it_took_in() -> None:
    found = parse_address("12 Đường X, Phường Thủ Dầu Một, Thành phố Hồ Chí Minh")

    assert found is not None
    assert found.era == "current"
    assert found.current == [THU_DAU_MOT_WARD, HCM]
    assert "Phường Phú Cường" in _names(found.former)
    assert {THU_DAU_MOT_CITY, BINH_DUONG} <= set(found.former)
    assert PHU_HOA not in found.former  # Phú Hòa went to Phú Lợi


@pytest.mark.parametrize(
    "address",
    [
        "Số 5, P. Phú Hòa, TP. Thủ Dầu Một, Bình Dương",
        "phuong phu hoa, thu dau mot, binh duong",
        "Phường Phú Hòa TP Thủ Dầu Một Bình Dương",
        "5 đường số 3, P.Phú Hoà, Tp.Thủ Dầu Một, T.Bình Dương",
        "Phường Phú Hòa, Thành phố Thủ Dầu Một",
        "Số 10 Đại lộ Bình Dương, Phường Phú Hòa, Bình Dương",
    ],
)
def test_abbreviations_missing_diacritics_and_missing_parts(address: str) -> None:
    found = parse_address(address)

    assert found is not None
    assert found.former == [PHU_HOA, THU_DAU_MOT_CITY, BINH_DUONG]
    assert found.current == [PHU_LOI, HCM]


@pytest.mark.parametrize(
    ("address", "ward", "district"),
    [
        ("12 Nguyễn Huệ, P. Bến Nghé, Q.1, Tp.HCM", "Phường Bến Nghé", "Quận 1"),
        ("12 Cách Mạng Tháng 8, P.12, Q. Tân Bình, TPHCM", "Phường 12", "Quận Tân Bình"),
        ("Ấp 3, Xã An Điền, TX. Bến Cát, Bình Dương", "Phường An Điền", "Thành phố Bến Cát"),
        ("Ấp 3, Xã Thanh Tuyền, H. Dầu Tiếng, Bình Dương", "Xã Thanh Tuyền", "Huyện Dầu Tiếng"),
    ],
)
def test_type_word_abbreviations(address: str, ward: str, district: str) -> None:
    found = parse_address(address)

    assert found is not None
    assert _names(found.former[:2]) == [ward, district]


def test_a_split_ward_keeps_every_candidate() -> None:
    found = parse_address("Ấp 3, Xã Thanh Tuyền, Huyện Dầu Tiếng, Tỉnh Bình Dương")

    assert found is not None
    assert found.split is True
    assert _names(found.current) == ["Xã Thanh An", "Phường Tây Nam", "Thành phố Hồ Chí Minh"]
    became = [new for old, new in successors() if old == found.former[0]]
    assert sorted(became) == sorted(found.current[:2])


def test_a_street_named_like_a_ward_is_not_the_ward() -> None:
    found = parse_address("12 đường Phú Hòa, TP Thủ Dầu Một, Bình Dương")

    assert found is not None
    assert found.former == [THU_DAU_MOT_CITY, BINH_DUONG]
    assert found.current == [HCM]


def test_current_wards_found_under_the_former_province_name() -> None:
    found = parse_address("Phường Thủ Dầu Một, Bình Dương")

    assert found is not None
    assert found.current == [THU_DAU_MOT_WARD, HCM]


def test_an_island_district_without_wards_became_a_special_zone() -> None:
    found = parse_address("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu")

    assert found is not None
    assert _names(found.current) == ["Đặc khu Côn Đảo", "Thành phố Hồ Chí Minh"]


def test_names_that_fold_alike_are_told_apart_by_diacritics_or_left_open() -> None:
    accented = parse_address("Xã Minh Quán, Huyện Trấn Yên, Tỉnh Yên Bái")
    folded = parse_address("xa minh quan, huyen tran yen, tinh yen bai")

    assert accented is not None and folded is not None
    assert _names(accented.former[:1]) == ["Xã Minh Quán"]
    assert _names(folded.former) == ["Huyện Trấn Yên", "Tỉnh Yên Bái"]  # Quán or Quân: no guess


@pytest.mark.parametrize("address", ["", "   ", "xyz abc", "Việt Nam", "12/3 Đường Số 5"])
def test_nothing_to_match_gives_none(address: str) -> None:
    assert parse_address(address) is None


def test_cached_results_are_not_shared() -> None:
    first = parse_address("Phường Phú Hòa, Bình Dương")
    assert first is not None
    first.former.clear()

    again = parse_address("Phường Phú Hòa, Bình Dương")
    assert again is not None and again.former == [PHU_HOA, THU_DAU_MOT_CITY, BINH_DUONG]


def test_every_ward_of_binh_duong_and_ho_chi_minh_city_parses_to_itself() -> None:
    units = units_by_key()
    for unit in all_units():
        if unit.level != "ward" or not unit.parent_key:
            continue
        parent = units[unit.parent_key]
        if unit.era == "former" and parent.parent_key == BINH_DUONG:
            found = parse_address(f"{unit.name}, {parent.name}, Tỉnh Bình Dương")
            assert found is not None and found.former[0] == unit.key, unit.name
        if unit.era == "current" and parent.key == HCM:
            found = parse_address(f"Số 1 Đường 2, {unit.name}, TP. Hồ Chí Minh")
            assert found is not None and found.current[0] == unit.key, unit.name


def test_units_cover_the_country_in_both_eras() -> None:
    units = all_units()
    levels = Counter((unit.era, unit.level) for unit in units)

    assert levels[("former", "province")] == 63
    assert levels[("current", "province")] == 34
    assert levels[("current", "district")] == 0
    assert len({unit.key for unit in units}) == len(units)
    assert all(unit.key == f"{unit.era}:{unit.level}:{unit.code}" for unit in units)


def test_a_reused_code_names_different_units_in_each_era() -> None:
    before, after = units_by_key()[PHU_HOA], units_by_key()[PHU_LOI]

    assert before.name == "Phường Phú Hòa" and after.name == "Phường Phú Lợi"
    assert before.name_key == "phu hoa"
    assert (before.valid_from, before.valid_to) == (None, date(2025, 6, 30))
    assert (after.valid_from, after.valid_to) == (date(2025, 7, 1), None)
    assert before.parent_key == THU_DAU_MOT_CITY and after.parent_key == HCM


def test_binh_duong_resolves_to_former_province_74_which_became_79() -> None:
    assert resolve_unit("Tỉnh Bình Dương") == [BINH_DUONG]
    assert resolve_unit("74") == [BINH_DUONG]
    assert BINH_DUONG in resolve_unit("Binh Duong")  # also wards named Bình Dương
    assert (BINH_DUONG, HCM) in successors()


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("tp thu dau mot", [THU_DAU_MOT_CITY]),
        ("Thành phố Thủ Dầu Một", [THU_DAU_MOT_CITY]),
        ("Thủ Dầu Một", [THU_DAU_MOT_WARD, THU_DAU_MOT_CITY]),
        ("thu dau mot", [THU_DAU_MOT_WARD, THU_DAU_MOT_CITY]),
        ("TP HCM", [HCM, "former:province:79"]),
        ("25750", [PHU_LOI, PHU_HOA]),
        ("Phường Bến Nghé", ["former:ward:26740"]),
        ("nowhere at all", []),
    ],
)
def test_resolve_unit(text: str, keys: list[str]) -> None:
    assert resolve_unit(text) == keys


def test_a_generic_name_resolves_to_every_unit_so_named() -> None:
    keys = resolve_unit("Phú Hòa")

    assert PHU_HOA in keys
    assert {units_by_key()[key].name_key for key in keys} == {"phu hoa"}
    assert len(keys) > 5


def test_a_province_name_means_the_province_not_its_namesake_wards() -> None:
    assert resolve_unit("Bình Dương") == ["former:province:74"]
    assert resolve_unit("binh duong") == ["former:province:74"]
    wards = resolve_unit("Phường Bình Dương")
    assert wards and all(":ward:" in key for key in wards)
