"""``GET /catalog.jsonld``: the DCAT-AP catalogue of the hub's datasets (JSON-LD)."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from app.web.pages.cache import VersionCache
from app.web.pages.common import pages
from hub.graph import catalog as reads
from hub.graph.driver import AsyncGraph, Row
from hub.reports.catalog import catalogue
from hub.settings import Settings

MEDIA_TYPE = "application/ld+json"


class CatalogPage:
    def __init__(self, settings: Settings, graph: Callable[[], AsyncGraph]) -> None:
        self._settings = settings
        self._graph = graph
        self._cache = VersionCache(max_entries=1)
        self.routes: list[BaseRoute] = [
            Route("/catalog.jsonld", pages(self.page), methods=["GET"]),
        ]

    async def page(self, request: Request) -> Response:
        graph = self._graph()
        rows: list[Row] = await self._cache.get(graph, "datasets", lambda: reads.datasets(graph))
        base = str(request.base_url).rstrip("/")
        document = catalogue(rows, base, self._settings.data_license, self._settings.publisher)
        body = json.dumps(document, ensure_ascii=False, indent=1)
        return Response(body, media_type=MEDIA_TYPE, headers={"Cache-Control": "no-cache"})
