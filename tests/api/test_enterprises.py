"""enterprise(taxCode) and enterprises(where, first, after) over HTTP, on tests/data/api."""

from __future__ import annotations

import httpx
import pytest

from schema.context import today
from tests.api.graphql_client import ask, data

REGISTERED = 32  # rows of enterprises.csv; the certificates add one stub


FIRM = """
query Firm($taxCode: String!) {
  enterprise(taxCode: $taxCode) {
    taxCode name legalForm address size status establishedOn isBranch stub
    headOffice { taxCode name certificates { number } }
    branches { taxCode }
    certificates { number kind standard issuer issuedOn expiresOn status statusOn
                   linkMethod linkConfidence holder { taxCode } }
    awards { award year linkMethod holder { taxCode } }
    measurementSupports { recordId supportKind year amountVnd instruments programme }
    programmeSupports { programme supportKind year note }
    products { code name chain isGtin linkMethod producer { taxCode } }
    sources { kind file }
    adminUnits { code name level era }
  }
}
"""


@pytest.mark.parametrize("spelling", ["3700635642-001", "3700635642 001", "3700635642001"])
async def test_a_branch_in_any_spelling_links_to_its_head_office(
    client: httpx.AsyncClient, spelling: str
) -> None:
    firm = (await data(client, FIRM, taxCode=spelling))["enterprise"]
    assert firm["taxCode"] == "3700635642-001"
    assert firm["isBranch"] is True
    assert firm["headOffice"] == {
        "taxCode": "3700635642",
        "name": "Công ty TNHH Thực phẩm Phú Hòa",
        "certificates": [{"number": "VG-A-02"}, {"number": "QMS-A-01"}],
    }
    assert firm["branches"] == []
    assert [c["number"] for c in firm["certificates"]] == ["FS-A1-01"]


async def test_a_head_office_with_every_nested_list(client: httpx.AsyncClient) -> None:
    firm = (await data(client, FIRM, taxCode=" 3700635642 "))["enterprise"]
    today = firm["certificates"][0]["statusOn"]
    assert {k: firm[k] for k in ("taxCode", "name", "legalForm", "size", "status")} == {
        "taxCode": "3700635642",
        "name": "Công ty TNHH Thực phẩm Phú Hòa",
        "legalForm": "TNHH",
        "size": "MEDIUM",
        "status": "ACTIVE",
    }
    assert firm["establishedOn"] == "2005-03-15"
    assert (firm["isBranch"], firm["stub"], firm["headOffice"]) == (False, False, None)
    assert firm["branches"] == [{"taxCode": "3700635642-001"}]
    assert firm["certificates"] == [
        {
            "number": "VG-A-02",
            "kind": "REGULATION_DECLARATION",
            "standard": "QCVN 01-183:2016/BNNPTNT",
            "issuer": "Sở NN&PTNT",
            "issuedOn": "2030-01-01",
            "expiresOn": None,
            "status": "VALID",
            "statusOn": today,
            "linkMethod": "TAX_CODE",
            "linkConfidence": 1.0,
            "holder": {"taxCode": "3700635642"},
        },
        {
            "number": "QMS-A-01",
            "kind": "MANAGEMENT_SYSTEM",
            "standard": "ISO 9001:2015",
            "issuer": "QUACERT",
            "issuedOn": "2024-01-10",
            "expiresOn": "2099-12-31",
            "status": "VALID",
            "statusOn": today,
            "linkMethod": "TAX_CODE",
            "linkConfidence": 1.0,
            "holder": {"taxCode": "3700635642"},
        },
    ]
    assert firm["awards"] == [
        {
            "award": "NATIONAL_QUALITY_AWARD",
            "year": 2019,
            "linkMethod": "TAX_CODE",
            "holder": {"taxCode": "3700635642"},
        }
    ]
    assert firm["measurementSupports"] == [
        {
            "recordId": "DL-2023-001",
            "supportKind": "MEASUREMENT_ASSURANCE",
            "year": 2023,
            "amountVnd": 12_500_000.0,
            "instruments": 14,
            "programme": "996/QĐ-TTg",
        }
    ]
    assert firm["programmeSupports"] == [
        {
            "programme": "2109/QĐ-UBND",
            "supportKind": "PRODUCTIVITY_TOOLS",
            "year": 2024,
            "note": None,
        },
        {
            "programme": "2684/QĐ-UBND",
            "supportKind": "PRODUCTIVITY_TOOLS",
            "year": 2022,
            "note": "5S và Kaizen",
        },
    ]
    assert firm["products"] == [
        {
            "code": "8930000000019",
            "name": "Trứng gà sạch Phú Hòa",
            "chain": "EGGS",
            "isGtin": True,
            "linkMethod": "TAX_CODE",
            "producer": {"taxCode": "3700635642"},
        }
    ]
    assert firm["sources"] == [{"kind": "ENTERPRISES", "file": "enterprises.csv"}]
    assert firm["adminUnits"] == [
        {"code": "79", "name": "Thành phố Hồ Chí Minh", "level": "PROVINCE", "era": "CURRENT"},
        {"code": "25750", "name": "Phường Phú Lợi", "level": "WARD", "era": "CURRENT"},
        {"code": "74", "name": "Tỉnh Bình Dương", "level": "PROVINCE", "era": "FORMER"},
        {"code": "718", "name": "Thành phố Thủ Dầu Một", "level": "DISTRICT", "era": "FORMER"},
        {"code": "25750", "name": "Phường Phú Hòa", "level": "WARD", "era": "FORMER"},
    ]


