"""``hub review list | link | reject``: records no linking rule may decide, and a person's call.

``list`` shows each kept record (unresolved or ambiguous) with its ``id``, the firm as
the row named it and the candidates with their scores (``--json``: one object a line).
``link ID TAX_CODE`` ties the record to that enterprise; ``reject ID`` says no firm of
the register is the one it names. Decisions are stored with who made them and when,
survive reloads and re-linking, and show in the change feed (``hub.graph.review``).
Exit codes: 0 done; 1 no such record or enterprise; 2 usage errors.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from typing import Any

from app.review_kinds import labels_for
from hub import taxcode
from hub.errors import BadInputError, NotFoundError
from hub.graph import migrations, review
from hub.graph.driver import Graph
from hub.graph.model import HOLDER_RELS
from hub.settings import Settings


def add_review_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``review`` to the ``hub`` command's subparsers; its func is ``run_review``."""
    parser = subparsers.add_parser("review", help="records no linking rule may decide")
    actions = parser.add_subparsers(dest="review_action", required=True)

    listing = actions.add_parser("list", help="the review queue: items with id and candidates")
    listing.add_argument("--kind", help="a dataset kind (certificates, awards, ...)")
    listing.add_argument("--json", action="store_true", help="one JSON object per item")
    listing.add_argument("--first", type=int, default=100, help="at most this many (100)")
    listing.add_argument("--after", metavar="ID", help="start after this item")

    linking = actions.add_parser("link", help="link a record to an enterprise")
    linking.add_argument(
        "item", metavar="ID", help="the record's id, as `hub review list` shows it"
    )
    linking.add_argument("tax_code", metavar="TAX_CODE", help="the enterprise it names")
    rejecting = actions.add_parser("reject", help="say no enterprise of the register fits")
    rejecting.add_argument(
        "item", metavar="ID", help="the record's id, as `hub review list` shows it"
    )
    for action in (linking, rejecting):
        action.add_argument("--by", help="who decides (default: the login name)")
        action.add_argument("--json", action="store_true", help="print the decision as JSON")

    parser.set_defaults(func=run_review)
    return parser


def run_review(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with Graph(settings) as graph:
            if args.review_action == "list":
                return _list(graph, args)
            migrations.apply(graph)
            return _decide(graph, args)
    except BadInputError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    except NotFoundError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 1


def _list(graph: Graph, args: argparse.Namespace) -> int:
    after = review.ItemId.parse(args.after) if args.after else None
    labels = labels_for([args.kind]) if args.kind else list(HOLDER_RELS)
    items = review.queue(graph, labels, args.first, after)
    for item in items:
        if args.json:
            print(json.dumps(item, ensure_ascii=False), flush=True)
            continue
        record = item["record"]
        where = f" ({record['address']})" if record["address"] else ""
        print(f"{item['id']}  {item['kind']}  {item['status']}  {record['name']}{where}")
        for candidate in item["candidates"]:
            score = f"{candidate['score']:.2f}" if candidate["score"] is not None else "   -"
            print(f"    {score}  {candidate['taxCode']}  {candidate['name']}")
    if not args.json:
        print(f"{len(items)} item(s)", file=sys.stderr)
    return 0


def _decide(graph: Graph, args: argparse.Namespace) -> int:
    item = review.ItemId.parse(args.item)
    by = f"cli:{args.by or getpass.getuser()}"
    now = datetime.now(UTC)
    if args.review_action == "link":
        try:
            code = taxcode.parse(args.tax_code).canonical
        except taxcode.TaxCodeError as exc:
            raise BadInputError(f"TAX_CODE {args.tax_code!r}: {exc}") from None
        decision = review.link(graph, item, code, by, now)
    else:
        decision = review.reject(graph, item, by, now)
    if args.json:
        print(json.dumps(decision.as_dict(), ensure_ascii=False))
    else:
        target = f" to {decision.tax_code}" if decision.tax_code else ""
        print(f"{decision.id} {decision.decision}{target} by {by}")
    return 0
