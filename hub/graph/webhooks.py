"""Webhooks, their deliveries and each delivery's attempts, as nodes.

    (:Webhook {key, url, events, days, secret, keyId, agency, cursor, createdAt, removedAt})
    (:WebhookDelivery {key, webhook, event, payload, status, attempts, nextAttemptAt,
                       createdAt, deliveredAt, lastStatusCode, lastError})
    (:WebhookAttempt {key: delivery + '#' + n, delivery, attempt, claim, worker,
                      startedAt, finishedAt, statusCode, error, outcome})

A delivery is ``pending`` until an attempt succeeds (``delivered``), the attempts run
out (``failed``) or its webhook is removed (``cancelled``). Several hub processes may
run the delivery worker at once; they share nothing but this graph:

- a delivery is created with a MERGE on its id, which is derived from what it
  carries, so two processes that find the same event create one delivery;
- ``record.changed`` deliveries move the webhook's change-feed cursor in the same
  transaction, after taking the webhook's write lock and checking the cursor is still
  the one read, so one process alone turns a page of the feed into a delivery;
- each attempt is claimed with a MERGE on ``delivery#n``: the process whose claim
  token the node holds sends it, the others leave it. A claimed attempt moves the
  delivery's ``nextAttemptAt`` past a lease; if that process dies, the delivery is due
  again after the lease and the next attempt number is claimed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from hub.graph.driver import AsyncGraph, Graph, Row

MAX_LISTED = 100

_CREATE: LiteralString = """
CREATE (w:Webhook {key: $id})
SET w.url = $url, w.events = $events, w.days = $days, w.secret = $secret,
    w.keyId = $keyId, w.agency = $agency, w.cursor = $cursor, w.createdAt = $now,
    w.name = $url
"""

_FIELDS = """
w.key AS id, w.url AS url, w.events AS events, w.days AS days, w.keyId AS keyId,
w.agency AS agency, w.createdAt AS createdAt, w.removedAt AS removedAt
"""

_LIST: LiteralString = (
    """
MATCH (w:Webhook)
WHERE ($keyId IS NULL OR w.keyId = $keyId) AND ($all OR w.removedAt IS NULL)
RETURN """
    + _FIELDS
    + """
ORDER BY w.createdAt, w.key
"""
)

_REMOVE: LiteralString = """
MATCH (w:Webhook {key: $id})
WHERE $keyId IS NULL OR w.keyId = $keyId
SET w.removedAt = coalesce(w.removedAt, $now)
WITH w
CALL (w) {
  MATCH (d:WebhookDelivery {webhook: w.key}) WHERE d.status = 'pending'
  SET d.status = 'cancelled', d.nextAttemptAt = null
}
RETURN w.key AS id
"""

_DELIVERIES: LiteralString = """
MATCH (w:Webhook {key: $id})
WHERE $keyId IS NULL OR w.keyId = $keyId
CALL (w) {
  MATCH (d:WebhookDelivery {webhook: w.key})
  WITH d ORDER BY d.createdAt DESC, d.key LIMIT $limit
  RETURN collect(d {.key, .event, .status, .attempts, .createdAt, .deliveredAt,
    .nextAttemptAt, .lastStatusCode, .lastError,
    tries: COLLECT {
      MATCH (a:WebhookAttempt {delivery: d.key})
      RETURN a {.attempt, .worker, .startedAt, .finishedAt, .statusCode, .error, .outcome}
      ORDER BY a.attempt
    }}) AS deliveries
}
RETURN deliveries
"""

_ACTIVE: LiteralString = """
MATCH (w:Webhook) WHERE w.removedAt IS NULL AND $event IN w.events
RETURN w.key AS id, w.cursor AS cursor, w.days AS days
ORDER BY w.key
"""

_ENQUEUE: LiteralString = """
UNWIND $deliveries AS row
MATCH (w:Webhook {key: row.webhook}) WHERE w.removedAt IS NULL
MERGE (d:WebhookDelivery {key: row.id})
ON CREATE SET d.webhook = row.webhook, d.event = row.event, d.payload = row.payload,
  d.status = 'pending', d.attempts = 0, d.createdAt = $now, d.nextAttemptAt = $now,
  d.name = row.event + ' ' + row.id
RETURN count(*) AS rows
"""

# The lock first (SET), then the check: a second process waits for the first to commit
# and then reads the cursor it wrote, so it finds no row and enqueues nothing.
_ADVANCE: LiteralString = """
MATCH (w:Webhook {key: $webhook})
SET w.lockedAt = $now
WITH w WHERE w.removedAt IS NULL AND coalesce(w.cursor, '') = coalesce($from, '')
SET w.cursor = $to
MERGE (d:WebhookDelivery {key: $id})
ON CREATE SET d.webhook = w.key, d.event = $event, d.payload = $payload,
  d.status = 'pending', d.attempts = 0, d.createdAt = $now, d.nextAttemptAt = $now,
  d.name = $event + ' ' + $id
RETURN d.key AS id
"""

_DUE: LiteralString = """
MATCH (d:WebhookDelivery)
WHERE d.status = 'pending' AND d.nextAttemptAt <= $now
WITH d ORDER BY d.nextAttemptAt, d.key LIMIT $limit
MATCH (w:Webhook {key: d.webhook})
RETURN d.key AS id, d.attempts AS attempts, d.event AS event, d.payload AS payload,
       w.url AS url, w.secret AS secret
