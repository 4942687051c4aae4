"""The review queue over HTTP, for a partner key with the ``review`` scope; mounted
beside the partner API's routes under ``/api/v1`` (``app.web.app``).

    GET  /review?kind=K&first=N&after=ID   {"items": [...], "next": ID or null}
    POST /review/{id}/link   {"taxCode": "3700635642"}   {"decision": {...}}
    POST /review/{id}/reject                             {"decision": {...}}

Items and decisions are those of ``hub review`` (``hub.graph.review``). A key reviews
the records of the dataset kinds it may send; the decision is stored as made by
``api:<agency> (key <id>)``. Errors are the partner API's problems (``app.web.problems``):
401, 429, 403 (no review scope, or a kind outside the key's), 400, 404 (no such record
or firm).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.review_kinds import labels_for
from hub import taxcode
from hub.auth import Caller, authorize_scope
from hub.errors import BadInputError, ForbiddenError, HubError
from hub.graph import review
from hub.graph.model import Label

if TYPE_CHECKING:
    from app.web.partner import PartnerApi

SCOPE = "review"
Handler = Callable[[Request, Caller], Awaitable[Response]]
_DEFAULT_PAGE = 50


class ReviewRoutes:
    def __init__(self, partner: PartnerApi) -> None:
        self.partner = partner
        self.routes: list[BaseRoute] = [
            Route("/review", self.queue, methods=["GET"]),
            Route("/review/{item}/link", self.link, methods=["POST"]),
            Route("/review/{item}/reject", self.reject, methods=["POST"]),
        ]

    async def queue(self, request: Request) -> Response:
        return await self._answer(request, self._queue)

    async def link(self, request: Request) -> Response:
        return await self._answer(request, self._link)

    async def reject(self, request: Request) -> Response:
        return await self._answer(request, self._reject)

    async def _answer(self, request: Request, handle: Handler) -> Response:
        caller = await self.partner.caller(request)  # one key, one rate budget
        if isinstance(caller, Response):
            return caller
        try:
            authorize_scope(caller, SCOPE)
            return await handle(request, caller)
        except HubError as exc:
            return self.partner.error(exc, request)

    async def _queue(self, request: Request, caller: Caller) -> Response:
        allowed = _labels(caller)
        kind = request.query_params.get("kind")
        labels = labels_for([kind]) if kind else allowed
        if not set(labels) <= set(allowed):
            raise ForbiddenError(f"this key reviews {', '.join(sorted(caller.kinds))}, not {kind}")
        first = _first(request.query_params.get("first"))
        after_text = request.query_params.get("after")
        after = review.ItemId.parse(after_text) if after_text else None
        items = await run_in_threadpool(review.queue, self.partner.graph, labels, first, after)
        following = items[-1]["id"] if len(items) == first else None
        return JSONResponse({"items": items, "next": following})

    async def _link(self, request: Request, caller: Caller) -> Response:
        item = self._item(request, caller)
        code = _tax_code(await _body(request))
        decision = await run_in_threadpool(
            review.link, self.partner.graph, item, code, _who(caller), datetime.now(UTC)
        )
        return JSONResponse({"decision": decision.as_dict()})

    async def _reject(self, request: Request, caller: Caller) -> Response:
        item = self._item(request, caller)
        decision = await run_in_threadpool(
            review.reject, self.partner.graph, item, _who(caller), datetime.now(UTC)
        )
        return JSONResponse({"decision": decision.as_dict()})

    def _item(self, request: Request, caller: Caller) -> review.ItemId:
        item = review.ItemId.parse(request.path_params["item"])
        if item.label not in _labels(caller):
            raise ForbiddenError(f"this key reviews {', '.join(sorted(caller.kinds))} only")
        return item


def _labels(caller: Caller) -> list[Label]:
    kinds = [k for k in sorted(caller.kinds) if k != "enterprises"]
    return labels_for(kinds)


def _who(caller: Caller) -> str:
    return f"api:{caller.agency} (key {caller.key_id})"


def _first(raw: str | None) -> int:
    if raw is None:
        return _DEFAULT_PAGE
    try:
        first = int(raw)
    except ValueError:
        raise BadInputError(f"first must be a whole number, not {raw!r}") from None
    if not 1 <= first <= review.MAX_PAGE:
        raise BadInputError(f"first must be between 1 and {review.MAX_PAGE}")
    return first


async def _body(request: Request) -> dict[str, object]:
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadInputError('send JSON: {"taxCode": "..."}') from None
    if not isinstance(body, dict):
        raise BadInputError('send a JSON object: {"taxCode": "..."}')
    return body


def _tax_code(body: dict[str, object]) -> str:
    raw = body.get("taxCode")
    if not isinstance(raw, str) or not raw.strip():
        raise BadInputError('taxCode is required: {"taxCode": "3700635642"}')
    try:
        return taxcode.parse(raw).canonical
    except taxcode.TaxCodeError as exc:
        raise BadInputError(f"taxCode {raw!r}: {exc}") from None
