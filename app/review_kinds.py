"""Which record labels a dataset kind names, for the review queue's ``kind`` filter
(``hub review list --kind``, ``GET /api/v1/review?kind=``)."""

from __future__ import annotations

from collections.abc import Iterable

from hub.errors import BadInputError
from hub.graph.model import HOLDER_RELS, Label
from loaders.registry import LOADERS


def reviewable_kinds() -> list[str]:
    return [kind for kind, loader in LOADERS.items() if loader.label in HOLDER_RELS]


def labels_for(kinds: Iterable[str]) -> list[Label]:
    """The labels of records of ``kinds`` (dataset kinds, or labels such as Certificate)."""
    out: list[Label] = []
    for kind in kinds:
        wanted = kind.strip().lower()
        loader = LOADERS.get(wanted)
        label = loader.label if loader is not None else None
        label = label or next((lb for lb in HOLDER_RELS if lb.value.lower() == wanted), None)
        if label is None or label not in HOLDER_RELS:
            raise BadInputError(
                f"unknown kind {kind!r}; kinds are: {', '.join(reviewable_kinds())}"
            )
        if label not in out:
            out.append(label)
    return out
