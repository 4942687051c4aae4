"""The message catalogue: every id has a documented code, and the reference is current."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from hub import messages
from hub.settings import PROJECT_ROOT


def test_every_message_belongs_to_a_documented_code() -> None:
    for message_id in messages.CATALOGUE:
        assert messages.code_of(message_id) in messages.CODES, message_id


def test_every_code_has_words() -> None:
    worded = {messages.code_of(m) for m in messages.CATALOGUE}
    assert set(messages.CODES) == worded


def test_the_error_reference_is_current() -> None:
    page = Path(PROJECT_ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert page == messages.reference(), "regenerate: python -m hub.messages > docs/errors.md"


def _fields(template: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f)


@pytest.mark.parametrize("message_id", sorted(messages.CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(message_id: str) -> None:
    text = messages.CATALOGUE[message_id]
    assert text.en.strip() and text.vi.strip()
    assert _fields(text.vi) == _fields(text.en)
    if _fields(text.en) != ["detail"] and text.en != "{field} {value!r}: {reason}":
        assert text.vi != text.en, "not translated"


def test_the_context_language_words_messages_raised_deep_inside() -> None:
    from loaders.fields import FieldError, parse_date

    with messages.language("vi"):
        with pytest.raises(FieldError) as raised:
            parse_date("31/02/2024")
        assert messages.render("duplicate-record") == (
            "bản ghi này đã xuất hiện ở một dòng trước trong tệp"
        )
    assert "không phải ngày có thật" in str(raised.value)
    assert messages.render("duplicate-record") == "the same record appears earlier in this file"


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("en-US,en;q=0.9,vi;q=0.5", "en"),
        ("fr-FR, vi;q=0.4", "vi"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("vi;q=abc", "en"),
    ],
)
def test_accept_language_picks_vietnamese_or_english(header: str | None, lang: str) -> None:
    assert messages.language_of_header(header) == lang


def test_a_vietnamese_locale_speaks_vietnamese() -> None:
    assert messages.language_of_locale("vi_VN.UTF-8") == "vi"
    assert messages.language_of_locale("C.UTF-8") == "en"
    assert messages.language_of_locale(None) == "en"


@pytest.mark.parametrize("message_id", sorted(messages.CATALOGUE))
def test_templates_name_their_fields_only(message_id: str) -> None:
    params = {f: 1 for f in _fields(messages.CATALOGUE[message_id].en)}
    for lang in messages.LANGUAGES:
        assert isinstance(messages.render(message_id, params, lang=lang), str)


def test_values_in_messages_are_cut_and_huge_numbers_described() -> None:
    long = messages.render("unknown-value", {"value": "x" * 5000, "allowed": "a, b"})
    assert len(long) < 200
    huge = messages.render("out-of-range:int64", {"value": 10**5000})
    assert "about 5000 digits" in huge
