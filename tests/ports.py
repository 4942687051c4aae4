"""Free TCP ports on 127.0.0.1 for servers a test starts."""

from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports. Each is held open until all are known: a port
    closed at once may be handed out again by the next bind, and two servers started on
    it would pass a readiness check through the one that bound it."""
    with ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def free_port() -> int:
    return free_ports(1)[0]
