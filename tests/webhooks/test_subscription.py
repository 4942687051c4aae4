"""The change feed as a GraphQL subscription, over graphql-transport-ws on a real socket."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import uvicorn
from websockets.sync.client import ClientConnection, connect

from app.web.app import create_app
from hub.graph import changes
from hub.graph.driver import Graph
from hub.settings import Settings
from schema import subscription
from tests.conftest import DATA, load

SUBSCRIBE = (
    "subscription($since: String) { changes(since: $since) { cursor node { kind key op } } }"
)


@pytest.fixture
def ws_url(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The hub on a free local port; the feed without its settle lag, polled often."""
    monkeypatch.setattr(changes, "SETTLE_SECONDS", 0.0)
    monkeypatch.setattr(subscription, "POLL_SECONDS", 0.1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(dataclasses.replace(settings, webhooks_worker=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the hub did not start"
        time.sleep(0.05)
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _message(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(ws.recv(timeout=20))
    return message


def test_subscription_streams_changes_after_its_cursor(clean_graph: Graph, ws_url: str) -> None:
    load(clean_graph, "enterprises", DATA / "loaders" / "enterprises.csv")
    since = changes.start_cursor(datetime.now(UTC))
    with connect(ws_url, subprotocols=["graphql-transport-ws"]) as ws:
        ws.send(json.dumps({"type": "connection_init"}))
        assert _message(ws)["type"] == "connection_ack"
        payload = {"query": SUBSCRIBE, "variables": {"since": since}}
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        load(clean_graph, "awards", DATA / "loaders" / "awards.csv")
        got = [_message(ws) for _ in range(3)]
        ws.send(json.dumps({"id": "1", "type": "complete"}))
    assert {m["type"] for m in got} == {"next"}
    nodes = [m["payload"]["data"]["changes"]["node"] for m in got]
    assert {(n["kind"], n["op"]) for n in nodes} == {("Award", "CREATED")}
    assert len({n["key"] for n in nodes}) == 3  # the three awards, not the firms before
    cursors = [m["payload"]["data"]["changes"]["cursor"] for m in got]
    assert len(set(cursors)) == 3


def test_subscriptions_are_refused_over_http(clean_graph: Graph, ws_url: str) -> None:
    import httpx

    http = ws_url.replace("ws://", "http://")
    answer = httpx.post(http, json={"query": SUBSCRIBE}, timeout=20)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
