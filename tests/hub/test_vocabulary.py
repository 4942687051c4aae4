"""One vocabulary: GraphQL enums, loaders and the graph layer name the same values."""

from __future__ import annotations

from enum import Enum

import pytest

from hub import vocabulary
from hub.graph.model import LinkMethod as StoredLinkMethod
from hub.graph.model import LinkStatus as StoredLinkStatus
from loaders.fields import enum_choices, parse_enum
from loaders.registry import KINDS
from schema import enums


def _values(enum: type[Enum]) -> set[object]:
    return {member.value for member in enum}


@pytest.mark.parametrize(
    ("graphql_enum", "values"),
    [
        (enums.EnterpriseSize, vocabulary.ENTERPRISE_SIZES),
        (enums.EnterpriseStatus, vocabulary.ENTERPRISE_STATUSES),
        (enums.CertificateKind, vocabulary.CERTIFICATE_KINDS),
        (enums.AwardKind, vocabulary.AWARDS),
        (enums.MeasurementSupportKind, vocabulary.MEASUREMENT_SUPPORT_TYPES),
        (enums.ProgrammeSupportKind, vocabulary.PROGRAMME_SUPPORT_KINDS),
        (enums.ProductChain, vocabulary.CHAINS),
        (enums.DatasetKind, vocabulary.DATASET_KINDS),
        (enums.LinkMethod, StoredLinkMethod),
        (enums.LinkStatus, StoredLinkStatus),
    ],
)
def test_graphql_enums_name_the_vocabulary(graphql_enum: type[Enum], values: object) -> None:
    expected = _values(values) if isinstance(values, type) else set(values)  # type: ignore[arg-type]
    assert _values(graphql_enum) == expected


def test_stored_statuses_and_the_day_status() -> None:
    # EXPIRED is computed on the day asked, never stored.
    assert _values(enums.CertificateStatus) == {*vocabulary.CERTIFICATE_STATUSES, "expired"}


def test_event_types_of_tables_and_of_epcis() -> None:
    # Tables name three types; EPCIS documents add association events.
    assert _values(enums.TraceEventType) == {*vocabulary.TRACE_EVENT_TYPES, "association"}


def test_the_loaders_are_the_dataset_kinds_in_load_order() -> None:
    assert KINDS == vocabulary.DATASET_KINDS
    assert KINDS[0] == "enterprises"


def test_every_spelling_reads_as_its_value() -> None:
    for table in (vocabulary.CHAINS, vocabulary.CERTIFICATE_KINDS, vocabulary.AWARDS):
        choices = enum_choices(table)
        for value, spellings in table.items():
            for spelling in (value, *spellings):
                assert parse_enum(spelling.upper(), choices) == value
