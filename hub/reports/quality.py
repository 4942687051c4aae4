"""The data-quality scorecard per agency, computed with pandas from the graph.

For each agency (``LoadRun.agency``; loads without one under ``""``) and dataset kind:

- per load run: rows read, loaded and rejected, rejected rows by error code (the
  run's ``rejectedByCode`` JSON object where the loader stored one, else all under
  ``NO_CODE``), records kept unresolved at load; the runs in time order are the trend;
- now: records unresolved or ambiguous, records linked by name only (``name``,
  ``fuzzy_name``) and their confidence, stale records (no LoadRun has asserted them
  for ``stale_days``), certificates past expiry still stored as valid, and firms
  suspected to be duplicates (one normalised name, several tax codes that are not one
  firm's head office and branches).

A record counts for every agency whose LoadRuns of its kind asserted it. The graph
reads are grouped by ``loadRuns`` lists (``hub.graph.quality``); pandas maps runs to
agencies and kinds and does every sum, rate and join here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from typing import Any

import pandas as pd

from hub import text
from hub.graph import quality as reads
from hub.graph.driver import AsyncGraph, Row
from hub.reports.tables import records

NO_CODE = "(no code)"
# Which labels each kind writes its records as (``loaders.registry`` knows; the
# caller passes it, as the core does not import the loaders).
KindLabels = Mapping[str, str]

_RUN_COLUMNS = [
    "agency",
    "kind",
    "load_run",
    "file",
    "finished_at",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "rejection_rate",
    "unresolved_at_load",
    "unresolved_rate",
]
_SUMMARY_COUNTS = [
    "records",
    "stale_records",
    "unresolved_now",
    "ambiguous_now",
    "name_links",
    "fuzzy_name_links",
    "expired_still_valid",
    "duplicates_suspected",
]


@dataclass(frozen=True)
class QualityInputs:
    """What the graph answered, as plain rows."""

    runs: list[Row]
    link_states: list[Row] = field(default_factory=list)
    name_links: list[Row] = field(default_factory=list)
    expired_still_valid: list[Row] = field(default_factory=list)
    record_runs: list[Row] = field(default_factory=list)
    duplicates: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Scorecard:
    """The scorecard's tables; ``tables()`` names them for the file formats."""

    generated_on: date
    stale_days: int
    summary: pd.DataFrame
    runs: pd.DataFrame
    rejections: pd.DataFrame
    confidence: pd.DataFrame
    duplicates: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "summary": self.summary,
            "runs": self.runs,
            "rejections": self.rejections,
            "name_links": self.confidence,
            "duplicates": self.duplicates,
        }

    def agencies(self) -> list[str]:
        return sorted(set(self.summary["agency"]))


async def read_inputs(graph: AsyncGraph, today: date) -> QualityInputs:
    """Every read the scorecard needs, run concurrently."""
    runs, states, links, expired, records, duplicates = await asyncio.gather(
        reads.load_runs(graph),
        reads.link_states(graph),
        reads.name_links(graph),
        reads.expired_still_valid(graph, today),
        reads.record_runs(graph),
        reads.duplicate_names(graph),
    )
    return QualityInputs(runs, states, links, expired, records, duplicates)


def scorecard(
    inputs: QualityInputs,
    today: date,
    stale_days: int,
    kind_labels: KindLabels,
    zone: tzinfo,
    agency: str | None = None,
) -> Scorecard:
    """The scorecard of every agency, or of ``agency`` (matched ignoring case and
    diacritics) when given. Times are shown in ``zone``; a record is stale when no run
    has asserted it since the start of the day ``stale_days`` before ``today``."""
    runs = _runs(inputs.runs, zone)
    cutoff = pd.Timestamp(today - timedelta(days=stale_days)).tz_localize(zone)
    records = _attributed(inputs.record_runs, runs, kind_labels, "records")
    stale = _attributed(_stale_rows(inputs.record_runs, runs, cutoff), runs, kind_labels, "records")
    states = _attributed(inputs.link_states, runs, kind_labels, "records", by=["status"])
    links = _attributed(inputs.name_links, runs, kind_labels, "links", by=["method", "confidence"])
    expired = _attributed(
        [{**row, "label": "Certificate"} for row in inputs.expired_still_valid],
        runs,
        kind_labels,
        "records",
    )
    duplicates = _duplicates(inputs.duplicates, runs)
    summary = _summary(runs, records, stale, states, links, expired, duplicates)
    card = Scorecard(
        generated_on=today,
        stale_days=stale_days,
        summary=summary,
        runs=runs[_RUN_COLUMNS].reset_index(drop=True),
        rejections=_rejections(runs),
        confidence=_confidence(links),
        duplicates=duplicates,
    )
    return _only(card, agency) if agency is not None else card


