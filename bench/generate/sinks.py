"""Sinks: one per output file (CSV, UTF-16 text, XLSX, JSON, JSON Lines); they stream rows and
remember the deliberate mess. The XLSX zip carries fixed timestamps: same rows, same bytes."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from .contract import COLUMNS


class Sink:
    first_row = 2  # header is row 1

    def __init__(self, path: Path, kind: str, fmt: str, **meta: Any) -> None:
        self.path, self.kind, self.fmt, self.meta = path, kind, fmt, meta
        self.count = 0
        self.bad_rows: list[dict[str, Any]] = []
        self.notes: dict[str, list[dict[str, Any]]] = {}

    def add(self, row: dict[str, Any], bad: tuple[str, str] | None = None) -> int:
        number = self.first_row + self.count
        self._write(row)
        self.count += 1
        if bad:
            value = getattr(row.get(bad[0]), "value", row.get(bad[0]))
            self.bad_rows.append(
                {
                    "row": number,
                    "column": bad[0],
                    "value": "" if value is None else str(value),
                    "reason": bad[1],
                }
            )
        return number

    def note(self, key: str, row: int, **entry: Any) -> None:
        self.notes.setdefault(key, []).append({"row": row, **entry})

    def _write(self, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "kind": self.kind,
            "format": self.fmt,
            **self.meta,
            "rows": self.count,
            "bad_rows": self.bad_rows,
            **self.notes,
        }


class CsvSink(Sink):
    def __init__(
        self,
        path: Path,
        kind: str,
        columns: Sequence[str],
        header: Sequence[str],
        encoding: str = "utf-8",
        delimiter: str = ",",
        newline: str = "\r\n",  # what Excel writes
    ) -> None:
        super().__init__(path, kind, "csv", encoding=encoding, delimiter=delimiter)
        utf16 = encoding == "utf-16"
        self._fh: TextIO = path.open("w", encoding="utf-16-le" if utf16 else encoding, newline="")
        if utf16:
            self._fh.write("\ufeff")
        self._csv = csv.writer(self._fh, delimiter=delimiter, lineterminator=newline)
        self._columns = list(columns)
        self._csv.writerow(header)

    def _write(self, row: dict[str, Any]) -> None:
        self._csv.writerow(["" if row.get(c) is None else row[c] for c in self._columns])

    def close(self) -> dict[str, Any]:
        self._fh.close()
        return super().close()


class XlsxSink(Sink):
    def __init__(
        self, path: Path, kind: str, columns: Sequence[str], header: Sequence[str], sheet: str
    ) -> None:
        super().__init__(path, kind, "xlsx", sheet=sheet)
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(sheet)
        self._columns = list(columns)
        self._ws.append(list(header))

    def cell(self, value: date) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    def _write(self, row: dict[str, Any]) -> None:
        self._ws.append([row.get(c) for c in self._columns])

    def close(self) -> dict[str, Any]:
        fixed = datetime(2021, 1, 1)
        self._wb.properties.created = self._wb.properties.modified = fixed
        archive = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(self._wb, archive).save()  # not save_workbook: it stamps "now"
        _freeze_zip(self.path)
        return super().close()


class JsonLinesSink(Sink):
    first_row = 1

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(path, kind, "jsonl", encoding="utf-8")
        self._fh = path.open("w", encoding="utf-8", newline="\n")

    def _write(self, row: dict[str, Any]) -> None:
        clean = {k: v for k, v in row.items() if v is not None}
        self._fh.write(json.dumps(clean, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> dict[str, Any]:
        self._fh.close()
        return super().close()


class JsonArraySink(JsonLinesSink):
    """A JSON array written one object per line, so it streams too."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(path, kind)
        self.fmt = "json"
        self._fh.write("[")

    def _write(self, row: dict[str, Any]) -> None:
        self._fh.write(",\n" if self.count else "\n")
        clean = {k: v for k, v in row.items() if v is not None}
        self._fh.write(json.dumps(clean, ensure_ascii=False))

    def close(self) -> dict[str, Any]:
        self._fh.write("\n]\n")
        return super().close()


def _freeze_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps so the same input gives the same bytes."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            frozen = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            frozen.compress_type = zipfile.ZIP_DEFLATED
            frozen.external_attr = 0o644 << 16
            with src.open(info) as fin, dst.open(frozen, "w", force_zip64=True) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
    tmp.replace(path)


def csv_sink(out: Path, kind: str, name: str, messy: bool, **options: Any) -> CsvSink:
    columns = list(COLUMNS[kind])
    if messy:
        return CsvSink(out / name, kind, columns, list(COLUMNS[kind].values()), **options)
    return CsvSink(out / name, kind, columns, columns, newline="\n", **options)
