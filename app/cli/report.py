"""``hub report quality``: the data-quality scorecard per agency, as a file.

    hub report quality [--agency A] [--format html|xlsx|csv|json] [--out FILE]
                       [--stale-days N] [--lang vi|en]

The same scorecard as ``/quality/`` (``hub.reports.quality``): HTML (the page), XLSX
(a sheet per table), CSV (every table in one, a ``table`` column first) or JSON; on
standard output unless ``--out`` (XLSX needs ``--out`` on a terminal).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from app.cli.output import write_output
from hub.graph.driver import AsyncGraph
from hub.reports import quality
from hub.reports.i18n import LANGS, words
from hub.reports.quality_page import REPORT_FORMATS, scorecard_bytes
from hub.settings import Settings
from loaders.registry import LOADERS
from schema.context import VIETNAM, today


def add_report_parser(subparsers: Any) -> argparse.ArgumentParser:
    report = subparsers.add_parser("report", help="reports for people: the quality scorecard")
    reports = report.add_subparsers(dest="report", required=True)
    card = reports.add_parser("quality", help="the data-quality scorecard per agency")
    card.add_argument("--agency", help="one agency only (case and diacritics ignored)")
    card.add_argument(
        "--format", choices=REPORT_FORMATS, default="html", help="the file's format (default html)"
    )
    card.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    card.add_argument(
        "--stale-days", type=int, help="days without a re-send that make a record stale"
    )
    card.add_argument("--lang", choices=LANGS, default="vi", help="language of the HTML")
    report.set_defaults(func=run_report)
    return report


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    stale_days = settings.quality_stale_days if args.stale_days is None else args.stale_days
    if stale_days < 0:
        print("hub: --stale-days must be 0 or more", file=sys.stderr)
        return 2
    card = asyncio.run(_scorecard(settings, stale_days, args.agency))
    content = scorecard_bytes(card, args.format, words(args.lang), args.agency)
    return write_output(content, args.format, args.out)


async def _scorecard(settings: Settings, stale_days: int, agency: str | None) -> quality.Scorecard:
    graph = AsyncGraph(settings)
    try:
        day = today()
        inputs = await quality.read_inputs(graph, day)
    finally:
        await graph.close()
    kinds = {kind: loader.label.value for kind, loader in LOADERS.items()}
    return quality.scorecard(inputs, day, stale_days, kinds, VIETNAM, agency)