def _runs(rows: list[Row], zone: tzinfo) -> pd.DataFrame:
    columns = ["key", "kind", "file", "agency", "finishedAt", "rowsRead", "rowsLoaded"]
    columns += ["rowsRejected", "unresolved", "rejectedByCode"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.rename(
        columns={
            "key": "load_run",
            "finishedAt": "finished_at",
            "rowsRead": "rows_read",
            "rowsLoaded": "rows_loaded",
            "rowsRejected": "rows_rejected",
            "unresolved": "unresolved_at_load",
            "rejectedByCode": "rejected_by_code",
        }
    )
    frame["agency"] = frame["agency"].fillna("").astype(str)
    finished = pd.to_datetime(frame["finished_at"], utc=True, format="ISO8601")
    frame["finished_at"] = finished.dt.tz_convert(zone)
    for column in ("rows_read", "rows_loaded", "rows_rejected", "unresolved_at_load"):
        frame[column] = pd.to_numeric(frame[column]).fillna(0).astype("int64")
    frame["rejection_rate"] = _rate(frame["rows_rejected"], frame["rows_read"])
    frame["unresolved_rate"] = _rate(frame["unresolved_at_load"], frame["rows_loaded"])
    return frame.sort_values(["agency", "kind", "finished_at", "load_run"], kind="stable")


def _rate(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0)).fillna(0.0).round(4)


def _codes(stored: object, rejected: int) -> dict[str, int]:
    """A run's rejected rows by error code; a run without codes has them all under NO_CODE."""
    codes: dict[str, int] = {}
    if isinstance(stored, str) and stored.strip():
        try:
            parsed = json.loads(stored)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            codes = {str(k): int(v) for k, v in parsed.items() if isinstance(v, (int, float)) and v}
    missing = rejected - sum(codes.values())
    if missing > 0:
        codes[NO_CODE] = codes.get(NO_CODE, 0) + missing
    return codes


def _rejections(runs: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {
            "agency": run["agency"],
            "kind": run["kind"],
            "load_run": run["load_run"],
            "file": run["file"],
            "finished_at": run["finished_at"],
            "code": code,
            "rows": count,
        }
        for run in runs.to_dict(orient="records")
        for code, count in sorted(
            _codes(run["rejected_by_code"], int(run["rows_rejected"])).items()
        )
    ]
    columns = ["agency", "kind", "load_run", "file", "finished_at", "code", "rows"]
    return pd.DataFrame(rows, columns=columns)


def _attributed(
    rows: list[Row],
    runs: pd.DataFrame,
    kind_labels: KindLabels,
    value: str,
    by: list[str] | None = None,
) -> pd.DataFrame:
    """Grouped record rows (``label``, ``runs`` list, ``value``) summed per agency and
    kind: each row counts once for every (agency, kind) of its runs that writes its label."""
    by = by or []
    columns = ["agency", "kind", *by, value]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["row"] = range(len(frame))
    frame = frame.explode("runs").rename(columns={"runs": "load_run"})
    frame = frame.merge(runs[["load_run", "agency", "kind"]], on="load_run", how="inner")
    writes_label = frame["kind"].map(lambda kind: kind_labels.get(kind)) == frame["label"]
    frame = frame[writes_label].drop_duplicates(["row", "agency", "kind"])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(["agency", "kind", *by], as_index=False)[value].sum()
    return pd.DataFrame(grouped[columns])


def _stale_rows(rows: list[Row], runs: pd.DataFrame, cutoff: pd.Timestamp) -> list[Row]:
    """The grouped record rows whose newest asserting run finished before ``cutoff``."""
    finished = dict(zip(runs["load_run"], runs["finished_at"], strict=True))
    stale = []
    for row in rows:
        times = [finished[run] for run in row["runs"] or () if run in finished]
        if times and max(times) < cutoff:
            stale.append(row)
    return stale


def _duplicates(groups: list[Row], runs: pd.DataFrame) -> pd.DataFrame:
    """Name groups whose firms are not all one head office and its branches."""
    agency_of = dict(zip(runs["load_run"], runs["agency"], strict=True))
    rows = []
    for group in groups:
        firms = sorted(group["firms"], key=lambda firm: firm["key"])
        if len({firm["key"][:10] for firm in firms}) < 2:
            continue
        agencies = sorted(
            {agency_of[run] for firm in firms for run in firm["loadRuns"] or () if run in agency_of}
        )
        for agency in agencies or [""]:
            rows.append(
                {
                    "agency": agency,
                    "kind": "enterprises",
                    "name_key": group["nameKey"],
                    "firms": len(firms),
                    "tax_codes": "; ".join(firm["key"] for firm in firms),
                    "names": "; ".join(firm["name"] for firm in firms),
                }
            )
    columns = ["agency", "kind", "name_key", "firms", "tax_codes", "names"]
    return pd.DataFrame(rows, columns=columns)


