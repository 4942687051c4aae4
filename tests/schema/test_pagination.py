"""Cursors: opaque, stable, and refused when they were not given out by the API."""

from __future__ import annotations

import base64

import pytest

from hub.errors import BadInputError
from schema.pagination import check_first, decode_cursor, encode_cursor


def test_a_cursor_round_trips_any_name() -> None:
    for name, key in [("Công ty TNHH Thực phẩm Phú Hòa", "3700635642"), ("", "0301234562-001")]:
        cursor = encode_cursor(name, key)
        assert cursor == encode_cursor(name, key)
        assert decode_cursor(cursor) == (name, key)
    assert decode_cursor(None) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        "bm9wZQ==",  # "nope"
        base64.urlsafe_b64encode(b'["only one"]').decode(),
        base64.urlsafe_b64encode(b'["a", 1]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        "é",
    ],
)
def test_a_malformed_cursor_is_bad_input(cursor: str) -> None:
    with pytest.raises(BadInputError, match="not a cursor"):
        decode_cursor(cursor)


def test_first_is_bounded() -> None:
    assert check_first(None) == 20
    assert check_first(0) == 0 and check_first(100) == 100
    for wrong in (-1, 101):
        with pytest.raises(BadInputError, match="between 0 and 100"):
            check_first(wrong)
