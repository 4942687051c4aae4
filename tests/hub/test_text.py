"""Stored text and its matching forms (hub/text.py)."""

from __future__ import annotations

import unicodedata

import pytest

from hub import text


def test_clean_keeps_vietnamese_as_nfc_and_drops_what_cannot_be_seen() -> None:
    decomposed = unicodedata.normalize("NFD", "Công ty Thực phẩm")
    assert text.clean(decomposed) == "Công ty Thực phẩm"
    assert unicodedata.is_normalized("NFC", text.clean(decomposed) or "")
    assert text.clean("  Công\u200b ty\t\tAn\u00a0Phú \x07") == "Công ty An Phú"
    assert text.clean("Bình\u202eDương") == "BìnhDương"  # a bidi override, not a space


@pytest.mark.parametrize("blank", [None, "", "   ", "\u200b", "\ufeff \t"])
def test_clean_gives_none_for_blank_cells(blank: object) -> None:
    assert text.clean(blank) is None


def test_fold_is_the_matching_form_without_diacritics() -> None:
    assert text.fold("Đồng Nai") == "dong nai"
    assert text.fold("BÌNH DƯƠNG") == text.fold("binh duong") == "binh duong"
    assert text.fold("ISO 9001:2015") == "iso 9001 2015"
    assert text.fold(None) == ""


@pytest.mark.parametrize(
    "spelling",
    [
        "Công ty TNHH Thực phẩm An Phú",
        "Cty TNHH Thực Phẩm An Phú",
        "CÔNG TY TRÁCH NHIỆM HỮU HẠN THỰC PHẨM AN PHÚ",
        "Thực phẩm An Phú, TNHH",
    ],
)
def test_name_key_makes_legal_form_spellings_equal(spelling: str) -> None:
    keys = text.name_key(spelling).split()
    assert sorted(keys) == sorted(["tnhh", "thuc", "pham", "an", "phu"])


def test_legal_forms_stay_distinct_from_each_other() -> None:
    assert text.name_key("Công ty TNHH MTV An Phú") == "tnhh1tv an phu"
    assert text.name_key("Công ty cổ phần An Phú") == "cp an phu"
    assert text.name_key("Công ty TNHH An Phú") != text.name_key("Công ty CP An Phú")


def test_a_standard_is_found_with_or_without_its_national_prefix() -> None:
    assert text.standard_keys("TCVN ISO 9001:2015") == ["tcvn iso 9001 2015", "iso 9001 2015"]
    assert text.standard_keys("TCVN 5603:2008") == ["tcvn 5603 2008"]  # not an adopted ISO
    assert text.standard_query("ISO 9001") == "iso 9001"
