"""Exports for analysts: a query's first connection as CSV, XLSX or Parquet."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import httpx
import pandas as pd
import pytest
from starlette.applications import Starlette

from app.web.exports import ExportApi
from hub.graph.driver import AsyncGraph, Graph
from hub.settings import Settings
from schema import build_schema
from schema.context import Context

PAGED = """query Firms($after: String) {
  enterprises(first: 2, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { taxCode name size certificates { number standard } } }
  }
}"""
FIRMS = 9  # in tests/data/loaders/enterprises.csv


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def _frame(answer: httpx.Response) -> pd.DataFrame:
    assert answer.status_code == 200, answer.text
    return pd.read_csv(io.StringIO(answer.content.decode("utf-8-sig")), dtype=str)


async def test_export_follows_every_page_and_flattens_the_nodes(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    answer = await client.get("/graphql/export.csv", params={"query": PAGED})
    table = _frame(answer)
    assert answer.headers["x-export-rows"] == str(FIRMS)
    assert answer.headers["x-export-truncated"] == "false"
    assert len(table) == FIRMS and table["taxCode"].is_unique
    assert list(table.columns) == ["taxCode", "name", "size", "certificates"]
    phu_hoa = table[table["taxCode"] == "3700635642"].iloc[0]
    assert json.loads(phu_hoa["certificates"]) == [
        {"number": "QMS-001", "standard": "ISO 9001:2015"}
    ]

    exploded = _frame(
        await client.get("/graphql/export.csv", params={"query": PAGED, "explode": "certificates"})
    )
    assert "QMS-001" in set(exploded["certificates.number"])
    assert set(exploded["taxCode"]) < set(table["taxCode"])  # firms without any drop out

    parquet = await client.get("/graphql/export.parquet", params={"query": PAGED})
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    same = pd.read_parquet(io.BytesIO(parquet.content))
    assert same["taxCode"].tolist() == table["taxCode"].tolist()
    xlsx = await client.get("/graphql/export.xlsx", params={"query": PAGED})
    assert (
        pd.read_excel(io.BytesIO(xlsx.content), engine="calamine", dtype=str)["name"].tolist()
        == table["name"].tolist()
    )


async def test_persisted_queries_are_checked_and_looked_up(
    client: httpx.AsyncClient, loaded: Graph, settings: Settings
) -> None:
    persisted = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": _sha(PAGED)}})
    both = await client.get("/graphql/export.csv", params={"query": PAGED, "extensions": persisted})
    assert len(_frame(both)) == FIRMS
    wrong = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}})
    mismatch = await client.get("/graphql/export.csv", params={"query": PAGED, "extensions": wrong})
    assert mismatch.status_code == 400
    unknown = await client.get("/graphql/export.csv", params={"extensions": persisted})
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    # The seam: a store that knows the hash answers without the query's text.
    store = {_sha(PAGED): PAGED}

    async def lookup(sha256: str) -> str | None:
        return store.get(sha256)

    graph = AsyncGraph(settings)
    try:
        api = ExportApi(
            settings, build_schema(settings), lambda: Context(graph, settings), persisted=lookup
        )
        transport = httpx.ASGITransport(app=Starlette(routes=api.routes))
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            known = await http.get("/graphql/export.csv", params={"extensions": persisted})
    finally:
        await graph.close()
    assert len(_frame(known)) == FIRMS


async def test_bad_queries_and_formats_are_refused_with_codes(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    typo = await client.get("/graphql/export.csv", params={"query": "{ enterprise { nope } }"})
    assert typo.status_code == 400
    assert typo.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    big = "{ enterprises(first: 500) { totalCount } }"
    exported = await client.get("/graphql/export.csv", params={"query": big})
    answered = await client.post("/graphql", json={"query": big})
    assert exported.status_code == 400
    assert exported.json()["errors"] == answered.json()["errors"]  # as the API says it
    sub = await client.get(
        "/graphql/export.csv", params={"query": "subscription { changes { cursor } }"}
    )
    assert sub.status_code == 400
    fmt = await client.get("/graphql/export.pdf", params={"query": PAGED})
    assert fmt.status_code == 400 and "format" in fmt.json()["errors"][0]["message"]


def test_cli_export(loaded: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    query = tmp_path / "firms.graphql"
    query.write_text(PAGED, encoding="utf-8")
    assert main(["export", str(query)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")), dtype=str)
    assert len(table) == FIRMS
    assert main(["export", str(query), "--max-rows", "3"]) == 0
    out, err = capsys.readouterr()
    assert len(pd.read_csv(io.StringIO(out.lstrip("\ufeff")))) == 3 and "--max-rows 3" in err
    single = tmp_path / "one.graphql"
    single.write_text(
        "query($tax: String!) { enterprise(taxCode: $tax) { name certificates { number } } }",
        encoding="utf-8",
    )
    target = tmp_path / "one.parquet"
    variables = json.dumps({"tax": "3700635642"})
    assert (
        main(
            [
                "export",
                str(single),
                "--variables",
                variables,
                "--format",
                "parquet",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    assert pd.read_parquet(target)["number"].tolist() == ["QMS-001"]
