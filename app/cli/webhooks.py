"""``hub webhooks``: alerts to partners (``hub.webhooks``).

    hub webhooks add URL --events E[,E...] [--days N] [--key KEY_ID] [--json]
    hub webhooks list [--key KEY_ID] [--all] [--json]
    hub webhooks remove ID
    hub webhooks deliveries ID [--limit N] [--json]
    hub webhooks run [--once]

``add`` prints the signing secret once (``whsec_...``); with ``--key`` the webhook
belongs to that API key, as if its agency had registered it over the partner API.
``run`` is the delivery worker on its own (``hub serve`` runs one too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from hub.errors import BadInputError
from hub.graph import api_keys, migrations
from hub.graph.driver import AsyncGraph, Graph
from hub.settings import Settings
from hub.webhooks import registry
from hub.webhooks.worker import DeliveryWorker
from schema.context import today


def add_webhooks_parser(subparsers: Any) -> argparse.ArgumentParser:
    hooks = subparsers.add_parser("webhooks", help="alerts to partners: webhooks, deliveries")
    actions = hooks.add_subparsers(dest="webhooks_action", required=True)

    add = actions.add_parser("add", help="register a webhook (prints its secret once)")
    add.add_argument(
        "url", metavar="URL", help="where to POST the signed events (an http(s) address)"
    )
    add.add_argument(
        "--events", required=True, help=f"comma-separated: {', '.join(registry.EVENTS)}"
    )
    add.add_argument("--days", type=int, help="certificate.expiring: days ahead (default 30)")
    add.add_argument("--key", metavar="KEY_ID", help="the API key it belongs to")
    add.add_argument("--json", action="store_true", help="print the webhook and its secret as JSON")

    listing = actions.add_parser("list", help="the webhooks (never their secrets)")
    listing.add_argument("--key", metavar="KEY_ID", help="one API key's only")
    listing.add_argument("--all", action="store_true", help="removed ones too")
    listing.add_argument("--json", action="store_true", help="one JSON object per webhook")

    remove = actions.add_parser("remove", help="remove a webhook; its pending deliveries stop")
    remove.add_argument("webhook", metavar="ID", help="the webhook's id (wh_...)")

    deliveries = actions.add_parser("deliveries", help="a webhook's deliveries and outcomes")
    deliveries.add_argument("webhook", metavar="ID", help="the webhook's id (wh_...)")
    deliveries.add_argument(
        "--limit", type=int, default=50, help="the newest N deliveries (default 50)"
    )
    deliveries.add_argument("--json", action="store_true", help="one JSON object per delivery")

    run = actions.add_parser("run", help="send deliveries until stopped (Ctrl+C)")
    run.add_argument("--once", action="store_true", help="one round, then exit")

    hooks.set_defaults(func=run_webhooks)
    return hooks


def run_webhooks(args: argparse.Namespace, settings: Settings) -> int:
    if args.webhooks_action == "run":
        return asyncio.run(_work(settings, args.once))
    with Graph(settings) as graph:
        migrations.apply(graph)
        if args.webhooks_action == "add":
            return _add(graph, args)
        if args.webhooks_action == "list":
            return _list(graph, args)
        if args.webhooks_action == "remove":
            if not registry.remove(graph, args.webhook):
                print(f"hub: no webhook {args.webhook!r}", file=sys.stderr)
                return 1
            print(f"webhook {args.webhook} removed")
            return 0
        return _deliveries(graph, args)


def _add(graph: Graph, args: argparse.Namespace) -> int:
    agency = None
    if args.key:
        key = api_keys.find(graph, args.key)
        if key is None or key.revoked:
            print(f"hub: no active API key {args.key!r}", file=sys.stderr)
            return 2
        agency = key.agency
    try:
        registered = registry.register(
            graph, args.url, args.events.split(","), args.days, args.key, agency
        )
    except BadInputError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    hook = registered.webhook
    if args.json:
        print(json.dumps({**hook, "secret": registered.secret}, ensure_ascii=False))
    else:
        print(registered.secret)
        print(
            f"webhook {hook['id']} for {', '.join(hook['events'])} to {hook['url']}; "
            "store the secret now: it is not shown again",
            file=sys.stderr,
        )
    return 0


def _list(graph: Graph, args: argparse.Namespace) -> int:
    for hook in registry.listing(graph, args.key, args.all):
        if args.json:
            print(json.dumps(hook, ensure_ascii=False))
            continue
        days = f" ({hook['days']} days)" if hook.get("days") else ""
        state = f"removed {hook['removedAt']}" if hook.get("removedAt") else "active"
        owner = hook.get("agency") or "-"
        events = ",".join(hook["events"])
        print(f"{hook['id']}  {hook['url']}  {events}{days}  {owner}  {state}")
    return 0


def _deliveries(graph: Graph, args: argparse.Namespace) -> int:
    listed = registry.delivery_log(graph, args.webhook, None, max(1, min(args.limit, 500)))
    if listed is None:
        print(f"hub: no webhook {args.webhook!r}", file=sys.stderr)
        return 1
    for item in listed:
        if args.json:
            print(json.dumps(item, ensure_ascii=False))
            continue
        last = item["attempts"][-1] if item["attempts"] else {}
        code = last.get("statusCode") or last.get("error") or "-"
        print(
            f"{item['id']}  {item['event']}  {item['status']}  "
            f"{item['attemptCount']} attempts  last: {code}  {item['createdAt']}"
        )
    return 0


async def _work(settings: Settings, once: bool) -> int:
    graph = AsyncGraph(settings)
    worker = DeliveryWorker(graph, settings, today)
    try:
        if once:
            report = await worker.tick(check_expiring=True)
            print(
                f"{report.enqueued} deliveries queued, {report.delivered} delivered, "
                f"{report.failed} attempts failed"
            )
            return 0
        stop = asyncio.Event()
        try:
            await worker.run(stop)
        except asyncio.CancelledError:
            stop.set()
        return 0
    finally:
        await graph.close()
