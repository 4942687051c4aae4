"""Tables as files: CSV, XLSX, Parquet and JSON, from pandas DataFrames.

- CSV is UTF-8 with a byte-order mark, so Excel opens Vietnamese text as written.
- XLSX has one sheet per table; Excel cannot hold a time zone, so date-times are
  written as the wall-clock time they carry (the callers give local times).
- Parquet (``pyarrow``) keeps types, time zones included.
- JSON is a list of records; date-times as ISO 8601 text with their offset.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from hub.errors import BadInputError

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}
# Excel's limit on a sheet name.
_SHEET_CHARS = 31


def check_format(fmt: str, allowed: tuple[str, ...] = tuple(MEDIA_TYPES)) -> str:
    fmt = fmt.strip().lower()
    if fmt not in allowed:
        raise BadInputError(f"format must be one of {', '.join(allowed)}, not {fmt!r}")
    return fmt


def write(frame: pd.DataFrame, fmt: str, sheet: str = "data") -> bytes:
    """One table in ``fmt`` (csv, xlsx, parquet or json)."""
    fmt = check_format(fmt)
    if fmt == "xlsx":
        return workbook({sheet: frame})
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False, engine="pyarrow")
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=1).encode("utf-8")
    return csv_bytes(frame)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return _text_times(frame).to_csv(index=False).encode("utf-8-sig")


def workbook(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table, its header row frozen."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            sheet = name[:_SHEET_CHARS]
            _wall_clock(frame).to_excel(writer, sheet_name=sheet, index=False)
            writer.sheets[sheet].freeze_panes = "A2"
    return buffer.getvalue()


def stacked(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Several tables as one: a ``table`` column first, then the union of the columns."""
    frames = [frame.assign(table=name) for name, frame in tables.items() if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=["table"])
    # Whole numbers stay whole where other tables leave their cells empty.
    frames = [
        frame.astype({c: "Int64" for c in frame.columns if pd.api.types.is_integer_dtype(frame[c])})
        for frame in frames
    ]
    joined = pd.concat([_text_times(frame) for frame in frames], ignore_index=True)
    return joined[["table", *[c for c in joined.columns if c != "table"]]]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: date-times as ISO text, missing values as null."""
    rows = _text_times(frame).to_dict(orient="records")
    return [{str(k): _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _datetime_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]


def _text_times(frame: pd.DataFrame) -> pd.DataFrame:
    columns = _datetime_columns(frame)
    if not columns:
        return frame
    copy = frame.copy()
    for column in columns:
        copy[column] = copy[column].map(lambda t: None if pd.isna(t) else t.isoformat())
    return copy


def _wall_clock(frame: pd.DataFrame) -> pd.DataFrame:
    columns = _datetime_columns(frame)
    if not columns:
        return frame
    copy = frame.copy()
    for column in columns:
        copy[column] = copy[column].dt.tz_localize(None)
    return copy
