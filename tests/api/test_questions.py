"""certifiedTraceableSuppliers, programmeProgress and search over HTTP, on tests/data/api."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.graphql_client import ask, data

SUPPLIERS = """
query Suppliers($standard: String, $kind: CertificateKind, $chain: ProductChain,
                $adminUnit: String, $validOn: Date, $first: Int, $after: String) {
  certifiedTraceableSuppliers(standard: $standard, kind: $kind, chain: $chain,
      adminUnit: $adminUnit, validOn: $validOn, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { taxCode } }
  }
}
"""


async def suppliers(client: httpx.AsyncClient, **arguments: Any) -> list[str]:
    page = (await data(client, SUPPLIERS, **arguments))["certifiedTraceableSuppliers"]
    codes = [edge["node"]["taxCode"] for edge in page["edges"]]
    assert page["totalCount"] == len(codes) and not page["pageInfo"]["hasNextPage"]
    return codes


@pytest.mark.parametrize(
    ("arguments", "codes"),
    [
        # ISO 9001 matches ISO 9001:2015 (A) and TCVN ISO 9001:2015 (B), not ISO 90011 (C);
        # E's has expired, F's is suspended, G's withdrawn; H supplies nothing traceable.
        ({"standard": "ISO 9001"}, ["3702445566", "3700635642"]),
        ({"standard": "iso 9001"}, ["3702445566", "3700635642"]),
        ({"standard": "TCVN ISO 9001:2015"}, ["3702445566"]),
        ({"standard": "ISO 9001:2015"}, ["3702445566", "3700635642"]),
        ({"standard": "ISO 90011"}, ["0301234562"]),
        ({"standard": "ISO 900"}, []),
        # C supplies eggs only as the actor of trace events; D is linked only by name.
        ({"standard": "ISO 22000"}, ["0301234562", "3703556678"]),
        ({"standard": "ISO 22000", "chain": "EGGS"}, ["0301234562"]),
        ({"standard": "ISO 22000", "chain": "MELON"}, ["3703556678"]),
        ({"chain": "EGGS"}, ["0301234562", "3700635642"]),
        ({"chain": "POMELO"}, ["3702445566"]),
        ({"chain": "VEGETABLES"}, []),
        ({"kind": "STANDARD_CERTIFICATION"}, ["0301234562"]),
        ({"kind": "REGULATION_DECLARATION"}, []),  # VG-A-02 is issued in 2030
        ({"kind": "REGULATION_DECLARATION", "validOn": "2030-06-01"}, ["3700635642"]),
        ({"standard": "ISO 9001", "validOn": "2022-06-01"}, ["3705778891"]),
        ({"standard": "ISO 9001", "validOn": "2023-01-01"}, ["3705778891"]),
        ({"standard": "ISO 9001", "validOn": "2023-01-02"}, []),
        ({"standard": "ISO 9001", "validOn": "2024-06-01"}, ["3702445566", "3700635642"]),
        ({}, ["3702445566", "0301234562", "3700635642", "3703556678"]),  # by name
    ],
)
async def test_certified_traceable_suppliers(
    client: httpx.AsyncClient, arguments: dict, codes: list[str]
) -> None:
    assert await suppliers(client, **arguments) == codes


@pytest.mark.parametrize(
    ("unit", "codes"),
    [
        ("Bình Dương", ["3702445566", "3700635642"]),
        ("binh duong", ["3702445566", "3700635642"]),
        ("74", ["3702445566", "3700635642"]),
        ("Thành phố Hồ Chí Minh", ["3702445566", "3700635642"]),
        ("Phường Phú Lợi", ["3700635642"]),  # A's ward since 2025
        ("Phường Phú Hòa", ["3700635642"]),  # A's ward before
        ("phu hoa", ["3700635642"]),
        ("Thành phố Tân Uyên", ["3702445566"]),
        ("Xã Bạch Đằng", ["3702445566"]),
        ("Quận 1", []),
    ],
)
async def test_suppliers_in_an_admin_unit_of_either_era(
    client: httpx.AsyncClient, unit: str, codes: list[str]
) -> None:
    assert await suppliers(client, standard="ISO 9001", adminUnit=unit) == codes


async def test_each_supplier_once_across_pages(client: httpx.AsyncClient) -> None:
    everything = await suppliers(client)
    seen: list[str] = []
    after = None
    while True:
        page = (await data(client, SUPPLIERS, first=1, after=after))["certifiedTraceableSuppliers"]
        assert page["totalCount"] == len(everything)
        seen += [edge["node"]["taxCode"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything


async def test_supplier_certificates_take_the_day_asked(client: httpx.AsyncClient) -> None:
    query = """{ certifiedTraceableSuppliers(standard: "ISO 9001", validOn: "2022-06-01") {
        edges { node { taxCode certificates { number status statusOn }
                       today: certificates(validOn: "2026-01-01") { number } } } } }"""
    [edge] = (await data(client, query))["certifiedTraceableSuppliers"]["edges"]
    assert edge["node"] == {
        "taxCode": "3705778891",
        "certificates": [{"number": "QMS-E-01", "status": "VALID", "statusOn": "2022-06-01"}],
        "today": [],
    }


@pytest.mark.parametrize(
    "arguments",
    [
        {"standard": " :: "},
        {"adminUnit": "Nowhere At All"},
        {"adminUnit": "  "},
        {"first": 101},
        {"first": -1},
        {"after": "not-a-cursor"},
    ],
)
async def test_supplier_arguments_refused(client: httpx.AsyncClient, arguments: dict) -> None:
    body, trips = await ask(client, SUPPLIERS, **arguments)
    assert trips == 0 and body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_a_malformed_date_is_bad_user_input(client: httpx.AsyncClient) -> None:
    for day in ("2024-13-01", "01/02/2024", "20240101", "yesterday"):
        body, trips = await ask(client, SUPPLIERS, validOn=day)
        assert trips == 0 and "data" not in body
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "YYYY-MM-DD" in error["message"]
    literal = '{ certifiedTraceableSuppliers(validOn: "2024-02-30") { totalCount } }'
    body, trips = await ask(client, literal)
    assert trips == 0 and [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


PROGRESS = """
query Progress($code: String!) {
  programmeProgress(code: $code) {
    code title period issuedOn
    targets { position indicator target targetText supportKind sizes byYear achieved
              achievedBy { taxCode name } }
  }
}
"""


def _counts(progress: dict) -> list[tuple[int, int | None, list[str]]]:
    return [
        (t["target"], t["achieved"], [firm["taxCode"] for firm in t["achievedBy"]])
        for t in progress["targets"]
    ]


async def test_programme_progress_2684(client: httpx.AsyncClient) -> None:
    # "2684/QD-UBND" in the data and any spelling asked name the same programme.
    for code in ("2684/QĐ-UBND", "2684/qd-ubnd", "2684 QĐ UBND"):
        progress = (await data(client, PROGRESS, code=code))["programmeProgress"]
        assert progress["code"] == "2684/QĐ-UBND"
        assert progress["issuedOn"] == "2021-11-24"
        assert [t["position"] for t in progress["targets"]] == [1, 2, 3, 4]
        assert _counts(progress) == [
            (4, 2, ["3700635642", "3703556678"]),  # D by name only
            (16, 1, ["3702445566"]),
            (3, 1, ["3702445566"]),
            (10, None, []),
        ]
    first = progress["targets"][0]
    assert first["indicator"] == "firms supported with productivity solutions"
    assert (first["targetText"], first["supportKind"]) == ("at least 4", "productivity_tools")
    assert first["achievedBy"][0]["name"] == "Công ty TNHH Thực phẩm Phú Hòa"


async def test_programme_progress_counts_sizes_measurement_and_traceability(
    client: httpx.AsyncClient,
) -> None:
    plan = (await data(client, PROGRESS, code="2109/QĐ-UBND"))["programmeProgress"]
    # B (large) counts for the large-enterprise target only, H (small) for the SME one.
    assert _counts(plan) == [
        (1, None, []),
        (1, 1, ["3702445566"]),
        (20, 1, ["3701000035"]),
        (1, None, []),
        (10, None, []),
    ]
    assert plan["targets"][2]["sizes"] == ["MICRO", "SMALL", "MEDIUM"]
    assert plan["targets"][2]["byYear"] == 2026
    measurement = (await data(client, PROGRESS, code="996/QĐ-TTg"))["programmeProgress"]
    assert _counts(measurement) == [
        (50_000, 2, ["0301234562", "3700635642"]),
        (100_000, 2, ["0301234562", "3700635642"]),
    ]
    traceability = (await data(client, PROGRESS, code="3338/KH-UBND"))["programmeProgress"]
    assert _counts(traceability) == [
        (
            5,
            7,
            [
                "3702445566",  # Cổ phần Nông sản Bạch Đằng
                "3701000010",  # Cổ phần Rau Xanh Phú Lợi
                "3701000028",  # TNHH Bưởi Tân Uyên
                "3705778891",  # TNHH Gà Thuận An
                "0301234562",  # TNHH MTV Trứng Sạch Sài Gòn (an actor of events only)
                "3700635642",  # TNHH Thực phẩm Phú Hòa
                "3703556678",  # Hợp tác xã Dưa lưới Phú Giáo
            ],
        )
    ]


async def test_an_unknown_programme_is_null(client: httpx.AsyncClient) -> None:
    assert (await data(client, PROGRESS, code="1/QĐ-XYZ"))["programmeProgress"] is None
    body, trips = await ask(client, PROGRESS, code="//")
    assert trips == 0 and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


SEARCH = """
query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    kind score
    entity {
      __typename
      ... on Enterprise { taxCode }
      ... on Product { code producer { taxCode } }
      ... on Certificate { number status holder { taxCode } }
    }
  }
}
"""


def _key(hit: dict) -> str:
    entity = hit["entity"]
    return entity.get("taxCode") or entity.get("code") or entity["number"]


async def _search(client: httpx.AsyncClient, text: str, first: int = 20) -> list[dict]:
    hits = (await data(client, SEARCH, text=text, first=first))["search"]
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    return hits


@pytest.mark.parametrize("text", ["binh duong", "Bình Dương", "BÌNH DƯƠNG", "bInH dUoNg"])
async def test_search_ignores_case_and_diacritics(client: httpx.AsyncClient, text: str) -> None:
    hits = await _search(client, text)
    assert [(h["kind"], _key(h)) for h in hits] == [("ENTERPRISE", "3701000042")]


async def test_search_puts_the_best_match_first(client: httpx.AsyncClient) -> None:
    product = await _search(client, "trứng gà sạch phú hòa")
    assert (product[0]["kind"], _key(product[0])) == ("PRODUCT", "8930000000019")
    assert product[0]["entity"]["producer"] == {"taxCode": "3700635642"}
    firm = await _search(client, "thuc pham phu hoa")
    assert [_key(h) for h in firm[:2]] == ["3700635642", "3700635642-001"]
    certificate = await _search(client, "qms-a-01", first=1)
    assert [(h["kind"], h["entity"]) for h in certificate] == [
        (
            "CERTIFICATE",
            {
                "__typename": "Certificate",
                "number": "QMS-A-01",
                "status": "VALID",
                "holder": {"taxCode": "3700635642"},
            },
        )
    ]
    by_code = await _search(client, "3700635642")
    assert {_key(h) for h in by_code[:2]} == {"3700635642", "3700635642-001"}


async def test_search_text_is_never_lucene_syntax(client: httpx.AsyncClient) -> None:
    for text in ('ISO 9001:2015 AND (x "y" *', "a~ OR b^9 ||", "NOT [1 TO 9]", "x\\ y*?"):
        await _search(client, text)  # no error: the words are searched as words


async def test_search_refuses_empty_text(client: httpx.AsyncClient) -> None:
    for text in ("", "   ", "!!! ::", "Bình Dương " * 20):
        body, trips = await ask(client, SEARCH, text=text)
        assert trips == 0 and body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    body, trips = await ask(client, SEARCH, text="binh", first=101)
    assert trips == 0 and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_search_first_limits_hits(client: httpx.AsyncClient) -> None:
    assert len(await _search(client, "cong ty", first=3)) == 3
    body, trips = await ask(client, SEARCH, text="cong ty", first=0)
    assert (body, trips) == ({"data": {"search": []}}, 0)


REVIEW = """
query Review($kind: RecordKind, $status: LinkStatus, $first: Int) {
  unresolvedRecords(kind: $kind, status: $status, first: $first) {
    kind key name holderName holderTaxCode linkStatus candidates { taxCode name }
  }
}
"""


async def test_the_review_queue_lists_unlinked_records(client: httpx.AsyncClient) -> None:
    records = (await data(client, REVIEW))["unresolvedRecords"]
    assert records == [
        {
            "kind": "CERTIFICATE",
            "key": "quacert|amb 01",
            "name": "AMB-01 · ISO 9001:2015",
            "holderName": "Công ty TNHH Trùng Tên",
            "holderTaxCode": None,
            "linkStatus": "AMBIGUOUS",
            "candidates": [
                {"taxCode": "3701000067", "name": "Công ty TNHH Trùng Tên"},
                {"taxCode": "3701000074", "name": "Công ty TNHH Trùng Tên"},
            ],
        },
        {
            "kind": "CERTIFICATE",
            "key": "quacert|ur 01",
            "name": "UR-01 · ISO 9001:2015",
            "holderName": "Công ty TNHH Không Ai Biết",
            "holderTaxCode": None,
            "linkStatus": "UNRESOLVED",
            "candidates": [],
        },
    ]
    only = (await data(client, REVIEW, status="UNRESOLVED"))["unresolvedRecords"]
    assert [r["key"] for r in only] == ["quacert|ur 01"]
    assert (await data(client, REVIEW, kind="AWARD"))["unresolvedRecords"] == []
    assert len((await data(client, REVIEW, first=1))["unresolvedRecords"]) == 1
    body, trips = await ask(client, REVIEW, status="LINKED")
    assert trips == 0 and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
