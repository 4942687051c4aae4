"""The hub's GraphQL schema (see ../shared/spec/API_CONTRACT.md).

``schema`` is built with the default settings' limits, for exporting the SDL
(``python -m schema.export``) and for tests; the app builds its own with
``build_schema(settings)``, whose limits and introspection follow the settings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from hub.settings import Settings
from schema.fast_paths import CachedNames, LeafFastPath, direct_attribute_reads
from schema.limits import DocumentCache, Limits, guard_factory
from schema.query import Query
from schema.scalars import DATE
from schema.subscription import Subscription


class HubSchema(strawberry.Schema):
    """Leaves error logging to ``schema.errors.format_error``, which masks and logs."""

    def __init__(self, limits: Limits) -> None:
        self.documents = DocumentCache(limits)
        super().__init__(
            query=Query,
            subscription=Subscription,
            extensions=[guard_factory(self.documents)],
            execution_context_class=LeafFastPath,
            config=StrawberryConfig(
                scalar_map={date: DATE},
                disable_field_suggestions=not limits.introspection,
                name_converter=CachedNames(),
            ),
        )
        direct_attribute_reads(self._schema)
        self.documents.bind(self._schema)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def limits_of(settings: Settings) -> Limits:
    return Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_bytes=settings.max_query_bytes,
        max_cost=settings.max_query_cost,
        introspection=settings.introspection,
    )


def build_schema(settings: Settings) -> HubSchema:
    return HubSchema(limits_of(settings))


schema = build_schema(Settings())

__all__: list[Any] = ["HubSchema", "build_schema", "schema"]
