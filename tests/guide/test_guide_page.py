"""The guide page, the model picture and their routes, without a database."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from html import unescape

import httpx
from starlette.applications import Starlette

from app.web.guide import routes
from hub.graph.model import Label, Rel
from hub.guide.page import cypher_literal, params_command, render_guide
from hub.guide.picture import graph_model_svg, node_labels, relationship_types
from hub.guide.queries import QUERIES
from hub.settings import PROJECT_ROOT, Settings

# Operational labels, not the province's data: analysts never need them in the picture.
_NOT_PICTURED = {
    Label.SUPPLIER_TALLY,
    Label.API_KEY,
    Label.GRAPH_VERSION,
    Label.RATE_WINDOW,
    Label.LEASE,
    Label.WEBHOOK,
    Label.WEBHOOK_DELIVERY,
    Label.WEBHOOK_ATTEMPT,
}
_RUNNABLE = re.compile(r'<pre class="code runnable">(.*?)</pre>', re.S)


async def _get(path: str, method: str = "GET", **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=Starlette(routes=routes(Settings())))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.request(method, path, headers=headers)


def test_picture_is_svg_showing_every_label_and_relationship_type() -> None:
    svg = graph_model_svg()
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {node.text for node in root.iter("{http://www.w3.org/2000/svg}text")}
    pictured = {label for label in Label if label not in _NOT_PICTURED}
    assert set(node_labels()) == {label.value for label in pictured}
    assert {label.value for label in pictured} <= texts
    assert set(relationship_types()) == {rel.value for rel in Rel}
    assert {rel.value for rel in Rel} <= texts


def test_params_are_written_as_cypher_literals() -> None:
    assert cypher_literal(None) == "null"
    assert cypher_literal(90) == "90"
    assert cypher_literal("2684/QĐ-UBND") == "'2684/QĐ-UBND'"
    assert cypher_literal("it's") == "'it\\'s'"
    assert params_command({"asOf": None, "days": 90}) == ":params {asOf: null, days: 90}"


def test_guide_has_slides_with_every_query_runnable() -> None:
    page = render_guide("http://127.0.0.1:8000", Settings())
    assert '<article class="guide">' in page and "<carousel" in page
    assert page.count("<slide") == len(QUERIES) + 2  # the picture, how to use, one per query
    blocks = [unescape(block) for block in _RUNNABLE.findall(page)]
    for query in QUERIES:
        assert query.cypher.strip() in blocks, query.slug
        if query.params:
            assert params_command(query.params) in blocks, query.slug
    assert ":play http://127.0.0.1:8000/guide/" in blocks


def test_guide_carries_the_picture_inline() -> None:
    # Browser's content security policy allows only its own and data: images.
    page = render_guide("http://127.0.0.1:8000", Settings())
    [encoded] = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert base64.b64decode(encoded).decode("utf-8") == graph_model_svg()
    assert "<script" not in page


async def test_get_guide_allows_any_origin() -> None:
    response = await _get("/guide/", Origin="http://127.0.0.1:7474")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["access-control-allow-origin"] == "*"
    assert ":play http://testserver/guide/" in unescape(response.text)


async def test_guide_answers_a_cors_preflight() -> None:
    response = await _get(
        "/guide/",
        "OPTIONS",
        Origin="http://127.0.0.1:7474",
        **{
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "pragma,cache-control",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-headers"] == "pragma,cache-control"


async def test_picture_route_serves_svg() -> None:
    response = await _get("/guide/graph-model.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.text == graph_model_svg()


def test_analysts_doc_lists_every_question_in_order() -> None:
    doc = (PROJECT_ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", doc, re.M)
    assert [(int(n), title.strip()) for n, title in rows] == [
        (n, q.title) for n, q in enumerate(QUERIES, start=1)
    ]
