"""Uploads through HTTP: the same pipeline and report as `hub load`, limits, idempotency."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from app.web.uploads import remove_abandoned
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.conftest import graph_fingerprint
from tests.partner.conftest import bearer, data, new_key, serve, upload_headers

ENTERPRISES = "/api/v1/datasets/enterprises"


def _enterprise_keys(graph: Graph) -> list[str]:
    rows = graph.read("MATCH (e:Enterprise) RETURN e.key AS key ORDER BY key")
    return [row["key"] for row in rows]


async def test_upload_loads_and_records_the_agency(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    response = await client.post(
        ENTERPRISES + "?filename=../../etc/dn_2025.csv",
        content=data("enterprises_a.csv"),
        headers=upload_headers(planning_key),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["kind"] == "enterprises" and report["file"] == "dn_2025.csv"
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (3, 3, 0)
    assert report["unresolved"] == 0 and report["errors"] == [] and report["status"] == "loaded"
    assert report["replayed"] is False and report["retired"] == 0
    assert _enterprise_keys(clean_graph) == ["3700635642", "3702445566", "3705778891"]
    run = clean_graph.read(
        "MATCH (r:LoadRun {key: $run}) RETURN r.agency AS agency, r.file AS file",
        {"run": report["load_run"]},
    )
    assert run == [{"agency": "Phòng Kế hoạch", "file": "dn_2025.csv"}]
    firm = clean_graph.read("MATCH (e:Enterprise {key: '3700635642'}) RETURN e.createdBy AS run")
    assert firm == [{"run": report["load_run"]}]


async def test_multipart_upload(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    files = {"file": ("doanh_nghiep.csv", data("enterprises_b.csv"), "text/csv")}
    response = await client.post(
        ENTERPRISES, files=files, data={"note": "x"}, headers=bearer(planning_key)
    )
    assert response.status_code == 200, response.text
    assert response.json()["file"] == "doanh_nghiep.csv"
    assert _enterprise_keys(clean_graph) == ["3701000003", "3706889900"]

    other_part = {"attachment": ("x.csv", b"a,b", "text/csv")}
    response = await client.post(ENTERPRISES, files=other_part, headers=bearer(planning_key))
    assert response.status_code == 400
    assert "no `file` part" in response.json()["detail"]


async def test_dry_run_writes_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    before = graph_fingerprint(clean_graph)
    response = await client.post(
        ENTERPRISES + "?dry_run=true&mode=snapshot",
        content=data("enterprises_all.csv"),
        headers=upload_headers(planning_key),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["status"] == "validated" and report["rows_loaded"] == 5
    assert graph_fingerprint(clean_graph) == before


async def test_strict_refusal_is_422_and_unknown_kind_400(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    response = await client.post(
        ENTERPRISES + "?strict=true",
        content=data("enterprises_one_bad.csv"),
        headers=upload_headers(planning_key),
    )
    assert response.status_code == 422, response.text
    report = response.json()
    assert report["status"] == "refused" and report["rows_rejected"] == 1
    assert report["errors"][0]["row"] == 3
    assert _enterprise_keys(clean_graph) == []

    response = await client.post(
        "/api/v1/datasets/factories", content=b"x", headers=upload_headers(planning_key)
    )
    assert response.status_code == 400
    assert "kinds are" in response.json()["detail"]

    response = await client.post(
        ENTERPRISES + "?dry_run=maybe", content=b"x", headers=upload_headers(planning_key)
    )
    assert response.status_code == 400


async def test_unsupported_media_type_is_415(client: httpx.AsyncClient, planning_key: str) -> None:
    headers = {**bearer(planning_key), "Content-Type": "application/x-www-form-urlencoded"}
    response = await client.post(ENTERPRISES, content=b"a=1", headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported-media-type"


async def test_repeated_upload_is_a_noop_returning_the_first_report(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    body, headers = data("enterprises_a.csv"), upload_headers(planning_key)
    first = await client.post(ENTERPRISES, content=body, headers=headers)
    assert first.status_code == 200 and first.json()["replayed"] is False
    before = graph_fingerprint(clean_graph)

    again = await client.post(ENTERPRISES + "?filename=other.csv", content=body, headers=headers)
    assert again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert graph_fingerprint(clean_graph) == before

    # Another agency sending the same bytes is a load of its own, not a replay.
    other = new_key(clean_graph, "Ban Quản lý KCN", ["enterprises"])
    third = await client.post(ENTERPRISES, content=body, headers=upload_headers(other))
    assert third.status_code == 200 and third.json()["replayed"] is False
    fourth = await client.post(ENTERPRISES, content=body, headers=headers)
    assert fourth.json() == {**first.json(), "replayed": True}


async def test_concurrent_uploads_lose_nothing(
    clean_graph: Graph, settings: Settings, planning_key: str, quality_key: str
) -> None:
    async with serve(clean_graph, settings, max_concurrent_uploads=3) as client:
        await _concurrent_uploads(client, clean_graph, planning_key, quality_key)


async def _concurrent_uploads(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str, quality_key: str
) -> None:
    headers = upload_headers(planning_key)
    responses = await asyncio.gather(
        client.post(ENTERPRISES, content=data("enterprises_a.csv"), headers=headers),
        client.post(ENTERPRISES, content=data("enterprises_b.csv"), headers=headers),
        client.post(
            "/api/v1/datasets/certificates",
            content=data("certificates.csv"),
            headers=upload_headers(quality_key),
        ),
    )
    assert [r.status_code for r in responses] == [200, 200, 200], [r.text for r in responses]
    assert _enterprise_keys(clean_graph) == [
        "3700635642",
        "3701000003",
        "3702445566",
        "3705778891",
        "3706889900",
    ]
    holders = clean_graph.read(
        "MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate) RETURN e.key AS e, c.number AS c ORDER BY c"
    )
    assert holders == [{"e": "3700635642", "c": "QMS-101"}, {"e": "3702445566", "c": "QMS-102"}]
    runs = clean_graph.read("MATCH (r:LoadRun) RETURN count(r) AS n")
    assert runs == [{"n": 3}]

    # The same upload twice at once: one load, one replay of its report.
    twice = await asyncio.gather(
        *(
            client.post(ENTERPRISES, content=data("enterprises_all.csv"), headers=headers)
            for _ in range(2)
        )
    )
    assert sorted(r.json()["replayed"] for r in twice) == [False, True]
    assert twice[0].json()["load_run"] == twice[1].json()["load_run"]


async def test_body_over_the_size_limit_is_413(
    clean_graph: Graph, settings: Settings, planning_key: str
) -> None:
    body = data("enterprises_a.csv")
    async with serve(clean_graph, settings, max_upload_bytes=len(body) - 1) as http:
        declared = await http.post(ENTERPRISES, content=body, headers=upload_headers(planning_key))
        assert declared.status_code == 413
        assert declared.json()["code"] == "payload-too-large"
        assert "limit" in declared.json()["detail"]

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(body), 16):
                yield body[start : start + 16]

        streamed = await http.post(
            ENTERPRISES, content=chunks(), headers=upload_headers(planning_key)
        )
        assert "content-length" not in streamed.request.headers
        assert streamed.status_code == 413

        files = {"file": ("a.csv", body, "text/csv")}
        multipart = await http.post(ENTERPRISES, files=files, headers=bearer(planning_key))
        assert multipart.status_code == 413
    assert _enterprise_keys(clean_graph) == []


async def test_rate_limit_is_429_with_retry_after(
    clean_graph: Graph, settings: Settings, planning_key: str
) -> None:
    other = new_key(clean_graph, "Sở Công Thương", ["enterprises"])
    url = ENTERPRISES + "?dry_run=true"
    body = data("enterprises_a.csv")
    async with serve(clean_graph, settings, rate_limit_per_minute=2) as http:
        statuses = [
            (await http.post(url, content=body, headers=upload_headers(planning_key)))
            for _ in range(3)
        ]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        limited = statuses[-1]
        assert int(limited.headers["Retry-After"]) >= 1
        assert limited.json()["code"] == "rate-limited"
        # Another key has its own bucket.
        response = await http.post(url, content=body, headers=upload_headers(other))
        assert response.status_code == 200


async def test_report_is_the_cli_report(
    client: httpx.AsyncClient, clean_graph: Graph, planning_key: str
) -> None:
    response = await client.post(
        ENTERPRISES + "?dry_run=true",
        content=data("enterprises_one_bad.csv"),
        headers=upload_headers(planning_key),
    )
    report = response.json()
    for field in ("kind", "file", "rows_read", "rows_loaded", "rows_rejected", "unresolved"):
        assert field in report
    assert set(report["errors"][0]) == {"row", "column", "value", "code", "reason"}
    assert report["errors"][0]["code"] == "invalid-tax-code"
    assert report["rejected_by_code"] == {"invalid-tax-code": report["rows_rejected"]}
    json.dumps(report)


def test_a_starting_hub_removes_the_upload_folders_of_killed_processes(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())
    abandoned = tmp_path / f"hub-upload-{ended.pid}-{host}-a1b2c3"
    ours = tmp_path / f"hub-upload-{os.getpid()}-{host}-d4e5f6"
    elsewhere = tmp_path / f"hub-upload-{ended.pid}-{host}x-g7h8i9"  # another host's
    other = tmp_path / "hub-upload-notapid"
    for folder in (abandoned, ours, elsewhere, other):
        folder.mkdir()
        (folder / "enterprises.csv").write_text("Mã số thuế\n", encoding="utf-8")
    assert remove_abandoned(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [ours.name, elsewhere.name, other.name]
    )
