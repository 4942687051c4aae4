"""``hub import``, ``hub db backup`` and ``restore`` refuse what they cannot do, before
touching anything: a server the hub does not run, a missing ``--yes``, a bad argument."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hub.graph import version
from hub.graph.driver import Graph

REMOTE = {**os.environ, "NEO4J_URI": "neo4j://db.example.invalid:7687", "HUB_LOCAL_NEO4J": "0"}


def _hub(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_remote_server_is_refused_with_the_steps_to_run_on_it(tmp_path: Path) -> None:
    for argv, command in (
        (("db", "backup", str(tmp_path / "x.dump")), "neo4j-admin database dump neo4j"),
        (("db", "restore", str(tmp_path / "x.dump"), "--yes"), "neo4j-admin database load neo4j"),
    ):
        done = _hub(*argv, env=REMOTE)
        assert done.returncode == 1, done.stderr
        assert "db.example.invalid" in done.stderr and command in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.dump").exists()


def test_backup_and_restore_need_a_file() -> None:
    assert _hub("db", "backup").returncode == 2
    assert _hub("db", "restore", "--yes").returncode == 2


def test_a_replaced_graph_gets_a_version_above_both(graph: Graph) -> None:
    """After a restore or an import, no cache may meet an old version number again."""
    mine = version.current(graph)
    assert version.raise_above(graph, mine + 50) == mine + 51
    assert version.raise_above(graph, 3) == mine + 52
    assert version.current(graph) == mine + 52
