"""The report pages as a manager sees them in Chromium: read, switch language, click, download.

Nothing is fetched from anywhere but the hub (the pages work offline); screenshots go
to ``test-artifacts/browser`` (the README's pictures are taken from there).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Page

from hub.graph.driver import Graph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHU_HOA = "Công ty TNHH Thực phẩm Phú Hòa"


def _local_only(page: Page) -> list[str]:
    """Every request the page makes that leaves the hub's host (should stay empty)."""
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: elsewhere.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None,
    )
    return elsewhere


def test_progress_page_reads_switches_and_opens_the_firms_behind_a_bar(
    page: Page, hub_url: str, browser_graph: Graph, artifacts: Path
) -> None:
    elsewhere = _local_only(page)
    page.goto(f"{hub_url}/progress/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("heading", name="Tiến độ các chương trình").wait_for()
    assert page.locator("svg.chart").count() >= 13
    assert page.locator("svg.dot-map circle.place").count() >= 5
    page.screenshot(path=artifacts / "progress.png", full_page=True)

    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Programme progress").wait_for()
    bar = page.locator("#programme-2684-qd-ubnd svg a").first
    bar.click()
    page.get_by_role("heading", name="Firms behind the target").wait_for()
    assert page.get_by_role("cell", name=PHU_HOA).count() == 1
    page.screenshot(path=artifacts / "progress-firms.png", full_page=True)
    assert elsewhere == []


def test_progress_chart_downloads_its_data(
    page: Page, hub_url: str, browser_graph: Graph, tmp_path: Path
) -> None:
    page.goto(f"{hub_url}/progress/")
    with page.expect_download() as download:
        page.locator("#chains a.download-csv").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    table = pd.read_csv(saved, encoding="utf-8-sig")
    assert saved.name == "progress-chains.csv"
    assert set(table.columns) == {"chain", "day", "suppliers", "certified"}
    assert table[table["chain"] == "eggs"]["suppliers"].iloc[-1] >= 1


def test_quality_page_and_catalogue(
    page: Page, hub_url: str, browser_graph: Graph, artifacts: Path
) -> None:
    elsewhere = _local_only(page)
    page.goto(f"{hub_url}/quality/")
    page.get_by_role("heading", name="Chất lượng dữ liệu theo cơ quan").wait_for()
    summary = page.locator("table.summary").first
    assert summary.locator("tbody tr").count() >= 5
    assert page.locator("svg.line-chart").count() >= 1
    page.screenshot(path=artifacts / "quality.png", full_page=True)

    answer = page.goto(f"{hub_url}/catalog.jsonld")
    assert answer is not None and answer.headers["content-type"].startswith("application/ld+json")
    catalogue = json.loads(answer.text())
    assert catalogue["@type"] == "dcat:Catalog" and len(catalogue["dcat:dataset"]) >= 5
    page.screenshot(path=artifacts / "catalog.png")
    assert elsewhere == []
