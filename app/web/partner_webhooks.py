"""Webhooks over the partner API, per API key (mounted with it under ``/api/v1``).

    POST   /webhooks                      {url, events, days?}: 201 with the webhook and
                                          its signing secret (shown once)
    GET    /webhooks                      the key's webhooks
    DELETE /webhooks/{id}                 204; its pending deliveries are cancelled
    GET    /webhooks/{id}/deliveries      newest first, each with its attempts

A key sees and removes only its own webhooks (another key's answer 404). Checks and
errors are the partner API's: 401, 429, then 400 for a bad body.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from hub.auth import Caller
from hub.errors import BadInputError, HubError, NotFoundError
from hub.graph.driver import Graph
from hub.settings import Settings
from hub.webhooks import registry

MAX_BODY = 16_384


class Partner(Protocol):
    settings: Settings

    @property
    def graph(self) -> Graph: ...

    async def caller(self, request: Request) -> Caller | Response: ...

    def error(self, exc: HubError, request: Request) -> Response: ...


class PartnerWebhooks:
    def __init__(self, partner: Partner) -> None:
        self.partner = partner
        self.routes: list[BaseRoute] = [
            Route("/webhooks", self.collection, methods=["GET", "POST"]),
            Route("/webhooks/{id}", self.item, methods=["DELETE"]),
            Route("/webhooks/{id}/deliveries", self.deliveries, methods=["GET"]),
        ]

    async def collection(self, request: Request) -> Response:
        caller = await self.partner.caller(request)
        if isinstance(caller, Response):
            return caller
        try:
            if request.method == "GET":
                hooks = await run_in_threadpool(registry.listing, self.partner.graph, caller.key_id)
                return JSONResponse({"webhooks": hooks})
            body = await _body(request)
            registered = await run_in_threadpool(
                registry.register,
                self.partner.graph,
                _text(body, "url"),
                _events(body),
                _days(body),
                caller.key_id,
                caller.agency,
                self.partner.settings.webhook_allow_private,
            )
        except HubError as exc:
            return self.partner.error(exc, request)
        return JSONResponse({**registered.webhook, "secret": registered.secret}, status_code=201)

    async def item(self, request: Request) -> Response:
        caller = await self.partner.caller(request)
        if isinstance(caller, Response):
            return caller
        webhook = request.path_params["id"]
        removed = await run_in_threadpool(
            registry.remove, self.partner.graph, webhook, caller.key_id
        )
        if not removed:
            return self.partner.error(NotFoundError(f"no webhook {webhook!r}"), request)
        return Response(status_code=204)

    async def deliveries(self, request: Request) -> Response:
        caller = await self.partner.caller(request)
        if isinstance(caller, Response):
            return caller
        webhook = request.path_params["id"]
        listed = await run_in_threadpool(
            registry.delivery_log, self.partner.graph, webhook, caller.key_id
        )
        if listed is None:
            return self.partner.error(NotFoundError(f"no webhook {webhook!r}"), request)
        return JSONResponse({"deliveries": listed})


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadInputError("the request body is too large")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise BadInputError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise BadInputError("the request body must be a JSON object")
    return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadInputError(f"{name} is required (a string)")
    return value


def _events(body: dict[str, Any]) -> list[str]:
    events = body.get("events")
    if isinstance(events, str):
        return events.split(",")
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise BadInputError(f"events is required: a list of {', '.join(registry.EVENTS)}")
    return events


def _days(body: dict[str, Any]) -> int | None:
    days = body.get("days")
    if days is None:
        return None
    if not isinstance(days, int) or isinstance(days, bool):
        raise BadInputError("days must be a whole number")
    return days
