"""``neo4j-admin`` for the local server, run from the server's own jars.

The jars Maven fetched for the server hold Neo4j's admin tool too
(``org.neo4j.cli.AdminTool`` in ``neo4j-command-line``), so ``neo4j-admin database
dump | load | import full`` run with the same classpath, flags and ``neo4j.conf`` as the
server, reading and writing the data folders the server uses. Each of these needs the
database offline: the callers stop the server first (``hub.neo4j_server.offline``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from hub.errors import ServerError
from hub.neo4j_server import server
from hub.settings import Settings

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# The tool's own heap; the import's caches live off-heap (``--max-off-heap-memory``).
ADMIN_HEAP = "512m"


def command(settings: Settings, args: Sequence[str], heap: str = ADMIN_HEAP) -> list[str]:
    """The ``java ... AdminTool ARGS`` command line (no secret on it)."""
    return [
        server.java(),
        f"-Xmx{heap}",
        *server.JVM_FLAGS,
        "-cp",
        f"{settings.neo4j_lib}/*",
        ADMIN_CLASS,
        *args,
    ]


def run(
    settings: Settings,
    args: Sequence[str],
    *,
    heap: str = ADMIN_HEAP,
    stdin: IO[bytes] | None = None,
    log: Path | None = None,
    timeout: float | None = None,
) -> str:
    """Run ``neo4j-admin ARGS`` against the local server's home; returns its output.

    The output also goes to ``log`` when given. A non-zero exit raises ``ServerError``
    with the output's last lines.
    """
    server.fetch(settings)
    server.write_config(settings)  # the tool reads the server's data folders from it
    try:
        done = subprocess.run(
            command(settings, args, heap),
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=server.java_env(settings),
            cwd=settings.neo4j_home,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ServerError(f"neo4j-admin {' '.join(args[:2])} took over {timeout:.0f} s") from None
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    if log is not None:
        log.write_text(output, encoding="utf-8")
    if done.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise ServerError(f"neo4j-admin {' '.join(args[:2])} failed:\n{tail}")
    return output
