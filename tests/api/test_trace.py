"""trace(lotCode, direction, maxDepth) over HTTP, on tests/data/api/trace_events.csv."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.graphql_client import ask, data

TRACE = """
query Trace($lot: String!, $direction: TraceDirection, $maxDepth: Int) {
  trace(lotCode: $lot, direction: $direction, maxDepth: $maxDepth) {
    truncated
    lots { code depth }
    links { from to eventIds }
  }
}
"""


async def walk(client: httpx.AsyncClient, lot: str, **arguments: Any) -> dict:
    found = (await data(client, TRACE, lot=lot, **arguments))["trace"]
    assert found["truncated"] is False
    return {
        "lots": [(lot["code"], lot["depth"]) for lot in found["lots"]],
        "links": [(link["from"], link["to"], link["eventIds"]) for link in found["links"]],
    }


EGGS_TO_PALLET = [
    ("LOT-EGG-A", "PALLET-1", ["EV-3"]),
    ("LOT-EGG-B", "PALLET-1", ["EV-3"]),
]
PALLET_TO_MAYO = [("PALLET-1", "LOT-MAYO-1", ["EV-5"])]


async def test_upstream_through_a_transformation_and_an_aggregation(
    client: httpx.AsyncClient,
) -> None:
    assert await walk(client, "LOT-MAYO-1", direction="UPSTREAM") == {
        "lots": [("LOT-MAYO-1", 0), ("PALLET-1", 1), ("LOT-EGG-A", 2), ("LOT-EGG-B", 2)],
        "links": EGGS_TO_PALLET + PALLET_TO_MAYO,
    }


async def test_downstream_leaves_the_sibling_inputs_out(client: httpx.AsyncClient) -> None:
    assert await walk(client, "LOT-EGG-A", direction="DOWNSTREAM") == {
        "lots": [("LOT-EGG-A", 0), ("PALLET-1", 1), ("LOT-MAYO-1", 2)],
        "links": [EGGS_TO_PALLET[0], *PALLET_TO_MAYO],
    }
    assert await walk(client, "LOT-EGG-A", direction="UPSTREAM") == {
        "lots": [("LOT-EGG-A", 0)],
        "links": [],
    }


async def test_both_directions_is_the_default(client: httpx.AsyncClient) -> None:
    expected = {
        "lots": [("PALLET-1", 0), ("LOT-EGG-A", 1), ("LOT-EGG-B", 1), ("LOT-MAYO-1", 1)],
        "links": EGGS_TO_PALLET + PALLET_TO_MAYO,
    }
    assert await walk(client, "PALLET-1") == expected
    assert await walk(client, "PALLET-1", direction="BOTH", maxDepth=None) == expected


@pytest.mark.parametrize(
    ("depth", "lots"),
    [
        (0, [("LOT-MAYO-1", 0)]),
        (1, [("LOT-MAYO-1", 0), ("PALLET-1", 1)]),
        (2, [("LOT-MAYO-1", 0), ("PALLET-1", 1), ("LOT-EGG-A", 2), ("LOT-EGG-B", 2)]),
        (20, [("LOT-MAYO-1", 0), ("PALLET-1", 1), ("LOT-EGG-A", 2), ("LOT-EGG-B", 2)]),
    ],
)
async def test_max_depth_bounds_the_walk(client: httpx.AsyncClient, depth: int, lots: list) -> None:
    found = await walk(client, "LOT-MAYO-1", direction="UPSTREAM", maxDepth=depth)
    assert found["lots"] == lots


@pytest.mark.parametrize("direction", ["UPSTREAM", "DOWNSTREAM", "BOTH"])
async def test_a_cycle_in_the_data_ends(client: httpx.AsyncClient, direction: str) -> None:
    # EV-7..9 make LOT-CYC-B -> A, C -> B and A -> C: a cycle of three.
    found = await walk(client, "LOT-CYC-A", direction=direction, maxDepth=20)
    assert sorted(found["lots"]) == sorted(
        {
            "UPSTREAM": [("LOT-CYC-A", 0), ("LOT-CYC-B", 1), ("LOT-CYC-C", 2)],
            "DOWNSTREAM": [("LOT-CYC-A", 0), ("LOT-CYC-C", 1), ("LOT-CYC-B", 2)],
            "BOTH": [("LOT-CYC-A", 0), ("LOT-CYC-B", 1), ("LOT-CYC-C", 1)],
        }[direction]
    )
    assert found["links"] == [
        ("LOT-CYC-A", "LOT-CYC-C", ["EV-9"]),
        ("LOT-CYC-B", "LOT-CYC-A", ["EV-7"]),
        ("LOT-CYC-C", "LOT-CYC-B", ["EV-8"]),
    ]


LOTS = """
query Lots($lot: String!) {
  trace(lotCode: $lot, direction: UPSTREAM, maxDepth: 1) {
    lots {
      code chain productCode
      product { code name chain producer { taxCode } }
      events {
        eventId type bizStep time role quantity uom location linkMethod actorName
        actor { taxCode name certificates(validOn: "2026-06-01") { number standard } }
      }
    }
  }
}
"""


async def test_lots_come_with_product_events_and_certified_actors(
    client: httpx.AsyncClient,
) -> None:
    mayo, pallet = (await data(client, LOTS, lot="LOT-MAYO-1"))["trace"]["lots"]
    c_firm = {
        "taxCode": "0301234562",
        "name": "Công ty TNHH MTV Trứng Sạch Sài Gòn",
        "certificates": [
            {"number": "FS-C-01", "standard": "ISO 22000:2018"},
            {"number": "X-C-02", "standard": "ISO 90011:2020"},
        ],
    }
    a_firm = {
        "taxCode": "3700635642",
        "name": "Công ty TNHH Thực phẩm Phú Hòa",
        "certificates": [{"number": "QMS-A-01", "standard": "ISO 9001:2015"}],
    }
    assert (mayo["code"], mayo["chain"], mayo["productCode"], mayo["product"]) == (
        "LOT-MAYO-1",
        None,
        None,
        None,
    )
    assert [
        (e["eventId"], e["type"], e["bizStep"], e["time"], e["role"], e["linkMethod"])
        for e in mayo["events"]
    ] == [
        (
            "EV-5",
            "TRANSFORMATION",
            "transforming",
            "2025-03-04T10:00:00+07:00",
            "ABOUT",
            "TAX_CODE",
        ),
        ("EV-6", "OBJECT", "receiving", "2025-03-05T11:00:00+07:00", "ABOUT", "NAME"),
    ]
    assert [e["actor"] for e in mayo["events"]] == [c_firm, c_firm]
    assert mayo["events"][1]["actorName"] == "Công ty TNHH MTV Trứng Sạch Sài Gòn"
    assert (pallet["code"], pallet["chain"], pallet["productCode"]) == (
        "PALLET-1",
        "EGGS",
        "8930000000019",
    )
    assert pallet["product"] == {
        "code": "8930000000019",
        "name": "Trứng gà sạch Phú Hòa",
        "chain": "EGGS",
        "producer": {"taxCode": "3700635642"},
    }
    assert [(e["eventId"], e["bizStep"], e["role"]) for e in pallet["events"]] == [
        ("EV-3", "packing", "ABOUT"),
        ("EV-4", "shipping", "ABOUT"),
        ("EV-5", "transforming", "CONSUMED"),
    ]
    assert [e["actor"] for e in pallet["events"]] == [a_firm, c_firm, c_firm]
    assert (pallet["events"][0]["quantity"], pallet["events"][0]["uom"]) == (1800.0, "quả")


async def test_an_unknown_lot_is_null(client: httpx.AsyncClient) -> None:
    assert (await data(client, TRACE, lot="NO-SUCH-LOT"))["trace"] is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"maxDepth": 21}, "maxDepth must be between 0 and 20"),
        ({"maxDepth": -1}, "maxDepth must be between 0 and 20"),
        ({"lot": "  "}, "lotCode is empty"),
    ],
)
async def test_trace_arguments_refused(
    client: httpx.AsyncClient, arguments: dict, message: str
) -> None:
    body, trips = await ask(client, TRACE, **{"lot": "PALLET-1", **arguments})
    assert trips == 0
    assert body["data"] == {"trace": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == message
