"""``hub template KIND [--format xlsx|csv] [--out FILE]``: a ready-to-fill file of a kind."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hub.settings import Settings
from hub.vocabulary import DATASET_KINDS


def add_template_parser(sub: Any) -> None:
    template = sub.add_parser(
        "template", help="write a ready-to-fill file of a kind, with Vietnamese headers"
    )
    template.add_argument("kind", help="the dataset kind: " + ", ".join(DATASET_KINDS))
    template.add_argument(
        "--format",
        choices=["xlsx", "csv"],
        default="xlsx",
        help="xlsx (drop-downs and a notes sheet) or csv (the header row); default xlsx",
    )
    template.add_argument(
        "--out", metavar="FILE", help="where to write it (default: mau-KIND.xlsx)"
    )
    template.set_defaults(func=_cmd_template)


def _cmd_template(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.registry import KINDS, loader_for
    from loaders.templates import NoTemplateError, build_template, template_name

    if args.kind not in KINDS:
        print(f"hub: unknown kind {args.kind!r}; kinds are: {', '.join(KINDS)}", file=sys.stderr)
        return 2
    try:
        data = build_template(loader_for(args.kind), args.format)
    except NoTemplateError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out or template_name(args.kind, args.format))
    out.write_bytes(data)
    print(out)
    return 0
