"""A webhook receiver on 127.0.0.1, and the loader fixtures loaded once per module."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from hub.graph import admin
from hub.graph.driver import Graph
from tests.conftest import DATA, load

FIXTURES = [
    ("enterprises", "enterprises.csv"),
    ("certificates", "certificates.csv"),
    ("products", "products.json"),
]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers with the statuses queued in ``answers`` (then 200)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with state.lock:
                state.requests.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body)
                )
            self.send_response(state.next_status())
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def loaded(graph: Graph) -> Graph:
    admin.clear_data(graph)
    for kind, name in FIXTURES:
        assert load(graph, kind, DATA / "loaders" / name, agency="Chi cục TĐC").ok
    return graph
