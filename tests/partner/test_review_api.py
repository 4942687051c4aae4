"""The review queue over HTTP: for keys with the review scope, within their kinds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from app.web.partner import PartnerApi
from app.web.review_routes import ReviewRoutes
from hub.auth import create_key
from hub.graph.driver import Graph
from hub.settings import Settings
from loaders.registry import KINDS
from tests.conftest import DATA, load


@pytest.fixture
async def client(clean_graph: Graph, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The partner API with the review routes beside it, as ``app.web.app`` mounts them."""
    api = PartnerApi(settings, clean_graph)
    app = Starlette(routes=[Mount("/api/v1", routes=api.routes + ReviewRoutes(api).routes)])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
        yield http
    api.close()


def _loaded(graph: Graph) -> None:
    assert load(graph, "enterprises", DATA / "loaders" / "enterprises.csv").ok
    assert load(graph, "certificates", DATA / "loaders" / "certificates.csv").ok


def _key(graph: Graph, kinds: list[str], scopes: tuple[str, ...] = ("review",)) -> dict[str, str]:
    token = create_key(graph, "Chi cục TĐC", kinds, KINDS, scopes).token
    return {"Authorization": f"Bearer {token}"}


async def test_a_review_key_lists_and_decides(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    _loaded(clean_graph)
    reviewer = _key(clean_graph, ["certificates"])
    response = await client.get("/api/v1/review", headers=reviewer)
    assert response.status_code == 200, response.text
    body = response.json()
    items = {item["key"]: item for item in body["items"]}
    assert set(items) == {"quacert|qms 006", "quacert|qms 007"} and body["next"] is None
    twins = items["quacert|qms 006"]
    assert [c["taxCode"] for c in twins["candidates"]] == ["3701000003", "3701000370"]
    page = (await client.get("/api/v1/review?first=1", headers=reviewer)).json()
    assert [i["id"] for i in page["items"]] == [twins["id"]] and page["next"] == twins["id"]
    after = (await client.get(f"/api/v1/review?after={page['next']}", headers=reviewer)).json()
    assert [i["key"] for i in after["items"]] == ["quacert|qms 007"]

    response = await client.post(
        f"/api/v1/review/{twins['id']}/link", json={"taxCode": "3701000003"}, headers=reviewer
    )
    assert response.status_code == 200, response.text
    decision = response.json()["decision"]
    assert decision["decision"] == "linked" and decision["taxCode"] == "3701000003"
    assert decision["decidedBy"].startswith("api:Chi cục TĐC (key ")
    unknown = items["quacert|qms 007"]["id"]
    response = await client.post(f"/api/v1/review/{unknown}/reject", headers=reviewer)
    assert response.status_code == 200 and response.json()["decision"]["decision"] == "rejected"
    assert (await client.get("/api/v1/review", headers=reviewer)).json()["items"] == []
    holder = clean_graph.read(
        "MATCH (e:Enterprise)-[h:HOLDS]->(:Certificate {number: 'QMS-006'}) "
        "RETURN e.key AS key, h.method AS method"
    )
    assert holder == [{"key": "3701000003", "method": "manual"}]


async def test_who_may_review_and_what_errors_say(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    _loaded(clean_graph)
    reviewer = _key(clean_graph, ["certificates"])
    uploader = _key(clean_graph, ["certificates"], scopes=())
    awards_only = _key(clean_graph, ["awards"])
    [item] = [
        i
        for i in (await client.get("/api/v1/review", headers=reviewer)).json()["items"]
        if i["key"] == "quacert|qms 006"
    ]
    link = f"/api/v1/review/{item['id']}/link"
    cases = [
        ("GET", "/api/v1/review", {}, None, 401, "unauthenticated"),
        ("GET", "/api/v1/review", uploader, None, 403, "forbidden"),
        ("GET", "/api/v1/review?kind=certificates", awards_only, None, 403, "forbidden"),
        ("POST", link, awards_only, {"taxCode": "3701000003"}, 403, "forbidden"),
        ("GET", "/api/v1/review?kind=lots", reviewer, None, 400, "bad-request"),
        ("GET", "/api/v1/review?first=0", reviewer, None, 400, "bad-request"),
        ("POST", link, reviewer, {}, 400, "bad-request"),
        ("POST", link, reviewer, {"taxCode": "3701000004"}, 400, "bad-request"),
        ("POST", link, reviewer, {"taxCode": "3709999997"}, 404, "not-found"),
        ("POST", "/api/v1/review/Certificate.bm8/reject", reviewer, None, 404, "not-found"),
        ("POST", "/api/v1/review/nonsense/reject", reviewer, None, 400, "bad-request"),
    ]
    for method, url, headers, body, status, code in cases:
        response = await client.request(method, url, headers=headers, json=body)
        assert response.status_code == status, (url, body, response.text)
        assert response.json()["code"] == code, (url, response.text)
    status = clean_graph.read("MATCH (c:Certificate {number: 'QMS-006'}) RETURN c.linkStatus AS s")
    assert status == [{"s": "ambiguous"}]  # nothing refused changed anything


async def test_the_app_serves_the_review_routes(settings: Settings) -> None:
    from app.web.app import create_app

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            response = await http.get("/api/v1/review")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
