"""The clerk's return file: the rejected rows in the file's own columns, plus "Lỗi".

While a file is read, ``Returns`` notes each rejected row's number and reason (up to
``MAX_FILE_ROWS``); afterwards it reads the file once more for those rows' cells as
the file holds them (legacy fonts converted, a report's layout rows left out) and
gives ``RejectedRows``: the header, each row with its reason, the total. ``hub load
--rejects FILE`` writes them as CSV (UTF-8 with BOM, so Excel shows Vietnamese) or
XLSX; an upload keeps them (at most ``HUB_REJECTS_MAX_ROWS``) with its LoadRun, and
``GET /api/v1/loads/{run}/rejects`` renders them on request, on any hub replica.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from hub import messages
from hub.settings import Settings
from loaders.reading.limits import ReadLimits
from loaders.report import REASON_COLUMN, LoadReport, RowError

if TYPE_CHECKING:
    from loaders.base import KindLoader
    from loaders.ingest import IngestOptions

MAX_FILE_ROWS = 100_000  # rejected rows a return file holds
FORMATS = ("csv", "xlsx")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def rejects_url(run: str) -> str:
    return f"/api/v1/loads/{run}/rejects"


@dataclass
class RejectedRows:
    header: list[str]
    rows: list[list[Any]]  # the file's cells, then the reason
    total: int  # rows rejected in all (more than ``rows`` when capped)
    format: str = "csv"  # the source's own: csv, or xlsx for workbooks

    def as_json(self, limit: int | None = None) -> str:
        rows = self.rows if limit is None else self.rows[:limit]
        data = {"header": self.header, "rows": rows, "total": self.total, "format": self.format}
        return json.dumps(data, ensure_ascii=False, default=_json_value)

    @classmethod
    def from_json(cls, text: str) -> RejectedRows:
        data = json.loads(text)
        return cls(data["header"], data["rows"], data["total"], data.get("format", "csv"))

    def render(self, fmt: str | None = None) -> bytes:
        """The return file's bytes, as CSV or XLSX."""
        fmt = fmt or self.format
        header = [*self.header, REASON_COLUMN]
        if fmt == "xlsx":
            return _xlsx(header, self.rows)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_text(v) for v in row] for row in self.rows)
        return out.getvalue().encode("utf-8-sig")


@dataclass
class Returns:
    """Rejected rows noted while the file is read (only when a return file is wanted)."""

    wanted: bool
    settings: Settings
    errors: dict[int, RowError] = field(default_factory=dict)

    def note(self, error: RowError) -> None:
        if self.wanted and len(self.errors) < MAX_FILE_ROWS:
            self.errors.setdefault(error.row, error)

    def collect(
        self,
        loader: KindLoader,
        path: Path,
        options: IngestOptions,
        report: LoadReport,
        settings: Settings,
    ) -> RejectedRows | None:
        """The rejected rows, read again from the file; written to ``options.rejects``."""
        if not self.wanted or not self.errors:
            return None
        limits = ReadLimits.of(settings)
        table = loader.table(
            path, options.chunk_rows, limits, sheet=options.sheet, mapping=dict(options.mapping)
        )
        if table is None:
            report.warnings.append(messages.render("rejects-not-kept", {"kind": loader.kind}))
            return None
        rows: list[list[Any]] = []
        for number, cells in table.cells_of(self.errors.keys()):
            error = self.errors[number]
            label = table.columns_found.get(error.column or "", error.column)
            reason = f"{label}: {error.reason}" if label else error.reason
            rows.append([*cells, reason])
        source = "xlsx" if table.format in ("xlsx", "xls", "ods") else "csv"
        rejected = RejectedRows(list(table.header_names), rows, report.rows_rejected, source)
        if options.rejects is not None:
            target = Path(options.rejects)
            target.write_bytes(rejected.render(format_for(target, source)))
            report.rejects_file = str(target)
        return rejected


def format_for(target: Path, source: str) -> str:
    """The return file's format: its name's suffix says, else the source's own."""
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return source


def _xlsx(header: list[str], rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dòng bị từ chối")
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return _bold_header(out.getvalue())


def _bold_header(data: bytes) -> bytes:
    """The header row bold and frozen (a write-only workbook cannot style after)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    for item in sheet[1]:
        item.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    last = sheet.cell(1, sheet.max_column)
    last.font = Font(bold=True, color="C00000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str | int | float | bool | date) or value is None:
        return value
    return str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S") if value.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value: Any) -> Any:
    return _text(value)
