"""The progress page's data: programme targets, pilot chains, expiring certificates, wards.

``read_progress`` makes a fixed number of bounded reads (``hub.graph.progress``, and
``programme_progress`` of the API for each programme's targets: the achieved values
follow the API's one rule) and shapes them with pandas; ``chart_table`` gives the
table behind each chart for its "download data" links.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pandas as pd

from hub.errors import NotFoundError
from hub.geo.units import Unit, units_by_key, ward_points
from hub.graph import progress as reads
from hub.graph.api_queries.fragments import Include
from hub.graph.api_queries.programmes import programme_progress
from hub.graph.driver import AsyncGraph, Row
from hub.graph.reference import programme_key

ERAS = ("current", "former")
SOON_DAYS = 30
WINDOW_DAYS = 90
FIRST_EXPIRING = 25  # rows of the page's expiring table; the download has them all
MAX_DOWNLOAD_ROWS = 10_000
# The firms behind a target come with their own fields only.
_FIRMS_ONLY = Include(
    withCertificates=False,
    withHeadOffice=False,
    withBranches=False,
    withAwards=False,
    withMeasurement=False,
    withProgrammeSupports=False,
    withProducts=False,
    withSources=False,
)


@dataclass(frozen=True)
class Programme:
    key: str
    code: str
    title: str | None
    period: str | None
    targets: pd.DataFrame  # position, indicator, target, target_text, achieved, share, by_year


@dataclass(frozen=True)
class Expiring:
    total: int  # within WINDOW_DAYS
    soon: int  # within SOON_DAYS
    weeks: pd.DataFrame  # week, starts, certificates
    first: pd.DataFrame  # the first to expire


@dataclass(frozen=True)
class ProgressData:
    today: date
    programmes: list[Programme]
    chains: pd.DataFrame  # chain, day, suppliers, certified
    expiring: Expiring
    wards: Mapping[str, pd.DataFrame]  # era -> key, name, firms, lat, lon
    background: Mapping[str, list[tuple[float, float]]]  # era -> the provinces' ward points


async def read_progress(
    graph: AsyncGraph, today: date, chains: Sequence[str], zone: str
) -> ProgressData:
    history, expiring, current, former = await asyncio.gather(
        reads.chain_history(graph, chains, zone),
        _expiring(graph, today, FIRST_EXPIRING),
        reads.firms_by_ward(graph, "current"),
        reads.firms_by_ward(graph, "former"),
    )
    # One programme at a time: each is the API's own (and heaviest) query, and run all
    # at once they slowed each other past the query timeout on a busy 2-core machine.
    programmes = [await _programme(graph, row) for row in await reads.programmes(graph)]
    placed = {"current": _placed(current), "former": _placed(former)}
    return ProgressData(
        today=today,
        programmes=[p for p in programmes if p is not None],
        chains=_chains(history, chains),
        expiring=expiring,
        wards=placed,
        background={era: _background(frame) for era, frame in placed.items()},
    )


async def _programme(graph: AsyncGraph, row: Row) -> Programme | None:
    record = await programme_progress(graph, row["key"], _FIRMS_ONLY)
    return _shaped(row, record) if record is not None else None


def _shaped(row: Row, record: Row) -> Programme:
    targets = pd.DataFrame(
        [
            {
                "position": t["position"],
                "indicator": t["indicator"],
                "target": t["target"],
                "target_text": t.get("targetText") or str(t["target"]),
                "achieved": t.get("achieved"),
                "by_year": t.get("byYear"),
            }
            for t in sorted(record["targets"], key=lambda t: t["position"])
        ],
        columns=["position", "indicator", "target", "target_text", "achieved", "by_year"],
    )
    achieved = pd.to_numeric(targets["achieved"], errors="coerce")
    targets["achieved"] = achieved.astype("Int64")
    targets["share"] = (achieved / targets["target"].where(targets["target"] > 0)).round(4)
    return Programme(row["key"], row["code"], row.get("title"), row.get("period"), targets)


@dataclass(frozen=True)
class TargetFirms:
    """One target of a programme and the firms counted for it (at most 100 listed)."""

    programme: Programme
    target: Row
    firms: pd.DataFrame  # tax_code, name, size, address


async def firms_behind(graph: AsyncGraph, code: str, position: int) -> TargetFirms:
    key = programme_key(code)
    record = await programme_progress(graph, key, _FIRMS_ONLY) if key else None
    target = next((t for t in (record or {}).get("targets", []) if t["position"] == position), None)
    if record is None or target is None:
        raise NotFoundError(f"programme {code!r} has no target {position}")
    programme = _shaped({"key": key, **record}, record)
    firms = pd.DataFrame(
        [
            {
                "tax_code": r.get("taxCode"),
                "name": r.get("name"),
                "size": r.get("size"),
                "address": r.get("address"),
            }
            for r in target.get("records") or []
        ],
        columns=["tax_code", "name", "size", "address"],
    )
    return TargetFirms(programme, target, firms)


async def _expiring(graph: AsyncGraph, today: date, limit: int) -> Expiring:
    found = await reads.expiring(
        graph,
        today,
        today + timedelta(days=WINDOW_DAYS),
        today + timedelta(days=SOON_DAYS),
        limit,
    )
    weeks = pd.DataFrame(found["weeks"], columns=["week", "certificates"])
    every = pd.DataFrame({"week": range(WINDOW_DAYS // 7 + 1)})
    weeks = every.merge(weeks, on="week", how="left").fillna({"certificates": 0})
    weeks["certificates"] = weeks["certificates"].astype("int64")
    weeks["starts"] = [(today + timedelta(days=7 * w)).isoformat() for w in weeks["week"]]
    return Expiring(
        total=int(found["total"]),
        soon=int(found["soon"]),
        weeks=weeks[["week", "starts", "certificates"]],
        first=_certificates(found["rows"]),
    )


async def expiring_list(graph: AsyncGraph, today: date) -> pd.DataFrame:
    """Every valid certificate expiring in the window (up to MAX_DOWNLOAD_ROWS)."""
    return (await _expiring(graph, today, MAX_DOWNLOAD_ROWS)).first


def _certificates(rows: list[Row]) -> pd.DataFrame:
    columns = ["number", "kind", "standard", "issuer", "expiresOn", "daysLeft"]
    columns += ["holderTaxCode", "holderName"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(
        columns={
            "expiresOn": "expires_on",
            "daysLeft": "days_left",
            "holderTaxCode": "tax_code",
            "holderName": "firm",
        }
    )


def _chains(rows: list[Row], chains: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["chain", "day", "suppliers", "certified"])
    order = {chain: i for i, chain in enumerate(chains)}
    frame = frame.assign(order=frame["chain"].map(order))
    return frame.sort_values(["order", "day"]).drop(columns="order").reset_index(drop=True)


def _placed(rows: list[Row]) -> pd.DataFrame:
    points = ward_points()
    frame = pd.DataFrame(rows, columns=["key", "name", "firms"])
    frame["lat"] = [points.get(key, (None, None))[0] for key in frame["key"]]
    frame["lon"] = [points.get(key, (None, None))[1] for key in frame["key"]]
    provinces = [_province(key) for key in frame["key"]]
    frame["province"] = [unit.name if unit else None for unit in provinces]
    return frame


def _province(key: str) -> Unit | None:
    """The province a unit lies in (itself for a province)."""
    units = units_by_key()
    unit = units.get(key)
    while unit is not None and unit.level != "province":
        unit = units.get(unit.parent_key) if unit.parent_key else None
    return unit


@cache
def _wards_by_province() -> Mapping[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for unit in units_by_key().values():
        if unit.level == "ward":
            province = _province(unit.key)
            if province is not None:
                grouped[province.key].append(unit.key)
    return {province: tuple(keys) for province, keys in grouped.items()}


def _background(frame: pd.DataFrame) -> list[tuple[float, float]]:
    """Every ward point of the provinces the firms are in."""
    points = ward_points()
    provinces = {unit.key for unit in map(_province, frame["key"]) if unit is not None}
    return [
        points[ward]
        for province in sorted(provinces)
        for ward in _wards_by_province().get(province, ())
        if ward in points
    ]


def chart_table(data: ProgressData, chart: str, programme: str | None = None) -> pd.DataFrame:
    """The table behind a chart: ``programme`` (with ``programme`` its code), ``chains``,
    ``expiring-weeks``, ``wards-current`` or ``wards-former``."""
    if chart == "programme":
        key = programme_key(programme or "")
        for item in data.programmes:
            if item.key == key:
                return item.targets.assign(programme=item.code)
        raise NotFoundError(f"no programme {programme!r}")
    if chart == "chains":
        return data.chains
    if chart == "expiring-weeks":
        return data.expiring.weeks
    if chart.startswith("wards-") and chart[6:] in data.wards:
        return data.wards[chart[6:]]
    raise NotFoundError(f"no chart {chart!r}")
