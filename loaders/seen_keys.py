"""The record keys met so far in one file, to refuse a key that comes again."""

from __future__ import annotations

import numpy as np


class SeenKeys:
    """Keys as 64-bit hashes: those of finished chunks in one sorted array (8 bytes a
    key; a set of Python ints took 70, 70 MB for a million-row file), the current
    chunk's in a set."""

    def __init__(self) -> None:
        self._earlier = np.empty(0, dtype=np.int64)
        self._chunk: set[int] = set()

    def add(self, key: object) -> bool:
        """Remember ``key``; False when it was met before."""
        fingerprint = hash(key)
        if fingerprint in self._chunk:
            return False
        at = int(np.searchsorted(self._earlier, fingerprint))
        if at < len(self._earlier) and self._earlier[at] == fingerprint:
            return False
        self._chunk.add(fingerprint)
        return True

    def end_chunk(self) -> None:
        """Fold the chunk's keys into the sorted array (a linear merge)."""
        if self._chunk:
            new = np.fromiter(self._chunk, dtype=np.int64, count=len(self._chunk))
            new.sort()
            self._earlier = np.insert(self._earlier, np.searchsorted(self._earlier, new), new)
            self._chunk = set()
