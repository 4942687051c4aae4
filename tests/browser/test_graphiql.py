"""GraphiQL at /graphql, as a developer uses it: type the flagship query, run it, read it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from hub.graph.driver import Graph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHU_HOA = "Công ty TNHH Thực phẩm Phú Hòa"
# On one line: GraphiQL closes brackets as they are typed, and skips over a typed closer.
FLAGSHIP = (
    '{ certifiedTraceableSuppliers(standard: "ISO 9001", chain: EGGS, validOn: "2026-11-24") '
    "{ totalCount edges { node { taxCode name } } } }"
)


def _editor_value(page: Page, selector: str) -> str:
    value = page.locator(f"{selector} .CodeMirror").first.evaluate("e => e.CodeMirror.getValue()")
    return str(value)


def _open_graphiql(page: Page, url: str) -> Locator:
    """GraphiQL's query editor, or a failure naming the scripts that did not load."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url)
    editor = page.locator(".graphiql-query-editor .CodeMirror").first
    try:
        editor.wait_for(timeout=20_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"GraphiQL did not load; requests that failed: {failed or 'none'}")
    return editor


def test_graphiql_runs_the_flagship_query(
    page: Page, hub_url: str, browser_graph: Graph, artifacts: Path
) -> None:
    editor = _open_graphiql(page, f"{hub_url}/graphql")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(FLAGSHIP)
    assert _editor_value(page, ".graphiql-query-editor") == FLAGSHIP
    page.keyboard.press("Shift+Control+P")  # prettify, for the screenshot's reader
    page.keyboard.press("Escape")  # and close the completion list typing opened
    page.locator(".graphiql-execute-button").click()

    response = page.locator(".graphiql-response")
    response.get_by_text(PHU_HOA).first.wait_for()
    page.screenshot(path=artifacts / "graphiql-flagship-query.png")
    answer = json.loads(_editor_value(page, ".graphiql-response"))
    connection = answer["data"]["certifiedTraceableSuppliers"]
    assert connection["totalCount"] == 1
    assert connection["edges"][0]["node"] == {"taxCode": "3700635642", "name": PHU_HOA}
