"""GraphQL over WebSocket at ``/graphql``: the ``graphql-transport-ws`` protocol.

Strawberry's ASGI view serves it, with the app's schema (limits included) and a
request context like the HTTP endpoint's. It is how a client follows the change feed
live (``subscription { changes(since: ...) { cursor node { kind key op } } }``);
HTTP ``/graphql`` stays queries only. Pages on other origins may not open it (the
view refuses cross-origin handshakes); clients that are not browsers may.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from schema import HubSchema
from schema.context import Context


class _SubscriptionView(GraphQL[Context, None]):
    def __init__(self, schema: HubSchema, context: Callable[[], Context]) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self._context = context

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return self._context()


def routes(schema: HubSchema, context: Callable[[], Context]) -> list[BaseRoute]:
    return [WebSocketRoute("/graphql", _SubscriptionView(schema, context))]
