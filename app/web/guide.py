"""Serve the analysts' guide: GET /guide/ (HTML) and /guide/graph-model.svg.

Neo4j Browser fetches the guide from its own page, so every answer allows any
origin; the fetch may be preceded by a CORS preflight, answered here too.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from hub.guide.page import PICTURE_PATH, render_guide
from hub.guide.picture import graph_model_svg
from hub.settings import Settings

_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Max-Age": "600",
}
_METHODS = ["GET", "OPTIONS"]  # Starlette adds HEAD to GET routes


def _preflight(request: Request) -> Response:
    asked = request.headers.get("access-control-request-headers")
    headers = {**_CORS, "Access-Control-Allow-Headers": asked} if asked else dict(_CORS)
    return Response(status_code=204, headers=headers)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def routes(settings: Settings) -> list[BaseRoute]:
    """The guide's routes, to mount in the app's route list."""
    picture = graph_model_svg().encode("utf-8")

    async def guide(request: Request) -> Response:
        if request.method == "OPTIONS":
            return _preflight(request)
        html = render_guide(_base_url(request), settings)
        return HTMLResponse(html, headers={**_CORS, "Cache-Control": "no-cache"})

    async def model_picture(request: Request) -> Response:
        if request.method == "OPTIONS":
            return _preflight(request)
        return Response(picture, media_type="image/svg+xml", headers=_CORS)

    return [
        Route("/guide/", guide, methods=_METHODS, name="guide"),
        Route("/guide", guide, methods=_METHODS),
        Route(PICTURE_PATH, model_picture, methods=_METHODS, name="guide-picture"),
    ]
