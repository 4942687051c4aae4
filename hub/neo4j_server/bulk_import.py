"""A graph image (``hub.graph.image``) written as ``neo4j-admin database import full`` files
and imported into the local server's database, which it replaces.

One node file per label and one relationship file per type, each with its header: an
integer ``:ID`` of the image's own (not stored), then every property the label's nodes
carry, typed as the loads store it (``long``, ``double``, ``boolean``, ``date``,
``datetime``, ``string`` and their arrays). Every value is quoted, so an empty text
stays an empty text, and an empty cell is a property the node does not have.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hub.errors import ServerError
from hub.graph.image import GraphImage
from hub.neo4j_server import admin_tool
from hub.neo4j_server.offline import Echo, offline, refuse_remote
from hub.settings import Settings

# Between the items of an array: a control character no text of the contract holds.
ARRAY_DELIMITER = "\x1f"
# The tool's heap: it warned that 512 MB "may be too small" for even a tiny import.
IMPORT_HEAP = "1g"
IMPORT_OPTIONS = (
    "--overwrite-destination=true",
    "--id-type=integer",
    "--array-delimiter=U+001F",
    "--multiline-fields=true",
    "--bad-tolerance=0",
)
IMPORT_STEPS = (
    "write the import files here with `hub import --files FOLDER KIND=FILE ...`, copy the "
    "folder to that server, stop its database, run the `neo4j-admin database import full "
    "{db} ...` command written in FOLDER/import-command.txt, start the database, then run "
    "`hub db migrate` here"
)


def import_image(settings: Settings, image: GraphImage, echo: Echo) -> None:
    """Replace the local database with the image; the server runs afterwards."""
    db = settings.neo4j_database
    refuse_remote(settings, "import", IMPORT_STEPS.format(db=db))
    with tempfile.TemporaryDirectory(prefix="hub-import-") as tmp:
        folder = Path(tmp)
        args = write_files(image, folder)
        with offline(settings, echo, restart=True):
            echo(f"Importing {len(image.nodes):,} nodes and {len(image.rels):,} relationships...")
            admin_tool.run(
                settings,
                ["database", "import", "full", db, *IMPORT_OPTIONS, *args],
                heap=IMPORT_HEAP,
                log=folder / "import.log",
            )


def write_files(image: GraphImage, folder: Path, db: str = "neo4j") -> list[str]:
    """Write the image's files into ``folder``; returns their ``--nodes`` and
    ``--relationships`` arguments. ``import-command.txt`` holds the whole command."""
    args: list[str] = []
    for label in image.labels():
        path = folder / f"nodes-{label}.csv"
        _write(path, [":ID"], ((n.id, n.props) for n in image.labelled(label)), f"nodes of {label}")
        args.append(f"--nodes={label}={path}")
    by_type: dict[str, list[Any]] = defaultdict(list)
    for rel in image.relationships():
        by_type[rel.type].append(rel)
    for rel_type, rels in by_type.items():
        path = folder / f"relationships-{rel_type}.csv"
        rows = (((r.start, r.end), r.props) for r in rels)
        _write(path, [":START_ID", ":END_ID"], rows, f"relationships {rel_type}")
        args.append(f"--relationships={rel_type}={path}")
    command = ["neo4j-admin", "database", "import", "full", db, *IMPORT_OPTIONS, *args]
    (folder / "import-command.txt").write_text(" ".join(command) + "\n", encoding="utf-8")
    return args


def _write(
    path: Path, ids: list[str], rows: Iterable[tuple[Any, dict[str, Any]]], what: str
) -> None:
    rows = list(rows)
    types = _types(what, [props for _, props in rows])
    columns = sorted(types)
    # Text, most cells, is quoted in place; any other value goes through its type's writer.
    written = [(name, _writer(types[name])) for name in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join([*ids, *(f"{name}:{types[name]}" for name in columns)]) + "\n")
        for identity, props in rows:
            ends = [str(e) for e in identity] if isinstance(identity, tuple) else [str(identity)]
            cells = [
                '"' + value.replace('"', '""') + '"'
                if type(value := props.get(name)) is str
                else ("" if value is None else writer(value))
                for name, writer in written
            ]
            handle.write(",".join(ends + cells) + "\n")


# The import type of each Python type a load stores (``bool`` before ``int``, so that
# ``True`` is no long to a subclass's ``isinstance`` either).
_TYPES: dict[type, str] = {
    str: "string",
    bool: "boolean",
    int: "long",
    float: "double",
    datetime: "datetime",
    date: "date",
}
_LISTS = (list, tuple)


def _types(what: str, props: list[dict[str, Any]]) -> dict[str, str]:
    """Each property's import type; one property holding two types is refused. A list
    is typed by its items; a property only ever an empty list is not written."""
    seen: dict[str, set[type]] = defaultdict(set)
    items: dict[str, set[type]] = defaultdict(set)
    for values in props:
        for name, value in values.items():
            seen[name].add(type(value))
            if type(value) in _LISTS:
                items[name].update(map(type, value))
    types: dict[str, str] = {}
    for name, classes in seen.items():
        kinds = {_type(cls) for cls in classes if cls not in _LISTS and cls is not type(None)}
        kinds |= {f"{_type(cls)}[]" for cls in items.get(name, ())}
        if len(kinds) > 1:
            raise ServerError(f"{what}: property {name} holds values of types {sorted(kinds)}")
        if kinds:
            types[name] = kinds.pop()
    return types


def _type(cls: type) -> str:
    kind = _TYPES.get(cls)
    if kind is not None:
        return kind
    for known, name in _TYPES.items():  # a subclass: a StrEnum member is a string
        if issubclass(cls, known):
            return name
    raise ServerError(f"a property value of type {cls.__name__} cannot be imported")


def _writer(kind: str) -> Callable[[Any], str]:
    """The cell of a non-null value of import type ``kind`` (quoted, like every value)."""
    if kind == "string[]":
        # Most lists of text repeat (every node's ``loadRuns``): each written once.
        return _remembered(_array, key=tuple)
    if kind.endswith("[]"):
        return _array
    if kind == "datetime":
        # A load stamps what it writes with one instant: most cells repeat a few values.
        # Keyed with the offset too: 12:00+07:00 equals 05:00Z, and each keeps its own.
        return _remembered(
            lambda value: _quoted(value.isoformat()), key=lambda value: (value, value.utcoffset())
        )
    return lambda value: _quoted(_text(value))


# How many cells a column's writer remembers; then it starts again (unique values, an
# event's time, would otherwise be kept for the whole file).
REMEMBERED = 4096


def _remembered(
    write: Callable[[Any], str], key: Callable[[Any], Any] = lambda v: v
) -> Callable[[Any], str]:
    cells: dict[Any, str] = {}

    def cell(value: Any) -> str:
        known = key(value)
        text = cells.get(known)
        if text is None:
            if len(cells) >= REMEMBERED:
                cells.clear()
            text = cells[known] = write(value)
        return text

    return cell


def _array(value: Any) -> str:
    if not value:
        return ""  # an empty list: no property (``admin.after_import`` sets the empty lists)
    items = [_text(item) for item in value]
    if any(ARRAY_DELIMITER in item for item in items):
        raise ServerError(f"a list item holds the import's array delimiter: {items!r}")
    return _quoted(ARRAY_DELIMITER.join(items))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)
