"""``hub import``, ``hub db backup`` and ``restore`` refuse what they cannot do, before
touching anything: a server the hub does not run, a missing ``--yes``, a bad argument."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hub.errors import ServerError
from hub.graph import version
from hub.graph.driver import Graph
from hub.graph.image import GraphImage
from hub.graph.model import Label, LinkStatus
from hub.neo4j_server.bulk_import import write_files

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


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
BAD = Path(__file__).resolve().parents[1] / "data" / "loaders"


def test_an_import_is_refused_before_anything_is_read_or_stopped(tmp_path: Path) -> None:
    enterprises = f"enterprises={SAMPLE / 'enterprises.csv'}"
    done = _hub("import", "--yes", enterprises, env=REMOTE)
    assert done.returncode == 1, done.stderr
    assert "db.example.invalid" in done.stderr, done.stderr
    assert "neo4j-admin database import full neo4j" in done.stderr
    assert "hub import --files" in done.stderr and "Traceback" not in done.stderr
    for argv, why in (
        ((enterprises,), "--yes"),
        (("--yes", str(SAMPLE / "enterprises.csv")), "KIND=FILE"),
        (("--yes", f"firms={SAMPLE / 'enterprises.csv'}"), "unknown kind 'firms'"),
    ):
        done = _hub("import", *argv)
        assert done.returncode == 2 and why in done.stderr, done.stderr


def test_an_import_with_a_refused_file_changes_nothing(graph: Graph) -> None:
    """The files are all read before the server is touched: one refused, none imported."""
    before = version.current(graph)
    done = _hub(
        "import",
        "--yes",
        f"enterprises={SAMPLE / 'enterprises.csv'}",
        f"certificates={BAD / 'certificates_missing_column.csv'}",
    )
    assert done.returncode == 1, done.stderr
    assert "nothing was imported" in done.stderr
    assert "certificates_missing_column.csv" in done.stdout
    assert version.current(graph) == before


def test_import_files_carry_typed_columns_and_the_command(tmp_path: Path) -> None:
    """``--files`` writes what a server the hub does not run imports: every property typed
    as the loads store it, every value quoted, and the neo4j-admin command."""
    done = _hub(
        "import",
        "--files",
        str(tmp_path),
        f"enterprises={SAMPLE / 'enterprises.csv'}",
        f"trace_events={SAMPLE / 'trace_events.jsonl'}",
        env=REMOTE,
    )
    assert done.returncode == 0, done.stderr
    header = (tmp_path / "nodes-Enterprise.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    for column in (
        ":ID",
        "key:string",
        "isBranch:boolean",
        "loadRuns:string[]",
        "unitKeys:string[]",
    ):
        assert column in columns, header
    assert "createdAt:datetime" in columns and "establishedOn:date" in columns, header
    events = (tmp_path / "nodes-TraceEvent.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "time:datetime" in events.split(","), events
    command = (tmp_path / "import-command.txt").read_text(encoding="utf-8")
    assert command.startswith("neo4j-admin database import full neo4j ")
    assert f"--nodes=Enterprise={tmp_path / 'nodes-Enterprise.csv'}" in command
    assert f"--relationships=LOCATED_IN={tmp_path / 'relationships-LOCATED_IN.csv'}" in command


def _image_with(*props: dict[str, object]) -> GraphImage:
    """An image holding one Standard per ``props``, keyed ``tcvn-1``, ``tcvn-2``..."""
    image = GraphImage()
    rows = [{"key": f"tcvn-{i}", "hash": "h", "props": p} for i, p in enumerate(props, 1)]
    image.upsert_nodes(Label.STANDARD, rows, "run-1", datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    return image


def test_import_cells_keep_each_value_as_a_load_stores_it(tmp_path: Path) -> None:
    """Text with quotes, commas and line breaks, lists, numbers, dates and a StrEnum come
    back from the file as they were given; an empty text is not a missing property."""
    image = _image_with(
        {
            "name": 'TCVN "ISO" 9001, bản\nmới',
            "codes": ["9001", "14001"],
            "flag": True,
            "count": 3,
            "score": 0.5,
            "issuedOn": date(2015, 9, 15),
            "status": LinkStatus.LINKED,
            "seenAt": datetime(2026, 12, 1, 12, 0, tzinfo=timezone(timedelta(hours=7))),
        },
        {"note": ""},
        {"count": 4, "seenAt": datetime(2026, 12, 1, 5, 0, tzinfo=UTC)},  # the same instant
    )
    write_files(image, tmp_path)
    path = tmp_path / "nodes-Standard.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, first, _, last = list(csv.reader(handle))
    standard = dict(zip(header, first, strict=True))
    assert standard["name:string"] == 'TCVN "ISO" 9001, bản\nmới'
    assert standard["codes:string[]"].split("\x1f") == ["9001", "14001"]
    assert standard["flag:boolean"] == "true" and standard["count:long"] == "3"
    assert standard["score:double"] == "0.5" and standard["issuedOn:date"] == "2015-09-15"
    assert standard["status:string"] == "linked"
    assert standard["createdAt:datetime"] == "2026-12-01T08:30:00+00:00"
    # Equal instants, each with the offset it was given.
    assert standard["seenAt:datetime"] == "2026-12-01T12:00:00+07:00"
    assert dict(zip(header, last, strict=True))["seenAt:datetime"] == "2026-12-01T05:00:00+00:00"
    # As written (no commas or breaks in these two): a quoted empty text, an empty cell.
    note = header.index("note:string")
    second, third = path.read_text(encoding="utf-8").splitlines()[-2:]
    assert second.split(",")[note] == '""' and third.split(",")[note] == ""


def test_a_property_of_two_types_is_refused_by_name(tmp_path: Path) -> None:
    image = _image_with({"count": 3}, {"count": "three"})
    with pytest.raises(ServerError, match="count"):
        write_files(image, tmp_path)


_UNITS = """
MATCH (u:AdminUnit)
OPTIONAL MATCH (u)-[r:PART_OF|BECAME]->(other:AdminUnit)
RETURN u.key AS key, properties(u) AS props, collect([type(r), other.key]) AS links
"""


def test_an_image_holds_the_units_as_their_seed_writes_them(graph: Graph) -> None:
    """The units' seed after an import then finds them in place and writes nothing."""

    def kept(props: dict[str, object]) -> dict[str, object]:
        return {name: value for name, value in props.items() if not name.endswith("At")}

    seeded = {
        row["key"]: (kept(row["props"]), sorted(tuple(link) for link in row["links"] if link[0]))
        for row in graph.read(_UNITS)
    }
    image = GraphImage()
    links: dict[str, list[tuple[str, str]]] = {key: [] for key in seeded}
    for rel in image.relationships():
        start, end = image.nodes[rel.start], image.nodes[rel.end]
        if start.label == Label.ADMIN_UNIT:
            links[start.props["key"]].append((rel.type, end.props["key"]))
    imaged = {
        node.props["key"]: (kept(node.props), sorted(links[node.props["key"]]))
        for node in image.labelled(Label.ADMIN_UNIT)
    }
    assert imaged == seeded
    assert all(
        isinstance(node.props["createdAt"], datetime) for node in image.labelled("AdminUnit")
    )


def test_an_image_names_a_firm_by_a_gln_only_that_firm_carries() -> None:
    """As ``queries_linking._BY_GLN``: a GLN two firms carry names neither."""
    image = GraphImage()
    firms = (("3700635642", "8930000000019"), ("3706889900", "8930000000019"))
    rows = [
        {"key": key, "hash": key, "props": {"taxCode": key, "gln": gln}}
        for key, gln in (*firms, ("3701000003", "8930000000026"))
    ]
    image.upsert_nodes(Label.ENTERPRISE, rows, "run", datetime.now(UTC))
    found = image.enterprises_by_gln(["8930000000019", "8930000000026", "8930000000033"])
    assert found == {"8930000000026": "3701000003"}
