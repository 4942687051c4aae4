"""``hub export``: a GraphQL query's answer as a table (CSV, XLSX or Parquet).

    hub export QUERY.graphql [--variables JSON] [--format csv|xlsx|parquet] [--out FILE]
                             [--explode FIELD] [--max-rows N] [--operation NAME]

The query runs in this process as the API would run it (``app.exports``): the first
connection (or list) of the answer becomes the rows, nested objects dotted columns.
When the operation declares ``$after``, every page is followed (up to ``--max-rows``).
CSV goes to standard output unless ``--out``; ``--variables @FILE`` reads a file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.output import write_output
from app.exports import Export, ExportRequest, run_export
from hub.errors import BadInputError
from hub.graph.driver import AsyncGraph
from hub.reports import tables
from hub.settings import Settings
from schema import build_schema
from schema.context import Context

FORMATS = ("csv", "xlsx", "parquet")


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    export = subparsers.add_parser("export", help="a GraphQL query's answer as a table")
    export.add_argument("query", metavar="QUERY.graphql", help="a file with the query")
    export.add_argument("--variables", help="the variables, as JSON (or @FILE)")
    export.add_argument(
        "--format", choices=FORMATS, default="csv", help="the table's format (default csv)"
    )
    export.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    export.add_argument("--explode", metavar="FIELD", help="one row per item of this list")
    export.add_argument(
        "--max-rows", type=int, default=0, help="stop after this many rows (0: all pages)"
    )
    export.add_argument("--operation", help="the operation to run, when the file has several")
    export.set_defaults(func=run_export_command)
    return export


def run_export_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        query = Path(args.query).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"hub: cannot read {args.query}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    request = ExportRequest(
        query=query,
        variables=_variables(args.variables),
        operation_name=args.operation,
        explode=args.explode,
        max_rows=max(0, args.max_rows),
    )
    done = asyncio.run(_export(settings, request))
    if done.truncated:
        print(f"hub: stopped at --max-rows {args.max_rows}; more rows exist", file=sys.stderr)
    return write_output(tables.write(done.frame, args.format, "export"), args.format, args.out)


def _variables(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    text = Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw
    try:
        value = json.loads(text)
    except ValueError:
        raise BadInputError("--variables is not JSON") from None
    if not isinstance(value, dict):
        raise BadInputError("--variables must be a JSON object")
    return value


async def _export(settings: Settings, request: ExportRequest) -> Export:
    graph = AsyncGraph(settings)
    try:
        schema = build_schema(settings)
        return await run_export(schema, lambda: Context(graph=graph, settings=settings), request)
    finally:
        await graph.close()