STATUSES = """
query Statuses($taxCode: String!, $day: Date) {
  enterprise(taxCode: $taxCode) {
    all: certificates { number status }
    onDay: certificates(validOn: $day) { number status statusOn }
  }
}
"""


@pytest.mark.parametrize(
    ("tax_code", "day", "today", "valid"),
    [
        ("3705778891", "2022-06-01", [("QMS-E-01", "EXPIRED")], ["QMS-E-01"]),
        ("3705778891", "2023-01-01", [("QMS-E-01", "EXPIRED")], ["QMS-E-01"]),  # last day
        ("3705778891", "2023-01-02", [("QMS-E-01", "EXPIRED")], []),
        ("3705778891", "2019-12-31", [("QMS-E-01", "EXPIRED")], []),  # not issued yet
        ("3701000010", "2025-01-01", [("QMS-F-01", "SUSPENDED")], []),
        ("3701000028", "2025-01-01", [("QMS-G-01", "WITHDRAWN")], []),
        ("3700635642", "2029-12-31", [("VG-A-02", "VALID"), ("QMS-A-01", "VALID")], ["QMS-A-01"]),
        (
            "3700635642",
            "2030-01-01",
            [("VG-A-02", "VALID"), ("QMS-A-01", "VALID")],
            ["VG-A-02", "QMS-A-01"],
        ),
    ],
)
async def test_certificate_status_and_validity_on_the_day_asked(
    client: httpx.AsyncClient, tax_code: str, day: str, today: list, valid: list
) -> None:
    firm = (await data(client, STATUSES, taxCode=tax_code, day=day))["enterprise"]
    assert [c["number"] for c in firm["onDay"]] == valid
    assert all(c["status"] == "VALID" and c["statusOn"] == day for c in firm["onDay"])
    # Without validOn: every certificate, whatever its status, with its status today.
    assert [(c["number"], c["status"]) for c in firm["all"]] == today


async def test_statuses_without_valid_on_follow_today(client: httpx.AsyncClient) -> None:
    firm = (await data(client, STATUSES, taxCode="3705778891", day=None))["enterprise"]
    assert firm["all"] == [{"number": "QMS-E-01", "status": "EXPIRED"}]
    # A null validOn is no filter; statuses are for today in Việt Nam.
    assert firm["onDay"] == [
        {"number": "QMS-E-01", "status": "EXPIRED", "statusOn": today().isoformat()}
    ]


