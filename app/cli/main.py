"""The ``hub`` command line: the local Neo4j, loads, the database, the API.

Exit codes: 0 success; 1 a file was refused or an operation failed; 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hub import __version__
from hub.errors import HubError
from hub.settings import Settings
from hub.vocabulary import DATASET_KINDS


def _err(message: str) -> None:
    print(f"hub: {message}", file=sys.stderr)


def _cmd_neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from hub.neo4j_server import server

    if args.action == "start":
        if not settings.local_neo4j:
            _err(f"NEO4J_URI points at {settings.neo4j_uri}: no local server is started")
            from hub.graph.driver import ping

            return 0 if ping(settings) else 1
        state = server.start(settings, echo=lambda m: print(m, file=sys.stderr))
        print(state.describe())
        return 0
    if args.action == "stop":
        print("stopped" if server.stop(settings) else "not running")
        return 0
    state = server.status(settings)
    print(state.describe())
    return 0 if state.running else 3


def _cmd_cypher(args: argparse.Namespace, settings: Settings) -> int:
    from hub.graph.driver import Graph

    with Graph(settings) as graph:
        for row in graph.run_raw(args.statement):
            print(json.dumps(row, default=str, ensure_ascii=False))
    return 0


def _cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli import backup
    from hub.graph import admin
    from hub.graph.driver import Graph

    if args.action == "backup":
        return backup.cmd_backup(args, settings)
    if args.action == "restore":
        return backup.cmd_restore(args, settings)
    with Graph(settings) as graph:
        if args.action == "reset":
            if not args.yes:
                _err("`hub db reset` deletes every record of the database; add --yes to do it")
                return 2
            admin.reset(graph)
            print(f"database {settings.neo4j_database} reset: {admin.counts(graph)}")
        elif args.action == "migrate":
            admin.bootstrap(graph)
            print(f"schema and reference data up to date: {admin.counts(graph)}")
    return 0


@contextmanager
def _progress_bar(enabled: bool, title: str) -> Iterator[Callable[[str, int], None] | None]:
    """A rows and rows/s bar on a terminal; nothing otherwise (or with --json)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn(title),
        TextColumn("{task.fields[phase]}"),
        TextColumn("{task.completed:,.0f} rows"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        transient=True,
    )
    task = bar.add_task(title, total=None, rate="", phase="")
    phase_started = {"": time.monotonic()}

    def advance(phase: str, rows: int) -> None:
        if phase not in phase_started:  # reading, then writing: each counts from zero
            phase_started[phase] = time.monotonic()
            bar.reset(task, total=None, phase=phase)
        bar.advance(task, rows)
        rate = bar.tasks[0].completed / max(1e-6, time.monotonic() - phase_started[phase])
        bar.update(task, rate=f"{rate:,.0f} rows/s")

    with bar:
        yield advance


def _cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from contextlib import nullcontext

    from hub import messages
    from hub.errors import BadInputError
    from hub.graph.driver import Graph
    from loaders.ingest import IngestOptions, ingest
    from loaders.mapping import parse_mapping
    from loaders.registry import KINDS, loader_for

    if args.kind not in KINDS:
        _err(f"unknown kind {args.kind!r}; kinds are: {', '.join(KINDS)}")
        return 2
    if args.snapshot and not args.agency:
        _err("--snapshot retires what an agency's earlier files listed: name it with --agency")
        return 2
    try:
        mapping = parse_mapping(args.map or (), loader_for(args.kind))
    except BadInputError as exc:
        _err(f"--map: {exc}")
        return 2
    lang = args.lang or messages.language_of_locale(settings.locale)
    status = 0
    # Offline: a dry run that never opens a connection (linking is not checked).
    with nullcontext(None) if args.offline else Graph(settings) as graph:
        for file in args.files:
            path = Path(file)
            options = IngestOptions(
                strict=args.strict,
                dry_run=args.dry_run or args.offline,
                snapshot=args.snapshot,
                agency=args.agency,
                sheet=args.sheet,
                mapping=mapping,
                offline=args.offline,
                rejects=_rejects_path(args.rejects, path, len(args.files)),
                lang=lang,
            )
            with _progress_bar(not args.json, f"{args.kind} {path.name}") as progress:
                report = ingest(
                    graph, args.kind, path, options, progress=progress, settings=settings
                )
            if args.json:
                print(json.dumps(report.as_dict(), ensure_ascii=False, default=str), flush=True)
            else:
                with messages.language(lang):
                    print(report.summary(), flush=True)
            if not report.ok:
                status = 1
    return status


