"""Field parsers: what each accepts, and the reasons it gives for what it refuses."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from loaders.fields import (
    FieldError,
    enum_choices,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_enum,
    parse_int,
    parse_tax_code,
    parse_year,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = enum_choices(
    {
        "regulation_certification": ["Chứng nhận hợp quy"],
        "standard_certification": ["Chứng nhận hợp chuẩn"],
    }
)


@pytest.mark.parametrize(
    "value",
    [
        "2024-02-29",
        "29/02/2024",
        "29-02-2024",
        "29.02.2024",
        " 29/2/2024 ",
        "2024-02-29 00:00:00",
        "2024-02-29T13:05:00+07:00",
        "29/02/2024 13:05",
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 23, 59),
    ],
)
def test_parse_date_accepts_the_contract_forms(value):
    assert parse_date(value) == dt.date(2024, 2, 29)


def test_parse_date_single_digit_day_and_month():
    assert parse_date("1/2/2024") == dt.date(2024, 2, 1)


@pytest.mark.parametrize("value", [45351, 45351.75, "45351", "45351.5"])
def test_parse_date_excel_serials_only_when_allowed(value):
    assert parse_date(value, allow_serial=True) == dt.date(2024, 2, 29)
    with pytest.raises(FieldError, match="is a number, not a date"):
        parse_date(value)


def test_parse_date_excel_serials_before_the_phantom_leap_day():
    assert parse_date(1, allow_serial=True) == dt.date(1900, 1, 1)
    assert parse_date(59, allow_serial=True) == dt.date(1900, 2, 28)
    assert parse_date(61, allow_serial=True) == dt.date(1900, 3, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("29/02/2023", "is not a real date"),
        ("2024-13-01", "is not a real date"),
        ("1899-12-31", "year 1899 is outside 1900..2100"),
        ("01/01/2101", "year 2101 is outside 1900..2100"),
        (dt.date(1800, 1, 1), "year 1800 is outside"),
        ("15/01/24", "is not a date \\(use DD/MM/YYYY or YYYY-MM-DD\\)"),
        ("ngày 15 tháng 1", "is not a date"),
        ("2024-01-15 xx", "is not a date"),
        ("2024-01-15 25:00", "has an impossible time"),
        ("", "the date is empty"),
        (None, "the date is empty"),
        (True, "is not a date"),
    ],
)
def test_parse_date_refusals(value, reason):
    with pytest.raises(FieldError, match=reason):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (0, "not an Excel date serial"),
        (60, "not an Excel date serial"),
        (2958466, "not an Excel date serial"),
        (2958465, "year 9999 is outside"),
    ],
)
def test_parse_date_refuses_impossible_serials(value, reason):
    with pytest.raises(FieldError, match=reason):
        parse_date(value, allow_serial=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15T13:05:00+07:00", dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
        ("2024-01-15T06:05:00Z", dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
        ("2024-01-15T13:05:00", dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
        ("2024-01-15 13:05", dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
        ("2024-01-15T13:05:00.250+07:00", dt.datetime(2024, 1, 15, 13, 5, 0, 250000, tzinfo=HCM)),
        ("2024-01-15", dt.datetime(2024, 1, 15, tzinfo=HCM)),
        ("15/01/2024", dt.datetime(2024, 1, 15, tzinfo=HCM)),
        ("15-01-2024 13:05:07", dt.datetime(2024, 1, 15, 13, 5, 7, tzinfo=HCM)),
        ("15/01/2024 06:05+00:00", dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
        (dt.date(2024, 1, 15), dt.datetime(2024, 1, 15, tzinfo=HCM)),
        (dt.datetime(2024, 1, 15, 13, 5), dt.datetime(2024, 1, 15, 13, 5, tzinfo=HCM)),
    ],
)
def test_parse_datetime_is_aware_and_naive_times_are_vietnam_time(value, expected):
    parsed = parse_datetime(value)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_parse_datetime_keeps_the_given_offset_and_takes_a_default_zone():
    parsed = parse_datetime("2024-01-15T13:05:00-05:00")
    assert parsed.utcoffset() == dt.timedelta(hours=-5)
    assert parse_datetime("2024-01-15 13:05", default_tz=dt.UTC).utcoffset() == dt.timedelta(0)


def test_parse_datetime_excel_serial_with_time():
    expected = dt.datetime(2024, 2, 29, 18, 0, tzinfo=HCM)
    assert parse_datetime(45351.75, allow_serial=True) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30T10:00:00", "is not a real date"),
        ("2024-01-15T24:30:00", "has an impossible time"),
        ("15/01/2024 13h05", "is not a date"),
        ("3000-01-01T00:00:00Z", "year 3000 is outside"),
        ("yesterday", "is not a date"),
        ("", "the date and time is empty"),
    ],
)
def test_parse_datetime_refusals(value, reason):
    with pytest.raises(FieldError, match=reason):
        parse_datetime(value)


@pytest.mark.parametrize(
    "value",
    [
        "Chứng nhận hợp quy",
        "chung nhan hop quy",
        "CHỨNG NHẬN  HỢP QUY",
        "REGULATION_CERTIFICATION",
        "regulation certification",
        "Regulation-Certification",
    ],
)
def test_parse_enum_matches_folded_spellings(value):
    assert parse_enum(value, KINDS) == "regulation_certification"


def test_parse_enum_accepts_a_plain_mapping_of_spellings():
    choices = {"Đang hoạt động": "active", "Giải thể": "dissolved"}
    assert parse_enum("dang hoat dong", choices) == "active"
    assert parse_enum("GIẢI THỂ", choices) == "dissolved"


def test_parse_enum_refusal_names_the_canonical_values():
    with pytest.raises(FieldError) as refused:
        parse_enum("Công bố hợp quy", KINDS)
    assert str(refused.value) == (
        "'Công bố hợp quy' is not an accepted value; use one of: "
        "regulation_certification, standard_certification"
    )
    with pytest.raises(FieldError, match="the value is empty"):
        parse_enum("  ", KINDS)


def test_enum_choices_refuses_a_spelling_of_two_values():
    with pytest.raises(ValueError, match="'Nhỏ' spells both small and tiny"):
        enum_choices({"small": ["nhỏ"], "tiny": ["Nhỏ"]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 1.234 ", 1234),
        ("1,234,567", 1234567),
        ("1 234", 1234),
        (7, 7),
        (7.0, 7),
        ("-3", -3),
        ("0", 0),
    ],
)
def test_parse_int_accepts(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "minimum", "reason"),
    [
        ("1.5", None, "'1.5' is not a whole number"),
        ("12a", None, "not a whole number"),
        ("1.23", None, "not a whole number"),
        ("1.234,567", None, "not a whole number"),
        (1.5, None, "not a whole number"),
        (True, None, "not a whole number"),
        ("-1", 0, "-1 is less than 0"),
        ("", None, "the number is empty"),
    ],
)
def test_parse_int_refuses(value, minimum, reason):
    with pytest.raises(FieldError, match=reason):
        parse_int(value, minimum=minimum)


@pytest.mark.parametrize(
    "value",
    [
        "12.500.000",
        "12,500,000",
        "12500000",
        "12 500 000 đ",
        "12.500.000đ",
        "12.500.000 VNĐ",
        "12500000 VND",
        "12,500,000 ₫",
        12500000,
        12500000.0,
    ],
)
def test_parse_amount_accepts_vnd_spellings(value):
    assert parse_amount(value) == 12_500_000


@pytest.mark.parametrize(
    "value", ["12.5 triệu", "12.500.000,50", "12.500,000", "-500", "12.50", "USD 100", 1.5, -1]
)
def test_parse_amount_refuses_other_forms(value):
    with pytest.raises(FieldError, match="amount"):
        parse_amount(value)


def test_parse_year_bounds():
    assert parse_year("2024") == 2024
    assert parse_year(1990) == 1990
    assert parse_year("2100") == 2100
    with pytest.raises(FieldError, match="year 1989 is outside 1990..2100"):
        parse_year("1989")
    with pytest.raises(FieldError, match="'năm 2024' is not a year"):
        parse_year("năm 2024")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3700635642", "3700635642"),
        ("3700635642.0", "3700635642"),
        (3700635642.0, "3700635642"),
        ("0301234562 001", "0301234562-001"),
        ("301234562", "0301234562"),
    ],
)
def test_parse_tax_code_repairs_and_canonicalises(value, expected):
    assert parse_tax_code(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("3700635643", "tax code is not valid"),
        ("37006", "10 or 13 digits, not 5"),
        ("MST-ABC", "only digits"),
        (None, "tax code is empty"),
    ],
)
def test_parse_tax_code_refusals_give_the_reason(value, reason):
    with pytest.raises(FieldError, match=reason):
        parse_tax_code(value)