async def test_a_certificate_linked_by_name_shows_its_method(client: httpx.AsyncClient) -> None:
    query = """{ enterprise(taxCode: "3703556678") {
        certificates { number holderTaxCode holderName linkStatus linkMethod linkConfidence }
        products { code linkMethod producerName } } }"""
    firm = (await data(client, query))["enterprise"]
    assert firm["certificates"] == [
        {
            "number": "FS-D-01",
            "holderTaxCode": None,
            "holderName": "HTX Dưa lưới Phú Giáo",
            "linkStatus": "LINKED",
            "linkMethod": "NAME",
            "linkConfidence": 0.95,
        }
    ]
    assert firm["products"] == [
        {
            "code": "BD-DUA-0001",
            "linkMethod": "NAME",
            "producerName": "Hợp tác xã Dưa lưới Phú Giáo",
        }
    ]


async def test_unknown_and_stub_enterprises(client: httpx.AsyncClient) -> None:
    query = "query($t: String!) { enterprise(taxCode: $t) { taxCode name stub } }"
    assert (await data(client, query, t="3701000412"))["enterprise"] is None
    assert (await data(client, query, t="3701000405"))["enterprise"] == {
        "taxCode": "3701000405",
        "name": "Công ty TNHH Chưa Đăng Ký",
        "stub": True,
    }


