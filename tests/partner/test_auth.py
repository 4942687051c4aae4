"""Who may upload: the 401/403 matrix, keys kept as hashes, and `hub keys`."""

from __future__ import annotations

import argparse
import hashlib
import json

import httpx
import pytest

from app.cli.keys import add_keys_parser
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.partner.conftest import CSV, bearer, data, new_key, serve, upload_headers

URL = "/api/v1/datasets/enterprises?dry_run=true"


async def test_401_and_403_matrix(client: httpx.AsyncClient, clean_graph: Graph) -> None:
    planning = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises"])
    quality = new_key(clean_graph, "Chi cục TĐC", ["certificates"])
    revoked = new_key(clean_graph, "Sở cũ", ["enterprises"])
    revoked_id = revoked.split("_")[1]
    clean_graph.write(
        "MATCH (k:ApiKey {key: $id}) SET k.revokedAt = datetime()", {"id": revoked_id}
    )
    forged = planning[:-4] + "AAAA" if not planning.endswith("AAAA") else planning[:-4] + "BBBB"
    body = data("enterprises_a.csv")
    cases = {
        "no key": ({}, 401),
        "not bearer": ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        "not a hub key": (bearer("not-a-key"), 401),
        "wrong secret": (bearer(forged), 401),
        "revoked key": (bearer(revoked), 401),
        "key for another kind": (bearer(quality), 403),
        "valid key": (bearer(planning), 200),
    }
    for name, (headers, status) in cases.items():
        response = await client.post(URL, content=body, headers={**CSV, **headers})
        assert response.status_code == status, (name, response.text)
        if status == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), name
            assert response.json()["code"] == "unauthenticated"
        if status == 403:
            assert response.json()["code"] == "forbidden"
    # No error text repeats a key.
    response = await client.post(URL, content=body, headers={**CSV, **bearer(forged)})
    assert forged not in response.text and planning not in response.text


async def test_401_comes_before_anything_is_read(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    response = await client.post(
        "/api/v1/datasets/no_such_kind", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 401


def test_keys_are_stored_only_as_hashes(clean_graph: Graph) -> None:
    token = new_key(clean_graph, "Phòng Kế hoạch", ["enterprises", "awards"])
    rows = clean_graph.read("MATCH (k:ApiKey) RETURN properties(k) AS props")
    assert len(rows) == 1
    props = rows[0]["props"]
    assert all(token not in str(value) for value in props.values())
    secret = token.split("_", 2)[2]
    assert all(secret not in str(value) for value in props.values())
    assert props["hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert props["agency"] == "Phòng Kế hoạch"
    assert sorted(props["kinds"]) == ["awards", "enterprises"]


def _run_keys(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hub")
    add_keys_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["keys", *argv])
    return int(args.func(args, settings))


async def test_keys_cli_create_list_revoke(
    clean_graph: Graph, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run_keys(settings, "create", "--agency", "Sở NN", "--kinds", "products,epcis", "--json")
        == 0
    )
    token = json.loads(capsys.readouterr().out)["key"]
    key_id = token.split("_")[1]

    assert _run_keys(settings, "list", "--json") == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(k["id"], k["agency"], k["kinds"], k["revokedAt"]) for k in listed] == [
        (key_id, "Sở NN", ["epcis", "products"], None)
    ]
    assert token not in json.dumps(listed) and "hash" not in listed[0]

    assert _run_keys(settings, "create", "--agency", "X", "--kinds", "no_such_kind") == 2
    assert "unknown kinds no_such_kind" in capsys.readouterr().err

    assert _run_keys(settings, "revoke", key_id) == 0
    assert _run_keys(settings, "revoke", "0000000000000000") == 1
    capsys.readouterr()
    assert _run_keys(settings, "list") == 0
    assert "revoked" in capsys.readouterr().out

    async with serve(clean_graph, settings) as http:
        response = await http.post(
            "/api/v1/datasets/products?dry_run=true", content=b"[]", headers=upload_headers(token)
        )
    assert response.status_code == 401
