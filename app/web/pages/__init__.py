"""The report pages for people: ``/progress/``, ``/quality/`` and ``/catalog.jsonld``.

Server-rendered HTML with inline SVG charts (``hub.reports``): no script and nothing
fetched from elsewhere, so the pages work offline. Each reads what it shows, once per
graph version (``app.web.pages.cache``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.routing import BaseRoute

from app.web.pages.catalog import CatalogPage
from app.web.pages.progress import ProgressPages
from app.web.pages.quality import QualityPages
from hub.graph.driver import AsyncGraph
from hub.settings import Settings


def routes(settings: Settings, graph: Callable[[], AsyncGraph]) -> list[BaseRoute]:
    """The pages' routes; ``graph`` gives the app's AsyncGraph (opened by its lifespan)."""
    return [
        *ProgressPages(graph).routes,
        *QualityPages(settings, graph).routes,
        *CatalogPage(settings, graph).routes,
    ]
