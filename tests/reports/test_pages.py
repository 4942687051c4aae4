"""The progress and quality pages over HTTP: what they show matches the API's answers."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pandas as pd

from hub.graph.driver import Graph

PROGRESS = """query($code: String!) { programmeProgress(code: $code) {
  targets { position achieved achievedBy { taxCode name } } } }"""
CERTIFIED = """query($chain: ProductChain, $day: Date) {
  certifiedTraceableSuppliers(chain: $chain, validOn: $day) { totalCount } }"""


async def _graphql(client: httpx.AsyncClient, query: str, **variables: object) -> dict:  # type: ignore[type-arg]
    answer = await client.post("/graphql", json={"query": query, "variables": variables})
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    return answer.json()["data"]  # type: ignore[no-any-return]


async def _csv(client: httpx.AsyncClient, path: str) -> pd.DataFrame:
    answer = await client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith("attachment")
    return pd.read_csv(io.StringIO(answer.content.decode("utf-8-sig")), dtype={"tax_code": str})


def _links(html: str) -> list[str]:
    return [unescape(link) for link in re.findall(r"href='([^']*)'", html)]


async def test_progress_page_is_vietnamese_offline_and_switches_to_english(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    page = await client.get("/progress/")
    assert page.status_code == 200
    html = page.text
    assert "<html lang='vi'>" in html and "Tiến độ các chương trình" in html
    assert "<script" not in html and not re.search(r"(src|href)=['\"]https?://", html)
    assert html.count("<svg") >= 5 + 5 + 1 + 2  # programmes, chains, expiring, two maps
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)  # each chart is well-formed SVG
    english = await client.get("/progress/?lang=en")
    assert "<html lang='en'>" in english.text and "Programme progress" in english.text
    switch = next(link for link in _links(html) if "lang=en" in link)
    assert (await client.get(switch)).text == english.text


async def test_target_bars_match_the_api_and_open_the_firms_behind_them(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    code = "2684/QĐ-UBND"
    api = (await _graphql(client, PROGRESS, code=code))["programmeProgress"]["targets"]
    table = await _csv(client, f"/progress/data.csv?chart=programme&programme={code}")
    shown = [None if pd.isna(v) else int(v) for v in table["achieved"]]
    assert shown == [t["achieved"] for t in api]
    workbook = await client.get(f"/progress/data.xlsx?chart=programme&programme={code}")
    assert (
        pd.read_excel(io.BytesIO(workbook.content), engine="calamine")["achieved"].tolist()[:3]
        == shown[:3]
    )

    html = (await client.get("/progress/")).text
    bars = [link for link in _links(html) if link.startswith("/progress/firms?")]
    first = next(link for link in bars if parse_qs(urlsplit(link).query)["programme"] == [code])
    position = int(parse_qs(urlsplit(first).query)["target"][0])
    firms_page = (await client.get(first)).text
    behind = next(t for t in api if t["position"] == position)["achievedBy"]
    assert behind and all(firm["name"] in firms_page for firm in behind)
    listed = await _csv(client, first.replace("/progress/firms?", "/progress/firms.csv?"))
    assert sorted(listed["tax_code"]) == sorted(f["taxCode"] for f in behind)


async def test_chain_history_counts_what_the_flagship_query_counts(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    history = await _csv(client, "/progress/data.csv?chart=chains")
    assert set(history["chain"]) == {"eggs", "poultry_meat", "vegetables", "melon", "pomelo"}
    last = history[history["day"] == history["day"].max()]
    for row in last.to_dict(orient="records"):
        api = await _graphql(client, CERTIFIED, chain=row["chain"].upper(), day=row["day"])
        assert row["certified"] == api["certifiedTraceableSuppliers"]["totalCount"], row
    assert (history["certified"] <= history["suppliers"]).all()
    assert last["suppliers"].sum() >= 4


async def test_expiring_certificates_and_wards_download_what_the_page_shows(
    client: httpx.AsyncClient, loaded: Graph
) -> None:
    html = (await client.get("/progress/")).text
    total = int(re.search(r"<strong class='window'>(\d+)</strong>", html).group(1))  # type: ignore[union-attr]
    expiring = await _csv(client, "/progress/data.csv?chart=expiring")
    assert len(expiring) == total
    assert expiring["days_left"].between(0, 90).all()
    for era in ("current", "former"):
        wards = await _csv(client, f"/progress/data.csv?chart=wards-{era}")
        assert wards["key"].str.startswith(f"{era}:ward:").all()
        assert wards[["lat", "lon"]].notna().all().all()  # every ward the firms are in is placed
        assert wards["lat"].between(8, 24).all() and wards["lon"].between(102, 110).all()
        assert "Phường Lái Thiêu" in set(wards["name"])
    missing = await client.get("/progress/data.csv?chart=nothing")
    assert missing.status_code == 404


async def test_quality_page_and_its_downloads(client: httpx.AsyncClient, loaded: Graph) -> None:
    page = await client.get("/quality/")
    assert page.status_code == 200 and "Chất lượng dữ liệu theo cơ quan" in page.text
    assert "Chi cục TĐC" in page.text and "<svg" in page.text
    one = await client.get("/quality/?agency=so%20ke%20hoach&lang=en")
    assert "Sở Kế hoạch" in one.text and "Chi cục TĐC" not in one.text
    runs = await _csv(client, "/quality/data.csv?table=runs&agency=Chi cục TĐC")
    assert set(runs["kind"]) == {"certificates", "products"}
    report = await client.get("/quality/report.json")
    assert report.status_code == 200 and report.json()["staleDays"] == 180
    bad = await client.get("/quality/?stale_days=-1")
    assert bad.status_code == 400 and "stale_days" in bad.text
