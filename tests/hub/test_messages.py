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


def test_a_language_without_words_yet_falls_back_to_english() -> None:
    assert messages.render("duplicate-record", lang="vi") == messages.render("duplicate-record")


@pytest.mark.parametrize("message_id", sorted(messages.CATALOGUE))
def test_templates_name_their_fields_only(message_id: str) -> None:
    fields = [f for _, f, _, _ in string.Formatter().parse(messages.CATALOGUE[message_id].en) if f]
    params = {f: 1 for f in fields}
    assert isinstance(messages.render(message_id, params), str)


def test_values_in_messages_are_cut_and_huge_numbers_described() -> None:
    long = messages.render("unknown-value", {"value": "x" * 5000, "allowed": "a, b"})
    assert len(long) < 200
    huge = messages.render("out-of-range:int64", {"value": 10**5000})
    assert "about 5000 digits" in huge
