"""The local server taken offline for an admin operation (dump, load, import).

Neo4j Community cannot dump, load or import a database that a running server has
mounted, and has no online backup, so the operation runs between a stop and a start.
A server that was running is started again even when the operation fails; one that was
stopped stays stopped unless the caller needs it afterwards (``restart=True``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hub.errors import ServerError
from hub.neo4j_server import server
from hub.settings import Settings

Echo = Callable[[str], None]


def refuse_remote(settings: Settings, what: str, steps: str) -> None:
    """A server the hub does not run cannot be stopped or written by it: say what to run
    on the Neo4j side instead."""
    if not settings.local_neo4j:
        raise ServerError(
            f"NEO4J_URI points at {settings.neo4j_uri}, a server this hub does not run, so "
            f"`hub {what}` cannot stop it or reach its files. On that server: {steps}"
        )


def has_database(settings: Settings) -> bool:
    """Whether the local home holds a database (a server started there at least once)."""
    return (settings.neo4j_home / "data" / "databases").is_dir()


def is_running(settings: Settings) -> bool:
    return server.status(settings).running


@contextmanager
def offline(settings: Settings, echo: Echo, *, restart: bool = False) -> Iterator[bool]:
    """Stop the local server for the block; yields whether it was running."""
    was_running = is_running(settings)
    if was_running:
        echo("Stopping the local Neo4j...")
        if not server.stop(settings):
            raise ServerError("the local Neo4j could not be stopped")
    try:
        yield was_running
    finally:
        if was_running or restart:
            echo("Starting the local Neo4j again...")
            server.start(settings, echo=echo)
