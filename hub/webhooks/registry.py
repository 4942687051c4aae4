"""Registering webhooks (per API key, or by an operator) and reading their deliveries.

Events: ``record.changed`` (pages of the change feed, from the moment the webhook is
registered) and ``certificate.expiring`` (each valid certificate once it comes within
``days`` of its expiry date; 30 unless told). The signing secret is returned once, at
registration; listings never show it. Over the partner API, URLs naming this machine
or a private network are refused unless ``HUB_WEBHOOK_ALLOW_PRIVATE`` allows them.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from hub.errors import BadInputError
from hub.graph import changes
from hub.graph import webhooks as store
from hub.graph.driver import Graph
from hub.webhooks.signing import new_secret

RECORD_CHANGED = "record.changed"
CERTIFICATE_EXPIRING = "certificate.expiring"
EVENTS = (CERTIFICATE_EXPIRING, RECORD_CHANGED)
DEFAULT_DAYS = 30
MAX_DAYS = 366
MAX_URL_CHARS = 2000


@dataclass(frozen=True)
class Registered:
    webhook: dict[str, Any]
    secret: str  # shown once


def check_url(url: str, allow_private: bool) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL_CHARS:
        raise BadInputError(f"the webhook URL must be an http(s) address, not {url[:200]!r}")
    if not allow_private and _private(parts.hostname):
        raise BadInputError(
            f"the webhook URL names a local or private host ({parts.hostname}); use a "
            "public address"
        )
    return url


def _private(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def check_events(events: Sequence[str]) -> list[str]:
    chosen = sorted({event.strip() for event in events if event.strip()})
    unknown = [event for event in chosen if event not in EVENTS]
    if unknown or not chosen:
        raise BadInputError(
            f"unknown events {', '.join(unknown) or '(none given)'}; events are: "
            f"{', '.join(EVENTS)}"
        )
    return chosen


def register(
    graph: Graph,
    url: str,
    events: Sequence[str],
    days: int | None = None,
    key_id: str | None = None,
    agency: str | None = None,
    allow_private: bool = True,
) -> Registered:
    url = check_url(url, allow_private)
    chosen = check_events(events)
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise BadInputError(f"days must be between 1 and {MAX_DAYS}")
    if CERTIFICATE_EXPIRING in chosen:
        days = days or DEFAULT_DAYS
    elif days is not None:
        raise BadInputError(f"days is for {CERTIFICATE_EXPIRING} only")
    now = datetime.now(UTC)
    secret = new_secret()
    hook = store.NewWebhook(
        id="wh_" + secrets.token_hex(8),
        url=url,
        events=chosen,
        days=days,
        secret=secret,
        key_id=key_id,
        agency=agency,
        cursor=changes.start_cursor(now) if RECORD_CHANGED in chosen else None,
        now=now,
    )
    store.create(graph, hook)
    shown = {
        "id": hook.id,
        "url": url,
        "events": chosen,
        "days": days,
        "keyId": key_id,
        "agency": agency,
        "createdAt": now.isoformat(),
        "removedAt": None,
    }
    return Registered(shown, secret)


def listing(graph: Graph, key_id: str | None = None, removed: bool = False) -> list[dict[str, Any]]:
    return [plain(row) for row in store.webhooks(graph, key_id, removed)]


def remove(graph: Graph, webhook: str, key_id: str | None = None) -> bool:
    return store.remove(graph, webhook, key_id, datetime.now(UTC))


def delivery_log(
    graph: Graph, webhook: str, key_id: str | None = None, limit: int = store.MAX_LISTED
) -> list[dict[str, Any]] | None:
    """Newest first, each with its attempts; None for an unknown webhook (or another key's)."""
    rows = store.deliveries(graph, webhook, key_id, limit)
    if rows is None:
        return None
    listed = []
    for row in rows:
        item = plain(row)
        item["id"] = item.pop("key")
        item["attempts"] = item.pop("tries")
        item["attemptCount"] = row.get("attempts")
        listed.append(item)
    return listed


def plain(value: Any) -> Any:
    """Driver values as JSON-ready ones: date-times as ISO 8601 text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.isoformat()
    return value
