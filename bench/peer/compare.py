"""The hub beside the peer: same answers first, then latency in turns and lookup throughput.

For each pair (``pairs``) both servers are asked once and must return the same firms
(the page, in order, and ``totalCount``); a difference stops the bench. Then one client
asks the hub, then the peer, in turn, over keep-alive connections (so drift on the
machine reaches both alike), and the ratio of their medians is the figure:
``hub_vs_neo4j_graphql_p50_<pair>``, and the median over pairs. Last, the peer's
``enterprise(taxCode)`` throughput with the same load generator and clients as the
hub's (``throughput_lookup_rps``), beside it.
"""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import throughput
from bench.figures import Figures, median, note, percentile
from bench.peer import pairs as peer_pairs
from bench.peer import serve as peer_serve
from bench.peer.pairs import PEER_ENTERPRISE, Pair
from bench.serve import served
from bench.workload import Request, Workload
from hub.graph.driver import Graph
from hub.settings import Settings

_JSON = {"Content-Type": "application/json"}


def _connect(base: str) -> http.client.HTTPConnection:
    address = urlsplit(base)
    return http.client.HTTPConnection(address.hostname or "", address.port, timeout=300.0)


def _post(connection: http.client.HTTPConnection, body: bytes) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    connection.request("POST", "/graphql", body, _JSON)
    response = connection.getresponse()
    payload = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status != 200 or payload.get("errors"):
        raise RuntimeError(f"HTTP {response.status}: {str(payload)[:400]}")
    return elapsed, payload["data"]


def _body(request: dict[str, Any]) -> bytes:
    return json.dumps(request, ensure_ascii=False).encode()


def check(pairs: list[Pair], hub: str, peer: str) -> None:
    """Both servers answer each question with the same firms, or the bench stops."""
    to_hub, to_peer = _connect(hub), _connect(peer)
    try:
        for pair in pairs:
            _, hub_data = _post(to_hub, _body(pair.hub.body()))
            _, peer_data = _post(to_peer, _body(pair.peer))
            ours, theirs = pair.hub_firms(hub_data), pair.peer_firms(peer_data)
            if ours != theirs:
                raise RuntimeError(
                    f"{pair.name}: the hub and the peer disagree: "
                    f"hub {ours[0]} {ours[1][:8]}, peer {theirs[0]} {theirs[1][:8]}"
                )
            total = "" if ours[0] is None else f", total {ours[0]}"
            note(f"peer check {pair.name}: same {len(ours[1])} answers{total}")
    finally:
        to_hub.close()
        to_peer.close()


# A pair stops sampling after this long (with at least ``MIN_SAMPLES``): at scale 400 a
# peer's page of a ward takes seconds, and 300 of them would take the bench hours.
PAIR_SECONDS = 90.0
MIN_SAMPLES = 15


def latency(
    pairs: list[Pair], hub: str, peer: str, figures: Figures, samples: int, warm: int = 5
) -> None:
    """p50 of each side, one request each in turn, and the ratio per pair and overall."""
    ratios = []
    for pair in pairs:
        to_hub, to_peer = _connect(hub), _connect(peer)
        ours: list[float] = []
        theirs: list[float] = []
        hub_body, peer_body = _body(pair.hub.body()), _body(pair.peer)
        try:
            for _ in range(warm):
                _post(to_hub, hub_body)
                _post(to_peer, peer_body)
            started = time.perf_counter()
            while len(ours) < samples:
                hub_time, _ = _post(to_hub, hub_body)
                peer_time, _ = _post(to_peer, peer_body)
                ours.append(hub_time)
                theirs.append(peer_time)
                late = time.perf_counter() - started > PAIR_SECONDS
                if late and len(ours) >= MIN_SAMPLES:
                    note(f"{pair.name}: {len(ours)} samples in {PAIR_SECONDS:.0f} s")
                    break
        finally:
            to_hub.close()
            to_peer.close()
        hub_p50, peer_p50 = percentile(ours, 0.5), percentile(theirs, 0.5)
        figures.add(f"hub_{pair.name}_p50", hub_p50 * 1000, "ms")
        figures.add(f"neo4j_graphql_{pair.name}_p50", peer_p50 * 1000, "ms")
        figures.add(f"hub_vs_neo4j_graphql_p50_{pair.name}", hub_p50 / peer_p50, "x")
        ratios.append(hub_p50 / peer_p50)
    figures.add("hub_vs_neo4j_graphql_p50", median(ratios), "x")


def lookup_throughput(peer: str, keys: list[str], figures: Figures, seconds: float) -> None:
    """The peer's enterprise lookups under the hub's load (64 clients, same generator)."""
    requests = [Request("peer_enterprise", PEER_ENTERPRISE, {"key": key}) for key in keys]
    throughput.load(peer, requests[:50], 2.0, clients=8)  # warm up
    result = throughput.load(peer, requests, seconds)
    note(
        f"peer lookups: {result.rate:.0f} req/s, p99 {result.p99_ms:.1f} ms, {result.errors} errors"
    )
    figures.add("throughput_lookup_neo4j_graphql_rps", result.rate, "req/s")
    figures.add("throughput_lookup_neo4j_graphql_p99", result.p99_ms, "ms")
    figures.add("throughput_lookup_neo4j_graphql_errors", result.errors, "errors")
    hub_rate = figures.value("throughput_lookup_rps")
    if hub_rate and result.rate:
        figures.add("throughput_lookup_hub_vs_neo4j_graphql", hub_rate / result.rate, "x")


def run(
    settings: Settings,
    data: Path,
    load: Workload,
    figures: Figures,
    *,
    samples: int,
    seconds: float,
    hub_port: int,
    peer_port: int = peer_serve.DEFAULT_PORT,
) -> None:
    """The whole step: the hub (one worker, as for the query step) and the peer."""
    with Graph(settings) as graph:
        pairs = peer_pairs.build(data, graph)
    with served(1, hub_port) as hub, peer_serve.served(settings, peer_port) as peer:
        check(pairs, hub, peer)
        latency(pairs, hub, peer, figures, samples)
        keys = [request.variables["taxCode"] for request in load.lookups]
        lookup_throughput(peer, keys, figures, seconds)
