"""The flagship's tallies recounted for the firms a change touched equal a recount of all.

``supplier_tallies.update`` takes away what each firm was counted from and adds what
it holds now; whatever changed (a firm retired or back, a certificate revoked, moved to
another firm or renewed, a chain lost), the stored tallies must be exactly those that
counting every supplier anew gives, or ``totalCount`` drifts from the answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.graph import review, supplier_tallies
from hub.graph.driver import Graph
from hub.graph.model import Label
from tests.api.graphql_client import data
from tests.conftest import load

_STORED = (
    "MATCH (t:SupplierTally) WHERE t.key <> '#' RETURN t.key AS key, t.days AS d, t.counts AS c"
)


def _stored(graph: Graph) -> dict[str, tuple[list[int], list[int]]]:
    return {row["key"]: (row["d"], row["c"]) for row in graph.read(_STORED)}


def _recounted(graph: Graph) -> dict[str, tuple[list[int], list[int]]]:
    return supplier_tallies.count(graph.read(supplier_tallies._READ))


def _suppliers(graph: Graph) -> list[dict[str, Any]]:
    """Live suppliers with a valid certificate, and one such certificate each."""
    return graph.read(
        "MATCH (e:Enterprise)-[:SUPPLIES]->() WHERE e.retiredAt IS NULL "
        "WITH DISTINCT e MATCH (e)-[:HOLDS]->(c:Certificate) "
        "WHERE c.status = 'valid' AND c.retiredAt IS NULL "
        "RETURN e.key AS firm, collect(c.key)[0] AS cert ORDER BY firm"
    )


@pytest.fixture
def tallied(loaded: Graph) -> Graph:
    supplier_tallies.refresh(loaded)
    return loaded


def test_a_recount_stores_each_counted_firms_inputs(tallied: Graph) -> None:
    assert _stored(tallied) == _recounted(tallied) != {}
    counted = {r["key"] for r in tallied.read(supplier_tallies._COUNTED_FIRMS)}
    assert counted == {row["firm"] for row in _suppliers(tallied)}


def test_updates_for_touched_firms_equal_a_recount(tallied: Graph) -> None:
    first, second, *_ = _suppliers(tallied)
    before = _stored(tallied)
    [original] = tallied.read(
        "MATCH (c:Certificate {key: $c}) RETURN c.status AS status, c.expiresOn AS expires",
        {"c": first["cert"]},
    )
    try:
        # Retired: the firm no longer counts anywhere.
        tallied.write(
            "MATCH (e:Enterprise {key: $k}) SET e.retiredAt = datetime()", {"k": first["firm"]}
        )
        assert supplier_tallies.update(tallied, [first["firm"]]) > 0
        assert _stored(tallied) == _recounted(tallied) != before
        # Back again, and its certificate moved to another firm.
        tallied.write("MATCH (e:Enterprise {key: $k}) REMOVE e.retiredAt", {"k": first["firm"]})
        tallied.write(
            "MATCH (a:Enterprise {key: $a})-[h:HOLDS]->(c:Certificate {key: $c}) "
            "MATCH (b:Enterprise {key: $b}) DELETE h MERGE (b)-[:HOLDS]->(c)",
            {"a": second["firm"], "b": first["firm"], "c": second["cert"]},
        )
        supplier_tallies.update(tallied, [first["firm"], second["firm"]])
        assert _stored(tallied) == _recounted(tallied)
        # Renewed to a later expiry, then revoked.
        tallied.write(
            "MATCH (c:Certificate {key: $c}) SET c.expiresOn = date('2099-12-31')",
            {"c": first["cert"]},
        )
        supplier_tallies.update(tallied, [first["firm"]])
        assert _stored(tallied) == _recounted(tallied)
        tallied.write(
            "MATCH (c:Certificate {key: $c}) SET c.status = 'revoked'", {"c": first["cert"]}
        )
        supplier_tallies.update(tallied, [first["firm"]])
        assert _stored(tallied) == _recounted(tallied)
        # A firm untouched by anything: nothing to write.
        assert supplier_tallies.update(tallied, [first["firm"], second["firm"]]) == 0
    finally:
        # Put the shared module graph back as its loads left it.
        tallied.write(
            "MATCH (b:Enterprise {key: $b})-[h:HOLDS]->(c:Certificate {key: $c}) "
            "MATCH (a:Enterprise {key: $a}) DELETE h MERGE (a)-[:HOLDS]->(c)",
            {"a": second["firm"], "b": first["firm"], "c": second["cert"]},
        )
        tallied.write(
            "MATCH (c:Certificate {key: $c}) SET c.status = $s, c.expiresOn = $e",
            {"c": first["cert"], "s": original["status"], "e": original["expires"]},
        )
        supplier_tallies.refresh(tallied)


def test_an_update_counts_everything_when_no_inputs_were_stored(tallied: Graph) -> None:
    # A set counted by an older hub: no inputs on the firms. Adding the firm's share to
    # it would count that firm twice.
    tallied.write("MATCH (t:SupplierTally {key: '#'}) REMOVE t.format")
    tallied.write("MATCH (e:Enterprise) REMOVE e.tallyInputs")
    supplier_tallies.update(tallied, [_suppliers(tallied)[0]["firm"]])
    assert _stored(tallied) == _recounted(tallied)
    assert supplier_tallies.present(tallied)


FLAGSHIP = """
query Count($day: Date) {
  certifiedTraceableSuppliers(standard: "ISO 9001", chain: EGGS, validOn: $day) { totalCount }
}
"""
CERTIFICATES = (
    "Số giấy chứng nhận,Loại,Mã số thuế,Tên doanh nghiệp,Tiêu chuẩn / Quy chuẩn,"
    "Tổ chức chứng nhận,Sản phẩm,Ngày cấp,Ngày hết hạn,Trạng thái\n"
    "QMS-A-01,management_system,3700635642,,ISO 9001:2015,QUACERT,,10/01/2024,31/12/2099,{}\n"
)


async def test_loads_keep_the_flagship_total_without_recounting(
    client: httpx.AsyncClient, tallied: Graph, tmp_path: Path
) -> None:
    """A certificate of an egg supplier withdrawn, then valid again, by one-row loads:
    the total the tallies give follows, and equals a recount of every supplier."""

    async def total() -> int:
        answer = await data(client, FLAGSHIP, day="2026-06-01")
        return int(answer["certifiedTraceableSuppliers"]["totalCount"])

    before = await total()
    withdrawn = tmp_path / "withdrawn.csv"
    withdrawn.write_text(CERTIFICATES.format("thu hồi"), encoding="utf-8")
    assert load(tallied, "certificates", withdrawn).changed == 1
    assert await total() == before - 1
    assert _stored(tallied) == _recounted(tallied)
    valid = tmp_path / "valid.csv"
    valid.write_text(CERTIFICATES.format("hiệu lực"), encoding="utf-8")
    assert load(tallied, "certificates", valid).changed == 1
    assert await total() == before
    assert _stored(tallied) == _recounted(tallied)


SUPPLIERS = """
query Suppliers($day: Date) {
  certifiedTraceableSuppliers(standard: "ISO 9001", chain: EGGS, validOn: $day, first: 100) {
    totalCount
    edges { node { taxCode } }
  }
}
"""


async def test_review_decisions_keep_the_flagship_total(
    client: httpx.AsyncClient, tallied: Graph
) -> None:
    """A person ties the unresolved ISO 9001 certificate UR-01 to an egg supplier the
    flagship did not count, then takes that back: the total follows both decisions."""

    async def suppliers() -> tuple[int, set[str]]:
        answer = (await data(client, SUPPLIERS, day="2026-06-01"))["certifiedTraceableSuppliers"]
        return answer["totalCount"], {edge["node"]["taxCode"] for edge in answer["edges"]}

    before, counted = await suppliers()
    eggs = tallied.read(
        "MATCH (e:Enterprise)-[:SUPPLIES]->(:SupplyChain {key: 'eggs'}) "
        "WHERE e.retiredAt IS NULL RETURN e.taxCode AS firm ORDER BY firm"
    )
    firm = next(row["firm"] for row in eggs if row["firm"] not in counted)
    [cert] = tallied.read("MATCH (c:Certificate {number: 'UR-01'}) RETURN c.key AS key")
    item = review.ItemId(Label.CERTIFICATE, cert["key"])

    review.link(tallied, item, firm, "cli:test", datetime.now(UTC))
    assert await suppliers() == (before + 1, counted | {firm})
    assert _stored(tallied) == _recounted(tallied)
    review.reject(tallied, item, "cli:test", datetime.now(UTC))
    assert await suppliers() == (before, counted)
    assert _stored(tallied) == _recounted(tallied)