"""

_CLAIM: LiteralString = """
MATCH (d:WebhookDelivery {key: $id})
WHERE d.status = 'pending' AND d.attempts = $attempts
MERGE (a:WebhookAttempt {key: $id + '#' + toString($attempts + 1)})
ON CREATE SET a.delivery = $id, a.attempt = $attempts + 1, a.claim = $claim,
  a.worker = $worker, a.startedAt = $now, a.name = $id + ' #' + toString($attempts + 1)
WITH d, a, a.claim = $claim AS mine
FOREACH (_ IN CASE WHEN mine THEN [1] ELSE [] END |
  SET d.attempts = $attempts + 1, d.nextAttemptAt = $leaseUntil)
RETURN mine
"""

_FINISH: LiteralString = """
MATCH (d:WebhookDelivery {key: $id})
MATCH (a:WebhookAttempt {key: $id + '#' + toString($attempt)}) WHERE a.claim = $claim
SET a.finishedAt = $now, a.statusCode = $statusCode, a.error = $error, a.outcome = $outcome,
    d.lastStatusCode = $statusCode, d.lastError = $error, d.nextAttemptAt = $nextAttemptAt,
    d.status = CASE WHEN d.status = 'pending' THEN $status ELSE d.status END,
    d.deliveredAt = CASE WHEN $outcome = 'delivered' THEN $now ELSE d.deliveredAt END
RETURN d.status AS status
"""


@dataclass(frozen=True)
class NewWebhook:
    id: str
    url: str
    events: Sequence[str]
    days: int | None
    secret: str
    key_id: str | None
    agency: str | None
    cursor: str | None
    now: datetime


def create(graph: Graph, hook: NewWebhook) -> None:
    graph.write(
        _CREATE,
        {
            "id": hook.id,
            "url": hook.url,
            "events": list(hook.events),
            "days": hook.days,
            "secret": hook.secret,
            "keyId": hook.key_id,
            "agency": hook.agency,
            "cursor": hook.cursor,
            "now": hook.now,
        },
    )


def webhooks(graph: Graph, key_id: str | None = None, removed: bool = False) -> list[Row]:
    """Webhooks (of one API key when given), oldest first; never their secrets."""
    return graph.read(_LIST, {"keyId": key_id, "all": removed})


def remove(graph: Graph, webhook: str, key_id: str | None, now: datetime) -> bool:
    """Mark a webhook removed and cancel its pending deliveries; False when unknown
    (or another key's)."""
    return bool(graph.write(_REMOVE, {"id": webhook, "keyId": key_id, "now": now}))


def deliveries(
    graph: Graph, webhook: str, key_id: str | None, limit: int = MAX_LISTED
) -> list[Row] | None:
    """A webhook's newest deliveries with their attempts; None when it is unknown."""
    rows = graph.read(_DELIVERIES, {"id": webhook, "keyId": key_id, "limit": limit})
    return list(rows[0]["deliveries"]) if rows else None


async def active(graph: AsyncGraph, event: str) -> list[Row]:
    """Live webhooks subscribed to ``event``: id, cursor, days."""
    return await graph.read(_ACTIVE, {"event": event})


async def enqueue(graph: AsyncGraph, rows: Sequence[dict[str, Any]], now: datetime) -> None:
    """Deliveries ``{id, webhook, event, payload}``, each created once (MERGE on id)."""
    if rows:
        await graph.write(_ENQUEUE, {"deliveries": list(rows), "now": now})


async def advance(
    graph: AsyncGraph,
    webhook: str,
    cursor: tuple[str | None, str | None],
    delivery: dict[str, Any],
    now: datetime,
) -> bool:
    """Move the webhook's feed cursor from ``cursor[0]`` to ``cursor[1]`` and enqueue the
    page's delivery, unless another process moved it first; returns whether this did."""
    params = {
        "webhook": webhook,
        "from": cursor[0],
        "to": cursor[1],
        "id": delivery["id"],
        "event": delivery["event"],
        "payload": delivery["payload"],
        "now": now,
    }
    return bool(await graph.write(_ADVANCE, params))


async def due(graph: AsyncGraph, now: datetime, limit: int) -> list[Row]:
    return await graph.read(_DUE, {"now": now, "limit": limit})


async def claim(
    graph: AsyncGraph,
    delivery: str,
    attempts: int,
    token: str,
    worker: str,
    now: datetime,
    lease_until: datetime,
) -> bool:
    """Claim the next attempt of a delivery; True for the one process whose MERGE made it."""
    params = {
        "id": delivery,
        "attempts": attempts,
        "claim": token,
        "worker": worker,
        "now": now,
        "leaseUntil": lease_until,
    }
    rows = await graph.write(_CLAIM, params)
    return bool(rows and rows[0]["mine"])


@dataclass(frozen=True)
class Outcome:
    attempt: int
    claim: str
    outcome: str  # delivered, failed
    status: str  # the delivery's status after it: delivered, pending or failed
    status_code: int | None
    error: str | None
    next_attempt_at: datetime | None


async def finish(graph: AsyncGraph, delivery: str, outcome: Outcome, now: datetime) -> None:
    await graph.write(
        _FINISH,
        {
            "id": delivery,
            "attempt": outcome.attempt,
            "claim": outcome.claim,
            "outcome": outcome.outcome,
            "status": outcome.status,
            "statusCode": outcome.status_code,
            "error": outcome.error,
            "nextAttemptAt": outcome.next_attempt_at,
            "now": now,
        },
    )
