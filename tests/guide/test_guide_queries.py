"""Every query of the analysts' guide runs through the driver against loaded data.

The loader fixtures (``tests/data/loaders``) give known answers; the sample dataset
(``data/sample``), loaded last, shows every query answers on realistic data with the
guide's own parameters.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.cli.demo import SAMPLE, sample_files
from hub.graph import admin
from hub.graph.driver import Graph, Row
from hub.guide.queries import QUERIES, GuideQuery, by_slug
from loaders.report import LoadReport
from tests.conftest import DATA, load

FIXTURES = DATA / "loaders"
_FIXTURE_FILES = [  # load order: enterprises first, so the others link to them
    ("enterprises", "enterprises.csv"),
    ("certificates", "certificates.csv"),
    ("awards", "awards.csv"),
    ("measurement", "measurement.csv"),
    ("programme_support", "programme_support.csv"),
    ("products", "products.json"),
    ("trace_events", "trace_events.csv"),
]
DAY = "2026-11-24"  # the fixtures' "today", so answers do not move with the clock
# What differs from the guide's defaults (chosen for the sample dataset).
_FIXTURE_PARAMS: dict[str, dict[str, Any]] = {
    "firm": {"taxCode": "3700635642"},
    "trace-a-lot": {"lotCode": "PALLET-TRUNG-1"},
    "certified-suppliers-by-ward": {"asOf": DAY},
    "expiring-certificates": {"asOf": DAY},
}
PHU_HOA = "Công ty TNHH Thực phẩm Phú Hòa"
BACH_DANG = "Công ty Cổ phần Nông sản Bạch Đằng"


@pytest.fixture(scope="module")
def fixture_runs(graph: Graph) -> dict[str, LoadReport]:
    admin.clear_data(graph)
    reports = {kind: load(graph, kind, FIXTURES / name) for kind, name in _FIXTURE_FILES}
    assert all(report.ok for report in reports.values())
    return reports


def _ask(graph: Graph, slug: str, **params: Any) -> list[Row]:
    query = by_slug(slug)
    return graph.read(query.cypher, {**query.params, **_FIXTURE_PARAMS.get(slug, {}), **params})


def test_guide_has_at_least_ten_queries_with_unique_slugs() -> None:
    slugs = [q.slug for q in QUERIES]
    assert len(slugs) >= 10
    assert len(set(slugs)) == len(slugs)


@pytest.mark.parametrize("query", QUERIES, ids=[q.slug for q in QUERIES])
def test_every_guide_query_answers_on_the_fixtures(
    graph: Graph, fixture_runs: dict[str, LoadReport], query: GuideQuery
) -> None:
    assert _ask(graph, query.slug), f"{query.slug} found nothing in the fixtures"


def test_one_firm_with_its_links(graph: Graph, fixture_runs: dict[str, LoadReport]) -> None:
    [row] = _ask(graph, "firm")
    assert row["e"]["name"] == PHU_HOA
    assert len(row["links"]) >= 6  # certificates, award, supports, product, branch, wards


def test_certified_suppliers_by_ward_in_both_eras(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    current = {
        (r["chain"], r["ward"]): r["firms"] for r in _ask(graph, "certified-suppliers-by-ward")
    }
    assert current[("eggs", "Phường Phú Lợi")] == [PHU_HOA]
    former = _ask(graph, "certified-suppliers-by-ward", era="former")
    assert {"chain": "eggs", "ward": "Phường Phú Hòa", "suppliers": 1, "firms": [PHU_HOA]} in former
    # Thuận An's only certificate is suspended: not a certified supplier.
    assert "poultry_meat" not in {r["chain"] for r in former}


def test_firms_supported_by_several_programmes(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    rows = {r["firm"]: r for r in _ask(graph, "several-programmes")}
    assert sorted(rows[BACH_DANG]["programmes"]) == ["2109/QĐ-UBND", "2684/QĐ-UBND", "996/QĐ-TTg"]
    assert rows["Công ty TNHH Gia cầm Thuận An"]["count"] == 2
    at_least_three = _ask(graph, "several-programmes", minProgrammes=3)
    assert {r["firm"] for r in at_least_three} == {BACH_DANG, PHU_HOA}


def test_expired_and_expiring_certificates_of_traceable_suppliers(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    rows = {r["certificate"]: r for r in _ask(graph, "expiring-certificates")}
    # The branch's expired FSMS-003 is left out: the branch supplies no traceable product.
    assert set(rows) == {"QMS-001", "QMS-002"}
    assert rows["QMS-001"]["state"] == "expires in 46 days"
    assert rows["QMS-002"]["state"] == "expired"
    assert not _ask(graph, "expiring-certificates", asOf="2025-01-01", days=30)


def test_programme_progress_counts_distinct_firms(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    rows = {r["indicator"]: r for r in _ask(graph, "programme-progress")}
    tools = rows["firms supported with productivity solutions"]
    assert (tools["achieved"], tools["percent"]) == (2, 50.0)
    assert rows["certified experts"]["achieved"] is None
    every = _ask(graph, "programme-progress", programme=None)
    assert {r["programme"] for r in every} >= {"2684/QĐ-UBND", "2943/QĐ-UBND", "996/QĐ-TTg"}


def test_trace_of_a_lot_walks_up_and_down_but_not_sideways(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    pallet = {r["lot"]["code"] for r in _ask(graph, "trace-a-lot")}
    assert pallet == {"LOT-TRUNG-A", "LOT-TRUNG-B", "PALLET-TRUNG-1", "LOT-BANH-1"}
    rows = _ask(graph, "trace-a-lot", lotCode="LOT-TRUNG-A")
    assert {r["lot"]["code"] for r in rows} == {"LOT-TRUNG-A", "PALLET-TRUNG-1", "LOT-BANH-1"}
    assert all(r["events"] for r in rows)  # every lot shows who recorded it


def test_records_linked_by_name_only(graph: Graph, fixture_runs: dict[str, LoadReport]) -> None:
    rows = _ask(graph, "linked-by-name")
    assert {r["method"] for r in rows} <= {"name", "fuzzy_name"}
    by_record = {r["recordName"]: r for r in rows}
    certificate = by_record["HC-005 · TCVN 11892-1:2017"]
    assert certificate["nameGiven"] == "Cty TNHH Rau xanh Phu Loi"
    assert certificate["linkedTo"] == "Công ty TNHH Rau Xanh Phú Lợi"


def test_review_queue_shows_unresolved_and_ambiguous(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    rows = {r["recordName"]: r for r in _ask(graph, "review-queue")}
    ambiguous = rows["QMS-006 · ISO 90011:2020"]
    assert ambiguous["status"] == "ambiguous"
    assert len(ambiguous["candidates"]) == 2
    assert rows["QMS-007 · ISO 9001:2015"]["status"] == "unresolved"


def test_measurement_support_by_year_and_district(
    graph: Graph, fixture_runs: dict[str, LoadReport]
) -> None:
    rows = _ask(graph, "measurement-by-district", year=2023)
    by_district = {r["district"]: r for r in rows}
    assert by_district["Thành phố Thủ Dầu Một"]["amountVnd"] == 12_500_000
    assert by_district["Thành phố Tân Uyên"]["instruments"] == 6
    assert {r["year"] for r in rows} == {2023}


def test_what_a_load_run_changed(graph: Graph, fixture_runs: dict[str, LoadReport]) -> None:
    run = fixture_runs["certificates"].load_run
    rows = {r["label"]: r for r in _ask(graph, "load-run-changes", loadRun=run)}
    assert rows["Certificate"]["created"] == 8
    assert rows["Standard"]["created"] >= 1
    runs = [r["loadRun"] for r in _ask(graph, "load-runs")]
    assert run in runs


def test_branches_and_their_head_office(graph: Graph, fixture_runs: dict[str, LoadReport]) -> None:
    [row] = _ask(graph, "branches", headTaxCode="3700635642")
    branch, relationship, head = row["branch"]
    assert branch["taxCode"] == "3700635642-001"
    assert relationship == "BRANCH_OF"
    assert head["name"] == PHU_HOA


def test_awards_by_year(graph: Graph, fixture_runs: dict[str, LoadReport]) -> None:
    rows = _ask(graph, "awards-by-year")
    assert [r["year"] for r in rows] == [2022, 2021, 2019]
    assert rows[-1]["firms"] == [PHU_HOA]


# Last in this module: it replaces the fixture data with the sample dataset.
@pytest.mark.slow
def test_every_guide_query_answers_on_the_sample_data(graph: Graph) -> None:
    if not (SAMPLE / "manifest.json").exists():
        pytest.skip("no sample dataset: python -m bench.generate --scale 1 --out data/sample")
    admin.clear_data(graph)
    for kind, name in sample_files():
        assert load(graph, kind, SAMPLE / name).ok
    empty = [q.slug for q in QUERIES if not graph.read(q.cypher, q.params)]
    assert not empty, f"guide queries with no answer on the sample data: {empty}"
