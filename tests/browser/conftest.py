"""Real-browser fixtures: Debian's Chromium driven by playwright, the hub served by uvicorn.

No browser is downloaded: ``scripts/install-browser.sh`` (run by bootstrap) puts
Chromium at /usr/bin/chromium and playwright only drives it. Each test gets a fresh
profile. The hub runs ``create_app(settings)`` in a background thread, on the
configured port when it is free (Neo4j's post-connect command plays the guide from
there), else on any free local port. Screenshots go to ``test-artifacts/browser``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, Playwright, sync_playwright

from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import PROJECT_ROOT, Settings
from tests.conftest import DATA, load
from tests.ports import free_port

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
# Without the background-networking flags, a closed network floods connection errors.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
START_TIMEOUT = 30.0
_FIXTURE_FILES = [
    ("enterprises", "enterprises.csv"),
    ("certificates", "certificates.csv"),
    ("awards", "awards.csv"),
    ("measurement", "measurement.csv"),
    ("programme_support", "programme_support.csv"),
    ("products", "products.json"),
    ("trace_events", "trace_events.csv"),
]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh (bootstrap does)")
    with sync_playwright() as driver:
        yield driver


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(
    playwright: Playwright, tmp_path: Path, request: pytest.FixtureRequest, artifacts: Path
) -> Iterator[Page]:
    """A page in a fresh Chromium profile, closed after the test (a screenshot on failure)."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=VIEWPORT,  # type: ignore[arg-type]
    )
    context.set_default_timeout(30_000)
    page = context.pages[0] if context.pages else context.new_page()
    try:
        yield page
    finally:
        if request.node.stash.get(_FAILED, False):
            page.screenshot(path=artifacts / f"{request.node.name}-failed.png")
        context.close()


@pytest.fixture(scope="module")
def browser_graph(graph: Graph) -> Graph:
    """The loader fixtures, loaded afresh for each browser test module."""
    admin.clear_data(graph)
    for kind, name in _FIXTURE_FILES:
        assert load(graph, kind, DATA / "loaders" / name).ok
    return graph


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def hub_url(settings: Settings) -> Iterator[str]:
    """The hub, served by uvicorn in a background thread, for the whole session."""
    from app.web.app import create_app

    port = settings.port if _port_free(settings.port) else free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="hub-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"the hub did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
