"""The OpenAPI document of the partner API."""

from __future__ import annotations

import json

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from app.web.partner import routes
from app.web.problems import CATALOGUE
from hub.settings import Settings
from loaders.registry import KINDS


async def test_openapi_lists_the_upload_path_and_its_security(settings: Settings) -> None:
    app = Starlette(routes=[Mount("/api/v1", routes=routes(settings))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    doc = json.loads(response.text)
    assert doc["openapi"] == "3.1.0"
    operation = doc["paths"]["/datasets/{kind}"]["post"]
    assert operation["security"] == [{"bearerAuth": []}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "a key from `hub keys create` (shown once)",
    }
    kind = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert kind["in"] == "path" and kind["schema"]["enum"] == list(KINDS)
    assert {p["name"] for p in operation["parameters"]} >= {"dry_run", "strict", "mode"}
    assert set(operation["responses"]) >= {"200", "401", "403", "413", "422", "429"}
    # Every error is a problem, with its headers; the codes are the catalogue's.
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in doc["paths"].values():
        for op in path_item.values():
            for status, response in op["responses"].items():
                assert "X-Request-ID" in response["headers"], (status, op["operationId"])
                if status == "default" or int(status) >= 400 and status != "422":
                    assert response["content"] == problem, (status, op["operationId"])
    responses = operation["responses"]
    assert set(responses) >= {"400", "413", "415", "503", "default"}
    assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
    for status in ("429", "503"):
        assert responses[status]["headers"]["Retry-After"]["required"] is True
    codes = doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
    assert codes == list(CATALOGUE)
    assert {"payload-too-large", "unsupported-media-type"} <= set(codes)
    assert "text/csv" in operation["requestBody"]["content"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    review = doc["paths"]["/review/{item}/link"]["post"]
    assert review["security"] == [{"bearerAuth": []}] and "404" in review["responses"]
    # Every local reference resolves.
    for ref in _refs(doc):
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []
