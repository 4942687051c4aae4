"""The delivery worker: events into deliveries, deliveries to partners, with retries.

Each ``tick``:

1. ``record.changed``: for each webhook following the change feed, the changes after
   its cursor (``hub.graph.changes``), a page of at most 100 per delivery;
2. ``certificate.expiring`` (once an hour, or when asked): for each webhook, the valid
   certificates expiring within its ``days`` (``hub.graph.progress.expiring``, the
   page's own rule), one delivery per certificate and expiry date;
3. the due deliveries: each attempt claimed (``hub.graph.webhooks.claim``), POSTed
   with the Standard Webhooks headers, and its outcome recorded. A 2xx answer
   delivers; anything else is retried after ``backoff * 4^(n-1)`` seconds (at most
   6 hours) until ``max_attempts``.

Any number of processes may run it against one database (``hub serve`` replicas, or
``hub webhooks run``): they share the work through the graph, never through memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from hub.errors import HubError
from hub.graph import changes, progress
from hub.graph import webhooks as store
from hub.graph.driver import AsyncGraph, Row
from hub.settings import Settings
from hub.webhooks import signing
from hub.webhooks.registry import CERTIFICATE_EXPIRING, RECORD_CHANGED

log = logging.getLogger("hub.webhooks")

TIMEOUT_SECONDS = 10.0
LEASE_SECONDS = TIMEOUT_SECONDS + 30.0  # a claimed attempt's time before others may retry
MAX_BACKOFF_SECONDS = 6 * 3600.0
EXPIRING_EVERY_SECONDS = 3600.0
FEED_PAGES_PER_TICK = 20
DUE_PER_TICK = 50
SENDERS = 4  # deliveries in flight at once
MAX_EXPIRING = 1000  # certificates a webhook is told of per check
_ERROR_CHARS = 300


@dataclass
class TickReport:
    enqueued: int = 0
    delivered: int = 0
    failed: int = 0  # attempts that did not deliver
    claimed_elsewhere: int = 0


@dataclass
class DeliveryWorker:
    graph: AsyncGraph
    settings: Settings
    today: Callable[[], date]  # today where the certificates' dates are (Việt Nam)
    settle: float = changes.SETTLE_SECONDS
    client: httpx.AsyncClient | None = None
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    )
    _expiring_checked: float = field(default=-EXPIRING_EVERY_SECONDS, init=False)

    async def tick(self, check_expiring: bool = False) -> TickReport:
        report = TickReport()
        report.enqueued += await self.enqueue_changes()
        due = time.monotonic() - self._expiring_checked >= EXPIRING_EVERY_SECONDS
        if check_expiring or due:
            report.enqueued += await self.enqueue_expiring()
            self._expiring_checked = time.monotonic()
        await self.send_due(report)
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every ``HUB_WEBHOOK_POLL_SECONDS`` until ``stop`` is set; errors are
        logged and the next tick tries again."""
        while not stop.is_set():
            try:
                await self.tick()
            except HubError as exc:
                log.warning("webhook worker: %s", exc)
            except Exception:
                log.exception("webhook worker failed a tick")
            try:
                await asyncio.wait_for(stop.wait(), self.settings.webhook_poll_seconds)
            except TimeoutError:
                pass

    # Events -------------------------------------------------------------------

    async def enqueue_changes(self) -> int:
        made = 0
        for hook in await store.active(self.graph, RECORD_CHANGED):
            cursor = hook["cursor"]
            for _ in range(FEED_PAGES_PER_TICK):
                page = await changes.changes_after(
                    self.graph, cursor, changes.MAX_PAGE, self.settle
                )
                if not page.changes:
                    break
                delivery = _changes_delivery(hook["id"], cursor, page)
                moved = (cursor, page.end_cursor)
                now = datetime.now(UTC)
                if not await store.advance(self.graph, hook["id"], moved, delivery, now):
                    break  # another process turned this page into a delivery
                made += 1
                cursor = page.end_cursor
                if not page.has_next_page:
                    break
        return made

    async def enqueue_expiring(self) -> int:
        today = self.today()
        rows: list[dict[str, Any]] = []
        for hook in await store.active(self.graph, CERTIFICATE_EXPIRING):
            days = int(hook["days"] or 30)
            until = today + timedelta(days=days)
            found = await progress.expiring(self.graph, today, until, until, MAX_EXPIRING)
            rows += [_expiring_delivery(hook["id"], days, cert) for cert in found["rows"]]
        await store.enqueue(self.graph, rows, datetime.now(UTC))
        return len(rows)

    # Sending -----------------------------------------------------------------

    async def send_due(self, report: TickReport) -> None:
        due = await store.due(self.graph, datetime.now(UTC), DUE_PER_TICK)
        if not due:
            return
        gate = asyncio.Semaphore(SENDERS)
        owned = self.client is None
        client = self.client or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
        try:

            async def one(delivery: Row) -> None:
                async with gate:
                    await self._attempt(client, delivery, report)

            await asyncio.gather(*(one(delivery) for delivery in due))
        finally:
            if owned:
                await client.aclose()

    async def _attempt(self, client: httpx.AsyncClient, delivery: Row, report: TickReport) -> None:
        attempts, token = int(delivery["attempts"]), secrets.token_hex(8)
        now = datetime.now(UTC)
        lease = now + timedelta(seconds=LEASE_SECONDS)
        mine = await store.claim(
            self.graph, delivery["id"], attempts, token, self.worker_id, now, lease
        )
        if not mine:
            report.claimed_elsewhere += 1
            return
        number = attempts + 1
        status_code, error = await _post(client, delivery)
        ok = status_code is not None and 200 <= status_code < 300
        if ok:
            report.delivered += 1
            outcome = store.Outcome(
                number, token, "delivered", "delivered", status_code, None, None
            )
        else:
            report.failed += 1
            last = number >= self.settings.webhook_max_attempts
            wait = min(
                MAX_BACKOFF_SECONDS, self.settings.webhook_backoff_seconds * 4 ** (number - 1)
            )
            retry = None if last else datetime.now(UTC) + timedelta(seconds=wait)
            status = "failed" if last else "pending"
            outcome = store.Outcome(number, token, "failed", status, status_code, error, retry)
        await store.finish(self.graph, delivery["id"], outcome, datetime.now(UTC))


async def _post(client: httpx.AsyncClient, delivery: Row) -> tuple[int | None, str | None]:
    """POST one attempt; (HTTP status, None) or (status or None, why it failed)."""
    body = delivery["payload"].encode("utf-8")
    headers = {
        "content-type": "application/json",
        "user-agent": "provincial-data-hub-webhooks",
        **signing.headers(delivery["secret"], delivery["id"], int(time.time()), body),
    }
    try:
        response = await client.post(
            delivery["url"], content=body, headers=headers, timeout=TIMEOUT_SECONDS
        )
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS] or type(exc).__name__
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"


def _message_id(*parts: str) -> str:
    return "msg_" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


def _payload(event: str, data: dict[str, Any]) -> str:
    body = {"type": event, "timestamp": datetime.now(UTC).isoformat(), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)


def _changes_delivery(webhook: str, cursor: str | None, page: changes.ChangePage) -> dict[str, Any]:
    data = {
        "changes": [
            {
                "kind": c.kind,
                "key": c.key,
                "op": c.op,
                "at": c.at.isoformat(),
                "loadRun": c.load_run,
                "cursor": c.cursor,
            }
            for c in page.changes
        ],
        "since": cursor,
        "endCursor": page.end_cursor,
    }
    return {
        "id": _message_id(webhook, RECORD_CHANGED, cursor or "", page.end_cursor or ""),
        "webhook": webhook,
        "event": RECORD_CHANGED,
        "payload": _payload(RECORD_CHANGED, data),
    }


def _expiring_delivery(webhook: str, days: int, cert: Row) -> dict[str, Any]:
    data = {
        "days": days,
        "certificate": {
            "number": cert["number"],
            "kind": cert["kind"],
            "standard": cert["standard"],
            "issuer": cert["issuer"],
            "expiresOn": cert["expiresOn"],
            "daysLeft": cert["daysLeft"],
        },
        "holder": {"taxCode": cert["holderTaxCode"], "name": cert["holderName"]},
    }
    return {
        "id": _message_id(webhook, CERTIFICATE_EXPIRING, cert["key"], str(cert["expiresOn"])),
        "webhook": webhook,
        "event": CERTIFICATE_EXPIRING,
        "payload": _payload(CERTIFICATE_EXPIRING, data),
    }
