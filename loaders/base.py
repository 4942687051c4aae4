"""The one protocol every dataset kind follows: read, validate, write.

A kind module subclasses ``KindLoader``: it names its columns, turns one raw row
into a ``Record`` (or raises ``RowFault``), and writes a batch of records through
``ctx.store`` (``hub.graph.store``: the graph, or a bulk import's image of it). Reading,
chunking, reports, provenance and linking are shared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from hub import messages, taxcode, text
from hub.graph.driver import Graph
from hub.graph.model import Label
from hub.graph.review import subject
from hub.graph.store import CypherStore, Store
from loaders.fields import FieldError
from loaders.linking import EnterpriseIndex, Link, by_tax_code
from loaders.reading import Column, Table, open_table
from loaders.reading.limits import DEFAULT_LIMITS, ReadLimits

RawRow = dict[str, Any]
Chunk = list[tuple[int, RawRow]]


class RowFault(Exception):
    """One row cannot be loaded: which column, what value, and why: a catalogue
    message id with its parameters (``hub.messages``); ``code`` is what reports carry."""

    def __init__(self, column: str | None, value: Any, message_id: str, /, **params: Any) -> None:
        self.reason = messages.render(message_id, params)
        super().__init__(self.reason)
        self.column = column
        self.value = value
        self.message_id = message_id
        self.params = params

    @property
    def code(self) -> str:
        return messages.code_of(self.message_id)

    @classmethod
    def of(cls, column: str | None, value: Any, error: messages.Coded) -> RowFault:
        """The fault of a field's error (a FieldError, a TaxCodeError...)."""
        return cls(column, value, error.message_id, **error.params)


@dataclass
class Record:
    key: str
    props: dict[str, Any]
    holder_tax_code: str | None = None
    holder_name: str | None = None
    holder_address: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    link: Link | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.props)