def _confidence(links: pd.DataFrame) -> pd.DataFrame:
    columns = ["agency", "kind", "method", "confidence", "links"]
    if links.empty:
        return pd.DataFrame(columns=columns)
    return links.sort_values(["agency", "kind", "method", "confidence"])[columns].reset_index(
        drop=True
    )


def _summary(
    runs: pd.DataFrame,
    records: pd.DataFrame,
    stale: pd.DataFrame,
    states: pd.DataFrame,
    links: pd.DataFrame,
    expired: pd.DataFrame,
    duplicates: pd.DataFrame,
) -> pd.DataFrame:
    keys = ["agency", "kind"]
    per_run = runs.groupby(keys, as_index=False).agg(
        runs=("load_run", "count"),
        last_load=("finished_at", "max"),
        rows_read=("rows_read", "sum"),
        rows_loaded=("rows_loaded", "sum"),
        rows_rejected=("rows_rejected", "sum"),
    )
    per_run["rejection_rate"] = _rate(per_run["rows_rejected"], per_run["rows_read"])
    trend = runs.groupby(keys, as_index=False).agg(
        first_rate=("rejection_rate", "first"), last_rate=("rejection_rate", "last")
    )
    trend["trend"] = [
        _trend(first, last, count)
        for first, last, count in zip(
            trend["first_rate"], trend["last_rate"], per_run["runs"], strict=True
        )
    ]
    summary = per_run.merge(trend[[*keys, "trend"]], on=keys, how="left")
    parts = {
        "records": _sum(records, "records"),
        "stale_records": _sum(stale, "records"),
        "unresolved_now": _sum(_where(states, "status", "unresolved"), "records"),
        "ambiguous_now": _sum(_where(states, "status", "ambiguous"), "records"),
        "name_links": _sum(links, "links"),
        "fuzzy_name_links": _sum(_where(links, "method", "fuzzy_name"), "links"),
        "expired_still_valid": _sum(expired, "records"),
        "duplicates_suspected": duplicates.groupby(keys).size(),
    }
    for name, counts in parts.items():
        summary = summary.merge(counts.rename(name).reset_index(), on=keys, how="left")
    summary[_SUMMARY_COUNTS] = summary[_SUMMARY_COUNTS].fillna(0).astype("int64")
    summary["mean_confidence"] = _mean_confidence(links, summary[keys])
    return summary.sort_values(keys).reset_index(drop=True)


def _trend(first: float, last: float, runs: int) -> str:
    """``better`` when the latest run rejected a smaller share of rows than the first."""
    if runs < 2:
        return "single"
    if last < first:
        return "better"
    return "worse" if last > first else "same"


def _where(frame: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    return frame[frame[column] == value] if not frame.empty else frame


def _sum(frame: pd.DataFrame, value: str) -> pd.Series:
    if frame.empty:
        return pd.Series(
            dtype="int64", index=pd.MultiIndex.from_tuples([], names=["agency", "kind"])
        )
    return frame.groupby(["agency", "kind"])[value].sum()


def _mean_confidence(links: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    if links.empty:
        return pd.Series([None] * len(keys), dtype="float64")
    weighted = links.assign(weight=links["confidence"].astype(float) * links["links"])
    sums = weighted.groupby(["agency", "kind"])[["weight", "links"]].sum()
    means = (sums["weight"] / sums["links"]).round(3).rename("mean").reset_index()
    return keys.merge(means, on=["agency", "kind"], how="left")["mean"]


def _only(card: Scorecard, agency: str) -> Scorecard:
    wanted = text.fold(agency)

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        mask = frame["agency"].map(lambda name: text.fold(name) == wanted).astype(bool)
        return frame[mask].reset_index(drop=True)

    return Scorecard(
        generated_on=card.generated_on,
        stale_days=card.stale_days,
        summary=keep(card.summary),
        runs=keep(card.runs),
        rejections=keep(card.rejections),
        confidence=keep(card.confidence),
        duplicates=keep(card.duplicates),
    )


def as_json(card: Scorecard) -> dict[str, Any]:
    """The scorecard as JSON-ready data: each table a list of records."""
    return {
        "generatedOn": card.generated_on.isoformat(),
        "staleDays": card.stale_days,
        **{name: records(frame) for name, frame in card.tables().items()},
    }
