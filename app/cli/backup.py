"""``hub db backup FILE`` and ``hub db restore FILE --yes``: the local database in one file.

Both stop the local server for the copy (Neo4j Community has no online backup) and
start it again. A restore replaces every record, hence ``--yes``; it brings the restored
database to the current schema and raises the graph version above both graphs', so the
API's caches drop what they read before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hub.settings import Settings


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _err(message: str) -> int:
    print(f"hub: {message}", file=sys.stderr)
    return 2


def _version_now(settings: Settings) -> int:
    """The running graph's version (0 when no server answers)."""
    from hub.graph import version
    from hub.graph.driver import Graph
    from hub.neo4j_server.offline import is_running

    if not is_running(settings):
        return 0
    with Graph(settings) as graph:
        return version.current(graph)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from hub.neo4j_server import backups

    if not args.file:
        return _err("name the file to write: hub db backup FILE")
    size = backups.backup(settings, Path(args.file), _say)
    print(f"database {settings.neo4j_database} backed up to {args.file} ({size:,} bytes)")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from hub.graph import admin, migrations, version
    from hub.graph.driver import Graph
    from hub.neo4j_server import backups

    if not args.file:
        return _err("name the backup file: hub db restore FILE --yes")
    if not args.yes:
        return _err(
            "`hub db restore` replaces every record of the database with the backup's; "
            "add --yes to do it"
        )
    floor = _version_now(settings) if settings.local_neo4j else 0
    backups.restore(settings, Path(args.file), _say)
    with Graph(settings) as graph:
        migrations.apply(graph)  # a backup from an older hub: its schema brought up to date
        version.raise_above(graph, floor)
        counts = admin.counts(graph)
    print(f"database {settings.neo4j_database} restored from {args.file}: {counts}")
    return 0