def _rejects_path(rejects: str | None, source: Path, files: int) -> Path | None:
    """``--rejects FILE``; with several files, one return file each (FILE-<source>)."""
    if not rejects:
        return None
    target = Path(rejects)
    if files > 1:
        target = target.with_name(f"{target.stem}-{source.stem}{target.suffix}")
    return target


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if settings.metrics_dir:  # prometheus_client needs it before the app is imported
        Path(settings.metrics_dir).mkdir(parents=True, exist_ok=True)
    from app.web.server import serve

    serve(args.host or settings.host, args.port or settings.port, args.workers, settings)
    return 0


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli.demo import run_demo

    return run_demo(settings, serve=not args.no_serve)


def _without_arrow() -> None:
    """The neo4j driver (through pandas too) imports pyarrow whenever it is installed:
    about 35 MB of a load's 300 MB budget, which a load never uses (only exports write
    Parquet). Marked absent before anything imports it, it is not loaded."""
    sys.modules.setdefault("pyarrow", None)  # type: ignore[arg-type]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hub", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hub {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    neo = sub.add_parser("neo4j", help="the local Neo4j 5.26 Community server")
    neo.add_argument(
        "action",
        choices=["start", "stop", "status"],
        help="start it (fetching its jars once), stop it, or show whether it runs",
    )
    neo.set_defaults(func=_cmd_neo4j)

    cypher = sub.add_parser("cypher", help="run one Cypher statement, print rows as JSON")
    cypher.add_argument("statement", help="the Cypher statement (read or write, as given)")
    cypher.set_defaults(func=_cmd_cypher)

    db = sub.add_parser("db", help="database maintenance")
    db.add_argument(
        "action",
        choices=["reset", "migrate", "backup", "restore"],
        help="migrate: apply pending schema migrations and seed reference data; "
        "reset: delete everything, then migrate (needs --yes); backup FILE: dump the local "
        "database; restore FILE: replace it with a dump (needs --yes)",
    )
    db.add_argument("file", nargs="?", metavar="FILE", help="the backup file (backup, restore)")
    db.add_argument("--yes", action="store_true", help="confirm a reset or a restore")
    db.set_defaults(func=_cmd_db)

    load = sub.add_parser("load", help="load dataset files of one kind")
    load.add_argument("kind", help="the dataset kind: " + ", ".join(DATASET_KINDS))
    load.add_argument(
        "files", nargs="+", metavar="FILE", help="CSV, XLSX, XLS, ODS, JSON or JSON Lines files"
    )
    load.add_argument("--strict", action="store_true", help="refuse a file on any row error")
    load.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    load.add_argument("--json", action="store_true", help="one JSON report per file")
    load.add_argument("--agency", help="the agency that sent the files (provenance)")
    load.add_argument(
        "--snapshot",
        action="store_true",
        help="each file is the agency's complete list of the kind: retire (never delete) "
        "its records that the file leaves out; needs --agency",
    )
    load.add_argument(
        "--map",
        action="append",
        metavar="HEADER=column",
        help="read the file's HEADER as the kind's column (repeatable; column - ignores it)",
    )
    load.add_argument("--sheet", metavar="NAME|N", help="a workbook's sheet, by name or number")
    load.add_argument(
        "--offline",
        action="store_true",
        help="check columns, values and codes without Neo4j (a dry run; linking not checked)",
    )
    load.add_argument(
        "--rejects",
        metavar="FILE",
        help="write the rejected rows there (CSV or XLSX) with a Lỗi column, to fix and resend",
    )
    load.add_argument(
        "--lang", choices=["vi", "en"], help="the report's language (default: from LANG)"
    )
    load.set_defaults(func=_cmd_load)

    serve = sub.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", help="the address to listen on (default: HUB_HOST)")
    serve.add_argument("--port", type=int, help="the port to listen on (default: HUB_PORT)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (default 1; about one per core)"
    )
    serve.set_defaults(func=_cmd_serve)

    demo = sub.add_parser("demo", help="start Neo4j, load the sample data, serve GraphQL")
    demo.add_argument("--no-serve", action="store_true", help="load only")
    demo.set_defaults(func=_cmd_demo)

    from app.cli.bulk_import import add_import_parser
    from app.cli.keys import add_keys_parser
    from app.cli.template import add_template_parser

    add_import_parser(sub)
    add_keys_parser(sub)
    from app.cli.export import add_export_parser
    from app.cli.report import add_report_parser
    from app.cli.review import add_review_parser
    from app.cli.webhooks import add_webhooks_parser

    add_report_parser(sub)
    add_export_parser(sub)
    add_webhooks_parser(sub)
    add_review_parser(sub)
    add_template_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv)[:1] in (["load"], ["import"]):
        _without_arrow()
    args = _parser().parse_args(argv)
    # The driver's retry warnings would reach stderr through logging's last resort;
    # the hub translates driver errors itself and prints one line (tests/reliability).
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    try:
        settings = Settings.from_env()
        return int(args.func(args, settings))
    except HubError as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
