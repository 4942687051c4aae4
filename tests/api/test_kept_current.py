"""What the queries read instead of counting is kept current by every load (issue 12):
firms' places when they move, their names in the order a unit's page is read in, and
programme progress through loads and snapshot retirements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.web.app import create_app
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.api.graphql_client import data
from tests.conftest import DATA, load

HEADER = "Mã số thuế,Tên doanh nghiệp,Địa chỉ,Quy mô\n"
PHU_HOA = "Số 5, Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương"
MY_PHUOC = "Phường Mỹ Phước, Thị xã Bến Cát, Tỉnh Bình Dương"

PAGE = """
query Page($unit: String!, $first: Int) {
  enterprises(where: {adminUnit: $unit}, first: $first) {
    totalCount
    edges { node { taxCode name } }
  }
}
"""

PROGRESS = """
query Progress($code: String!) {
  programmeProgress(code: $code) { targets { achieved achievedBy { taxCode } } }
}
"""


@pytest.fixture
async def client(clean_graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield http


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


async def _in(client: httpx.AsyncClient, unit: str) -> tuple[int, list[tuple[str, str]]]:
    page = (await data(client, PAGE, unit=unit, first=100))["enterprises"]
    firms = [(e["node"]["taxCode"], e["node"]["name"]) for e in page["edges"]]
    return page["totalCount"], firms


async def test_a_firm_that_moves_leaves_its_old_ward(
    clean_graph: Graph, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    first = _write(
        tmp_path / "v1.csv",
        [
            f'3700635642,Công ty TNHH Phú Hòa,"{PHU_HOA}",vừa',
            f'3701000010,Công ty A,"{PHU_HOA}",nhỏ',
        ],
    )
    assert load(clean_graph, "enterprises", first).ok
    assert await _in(client, "Phường Phú Hòa") == (
        2,
        [("3701000010", "Công ty A"), ("3700635642", "Công ty TNHH Phú Hòa")],
    )
    # The firm moves to Mỹ Phước and is renamed: it leaves Phú Hòa and Thủ Dầu Một,
    # stays in Bình Dương, and the unit's page reads it by its new name.
    moved = _write(
        tmp_path / "v2.csv",
        [f'3700635642,Công ty B,"{MY_PHUOC}",vừa', f'3701000010,Công ty A,"{PHU_HOA}",nhỏ'],
    )
    assert load(clean_graph, "enterprises", moved).ok
    assert await _in(client, "Phường Phú Hòa") == (1, [("3701000010", "Công ty A")])
    assert await _in(client, "Thủ Dầu Một") == (1, [("3701000010", "Công ty A")])
    assert await _in(client, "Phường Mỹ Phước") == (1, [("3700635642", "Công ty B")])
    assert await _in(client, "Bình Dương") == (
        2,
        [("3701000010", "Công ty A"), ("3700635642", "Công ty B")],
    )


async def test_programme_progress_follows_loads_and_snapshots(
    clean_graph: Graph, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    assert load(clean_graph, "enterprises", DATA / "api" / "enterprises.csv").ok
    progress = (await data(client, PROGRESS, code="2684/QĐ-UBND"))["programmeProgress"]
    assert [t["achieved"] for t in progress["targets"]] == [0, 0, 0, None]
    agency = "Sở Khoa học và Công nghệ"
    full = DATA / "api" / "programme_support.csv"
    assert load(clean_graph, "programme_support", full, snapshot=True, agency=agency).ok
    progress = (await data(client, PROGRESS, code="2684/QĐ-UBND"))["programmeProgress"]
    assert [t["achieved"] for t in progress["targets"]] == [2, 1, 1, None]
    # The agency's complete list without the rows labelled ``productivity_tools``: they
    # are retired (the one labelled in Vietnamese stays: a cooperative named by name).
    rows = full.read_text(encoding="utf-8").splitlines()
    snapshot = tmp_path / "programme_support.csv"
    snapshot.write_text(
        "\n".join(row for row in rows if "productivity_tools" not in row) + "\n", encoding="utf-8"
    )
    report = load(clean_graph, "programme_support", snapshot, snapshot=True, agency=agency)
    assert report.ok and report.retired == 3
    progress = (await data(client, PROGRESS, code="2684/QĐ-UBND"))["programmeProgress"]
    assert [(t["achieved"], t["achievedBy"]) for t in progress["targets"]] == [
        (1, [{"taxCode": "3703556678"}]),
        (1, [{"taxCode": "3702445566"}]),
        (1, [{"taxCode": "3702445566"}]),
        (None, []),
    ]
    # Sending the full list again restores them.
    assert load(clean_graph, "programme_support", full, snapshot=True, agency=agency).ok
    progress = (await data(client, PROGRESS, code="2684/QĐ-UBND"))["programmeProgress"]
    assert [t["achieved"] for t in progress["targets"]] == [2, 1, 1, None]


async def test_traceable_product_target_follows_chains_gained_lost_and_retired_firms(
    clean_graph: Graph, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    agency = "Sở Kế hoạch và Đầu tư"
    firms = DATA / "api" / "enterprises.csv"
    assert load(clean_graph, "enterprises", firms, snapshot=True, agency=agency).ok
    assert load(clean_graph, "products", DATA / "api" / "products.csv").ok

    async def suppliers() -> set[str]:
        progress = (await data(client, PROGRESS, code="3338/KH-UBND"))["programmeProgress"]
        (target,) = progress["targets"]
        keys = {firm["taxCode"] for firm in target["achievedBy"]}
        assert target["achieved"] == len(keys)
        return keys

    before = await suppliers()
    assert {"3700635642", "3702445566"} <= before
    # The pomelo farm's only product moves to the egg farm: one supplier fewer.
    moved = tmp_path / "products.csv"
    moved.write_text(
        "Mã sản phẩm,Tên sản phẩm,Chuỗi,Mã số thuế nhà sản xuất\n"
        "8930000000026,Bưởi da xanh Bạch Đằng,bưởi,3700635642\n",
        encoding="utf-8",
    )
    assert load(clean_graph, "products", moved).ok
    assert await suppliers() == before - {"3702445566"}
    # The egg farm leaves the register (the agency's complete list without it).
    rows = firms.read_text(encoding="utf-8").splitlines()
    without = tmp_path / "enterprises.csv"
    without.write_text(
        "\n".join(row for row in rows if not row.startswith("3700635642,")) + "\n",
        encoding="utf-8",
    )
    report = load(clean_graph, "enterprises", without, snapshot=True, agency=agency)
    assert report.ok and report.retired == 1
    assert await suppliers() == before - {"3702445566", "3700635642"}
