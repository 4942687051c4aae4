"""Snapshot uploads: what an agency's complete list omits is retired, never deleted."""

from __future__ import annotations

import httpx

from hub.graph.driver import Graph
from tests.conftest import DATA
from tests.loaders.test_supply_chains import POMELO_FARM, stored_chains
from tests.partner.conftest import data, new_key, upload_headers

SNAPSHOT = "/api/v1/datasets/enterprises?mode=snapshot"
HIEP_THANH = "3701000003"


def _retired(graph: Graph) -> dict[str, str | None]:
    rows = graph.read("MATCH (e:Enterprise) RETURN e.key AS key, e.retiredBy AS by ORDER BY key")
    return {row["key"]: row["by"] for row in rows if row["by"] is not None}


async def _send(
    client: httpx.AsyncClient, key: str, name: str, url: str = SNAPSHOT, body: bytes = b""
) -> dict:
    content = body or data(name)
    response = await client.post(url, content=content, headers=upload_headers(key))
    assert response.status_code == 200, response.text
    return response.json()


async def test_snapshot_retires_what_it_omits_and_a_later_one_restores_it(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    first = await _send(client, planning_key, "enterprises_all.csv")
    assert first["retired"] == 0 and first["mode"] == "snapshot"

    second = await _send(client, planning_key, "enterprises_without_hiep_thanh.csv")
    assert second["retired"] == 1
    assert _retired(clean_graph) == {HIEP_THANH: second["load_run"]}
    kept = clean_graph.read(
        "MATCH (e:Enterprise {key: $key}) RETURN e.name AS name, e.retiredAt IS NOT NULL AS r",
        {"key": HIEP_THANH},
    )
    assert kept == [{"name": "Công ty TNHH Cơ khí Hiệp Thành", "r": True}]

    third = await _send(client, planning_key, "enterprises_all_moved.csv")
    assert third["retired"] == 0
    assert _retired(clean_graph) == {}
    restored = clean_graph.read(
        "MATCH (e:Enterprise {key: $key}) RETURN e.updatedBy AS by, e.address AS address",
        {"key": HIEP_THANH},
    )
    assert restored[0]["by"] == third["load_run"]
    assert restored[0]["address"].startswith("12 Đường Cách Mạng Tháng Tám")


async def test_resending_an_older_snapshot_restores_it_rather_than_replaying(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    await _send(client, planning_key, "enterprises_all.csv")
    await _send(client, planning_key, "enterprises_without_hiep_thanh.csv")
    again = await _send(client, planning_key, "enterprises_all.csv")
    assert again["replayed"] is False
    assert _retired(clean_graph) == {}
    # Now it is the latest: sending it once more is a replay.
    assert (await _send(client, planning_key, "enterprises_all.csv"))["replayed"] is True


async def test_a_snapshot_only_retires_its_own_agency_and_kind(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str, quality_key: str
) -> None:
    other = new_key(clean_graph, "Ban Quản lý KCN", ["enterprises"])
    await _send(client, other, "enterprises_b.csv", "/api/v1/datasets/enterprises")
    response = await client.post(
        "/api/v1/datasets/certificates",
        content=data("certificates.csv"),
        headers=upload_headers(quality_key),
    )
    assert response.status_code == 200
    report = await _send(client, planning_key, "enterprises_a.csv")
    assert report["retired"] == 0
    assert _retired(clean_graph) == {}
    certificates = clean_graph.read(
        "MATCH (c:Certificate) WHERE c.retiredAt IS NULL RETURN count(c) AS n"
    )
    assert certificates == [{"n": 2}]


async def test_a_snapshot_with_rejected_rows_retires_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    await _send(client, planning_key, "enterprises_all.csv")
    report = await _send(client, planning_key, "enterprises_one_bad.csv")
    assert report["rows_rejected"] == 1 and report["retired"] == 0
    assert any("nothing was retired" in warning for warning in report["warnings"])
    assert _retired(clean_graph) == {}


PRODUCTS = DATA / "api" / "products.csv"


async def test_a_product_snapshot_retires_a_firms_chain_with_its_product(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    url = "/api/v1/datasets/products?mode=snapshot"
    agriculture_key = new_key(clean_graph, "Sở Nông nghiệp", ["products"])
    lines = PRODUCTS.read_text(encoding="utf-8").splitlines(keepends=True)
    await _send(client, agriculture_key, "", url, "".join(lines).encode("utf-8"))
    assert POMELO_FARM in stored_chains(clean_graph)
    without = [line for line in lines if POMELO_FARM not in line]
    second = await _send(client, agriculture_key, "", url, "".join(without).encode("utf-8"))
    assert second["retired"] == len(lines) - len(without)
    assert POMELO_FARM not in stored_chains(clean_graph)
