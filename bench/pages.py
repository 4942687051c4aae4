"""The report pages' cost over HTTP: the first view (computed from the graph) and the
views after it (kept per graph version until a write raises it).

Figures: ``page_<name>_first_ms`` (the first view after the hub started) and
``page_<name>_p50_ms`` (the median of the next ``samples`` views).
"""

from __future__ import annotations

import http.client
import statistics
import time
from urllib.parse import urlsplit

from bench.figures import Figures, note

PAGES = {"progress": "/progress/", "quality": "/quality/", "catalog": "/catalog.jsonld"}


def _timed_get(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    return elapsed * 1000


def run(base: str, figures: Figures, samples: int) -> None:
    address = urlsplit(base)
    connection = http.client.HTTPConnection(
        address.hostname or "127.0.0.1", address.port, timeout=300
    )
    try:
        for name, path in PAGES.items():
            note(f"timing {path}")
            figures.add(f"page_{name}_first_ms", _timed_get(connection, path), "ms")
            views = [_timed_get(connection, path) for _ in range(max(1, samples))]
            figures.add(f"page_{name}_p50_ms", statistics.median(views), "ms")
    finally:
        connection.close()