def content_hash(props: Mapping[str, Any]) -> str:
    payload = json.dumps(props, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def stable_key(*parts: object) -> str:
    """A short key for records without an identifier of their own."""
    joined = "|".join(text.fold(p) if isinstance(p, str) else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


@dataclass
class LoadContext:
    graph: Graph
    run: str
    started: datetime  # when the run began (a resumed one: its first start)
    file: str
    dry_run: bool = False
    _index: EnterpriseIndex | None = None
    _store: Store | None = None  # where the writes go; default: ``graph`` over Bolt

    @property
    def now(self) -> datetime:
        """Each batch's own time, so a change feed reading by ``updatedAt`` misses none."""
        return datetime.now(UTC)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = CypherStore(self.graph)
        return self._store

    @property
    def index(self) -> EnterpriseIndex:
        if self._index is None:
            self._index = EnterpriseIndex.from_rows(self.store.enterprise_names())
        return self._index


def field_value(raw: RawRow, column: str, parse: Callable[[Any], Any], required: bool = False):
    """Parse one cell, turning a FieldError into a RowFault that names the column."""
    value = raw.get(column)
    if value is None or value == "":
        if required:
            raise RowFault(column, value, "missing-value")
        return None
    try:
        return parse(value)
    except FieldError as exc:
        raise RowFault.of(column, value, exc) from None


def required_text(raw: RawRow, column: str) -> str:
    value = text.clean(raw.get(column))
    if value is None:  # also when only invisible characters were there (hub.text.clean)
        raise RowFault(column, raw.get(column), "missing-value")
    return value


# How the files name a firm: its tax code, name and address, as every kind that names
# one spells them (the enterprises and products files have their own lists).
TAX_CODE_LABELS = (
    "Mã số thuế",
    "MST",
    "Mã số doanh nghiệp",
    "Mã số DN",
    "Mã DN",
    "Mã số thuế/Mã số DN",
    "Mã số thuế doanh nghiệp",
)
ADDRESS_LABELS = ("Địa chỉ", "Địa chỉ trụ sở", "Trụ sở", "Địa chỉ trụ sở chính")
HOLDER_COLUMNS = (
    Column("tax_code", TAX_CODE_LABELS),
    Column(
        "enterprise_name",
        (
            "Tên doanh nghiệp",
            "Tên DN",
            "Tên tổ chức",
            "Tên cơ sở",
            "Đơn vị",
            "Tên đơn vị",
            "Doanh nghiệp",
            "Tổ chức",
            "Cơ sở",
            "Tên tổ chức, cá nhân",
            "Tổ chức, cá nhân",
            "Tên khách hàng",
        ),
    ),
    Column("address", ADDRESS_LABELS),
)


def holder_fields(
    raw: RawRow, tax_column: str, name_column: str, address_column: str | None = "address"
) -> tuple[str | None, str | None, str | None]:
    """The firm a record names: (tax code, name, address).

    An invalid code next to a name is set aside and the row is linked by name; an
    invalid code alone rejects the row, naming the code's problem.
    """
    name = text.clean(raw.get(name_column))
    address = text.clean(raw.get(address_column)) if address_column else None
    raw_code = raw.get(tax_column)
    if raw_code not in (None, ""):
        try:
            return taxcode.parse(raw_code).canonical, name, address
        except taxcode.TaxCodeError as exc:
            if name is None:
                raise RowFault.of(tax_column, raw_code, exc) from None
    if name is None:
        raise RowFault(
            tax_column,
            raw_code,
            "missing-value:holder",
            tax_column=tax_column,
            name_column=name_column,
        )
    return None, name, address


def holder_props(record: Record) -> dict[str, Any]:
    return {
        "holderTaxCode": record.holder_tax_code,
        "holderName": record.holder_name,
        "holderAddress": record.holder_address,
    }


class KindLoader:
    """Base of every dataset kind; subclasses fill in the class variables and methods."""

    kind: ClassVar[str]
    label: ClassVar[Label]
    columns: ClassVar[tuple[Column, ...]]
    links_holders: ClassVar[bool] = True

    def read(
        self,
        path: Path,
        chunk_rows: int,
        limits: ReadLimits = DEFAULT_LIMITS,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> tuple[Iterator[Chunk], list[str]]:
        table = self.table(path, chunk_rows, limits, sheet=sheet, mapping=mapping)
        assert table is not None
        return table.chunks(), table.warnings  # the same list: rows add warnings as read

    def table(
        self,
        path: Path,
        chunk_rows: int,
        limits: ReadLimits = DEFAULT_LIMITS,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> Table | None:
        """The file as a table of this kind's columns (None for kinds read otherwise)."""
        return open_table(
            path, self.columns, sheet=sheet, mapping=mapping, chunk_rows=chunk_rows, limits=limits
        )

    def validate(self, raw: RawRow) -> Record:
        raise NotImplementedError

    def claim(self, ctx: LoadContext, records: Sequence[Record]) -> None:
        """Write the nodes a batch shares with other batches and that the first record
        to name one shapes (a stub firm's name; kinds add standards, lots...). The
        ingest service claims each batch in file order, before its ``write``, while
        batches' writes overlap: so a shared node is shaped by the file's first mention,
        whichever batch's write lands first, as one writer would shape it."""
        if self.links_holders:
            # Each firm once, named as its first record names it.
            named: dict[str, str | None] = {}
            for r in records:
                if r.holder_tax_code and r.holder_tax_code not in named:
                    named[r.holder_tax_code] = r.holder_name
            stubs = [stub_row(code, name) for code, name in named.items()]
            ctx.store.ensure_enterprises(_unique(stubs), ctx.run, ctx.now)

    def write(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        """Write a validated, linked batch, once claimed; returns how many records
        changed. Kinds with more than their own nodes and firm links extend it."""
        return self.write_nodes(ctx, records)

    def finish(self, ctx: LoadContext) -> None:
        """After the last batch: cross-record steps a kind needs (default none)."""

    # Shared steps -------------------------------------------------------------

    def link(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        """Resolve each record's firm; returns how many stay unresolved (a record a
        person linked by hand, about the same name, stays linked: ``hub review``)."""
        unresolved: dict[str, str] = {}
        for record in records:
            if record.holder_tax_code:
                record.link = by_tax_code(record.holder_tax_code)
            else:
                record.link = ctx.index.resolve(record.holder_name, record.holder_address)
            if record.link.holder is None:
                unresolved[record.key] = subject(
                    record.holder_tax_code, record.holder_name, record.holder_address
                )
        return len(unresolved) - ctx.store.linked_by_decision(self.label, unresolved)

    def write_nodes(self, ctx: LoadContext, records: Sequence[Record]) -> int:
        """The records' nodes with their firm links (the stub firms for tax codes not in
        the enterprise register yet are claimed before); returns how many changed."""
        rows = [
            {
                "key": r.key,
                "hash": r.hash,
                "props": r.props,
                "link": r.link.fields() if r.link is not None else None,
            }
            for r in records
        ]
        return ctx.store.upsert_nodes(self.label, rows, ctx.run, ctx.now)


def stub_row(tax_code: str, name: str | None) -> dict[str, Any]:
    """An enterprise known only from another dataset's tax code (and name)."""
    code = taxcode.parse(tax_code)
    display = name or f"MST {code.canonical}"
    return {
        "key": code.canonical,
        "head": code.head if code.is_branch else None,
        "props": {
            "taxCode": code.canonical,
            "name": display,
            "nameKey": text.name_key(name) if name else None,
            "isBranch": code.is_branch,
            "searchText": search_text(display, code.canonical),
        },
    }


def search_text(*parts: object) -> str:
    """What the full-text index sees: folded, so search ignores case and diacritics."""
    return " ".join(text.fold(p) for p in parts if p)


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["key"], row)
    return list(seen.values())
