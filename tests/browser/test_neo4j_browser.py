"""Neo4j Browser, as an analyst uses it: connect, play the hub's guide, run a query.

Neo4j Browser is served by the local Neo4j itself (``/browser/`` on its HTTP port).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from hub.graph.driver import Graph
from hub.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHU_HOA = "Công ty TNHH Thực phẩm Phú Hòa"
BRANCH = "Chi nhánh Công ty TNHH Thực phẩm Phú Hòa tại Bến Cát"
GUIDE_SLIDES = 20  # more than the guide has: how far to look for a slide
EDITOR_RENDER_SECONDS = 5.0


@pytest.fixture(autouse=True)
def _local_server_only(settings: Settings) -> None:
    if not settings.local_neo4j:
        pytest.skip("Neo4j Browser is tested on the hub's local Neo4j only")


def _connect(page: Page, settings: Settings) -> None:
    bolt = f"127.0.0.1:{settings.neo4j_bolt_port}"
    page.goto(
        f"http://127.0.0.1:{settings.neo4j_http_port}/browser/?dbms=bolt://"
        f"{settings.neo4j_user}@{bolt}"
    )
    page.get_by_test_id("password").fill(settings.neo4j_password.reveal())
    assert page.get_by_test_id("boltaddress").input_value() == bolt
    assert page.get_by_test_id("username").input_value() == settings.neo4j_user
    page.get_by_test_id("connect").click()
    page.get_by_test_id("disconnectedBanner").wait_for(state="detached")
    # Once connected, Browser runs its start-up commands (:play start and the server's
    # post-connect command, which plays the guide); each resets the editor when it lands.
    # The guide is "Not found" when no hub serves the configured port: it still lands.
    _frame(page, ":play start").wait_for()
    _frame(page, f":play http://{settings.guide_host}:{settings.port}/guide/").wait_for()


def _editor_text(page: Page) -> str:
    text = page.get_by_test_id("activeEditor").locator(".view-lines").inner_text()
    return " ".join(text.replace("\xa0", " ").split())


def _shows(page: Page, command: str) -> bool:
    """Whether the editor shows the command; Monaco renders a frame after the keys land."""
    deadline = time.monotonic() + EDITOR_RENDER_SECONDS
    while _editor_text(page) != command:
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
    return True


def _run(page: Page, command: str) -> None:
    """Type a command into the main editor, check it is there, and run it."""
    for _ in range(3):
        page.get_by_test_id("activeEditor").click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(command)
        if _shows(page, command):
            break
    else:
        shown = _editor_text(page)
        pytest.fail(f"could not type {command!r} into Browser's editor; it shows {shown!r}")
    page.get_by_test_id("editor-Run").click()


def _frame(page: Page, command_text: str) -> Locator:
    """The newest result frame whose command contains the text."""
    command = page.get_by_test_id("frameCommand").filter(has_text=command_text)
    return page.get_by_test_id("frame").filter(has=command).first


def _guide_slide(guide: Locator, title: str) -> None:
    for _ in range(GUIDE_SLIDES):
        if guide.locator("h3", has_text=title).count():
            return
        guide.get_by_test_id("nextSlide").click()
    pytest.fail(f"no guide slide titled {title!r}")


def test_connects_to_the_local_server(
    page: Page, settings: Settings, browser_graph: Graph, artifacts: Path
) -> None:
    _connect(page, settings)
    _run(page, "MATCH (e:Enterprise {key: '3700635642'}) RETURN e.name AS firm")
    frame = _frame(page, "RETURN e.name AS firm")
    frame.get_by_text(PHU_HOA).first.wait_for()
    page.screenshot(path=artifacts / "neo4j-browser-connected.png")


def test_plays_the_guide_and_renders_a_guide_query(
    page: Page, settings: Settings, hub_url: str, browser_graph: Graph, artifacts: Path
) -> None:
    _connect(page, settings)
    # By "localhost", so this frame is told apart from the one the post-connect command
    # opens (by 127.0.0.1) when the hub runs on the configured port.
    play = f":play {hub_url.replace('127.0.0.1', 'localhost')}/guide/"
    _run(page, play)
    guide = _frame(page, play).filter(has=page.get_by_test_id("carousel"))
    picture = guide.locator("img[alt^='The graph model']")
    picture.wait_for()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=artifacts / "neo4j-browser-guide.png")

    _guide_slide(guide, "Branch offices and their head office")
    blocks = guide.locator("pre.runnable:visible")
    blocks.nth(0).click()  # :params
    page.get_by_test_id("editor-Run").click()
    blocks.nth(1).click()  # the query
    page.get_by_test_id("editor-Run").click()

    result = _frame(page, "MATCH branch")
    result.locator("svg .node").first.wait_for()
    assert result.locator("svg .node").count() == 2
    assert result.locator("svg .relationship").count() == 1
    assert result.get_by_text("BRANCH_OF").count() >= 1
    page.screenshot(path=artifacts / "neo4j-browser-guide-query-graph.png")

    result.get_by_test_id("cypherFrameSidebarTable").click()
    result.get_by_text(BRANCH).first.wait_for()
    assert result.get_by_text(PHU_HOA).count() >= 1
    page.screenshot(path=artifacts / "neo4j-browser-guide-query-table.png")
