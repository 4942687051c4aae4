"""Backups of the local server's database with Neo4j's own ``neo4j-admin database
dump`` and ``load``: one archive file holding the whole database (records, schema,
indexes), taken while the server is stopped (Community has no online backup).

The dump is written beside the target and renamed into place only once complete, so
an interrupted backup never leaves a half-written file under the target's name. An
archive is checked (``load --info``) before the server is stopped for a restore, so a
wrong file costs no downtime.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from hub.errors import ServerError
from hub.neo4j_server import admin_tool
from hub.neo4j_server.offline import Echo, has_database, offline, refuse_remote
from hub.settings import Settings

DUMP_STEPS = (
    "stop the database (or the server), run `neo4j-admin database dump {db} "
    "--to-path=<folder>`, and start it again"
)
LOAD_STEPS = (
    "stop the database (or the server), run `neo4j-admin database load {db} "
    "--from-path=<folder holding {db}.dump> --overwrite-destination=true`, start it again, "
    "then run `hub db migrate` here"
)


def backup(settings: Settings, target: Path, echo: Echo) -> int:
    """Dump the local database into ``target``; returns the archive's size in bytes."""
    db = settings.neo4j_database
    refuse_remote(settings, "db backup", DUMP_STEPS.format(db=db))
    if not has_database(settings):
        raise ServerError(f"no local database in {settings.neo4j_home}: nothing to back up")
    target = target.resolve()
    if target.is_dir():
        raise ServerError(f"{target} is a folder: name the backup file to write")
    if not target.parent.is_dir():
        raise ServerError(f"{target.parent}: no such folder")
    with tempfile.TemporaryDirectory(prefix=".hub-backup-", dir=target.parent) as tmp:
        with offline(settings, echo):
            echo(f"Dumping database {db}...")
            admin_tool.run(settings, ["database", "dump", db, f"--to-path={tmp}"])
        os.replace(Path(tmp) / f"{db}.dump", target)
    return target.stat().st_size


def restore(settings: Settings, source: Path, echo: Echo) -> None:
    """Replace the local database with the archive ``source``; the server runs afterwards."""
    db = settings.neo4j_database
    refuse_remote(settings, "db restore", LOAD_STEPS.format(db=db))
    source = source.resolve()
    try:
        if not stat.S_ISREG(source.stat().st_mode):
            raise ServerError(f"{source}: not a regular file")
    except FileNotFoundError:
        raise ServerError(f"{source}: no such file") from None
    # The tool reads ``<db>.dump`` from a folder: a link to the file, under that name.
    with tempfile.TemporaryDirectory(prefix="hub-restore-") as tmp:
        (Path(tmp) / f"{db}.dump").symlink_to(source)
        try:
            admin_tool.run(settings, ["database", "load", db, f"--from-path={tmp}", "--info"])
        except ServerError:
            raise ServerError(f"{source} is not a Neo4j database dump") from None
        with offline(settings, echo, restart=True):
            echo(f"Loading {source.name} into database {db}...")
            admin_tool.run(
                settings,
                ["database", "load", db, f"--from-path={tmp}", "--overwrite-destination=true"],
            )
