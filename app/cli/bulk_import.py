"""``hub import --yes KIND=FILE [KIND=FILE ...]``: a first load, written by ``neo4j-admin``.

Every file is read, validated and linked as ``hub load`` does, in the order given (a kind
may repeat), into a graph held in memory (``hub.graph.image``); nothing is written while
any file is refused. The graph then replaces the local database through ``neo4j-admin
database import full`` (the server stopped and started again), and the schema, the
reference data and what the graph derives are brought up as after ``hub load``.
``--files FOLDER`` writes the import files and the command instead, for a server the
hub does not run.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hub.settings import Settings
from hub.vocabulary import DATASET_KINDS


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _err(message: str) -> int:
    print(f"hub: {message}", file=sys.stderr)
    return 2


def add_import_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="replace the local database with files loaded in bulk (neo4j-admin import)",
    )
    parser.add_argument(
        "items",
        nargs="+",
        metavar="KIND=FILE",
        help="a dataset kind and its file, in load order; kinds: " + ", ".join(DATASET_KINDS),
    )
    parser.add_argument("--yes", action="store_true", help="confirm replacing the database")
    parser.add_argument("--strict", action="store_true", help="refuse a file on any row error")
    parser.add_argument("--json", action="store_true", help="one JSON report per file")
    parser.add_argument(
        "--files",
        metavar="FOLDER",
        help="write the import files and the neo4j-admin command there; import nothing",
    )
    parser.add_argument(
        "--lang", choices=["vi", "en"], help="the reports' language (default: from LANG)"
    )
    parser.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    with _fewer_collections():
        return _import(args, settings)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The image is millions of long-lived dicts and lists, which the collector's default
    thresholds (a pass every 700 new containers) keep examining again: a fifth of the
    import's CPU at scale 20 (``--files``: 76 s to 62 s). Cycles are still freed."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from hub import messages
    from hub.graph import admin
    from hub.graph.driver import Graph
    from hub.graph.image import GraphImage
    from hub.neo4j_server import bulk_import
    from hub.neo4j_server.offline import is_running, refuse_remote
    from loaders.ingest import IngestOptions, ingest
    from loaders.registry import KINDS

    items: list[tuple[str, Path]] = []
    for item in args.items:
        kind, sep, file = item.partition("=")
        if not sep or not file:
            return _err(f"{item!r}: write each file as KIND=FILE")
        if kind not in KINDS:
            return _err(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
        items.append((kind, Path(file)))
    if args.files is None:
        if not args.yes:
            return _err(
                "`hub import` replaces every record of the database with the files'; "
                "add --yes to do it"
            )
        steps = bulk_import.IMPORT_STEPS.format(db=settings.neo4j_database)
        refuse_remote(settings, "import", steps)

    lang = args.lang or messages.language_of_locale(settings.locale)
    options = IngestOptions(strict=args.strict, lang=lang)
    image = GraphImage()
    started = time.monotonic()
    rows = 0
    refused = False
    for kind, path in items:
        report = ingest(None, kind, path, options, settings=settings, image=image)
        rows += report.rows_loaded
        refused = refused or report.refused is not None
        if args.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, default=str), flush=True)
        else:
            with messages.language(lang):
                print(report.summary(), flush=True)
    if refused:
        _say("hub: a file was refused: nothing was imported")
        return 1
    read_s = time.monotonic() - started

    if args.files is not None:
        folder = Path(args.files)
        folder.mkdir(parents=True, exist_ok=True)
        bulk_import.write_files(image, folder.resolve(), settings.neo4j_database)
        _say(f"import files written to {folder}; the command is in {folder}/import-command.txt")
        return 0

    floor = 0
    if is_running(settings):
        from hub.graph import version

        with Graph(settings) as graph:
            floor = version.current(graph)
    empty_lists = image.empty_lists()
    bulk_import.import_image(settings, image, _say)
    del image
    import_s = time.monotonic() - started - read_s
    with Graph(settings) as graph:
        _say("Bringing the schema, reference data and derived links up to date...")
        admin.after_import(graph, floor, empty_lists)
        counts = admin.counts(graph)
    seconds = time.monotonic() - started
    _say(
        f"{rows:,} rows imported in {seconds:.1f} s ({rows / max(seconds, 1e-6):,.0f} rows/s): "
        f"reading, validation and linking {read_s:.1f} s, files and neo4j-admin with the "
        f"server's stop and start {import_s:.1f} s, schema and derived links "
        f"{seconds - read_s - import_s:.1f} s"
    )
    print(f"database {settings.neo4j_database} replaced by the import: {counts}")
    return 0
