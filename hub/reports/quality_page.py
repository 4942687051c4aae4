"""The data-quality scorecard as HTML: ``/quality/`` and ``hub report quality --format html``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from hub.errors import BadInputError
from hub.reports import charts, tables
from hub.reports.html import downloads, e, href, page, percent, table
from hub.reports.i18n import Words
from hub.reports.quality import NO_CODE, Scorecard, as_json

DATA_PATH = "/quality/data"
REPORT_PATH = "/quality/report"


def render_quality(card: Scorecard, words: Words, agency: str | None = None) -> str:
    sections = [_agency(card, name, words) for name in card.agencies()]
    whole = {
        fmt: href(f"{REPORT_PATH}.{fmt}", agency=agency, stale_days=card.stale_days)
        for fmt in ("xlsx", "csv", "json")
    }
    body = (
        f"<p class='lead'>{e(words['quality.lead'])}</p>"
        + downloads(words, whole)
        + ("".join(sections) or f"<p class='muted'>{e(words['none'])}</p>")
    )
    other = "en" if words.lang == "vi" else "vi"
    switch = href("/quality/", agency=agency, stale_days=card.stale_days, lang=other)
    return page(words["quality.title"], body, words, switch, card.generated_on.isoformat())


def _agency_name(agency: str, words: Words) -> str:
    return agency or words["quality.no_agency"]


def _of(frame: pd.DataFrame, agency: str) -> pd.DataFrame:
    return frame[frame["agency"] == agency]


def _agency(card: Scorecard, agency: str, words: Words) -> str:
    summary = _of(card.summary, agency)
    kind = _kind_format(words)
    overview = table(
        summary,
        [
            ("kind", words["quality.kind"]),
            ("runs", words["quality.runs"]),
            ("last_load", words["quality.last_load"]),
            ("rows_read", words["quality.rows_read"]),
            ("rows_rejected", words["quality.rows_rejected"]),
            ("rejection_rate", words["quality.rejection_rate"]),
            ("trend", words["quality.trend"]),
            ("records", words["quality.records"]),
            ("stale_records", words["quality.stale"].format(days=card.stale_days)),
            ("unresolved_now", words["quality.unresolved"]),
            ("ambiguous_now", words["quality.ambiguous"]),
            ("name_links", words["quality.name_links"]),
            ("mean_confidence", words["quality.mean_confidence"]),
            ("expired_still_valid", words["quality.expired_valid"]),
            ("duplicates_suspected", words["quality.duplicates"]),
        ],
        formats={
            "kind": kind,
            "last_load": _when,
            "rejection_rate": percent,
            "trend": lambda v: f"<span class='{e(v)}'>{e(words.get(f'trend.{v}', str(v)))}</span>",
            "mean_confidence": lambda v: "" if pd.isna(v) else f"{float(v):.2f}",
        },
        numeric=[
            "runs",
            "rows_read",
            "rows_rejected",
            "rejection_rate",
            "records",
            "stale_records",
            "unresolved_now",
            "ambiguous_now",
            "name_links",
            "mean_confidence",
            "expired_still_valid",
            "duplicates_suspected",
        ],
        css_class="summary",
    )
    parts = [
        f"<section class='agency'><h2>{e(_agency_name(agency, words))}</h2>{overview}",
        _trend(card, agency, words),
        _rejections(card, agency, words),
        _confidence(card, agency, words),
        _duplicates(card, agency, words),
        "</section>",
    ]
    return "".join(parts)


def _trend(card: Scorecard, agency: str, words: Words) -> str:
    runs = _of(card.runs, agency)
    series = []
    for i, (kind, rows) in enumerate(runs.groupby("kind", sort=True)):
        points = [
            (pd.Timestamp(when).strftime("%Y-%m-%d %H:%M:%S"), float(rate))
            for when, rate in zip(rows["finished_at"], rows["rejection_rate"], strict=True)
        ]
        name = words.get(f"kind.{kind}", str(kind))
        series.append(charts.Series(name, points, charts.PALETTE[i % len(charts.PALETTE)]))
    chart = charts.line_chart(
        series, words["quality.trend_title"], width=760, height=230, percent=True
    )
    links = {
        fmt: href(f"{DATA_PATH}.{fmt}", table="runs", agency=agency) for fmt in ("csv", "xlsx")
    }
    return f"<h3>{e(words['quality.trend_title'])}</h3>{chart}" + downloads(words, links)


def _rejections(card: Scorecard, agency: str, words: Words) -> str:
    rows = _of(card.rejections, agency)
    if rows.empty:
        return ""
    listing = table(
        rows,
        [
            ("kind", words["quality.kind"]),
            ("file", words["quality.file"]),
            ("finished_at", words["quality.last_load"]),
            ("code", words["quality.code"]),
            ("rows", words["quality.rows"]),
        ],
        formats={
            "kind": _kind_format(words),
            "finished_at": _when,
            "code": lambda v: e(words["quality.no_code"] if v == NO_CODE else v),
        },
        numeric=["rows"],
        css_class="rejections",
    )
    return f"<h3>{e(words['quality.rejections'])}</h3>{listing}"


def _confidence(card: Scorecard, agency: str, words: Words) -> str:
    rows = _of(card.confidence, agency)
    if rows.empty:
        return ""
    listing = table(
        rows,
        [
            ("kind", words["quality.kind"]),
            ("method", words["quality.method"]),
            ("confidence", words["quality.confidence_value"]),
            ("links", words["quality.name_links"]),
        ],
        formats={
            "kind": _kind_format(words),
            "method": lambda v: e(words.get(f"method.{v}", str(v))),
        },
        numeric=["confidence", "links"],
        css_class="confidence",
    )
    return f"<h3>{e(words['quality.confidence'])}</h3>{listing}"


def _duplicates(card: Scorecard, agency: str, words: Words) -> str:
    rows = _of(card.duplicates, agency)
    if rows.empty:
        return ""
    listing = table(
        rows,
        [
            ("names", words["quality.duplicate_names"]),
            ("tax_codes", words["quality.tax_codes"]),
        ],
        css_class="duplicates",
    )
    return f"<h3>{e(words['quality.duplicates'])}</h3>{listing}"


def _kind_format(words: Words) -> Callable[[Any], str]:
    return lambda v: e(words.get(f"kind.{v}", str(v)))


def _when(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


REPORT_FORMATS = ("html", "xlsx", "csv", "json")


def scorecard_bytes(card: Scorecard, fmt: str, words: Words, agency: str | None = None) -> bytes:
    """The whole scorecard as a file: an HTML page, an XLSX workbook (a sheet per
    table), one CSV (a ``table`` column names each row's table) or JSON."""
    if fmt not in REPORT_FORMATS:
        raise BadInputError(f"format must be one of {', '.join(REPORT_FORMATS)}, not {fmt!r}")
    if fmt == "html":
        return render_quality(card, words, agency).encode("utf-8")
    if fmt == "xlsx":
        return tables.workbook(card.tables())
    if fmt == "json":
        return json.dumps(as_json(card), ensure_ascii=False, indent=1).encode("utf-8")
    return tables.csv_bytes(tables.stacked(card.tables()))
