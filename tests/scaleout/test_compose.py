"""docker-compose.yml is a deployment: checked for structure, since no Docker engine runs here.

Neo4j (the official 5.26 Community image), a one-shot migration, two hub replicas
and nginx in front; health checks where something serves; start order by health;
every setting a replica is given is one of hub/settings.py; the proxy sends to both.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from hub.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HUBS = ("hub-1", "hub-2")
SETTINGS = {spec.metadata["env"] for spec in dataclasses.fields(Settings)}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _depends(service: dict[str, Any]) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in service.get("depends_on", {}).items()}


def test_the_services_and_their_images(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"neo4j", "migrate", *HUBS, "proxy"}
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", services["neo4j"]["image"])
    assert re.fullmatch(r"nginx:[\w.-]+", services["proxy"]["image"])
    for name in ("migrate", *HUBS):
        assert services[name]["build"] == "." and services[name]["image"]
    assert len({services[name]["image"] for name in ("migrate", *HUBS)}) == 1
    assert "neo4j-data:/data" in services["neo4j"]["volumes"]


def test_health_checks_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("neo4j", *HUBS, "proxy"):
        check = services[name]["healthcheck"]
        assert check["test"][0] in ("CMD", "CMD-SHELL") and check["interval"]
    assert "/readyz" in " ".join(services["hub-1"]["healthcheck"]["test"])
    migrate = services["migrate"]
    assert migrate["command"] == ["hub", "db", "migrate"] and migrate["restart"] == "no"
    assert _depends(migrate) == {"neo4j": "service_healthy"}
    for name in HUBS:
        assert _depends(services[name]) == {
            "neo4j": "service_healthy",
            "migrate": "service_completed_successfully",
        }
    assert _depends(services["proxy"]) == dict.fromkeys(HUBS, "service_healthy")


def test_replicas_get_the_same_known_settings(compose: dict[str, Any]) -> None:
    services = compose["services"]
    env = services["hub-1"]["environment"]
    assert services["hub-2"]["environment"] == env == services["migrate"]["environment"]
    assert set(env) <= SETTINGS, set(env) - SETTINGS
    assert {"NEO4J_URI", "NEO4J_PASSWORD", "HUB_HOST", "HUB_PORT"} <= set(env)
    assert {"HUB_RATE_LIMIT_PER_MINUTE", "HUB_CACHE_VERSION_POLL_MS"} <= set(env)
    assert env["NEO4J_URI"].startswith("neo4j://neo4j:")
    # Each value reads as its setting would: a typo in a number fails here, not at start.
    literal = {k: v for k, v in env.items() if "${" not in v}
    Settings.from_env(literal)
    assert "${NEO4J_PASSWORD" in env["NEO4J_PASSWORD"]
    assert "${NEO4J_PASSWORD" in services["neo4j"]["environment"]["NEO4J_AUTH"]
    for name in HUBS:
        assert "ports" not in services[name]  # reached through the proxy only


def test_the_proxy_sends_to_every_replica(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    source, target, *_ = proxy["volumes"][0].split(":")
    assert target == "/etc/nginx/conf.d/default.conf"
    conf = (ROOT / source).read_text(encoding="utf-8")
    port = compose["services"]["hub-1"]["environment"]["HUB_PORT"]
    upstreams = re.findall(r"^\s*server\s+([\w.-]+):(\d+)", conf, re.MULTILINE)
    assert sorted(upstreams) == [(name, port) for name in HUBS]
    body = re.search(r"client_max_body_size\s+(\d+)m;", conf)
    assert body is not None and int(body.group(1)) * 2**20 >= Settings().max_upload_bytes
    assert any(p.endswith(":80") for p in proxy["ports"])


def test_the_image_serves_on_the_configured_port(compose: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd is not None
    words = yaml.safe_load(cmd.group(1))
    assert words[:2] == ["hub", "serve"]
    port = compose["services"]["hub-1"]["environment"]["HUB_PORT"]
    assert words[words.index("--port") + 1] == port
    assert words[words.index("--host") + 1] == "0.0.0.0"
