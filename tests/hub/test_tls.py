"""NEO4J_TRUSTED_CA: a database with a certificate from a private CA, reached over TLS.

The handshake test puts a TLS terminator with a certificate signed by a throw-away CA
(made with openssl) in front of the tests' Neo4j and connects with ``bolt+s://``:
with the CA in the setting the hub reads and writes through it, without it the
certificate is refused. (``neo4j+s://`` takes the same TLS options; through a
terminator its routing table would send the driver past it, to the plain port.)
"""

from __future__ import annotations

import dataclasses
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pytest

from hub.errors import ConfigError
from hub.graph.driver import Graph, connection_target, ping
from hub.settings import Settings


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
             "/CN=hub test CA", "-keyout", "ca.key", "-out", "ca.crt", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", "server.key", "-out", "server.csr", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt",
             cwd=folder)  # fmt: skip
    return folder


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for end in (source, target):  # either side's end ends both directions
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()


@pytest.fixture(scope="module")
def terminator(certificates: Path, settings: Settings) -> Iterator[int]:
    """A TLS port that forwards to the tests' Neo4j (plain Bolt)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "server.crt", certificates / "server.key")
    upstream = urlsplit(settings.neo4j_uri)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            try:
                client = context.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                raw.close()
                continue
            server = socket.create_connection((upstream.hostname, upstream.port or 7687))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield port
    finally:
        listener.close()


def test_the_hub_talks_through_tls_with_the_private_ca(
    terminator: int, certificates: Path, settings: Settings
) -> None:
    secure = dataclasses.replace(
        settings,
        neo4j_uri=f"bolt+s://127.0.0.1:{terminator}",
        neo4j_trusted_ca=str(certificates / "ca.crt"),
    )
    with Graph(secure) as graph:
        assert graph.read("RETURN 1 AS one") == [{"one": 1}]
        assert graph.write("MERGE (l:Lease {key: 'tls-probe'}) RETURN l.key AS key")
        graph.write("MATCH (l:Lease {key: 'tls-probe'}) DELETE l")
    assert ping(secure)
    assert not ping(dataclasses.replace(secure, neo4j_trusted_ca=""))  # the system's CAs


def test_a_secure_uri_with_a_private_ca_becomes_encrypted_plain_scheme(
    certificates: Path, settings: Settings
) -> None:
    ca = str(certificates / "ca.crt")
    for given, plain in (("neo4j+s://db.example:7687", "neo4j"), ("bolt+s://db:7687", "bolt")):
        uri, tls = connection_target(
            dataclasses.replace(settings, neo4j_uri=given, neo4j_trusted_ca=ca)
        )
        assert uri == f"{plain}://{given.split('://')[1]}"
        assert tls["encrypted"] is True
        assert isinstance(tls["trusted_certificates"], neo4j.TrustCustomCAs)
    assert connection_target(dataclasses.replace(settings, neo4j_trusted_ca="")) == (
        settings.neo4j_uri,
        {},
    )
    with pytest.raises(ConfigError, match="NEO4J_TRUSTED_CA"):
        connection_target(dataclasses.replace(settings, neo4j_trusted_ca="/no/such/ca.pem"))
    with pytest.raises(ConfigError, match="neo4j\\+ssc"):
        connection_target(
            dataclasses.replace(settings, neo4j_uri="neo4j+ssc://db:7687", neo4j_trusted_ca=ca)
        )
