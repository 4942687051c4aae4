"""``/quality/``: the data-quality scorecard per agency (``hub.reports.quality``).

    GET /quality/?agency=&stale_days=&lang=     the page
    GET /quality/report.{html|xlsx|csv|json}    the whole scorecard, as ``hub report quality``
    GET /quality/data.{csv|xlsx}?table=&agency= one of its tables

The graph reads behind it are made once per graph version (``VersionCache``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from app.web.pages.cache import VersionCache
from app.web.pages.common import file_response, int_param, pages, words_of
from hub.errors import NotFoundError
from hub.graph.driver import AsyncGraph
from hub.reports import quality, tables
from hub.reports.quality_page import render_quality, scorecard_bytes
from hub.settings import Settings
from loaders.registry import LOADERS
from schema.context import VIETNAM, today

KIND_LABELS = {kind: loader.label.value for kind, loader in LOADERS.items()}
MAX_STALE_DAYS = 36_500


class QualityPages:
    def __init__(self, settings: Settings, graph: Callable[[], AsyncGraph]) -> None:
        self._settings = settings
        self._graph = graph
        self._cache = VersionCache(max_entries=16)
        self.routes: list[BaseRoute] = [
            Route("/quality/", pages(self.page), methods=["GET"]),
            Route("/quality", pages(self.page), methods=["GET"]),
            Route("/quality/report.{fmt}", pages(self.report), methods=["GET"]),
            Route("/quality/data.{fmt}", pages(self.data), methods=["GET"]),
        ]

    async def _card(self, request: Request) -> quality.Scorecard:
        stale_days = int_param(
            request, "stale_days", self._settings.quality_stale_days, 0, MAX_STALE_DAYS
        )
        agency = request.query_params.get("agency")
        graph, day = self._graph(), today()

        async def card() -> quality.Scorecard:
            inputs = await self._cache.get(
                graph, ("inputs", day), lambda: quality.read_inputs(graph, day)
            )
            return quality.scorecard(inputs, day, stale_days, KIND_LABELS, VIETNAM, agency)

        return await self._cache.get(graph, ("card", day, stale_days, agency), card)

    async def page(self, request: Request) -> Response:
        card = await self._card(request)
        html = render_quality(card, words_of(request), request.query_params.get("agency"))
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    async def report(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        card = await self._card(request)
        agency = request.query_params.get("agency")
        content = scorecard_bytes(card, fmt, words_of(request), agency)
        if fmt == "html":
            return HTMLResponse(content)
        return file_response(content, fmt, "quality")

    async def data(self, request: Request) -> Response:
        fmt = tables.check_format(request.path_params["fmt"], ("csv", "xlsx"))
        name = request.query_params.get("table", "summary")
        chosen = (await self._card(request)).tables().get(name)
        if chosen is None:
            raise NotFoundError(f"no table {name!r} in the scorecard")
        return file_response(tables.write(chosen, fmt, name), fmt, f"quality-{name}")
