"""Compact text tables, how the vocabulary is kept: ``a|b|c`` and ``key=value|...``."""

from __future__ import annotations


def split(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in text.strip().split(sep))


def kv(item: str) -> tuple[str, str]:
    key, value = item.split("=", 1)
    return key.strip(), value.strip()


def pairs(text: str) -> dict[str, str]:
    """``a=b|c=d`` as a dict."""
    return dict(kv(item) for item in split(text))


def weighted(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((k, int(v)) for k, v in pairs(text).items())
