"""The table of dataset kinds: a new kind is one module and one line here."""

from __future__ import annotations

from hub import vocabulary
from loaders import (
    awards,
    certificates,
    enterprises,
    epcis,
    measurement,
    products,
    programme_support,
    trace_events,
)
from loaders.base import KindLoader

LOADERS: dict[str, KindLoader] = {
    loader.kind: loader
    for loader in (
        enterprises.LOADER,
        certificates.LOADER,
        awards.LOADER,
        measurement.LOADER,
        programme_support.LOADER,
        products.LOADER,
        trace_events.LOADER,
        epcis.LOADER,
    )
}
KINDS = vocabulary.DATASET_KINDS
if tuple(LOADERS) != KINDS:  # one list of kinds: the vocabulary's, in its load order
    raise RuntimeError(f"loaders {tuple(LOADERS)} do not match the dataset kinds {KINDS}")


def loader_for(kind: str) -> KindLoader:
    try:
        return LOADERS[kind]
    except KeyError:
        raise KeyError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}") from None
