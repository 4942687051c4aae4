"""Vietnamese firm names taken apart: one vocabulary of legal forms and trade words."""

from __future__ import annotations

import pytest

from hub.names import forms_agree, is_syllable, parse

REGISTERED = "Công ty TNHH Sản xuất Thương mại Dịch vụ Gỗ Minh Phát"


@pytest.mark.parametrize(
    "spelling",
    [
        "Cty TNHH SX TM DV Gỗ Minh Phát",
        "C.TY TNHH SX-TM-DV GỖ MINH PHÁT",
        "CTY TNHH SXTMDV Go Minh Phat",
        "Công ty trách nhiệm hữu hạn sản xuất thương mại và dịch vụ gỗ minh phát",
        "CT TNHH SX, TM & DV Gỗ Minh Phát.",
        "Công ty TNHH Sản xuất Thương mại Dịch vụ Gỗ Minh Phát (Dĩ An)",
        "Minh Phat Production Trading Service Wood Co., Ltd".replace("Wood", "Go"),
        "CTYTNHH Sản xuất Thươngg mại Dịch vụ Gỗ Minh Phát",  # a slip in a trade word
    ],
)
def test_spellings_of_one_name_give_the_same_parts(spelling: str) -> None:
    registered, written = parse(REGISTERED), parse(spelling)
    assert written.form == registered.form == "tnhh"
    assert sorted(written.terms) == sorted(registered.terms)
    assert not written.branch


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Công ty TNHH MTV Minh Phát", "tnhh1tv"),
        ("Công ty TNHH Một thành viên Minh Phát", "tnhh1tv"),
        ("Cty TNHH 1TV Minh Phát", "tnhh1tv"),
        ("CTCP Minh Phát", "cp"),
        ("Công ty Cổ phần Minh Phát", "cp"),
        ("Minh Phát JSC", "cp"),
        ("DNTN Minh Phát", "dntn"),
        ("Doanh nghiệp tư nhân Minh Phát", "dntn"),
        ("H.T.X Minh Phát", "htx"),
        ("Hợp tác xã Minh Phát", "htx"),
        ("Công ty Minh Phát", "company"),
        ("Minh Phát", None),
    ],
)
def test_legal_forms_are_one_vocabulary(name: str, form: str | None) -> None:
    parsed = parse(name)
    assert parsed.form == form
    assert parsed.terms == ("minh", "phat")


def test_which_legal_forms_may_name_one_firm() -> None:
    assert forms_agree("company", "cp") and forms_agree("company", "tnhh1tv")
    assert forms_agree(None, "htx") and forms_agree("tnhh", "tnhh")
    assert not forms_agree("cp", "tnhh") and not forms_agree("company", "dntn")
    assert not forms_agree("tnhh1tv", "tnhh")  # a form of its own: review decides


def test_branches_and_their_places() -> None:
    for name in (
        "Chi nhánh Công ty TNHH Thực phẩm Phú Hòa tại Bến Cát",
        "Công ty TNHH Thực phẩm Phú Hòa - Chi nhánh Bến Cát",
        "CN Cty TNHH Thực phẩm Phú Hòa (Bến Cát)",
    ):
        parsed = parse(name)
        assert parsed.branch and parsed.form == "tnhh"
        assert parsed.terms == ("thuc", "pham", "phu", "hoa")
        assert parsed.places == ("ben", "cat")
    # "Tài" (a name) is not "tại" (at): the marks tell them apart.
    assert parse("Chi nhánh Công ty TNHH Minh Tài").terms == ("minh", "tai")


def test_a_persons_name_is_not_read_as_a_trade_word_when_marks_say_so() -> None:
    assert parse("Công ty TNHH Vận tải Minh").terms == ("vantai", "minh")
    assert parse("Công ty TNHH Văn Tài Minh").terms == ("van", "tai", "minh")
    assert parse("Công ty TNHH Thượng Hải").terms == ("thuong", "hai")
    # A real word one letter off a trade word is that word, marked or not.
    assert parse("HTX Nông nghiệp Phước Hòa").terms == parse("HTX Nong nghiep Phuoc Hoa").terms
    assert parse("Cty Kho van Lai Thieu").terms == ("kho", "van", "lai", "thieu")


def test_abbreviations_with_several_meanings_stay_open() -> None:
    assert parse("Cty ĐT Minh Phát").terms == ("dt", "minh", "phat")
    assert parse("Cty Đầu tư Minh Phát").terms == ("dautu", "minh", "phat")


def test_diacritics_are_kept_beside_the_folded_words() -> None:
    old_tones, new_tones = parse("Công ty TNHH Hoà Bình"), parse("Công ty TNHH Hòa Bình")
    assert old_tones.marks == new_tones.marks  # old and new tone placement: one spelling
    assert parse("CONG TY TNHH HOA BINH").marked is False


@pytest.mark.parametrize("word", ["nguyen", "thuat", "quynh", "khuya", "xoong", "nghieng", "gi"])
def test_vietnamese_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["tieen", "mihn", "phatt", "nguyn", "cinh", "hpat", "ka"])
def test_slips_of_the_fingers_are_not_syllables(word: str) -> None:
    assert not is_syllable(word)
