"""What ``search`` returns: hits of three kinds, best first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from hub.graph.driver import Row
from schema.enums import SearchHitKind
from schema.types import Certificate, Enterprise, Product

SearchEntity = Annotated[Enterprise | Product | Certificate, strawberry.union("SearchEntity")]


@strawberry.type(description="One search result: `kind` says which of the typed fields is set.")
class SearchHit:
    kind: SearchHitKind
    score: float
    entity: SearchEntity
    enterprise: Enterprise | None
    product: Product | None
    certificate: Certificate | None

    @classmethod
    def from_record(cls, record: Row, today: date) -> SearchHit:
        enterprise, product, certificate = (
            record.get("enterprise"),
            record.get("product"),
            record.get("certificate"),
        )
        firm = Enterprise.from_record(enterprise) if enterprise else None
        item = Product.with_link(product, None) if product else None
        cert = Certificate.with_link(certificate, today) if certificate else None
        entity = firm or item or cert
        assert entity is not None
        return cls(
            kind=SearchHitKind(record["kind"]),
            score=float(record["score"]),
            entity=entity,
            enterprise=firm,
            product=item,
            certificate=cert,
        )
