"""Tax codes as clerks and spreadsheets write them (hub/taxcode.py)."""

from __future__ import annotations

import pytest

from hub import taxcode
from hub.taxcode import TaxCodeError


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("3700635642", "3700635642"),
        (" 370063564 2 ", "3700635642"),  # typed with a space
        ("0100109106-001", "0100109106-001"),  # a branch
        ("0100109106/001", "0100109106-001"),
        ("0100109106.001", "0100109106-001"),
        ("'0100109106-001", "0100109106-001"),  # Excel's text apostrophe
        (100109106, "0100109106"),  # read as a number: the leading zero lost
        (100109106.0, "0100109106"),
        ("100109106.0", "0100109106"),
        ("1.00109106E+8", "0100109106"),  # shown in scientific notation
        ("０１００１０９１０６", "0100109106"),  # full-width digits
        ("0100\u200b109106", "0100109106"),  # an invisible zero-width space
    ],
)
def test_spellings_of_one_code_give_its_canonical_form(raw: object, canonical: str) -> None:
    assert taxcode.parse(raw).canonical == canonical
    assert taxcode.normalise(raw) == canonical


def test_a_branch_knows_its_head_office() -> None:
    code = taxcode.parse("0100109106-001")
    assert code.is_branch and code.head == "0100109106" and code.branch == "001"
    assert not taxcode.parse("0100109106").is_branch


@pytest.mark.parametrize(
    ("raw", "message_id", "says"),
    [
        (None, "invalid-tax-code:empty", ""),
        ("   ", "invalid-tax-code:empty", ""),
        ("/", "invalid-tax-code:empty", ""),  # separators only
        (" - . ", "invalid-tax-code:empty", ""),
        ("3700635641", "invalid-tax-code:check-digit", "check digit"),
        ("37006356", "invalid-tax-code:length", "not 8"),
        ("37OO635642", "invalid-tax-code:letter", "U+004F"),
        ("\u0663700635642", "invalid-tax-code:script", "arabic-indic digit three"),
        ("không có", "invalid-tax-code:characters", "only digits"),
    ],
)
def test_a_bad_code_says_why_in_words_a_clerk_can_act_on(
    raw: object, message_id: str, says: str
) -> None:
    with pytest.raises(TaxCodeError) as caught:
        taxcode.parse(raw)
    assert caught.value.code == "invalid-tax-code"
    assert caught.value.message_id == message_id
    assert says in str(caught.value)
    assert taxcode.normalise(raw) is None
