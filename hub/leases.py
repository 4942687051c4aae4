"""Exclusive work across hub processes: ``hold(graph, name)`` waits for a lease in Neo4j.

Uploads and ``hub load`` of the same record label hold ``upload:<Label>`` while they
write, whichever process or replica runs them. The lease is renewed by a background
thread every third of its time, freed at the end, and expires on its own when its
holder dies (``HUB_UPLOAD_LEASE_SECONDS``), so nothing stays locked. A taker that
finds an expired lease learns the load run its dead holder was writing, and the
caller marks that run interrupted (``on_abandoned``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hub.errors import BusyError, GraphUnavailableError, HubError
from hub.graph import leases
from hub.graph.driver import Graph

log = logging.getLogger(__name__)

_FIRST_DELAY = 0.05
_MAX_DELAY = 0.5


def new_holder() -> str:
    """Who holds a lease: host and process (for people), and a unique part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


@contextmanager
def hold(
    graph: Graph,
    name: str,
    *,
    run: str | None = None,
    ttl_seconds: float,
    wait_seconds: float,
    on_wait: Callable[[str], None] | None = None,
    on_abandoned: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Hold the lease ``name`` for the block (yields the holder id); waits while another
    holder has it, and raises ``BusyError`` after ``wait_seconds``."""
    holder = new_holder()
    ttl_ms = max(1, round(ttl_seconds * 1000))
    taken = _take(graph, name, holder, run, ttl_ms, wait_seconds, on_wait)
    if taken.abandoned and on_abandoned is not None:
        on_abandoned(taken.abandoned)
    renewer = _Renewer(graph, name, holder, ttl_ms)
    renewer.start()
    try:
        yield holder
    finally:
        renewer.stop()
        try:
            leases.free(graph, name, holder)
        except HubError as exc:  # it expires on its own; do not hide the block's error
            _note(exc, "could not free lease %s: %s", name)


def _take(
    graph: Graph,
    name: str,
    holder: str,
    run: str | None,
    ttl_ms: int,
    wait_seconds: float,
    on_wait: Callable[[str], None] | None,
) -> leases.Taken:
    deadline = time.monotonic() + wait_seconds
    delay = _FIRST_DELAY
    told = False
    while True:
        taken = leases.take(graph, name, holder, run, ttl_ms)
        if taken.free:
            return taken
        left = deadline - time.monotonic()
        if left <= 0:
            raise BusyError(
                f"another upload or load of the same records is running ({name}); "
                "try again when it has finished"
            )
        if on_wait is not None and not told:
            on_wait(taken.holder)
            told = True
        time.sleep(max(0.0, min(delay, left, taken.expires_in_ms / 1000 + 0.01)))
        delay = min(delay * 2, _MAX_DELAY)


def _note(exc: HubError, message: str, name: str) -> None:
    """Log a lease's trouble: quietly when Neo4j is away, since the block then fails with
    that very error and the user should read it once, not three times."""
    level = logging.DEBUG if isinstance(exc, GraphUnavailableError) else logging.WARNING
    log.log(level, message, name, exc)


class _Renewer(threading.Thread):
    """Renews a lease every third of its time until stopped."""

    def __init__(self, graph: Graph, name: str, holder: str, ttl_ms: int) -> None:
        super().__init__(name=f"lease-{name}", daemon=True)
        self.graph, self.lease, self.holder, self.ttl_ms = graph, name, holder, ttl_ms
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.ttl_ms / 3000):
            try:
                if not leases.renew(self.graph, self.lease, self.holder, self.ttl_ms):
                    log.error("lease %s was lost (expired and taken by another)", self.lease)
                    return
            except HubError as exc:  # Neo4j away for a moment: try again next time
                _note(exc, "could not renew lease %s: %s", self.lease)

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=5)
