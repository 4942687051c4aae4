"""``/progress/``: programme targets, pilot chains, expiring certificates, firms by ward.

    GET /progress/                       the page (``?lang=en`` for English)
    GET /progress/firms?programme=&target=    the firms behind one target's bar
    GET /progress/data.{csv|xlsx}?chart=      the table behind a chart
    GET /progress/firms.{csv|xlsx}?programme=&target=

The page's data is read once per graph version (``VersionCache``), today included.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from app.web.pages.cache import VersionCache
from app.web.pages.common import file_response, int_param, pages, words_of
from hub.errors import BadInputError
from hub.graph.driver import AsyncGraph
from hub.reports import progress, tables
from hub.reports.progress_page import render_firms, render_progress
from schema.context import VIETNAM, today
from schema.query import ALL_CHAINS

_FORMATS = ("csv", "xlsx")


class ProgressPages:
    def __init__(self, graph: Callable[[], AsyncGraph]) -> None:
        self._graph = graph
        self._cache = VersionCache()
        self.routes: list[BaseRoute] = [
            Route("/progress/", pages(self.page), methods=["GET"]),
            Route("/progress", pages(self.page), methods=["GET"]),
            Route("/progress/firms", pages(self.firms), methods=["GET"]),
            Route("/progress/data.{fmt}", pages(self.data), methods=["GET"]),
            Route("/progress/firms.{fmt}", pages(self.firms_data), methods=["GET"]),
        ]

    async def _data(self) -> progress.ProgressData:
        graph, day = self._graph(), today()
        return await self._cache.get(
            graph,
            ("progress", day),
            lambda: progress.read_progress(graph, day, ALL_CHAINS, VIETNAM.key),
        )

    async def page(self, request: Request) -> Response:
        html = render_progress(await self._data(), words_of(request), ALL_CHAINS)
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    async def _firms(self, request: Request) -> progress.TargetFirms:
        code = request.query_params.get("programme", "").strip()
        if not code:
            raise BadInputError("name the programme: ?programme=2684/QĐ-UBND&target=1")
        position = int_param(request, "target", 1, 1, 100)
        graph = self._graph()
        return await self._cache.get(
            graph,
            ("firms", code, position),
            lambda: progress.firms_behind(graph, code, position),
        )

    async def firms(self, request: Request) -> Response:
        behind = await self._firms(request)
        return HTMLResponse(render_firms(behind, words_of(request), today().isoformat()))

    async def firms_data(self, request: Request) -> Response:
        fmt = tables.check_format(request.path_params["fmt"], _FORMATS)
        behind = await self._firms(request)
        name = f"firms-{behind.programme.key.replace(' ', '-')}-{behind.target['position']}"
        return file_response(tables.write(behind.firms, fmt, "firms"), fmt, name)

    async def data(self, request: Request) -> Response:
        fmt = tables.check_format(request.path_params["fmt"], _FORMATS)
        chart = request.query_params.get("chart", "")
        if chart == "expiring":
            frame = await self._expiring()
        else:
            frame = progress.chart_table(
                await self._data(), chart, request.query_params.get("programme")
            )
        return file_response(
            tables.write(frame, fmt, chart[:31] or "data"), fmt, f"progress-{chart}"
        )

    async def _expiring(self) -> pd.DataFrame:
        graph, day = self._graph(), today()
        return await self._cache.get(
            graph, ("expiring", day), lambda: progress.expiring_list(graph, day)
        )
