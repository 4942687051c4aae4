"""Webhooks as a partner meets them: registered per key, signed, retried, delivered once."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from app.web.app import create_app
from hub.auth import create_key
from hub.graph import webhooks as store
from hub.graph.driver import AsyncGraph, Graph
from hub.settings import Settings
from hub.webhooks import registry
from hub.webhooks.worker import DeliveryWorker
from loaders.registry import KINDS
from tests.conftest import DATA, load
from tests.partner.conftest import bearer, serve
from tests.webhooks.conftest import Receiver

# QMS-001 (Phú Hòa, ISO 9001:2015) expires on 2027-01-09: 20 days after this day.
DAY = date(2026, 12, 20)


@pytest.fixture(autouse=True)
def _no_webhooks(loaded: Graph) -> None:
    """Each test starts without webhooks (removing one cancels its pending deliveries)."""
    for hook in registry.listing(loaded):
        registry.remove(loaded, hook["id"])


@pytest.fixture
async def async_graph(settings: Settings) -> AsyncIterator[AsyncGraph]:
    graph = AsyncGraph(settings)
    try:
        yield graph
    finally:
        await graph.close()


def _worker(graph: AsyncGraph, settings: Settings, **overrides: object) -> DeliveryWorker:
    fast = dataclasses.replace(settings, webhook_backoff_seconds=0.0, **overrides)
    return DeliveryWorker(graph, fast, lambda: DAY, settle=0.0)


def _verified(receiver: Receiver, secret: str) -> list[dict[str, object]]:
    """Every request the receiver got, checked with the Standard Webhooks library."""
    return [Webhook(secret).verify(r.body, r.headers) for r in receiver.requests]


async def test_certificate_expiring_is_signed_delivered_once_and_listed(
    loaded: Graph, settings: Settings, async_graph: AsyncGraph, receiver: Receiver
) -> None:
    hook = registry.register(loaded, receiver.url, ["certificate.expiring"], days=30)
    worker = _worker(async_graph, settings)

    report = await worker.tick(check_expiring=True)
    again = await worker.tick(check_expiring=True)

    assert report.delivered == 1 and again.delivered == 0 and len(receiver.requests) == 1
    [payload] = _verified(receiver, hook.secret)
    assert payload["type"] == "certificate.expiring"
    data = payload["data"]
    assert data["certificate"]["number"] == "QMS-001"  # type: ignore[index]
    assert data["certificate"]["daysLeft"] == 20  # type: ignore[index]
    assert data["holder"] == {"taxCode": "3700635642", "name": "Công ty TNHH Thực phẩm Phú Hòa"}  # type: ignore[index]
    assert receiver.requests[0].headers["webhook-signature"].startswith("v1,")
    [delivery] = registry.delivery_log(loaded, hook.webhook["id"]) or []
    assert (
        delivery["status"] == "delivered"
        and delivery["id"] == receiver.requests[0].headers["webhook-id"]
    )
    assert [(a["attempt"], a["statusCode"], a["outcome"]) for a in delivery["attempts"]] == [
        (1, 200, "delivered")
    ]


async def test_a_failed_delivery_is_retried_with_backoff_until_it_lands(
    loaded: Graph, settings: Settings, async_graph: AsyncGraph, receiver: Receiver
) -> None:
    hook = registry.register(loaded, receiver.url, ["certificate.expiring"], days=30)
    receiver.answers = [503]
    worker = _worker(async_graph, settings)

    first = await worker.tick(check_expiring=True)
    [pending] = registry.delivery_log(loaded, hook.webhook["id"]) or []
    second = await worker.tick()

    assert (first.failed, first.delivered) == (1, 0)
    assert pending["status"] == "pending" and pending["lastStatusCode"] == 503
    assert second.delivered == 1
    [delivery] = registry.delivery_log(loaded, hook.webhook["id"]) or []
    assert delivery["status"] == "delivered"
    assert [(a["statusCode"], a["outcome"]) for a in delivery["attempts"]] == [
        (503, "failed"),
        (200, "delivered"),
    ]
    # The same message each time, signed anew for each attempt.
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert len(receiver.requests) == 2 and len(ids) == 1
    assert len(_verified(receiver, hook.secret)) == 2


async def test_a_delivery_fails_after_its_last_attempt(
    loaded: Graph, settings: Settings, async_graph: AsyncGraph, receiver: Receiver
) -> None:
    hook = registry.register(loaded, receiver.url, ["certificate.expiring"], days=30)
    receiver.answers = [500, 500]
    worker = _worker(async_graph, settings, webhook_max_attempts=2)
    await worker.tick(check_expiring=True)
    await worker.tick()
    await worker.tick()
    [delivery] = registry.delivery_log(loaded, hook.webhook["id"]) or []
    assert delivery["status"] == "failed" and delivery["attemptCount"] == 2
    assert len(receiver.requests) == 2


async def test_two_replicas_deliver_each_event_once(
    loaded: Graph, settings: Settings, receiver: Receiver
) -> None:
    """Two workers with their own drivers (as two hub processes) race on the same work."""
    hook = registry.register(
        loaded, receiver.url, ["certificate.expiring", "record.changed"], days=30
    )
    load(loaded, "awards", DATA / "loaders" / "awards.csv", agency="Chi cục TĐC")
    first, second = AsyncGraph(settings), AsyncGraph(settings)
    try:
        reports = await asyncio.gather(
            _worker(first, settings).tick(check_expiring=True),
            _worker(second, settings).tick(check_expiring=True),
        )
    finally:
        await first.close()
        await second.close()
    deliveries = registry.delivery_log(loaded, hook.webhook["id"]) or []
    assert {d["event"] for d in deliveries} == {"certificate.expiring", "record.changed"}
    assert all(d["status"] == "delivered" and d["attemptCount"] == 1 for d in deliveries)
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert sorted(ids) == sorted(d["id"] for d in deliveries)  # each once, none twice
    assert sum(r.delivered for r in reports) == len(deliveries)
    changed = [p for p in _verified(receiver, hook.secret) if p["type"] == "record.changed"]
    awards = {
        c["key"]
        for p in changed
        for c in p["data"]["changes"]  # type: ignore[index]
        if c["kind"] == "Award"
    }
    assert len(awards) == 3  # the awards loaded after the webhook was registered


async def test_partner_api_registers_lists_and_removes_per_key(
    loaded: Graph, settings: Settings, receiver: Receiver
) -> None:
    mine = create_key(loaded, "Chi cục TĐC", ["certificates"], KINDS).token
    theirs = create_key(loaded, "Sở Công Thương", ["products"], KINDS).token
    body = {"url": receiver.url, "events": ["certificate.expiring"], "days": 45}
    async with serve(loaded, settings) as refused:
        local = await refused.post("/api/v1/webhooks", json=body, headers=bearer(mine))
    async with serve(loaded, settings, webhook_allow_private=True) as http:
        anonymous = await http.post("/api/v1/webhooks", json=body)
        created = await http.post("/api/v1/webhooks", json=body, headers=bearer(mine))
        bad = await http.post(
            "/api/v1/webhooks", json={**body, "events": ["x"]}, headers=bearer(mine)
        )
        hook_id = created.json()["id"]
        listed = await http.get("/api/v1/webhooks", headers=bearer(mine))
        other = await http.get("/api/v1/webhooks", headers=bearer(theirs))
        stolen = await http.delete(f"/api/v1/webhooks/{hook_id}", headers=bearer(theirs))
        log = await http.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=bearer(mine))
        removed = await http.delete(f"/api/v1/webhooks/{hook_id}", headers=bearer(mine))
        after = await http.get("/api/v1/webhooks", headers=bearer(mine))
        spec = (await http.get("/api/v1/openapi.json")).json()

    assert local.status_code == 400 and "private" in local.json()["detail"]
    assert anonymous.status_code == 401
    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_") and created.json()["days"] == 45
    assert created.json()["agency"] == "Chi cục TĐC"
    assert bad.status_code == 400 and "unknown events x" in bad.json()["detail"]
    assert [h["id"] for h in listed.json()["webhooks"]] == [hook_id]
    assert "secret" not in json.dumps(listed.json())
    assert other.json()["webhooks"] == [] and stolen.status_code == 404
    assert log.status_code == 200 and log.json()["deliveries"] == []
    assert removed.status_code == 204 and after.json()["webhooks"] == []
    assert {"/webhooks", "/webhooks/{id}", "/webhooks/{id}/deliveries"} <= set(spec["paths"])


def test_cli_adds_lists_and_removes(loaded: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    url = "https://partner.example/hooks"
    assert (
        main(["webhooks", "add", url, "--events", "certificate.expiring", "--days", "60", "--json"])
        == 0
    )
    added = json.loads(capsys.readouterr().out)
    assert added["secret"].startswith("whsec_") and added["days"] == 60
    assert main(["webhooks", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["id"] for h in listed] == [added["id"]] and "secret" not in listed[0]
    assert main(["webhooks", "add", url, "--events", "nope"]) == 2
    assert "unknown events nope" in capsys.readouterr().err
    assert main(["webhooks", "remove", added["id"]]) == 0
    capsys.readouterr()
    assert main(["webhooks", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["webhooks", "list", "--all"]) == 0
    assert "removed" in capsys.readouterr().out
    assert main(["webhooks", "deliveries", "wh_unknown"]) == 1


async def test_the_app_runs_the_worker_when_asked(
    loaded: Graph, settings: Settings, receiver: Receiver
) -> None:
    """``hub serve`` sends deliveries by itself (HUB_WEBHOOKS_WORKER, on by default)."""
    hook = registry.register(loaded, receiver.url, ["record.changed"])
    graph = AsyncGraph(settings)
    try:
        row = {"id": "msg_lifespan", "webhook": hook.webhook["id"], "event": "record.changed"}
        await store.enqueue(
            graph, [{**row, "payload": '{"type": "record.changed"}'}], datetime.now(UTC)
        )
    finally:
        await graph.close()
    app = create_app(dataclasses.replace(settings, webhooks_worker=True, webhook_poll_seconds=0.2))
    async with app.router.lifespan_context(app):
        deadline = time.monotonic() + 20
        while not receiver.requests and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    assert [r.headers["webhook-id"] for r in receiver.requests] == ["msg_lifespan"]
    assert Settings().webhooks_worker  # on unless turned off