async def test_an_invalid_tax_code_is_bad_user_input(client: httpx.AsyncClient) -> None:
    for code in ("3700635643", "12", "abc", ""):
        body, trips = await ask(
            client, "query($t: String!) { enterprise(taxCode: $t) { name } }", t=code
        )
        assert trips == 0
        assert body["data"] == {"enterprise": None}
        [error] = body["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        assert error["path"] == ["enterprise"]
        assert error["message"].startswith("taxCode: ")


PAGE = """
query Page($first: Int, $after: String, $where: EnterpriseWhere) {
  enterprises(first: $first, after: $after, where: $where) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { taxCode name } }
  }
}
"""


async def _all_pages(client: httpx.AsyncClient, first: int, where: dict | None = None) -> list:
    seen: list[tuple[str, str]] = []
    after = None
    totals = set()
    while True:
        page = (await data(client, PAGE, first=first, after=after, where=where))["enterprises"]
        totals.add(page["totalCount"])
        edges = page["edges"]
        assert len(edges) <= first
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if edges:
            assert page["pageInfo"]["startCursor"] == edges[0]["cursor"]
            assert page["pageInfo"]["endCursor"] == edges[-1]["cursor"]
        seen.extend((e["node"]["name"], e["node"]["taxCode"]) for e in edges)
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(edges) == first
        after = page["pageInfo"]["endCursor"]
    assert len(totals) == 1
    assert totals.pop() == len(seen)
    return seen


async def test_pages_cover_everything_once_in_order(client: httpx.AsyncClient) -> None:
    everything = await _all_pages(client, 100)
    assert len(everything) == REGISTERED + 1
    assert everything == sorted(everything)
    for first in (1, 7, 10, 33):
        assert await _all_pages(client, first) == everything
    # Same-named firms are ordered by tax code and split across pages without loss.
    twins = [code for name, code in everything if name == "Công ty TNHH Trùng Tên"]
    assert twins == ["3701000067", "3701000074"]


async def test_a_cursor_is_stable(client: httpx.AsyncClient) -> None:
    first = (await data(client, PAGE, first=5))["enterprises"]
    again = (await data(client, PAGE, first=5))["enterprises"]
    assert first == again
    after = first["pageInfo"]["endCursor"]
    second = (await data(client, PAGE, first=3, after=after))["enterprises"]
    longer = (await data(client, PAGE, first=8))["enterprises"]
    assert second["edges"] == longer["edges"][5:]
    assert second["totalCount"] == first["totalCount"] == REGISTERED + 1


async def test_first_zero_counts_without_rows(client: httpx.AsyncClient) -> None:
    page = (await data(client, PAGE, first=0))["enterprises"]
    assert page["edges"] == [] and page["totalCount"] == REGISTERED + 1
    assert page["pageInfo"]["hasNextPage"] is True and page["pageInfo"]["endCursor"] is None


@pytest.mark.parametrize(
    ("where", "codes"),
    [
        ({"name": "TRÙNG tên"}, ["3701000067", "3701000074"]),
        ({"name": "nong san bach dang"}, ["3702445566"]),
        ({"stub": True}, ["3701000405"]),
        ({"size": "LARGE"}, ["3702445566"]),
        ({"status": "SUSPENDED"}, ["3701000028"]),
        ({"adminUnit": "Phường Phú Lợi"}, ["3701000010", "3700635642"]),  # A: Phú Hòa until 2025
        ({"adminUnit": "Phường Phú Hòa"}, ["3700635642"]),
        # The code of Phú Hòa (former) and of Phú Lợi (current): codes were reused.
        ({"adminUnit": "25750"}, ["3701000010", "3700635642"]),
        ({"adminUnit": "Quận 1", "name": "trung"}, ["0301234562", "3701000067", "3701000074"]),
        ({"adminUnit": "Phường Thủ Dầu Một"}, ["3703556678"]),  # a current ward
        ({"adminUnit": "Thị xã Bến Cát"}, ["3700635642-001"]),  # a former district
    ],
)
async def test_filters(client: httpx.AsyncClient, where: dict, codes: list[str]) -> None:
    page = (await data(client, PAGE, first=100, where=where))["enterprises"]
    assert [e["node"]["taxCode"] for e in page["edges"]] == codes
    assert page["totalCount"] == len(codes)


BINH_DUONG = [
    "3701000010",  # Cổ phần Rau Xanh Phú Lợi
    "3702445566",  # Cổ phần Nông sản Bạch Đằng
    "3701000042",  # Cổ phần Nông nghiệp Bình Dương
    "3701000028",  # TNHH Bưởi Tân Uyên
    "3701000035",  # TNHH Cơ khí Dĩ An
    "3705778891",  # TNHH Gà Thuận An
    "3700635642",  # TNHH Thực phẩm Phú Hòa
    "3700635642-001",  # Chi nhánh ... (sorts after "Công ty" by code point)
    "3703556678",  # Hợp tác xã ... (address written after the reform)
]


@pytest.mark.parametrize(
    "unit", ["Bình Dương", "binh duong", "Tỉnh Bình Dương", "74", "tinh binh duong"]
)
async def test_a_former_province_by_name_or_code(client: httpx.AsyncClient, unit: str) -> None:
    page = (await data(client, PAGE, first=100, where={"adminUnit": unit}))["enterprises"]
    assert sorted(e["node"]["taxCode"] for e in page["edges"]) == sorted(BINH_DUONG)


@pytest.mark.parametrize("unit", ["Thành phố Hồ Chí Minh", "thanh pho ho chi minh", "79"])
async def test_the_current_province_covers_both_former_ones(
    client: httpx.AsyncClient, unit: str
) -> None:
    page = (await data(client, PAGE, first=100, where={"adminUnit": unit}))["enterprises"]
    assert page["totalCount"] == REGISTERED  # every registered firm; not the stub


async def test_an_unknown_admin_unit_is_bad_user_input(client: httpx.AsyncClient) -> None:
    body, trips = await ask(client, PAGE, first=5, where={"adminUnit": "Xứ Sở Thần Tiên"})
    assert trips == 0 and body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("first", [101, -1])
async def test_first_out_of_range_is_refused(client: httpx.AsyncClient, first: int) -> None:
    body, trips = await ask(client, PAGE, first=first)
    assert trips == 0 and body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "between 0 and 100" in error["message"]


@pytest.mark.parametrize("cursor", ["nonsense", "WzFd", "", "eyJhIjoxfQ=="])
async def test_a_malformed_cursor_is_refused(client: httpx.AsyncClient, cursor: str) -> None:
    body, trips = await ask(client, PAGE, first=5, after=cursor)
    assert trips == 0 and body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_deeper_selections_cost_one_more_round_trip_per_level(
    client: httpx.AsyncClient,
) -> None:
    # The branch's head office is prefetched with its certificates; its awards are one
    # level beyond, loaded in one batch whatever the number of rows.
    query = """{ enterprises(first: 100, where: {adminUnit: "Bình Dương"}) {
        edges { node { taxCode headOffice { awards { year } } } } } }"""
    body, trips = await ask(client, query)
    assert "errors" not in body
    assert trips == 2
    heads = {
        e["node"]["taxCode"]: e["node"]["headOffice"] for e in body["data"]["enterprises"]["edges"]
    }
    assert heads["3700635642-001"] == {"awards": [{"year": 2019}]}
    assert heads["3700635642"] is None
