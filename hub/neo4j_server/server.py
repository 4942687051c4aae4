"""Fetch, configure, start, stop and inspect a local Neo4j Community server.

There is no Docker engine or Neo4j package on the target machines, but Maven and
Java 17 are there, so the server is assembled from Neo4j's published artifacts
(``pom.xml`` beside this file) and started the way ``bin/neo4j`` would start it.
Maven's own cache (~/.m2) keeps the jars between runs on one machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from hub.errors import ServerError
from hub.settings import Settings

NEO4J_VERSION = "5.26.12"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
POM = Path(__file__).with_name("pom.xml")
_PID_FILE = "run/hub-neo4j.pid"
_CONSOLE_LOG = "logs/console.log"

# What bin/neo4j adds; without the java.nio opens the server cannot start.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    version: str | None
    bolt: str
    http: str
    home: Path

    def describe(self) -> str:
        if not self.running:
            return f"stopped (home {self.home})"
        return (
            f"running, Neo4j {self.version or '?'} Community, pid {self.pid}, "
            f"bolt://{self.bolt}, Browser http://{self.http}/browser/"
        )


def _bolt_address(settings: Settings) -> str:
    return f"127.0.0.1:{settings.neo4j_bolt_port}"


def _http_address(settings: Settings) -> str:
    return f"127.0.0.1:{settings.neo4j_http_port}"


def _lib(settings: Settings) -> Path:
    return settings.neo4j_lib


def _marker(settings: Settings) -> Path:
    return _lib(settings) / f".complete-{NEO4J_VERSION}"


def fetch(settings: Settings, echo=print) -> Path:
    """Copy the server's jars from Maven into the home's lib/ (once per version)."""
    lib = _lib(settings)
    if _marker(settings).exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError("Maven (mvn) is not on PATH; it is needed to fetch Neo4j once")
    if lib.exists():
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    echo(f"Fetching Neo4j {NEO4J_VERSION} Community from Maven (once)...")
    cmd = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={lib}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise ServerError("Maven could not fetch Neo4j:\n" + "\n".join(tail))
    _marker(settings).write_text(NEO4J_VERSION + "\n")
    return lib


def write_config(settings: Settings) -> Path:
    home = settings.neo4j_home
    conf_dir = home / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    guide_hosts = sorted({"guides.neo4j.com", "localhost", "127.0.0.1", settings.guide_host})
    lines = {
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": _bolt_address(settings),
        "server.bolt.advertised_address": _bolt_address(settings),
        "server.http.enabled": "true",
        "server.http.listen_address": _http_address(settings),
        "server.http.advertised_address": _http_address(settings),
        "server.https.enabled": "false",
        "server.memory.pagecache.size": settings.neo4j_pagecache,
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.run": str(home / "run"),
        "server.directories.import": str(home / "import"),
        "server.directories.plugins": str(home / "plugins"),
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        # Lets Neo4j Browser play the analysts' guide the hub serves at /guide/.
        # (`browser.allow_outgoing_connections`, named in some notes, is no declared
        # 5.26 setting: strict validation refuses it.)
        "browser.remote_content_hostname_whitelist": ",".join(guide_hosts),
        "browser.post_connect_cmd": f"play http://{settings.guide_host}:{settings.port}/guide/",
        # Bench's LOAD CSV baseline reads files from the import folder.
        "dbms.security.allow_csv_import_from_file_urls": "true",
        "db.transaction.timeout": "0s",
        # Community has no differential backup to replay old logs into, and the 5.x
        # default (2 days) kept 60 GB of them after one scale-100 bench run.
        "db.tx_log.rotation.retention_policy": "512M size",
    }
    conf = conf_dir / "neo4j.conf"
    conf.write_text("".join(f"{k}={v}\n" for k, v in lines.items()), encoding="utf-8")
    return conf_dir


def java_env(settings: Settings) -> dict[str, str]:
    # The server needs none of the hub's secrets in its environment.
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_AUTH")}
    env["NEO4J_HOME"] = str(settings.neo4j_home)
    env["NEO4J_CONF"] = str(settings.neo4j_home / "conf")
    return env


def java() -> str:
    java = shutil.which("java")
    if java is None:
        raise ServerError("Java 17 or 21 is needed to run Neo4j 5.26, and `java` is not on PATH")
    return java


def _read_pid(settings: Settings) -> int | None:
    path = settings.neo4j_home / _PID_FILE
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _port_open(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return True
    except OSError:
        return False


def _log_tail(settings: Settings, lines: int = 30) -> str:
    log = settings.neo4j_home / _CONSOLE_LOG
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:])


def _server_version(settings: Settings) -> str | None:
    from hub.graph.driver import server_version

    try:
        return server_version(settings)
    except Exception:  # status must answer even when Bolt does not
        return None


def status(settings: Settings) -> ServerStatus:
    pid = _read_pid(settings)
    running = pid is not None and _port_open(_bolt_address(settings))
    return ServerStatus(
        running=running,
        pid=pid,
        version=_server_version(settings) if running else None,
        bolt=_bolt_address(settings),
        http=_http_address(settings),
        home=settings.neo4j_home,
    )


def start(settings: Settings, echo=print) -> ServerStatus:
    """Start the local server unless it runs already; wait until Bolt answers."""
    if not settings.local_neo4j:
        raise ServerError(
            f"NEO4J_URI points at {settings.neo4j_uri}: the hub starts no local server"
        )
    pid = _read_pid(settings)
    if pid is not None:
        _wait_for_bolt(settings, pid)
        return status(settings)
    if _port_open(_bolt_address(settings)):
        raise ServerError(
            f"port {_bolt_address(settings)} is taken by a process this hub did not start; "
            "stop it, or point NEO4J_URI at it"
        )
    fetch(settings, echo)
    conf_dir = write_config(settings)
    home = settings.neo4j_home
    # A new home starts with neo4j/neo4j; the password from settings is set over Bolt
    # right after, so it never appears on a command line or in the process list.
    first_start = not (home / "data" / "databases" / "system").exists()
    cmd = [
        java(),
        f"-Xms{settings.neo4j_heap}",
        f"-Xmx{settings.neo4j_heap}",
        *JVM_FLAGS,
        "-cp",
        f"{_lib(settings)}/*",
        MAIN_CLASS,
        f"--home-dir={home}",
        f"--config-dir={conf_dir}",
        "--console-mode",
    ]
    log = open(home / _CONSOLE_LOG, "ab")
    proc = subprocess.Popen(
        cmd,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=java_env(settings),
        cwd=home,
        start_new_session=True,  # outlives this command, ignores its Ctrl-C
    )
    log.close()
    (home / _PID_FILE).write_text(f"{proc.pid}\n")
    echo(f"Starting Neo4j {NEO4J_VERSION} (pid {proc.pid})...")
    _wait_for_bolt(settings, proc.pid, first_start)
    return status(settings)


def _wait_for_bolt(settings: Settings, pid: int, first_start: bool = False) -> None:
    from hub.graph.driver import change_default_password, ping

    deadline = time.monotonic() + settings.neo4j_start_timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            raise ServerError(
                "Neo4j exited during start. Last lines of its log:\n" + _log_tail(settings)
            ) from None
        if _port_open(_bolt_address(settings)):
            if first_start and change_default_password(settings):
                first_start = False
            if not first_start and ping(settings):
                return
        time.sleep(0.5)
    raise ServerError(
        f"Neo4j did not answer on bolt://{_bolt_address(settings)} within "
        f"{settings.neo4j_start_timeout:.0f} s. Last lines of its log:\n" + _log_tail(settings)
    )


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local server cleanly; returns False when it was not running."""
    pid = _read_pid(settings)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.3)
    else:
        os.kill(pid, signal.SIGKILL)
    (settings.neo4j_home / _PID_FILE).unlink(missing_ok=True)
    return True
