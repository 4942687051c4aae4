"""``hub keys create | list | revoke``: API keys of partner agencies.

``create`` prints the new key once (``--json``: ``{"key": ...}``); the hub keeps only
its hash, so a lost key is revoked and replaced, never recovered. ``list`` shows ids,
agencies, kinds and dates, never a key or a hash.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from hub.auth import create_key
from hub.errors import BadInputError
from hub.graph import api_keys, migrations
from hub.graph.driver import Graph
from hub.settings import Settings


def add_keys_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``keys`` to the ``hub`` command's subparsers; its func is ``run_keys``."""
    keys = subparsers.add_parser("keys", help="API keys of partner agencies")
    actions = keys.add_subparsers(dest="keys_action", required=True)

    create = actions.add_parser("create", help="mint a key (printed once)")
    create.add_argument("--agency", required=True, help="the agency the key writes for")
    create.add_argument(
        "--kinds", required=True, help="comma-separated dataset kinds the key may send"
    )
    create.add_argument(
        "--scopes", default="", help="comma-separated extra scopes: review (the review queue)"
    )
    create.add_argument("--json", action="store_true", help='print {"key": ...}')

    listing = actions.add_parser("list", help="list keys (ids, agencies, kinds; no secrets)")
    listing.add_argument("--json", action="store_true", help="one JSON object per key")

    revoke = actions.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument(
        "key_id", metavar="KEY_ID", help="the key's id, as `hub keys list` shows it"
    )

    keys.set_defaults(func=run_keys)
    return keys


def run_keys(args: argparse.Namespace, settings: Settings) -> int:
    with Graph(settings) as graph:
        if args.keys_action == "create":
            return _create(graph, args)
        if args.keys_action == "list":
            return _list(graph, args)
        return _revoke(graph, args)


def _create(graph: Graph, args: argparse.Namespace) -> int:
    from loaders.registry import KINDS

    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    scopes = [scope.strip() for scope in args.scopes.split(",") if scope.strip()]
    migrations.apply(graph)
    try:
        key = create_key(graph, args.agency, kinds, KINDS, scopes)
    except BadInputError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"key": key.token, "id": key.key_id}))
    else:
        print(key.token)
        print(
            f"key {key.key_id} for {args.agency.strip()} ({', '.join(sorted(set(kinds)))}); "
            "store it now: it is not shown again",
            file=sys.stderr,
        )
    return 0


def _list(graph: Graph, args: argparse.Namespace) -> int:
    for key in api_keys.all_keys(graph):
        row = {
            "id": key.id,
            "agency": key.agency,
            "kinds": list(key.kinds),
            "scopes": list(key.scopes),
            "createdAt": _iso(key.created_at),
            "revokedAt": _iso(key.revoked_at),
        }
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            state = f"revoked {row['revokedAt']}" if key.revoked else "active"
            scopes = f" +{','.join(key.scopes)}" if key.scopes else ""
            kinds = ",".join(key.kinds) + scopes
            print(f"{key.id}  {key.agency}  {kinds}  {row['createdAt']}  {state}")
    return 0


def _revoke(graph: Graph, args: argparse.Namespace) -> int:
    if not api_keys.revoke(graph, args.key_id, datetime.now(UTC)):
        print(f"hub: no key {args.key_id!r}", file=sys.stderr)
        return 1
    print(f"key {args.key_id} revoked")
    return 0


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
