"""Duplicate keys in a file are found within a chunk and across chunks."""

from __future__ import annotations

from loaders.seen_keys import SeenKeys


def test_a_key_is_new_once_within_a_chunk_and_after_it() -> None:
    seen = SeenKeys()
    assert seen.add("EV-1") and seen.add("EV-2")
    assert not seen.add("EV-1")
    seen.end_chunk()
    assert not seen.add("EV-2")
    assert seen.add("EV-3")


def test_keys_of_many_chunks_stay_found() -> None:
    seen = SeenKeys()
    for chunk in range(50):
        assert all(seen.add(f"LOT-{chunk}-{i}") for i in range(200))
        seen.end_chunk()
    assert not any(seen.add(f"LOT-{chunk}-{i}") for chunk in (0, 17, 49) for i in (0, 99, 199))
    assert seen.add("LOT-50-0")
