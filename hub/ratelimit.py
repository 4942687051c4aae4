"""Requests per minute per API key: a token bucket in the process.

Each key's bucket holds up to ``per_minute`` tokens and refills continuously at
``per_minute / 60`` a second, so a partner may burst a minute's allowance and then
keeps a steady rate. Buckets live in one process: with several workers each worker
counts on its own (see docs/partners.md). ``per_minute <= 0`` turns the limit off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def acquire(self, key: str) -> int | None:
        """Take one token for ``key``: None when allowed, else seconds to wait (Retry-After)."""
        if self.capacity <= 0:
            return None
        now = self._clock()
        bucket = self._buckets.setdefault(key, _Bucket(self.capacity, now))
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))
