"""All configuration, read from the environment in this one place.

Each setting is a field of ``Settings`` that names its environment variable and says
what it does (``setting(...)``); ``from_env`` reads them all, and a value that cannot
be read is refused naming the variable (``ConfigError``). ``docs/settings.md`` is
generated from the same fields (``python -m hub.settings``), so the reference cannot
fall behind. Nothing else in the hub reads ``os.environ``. Secrets are ``Secret``
values whose ``repr`` and ``str`` never show the value.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The local development server's password. It guards a loopback-only server created
# by `hub neo4j start`; any real deployment sets NEO4J_PASSWORD.
_DEV_PASSWORD = "hub-dev-password"


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def setting(env: str, default: Any, doc: str, *, factory: bool = False) -> Any:
    """A field read from ``env``; ``doc`` is its line in the settings reference."""
    meta = {"env": env, "doc": doc}
    if factory:
        return field(default_factory=default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    # The graph database
    neo4j_uri: str = setting(
        "NEO4J_URI",
        "neo4j://127.0.0.1:7687",
        "Bolt URI of the database. Unset: the local server that `hub neo4j start` runs.",
    )
    neo4j_user: str = setting("NEO4J_USER", "neo4j", "Database user.")
    neo4j_password: Secret = setting(
        "NEO4J_PASSWORD",
        lambda: Secret(_DEV_PASSWORD),
        "Database password (a secret; never printed). The local server's default is "
        "`hub-dev-password`.",
        factory=True,
    )
    neo4j_database: str = setting("NEO4J_DATABASE", "neo4j", "Database name.")
    neo4j_trusted_ca: str = setting(
        "NEO4J_TRUSTED_CA",
        "",
        "PEM file of the certificate authority that signed the database's certificate, for a "
        "`neo4j+s://` or `bolt+s://` URI with a private CA (empty: the system's CAs).",
    )
    local_neo4j: bool = setting(
        "HUB_LOCAL_NEO4J",
        True,
        "Whether `hub neo4j` manages a local server: true when NEO4J_URI is unset.",
    )

    # The local Neo4j server (`hub neo4j start`)
    neo4j_home: Path = setting(
        "HUB_NEO4J_HOME", PROJECT_ROOT / ".neo4j" / "server", "The local server's home folder."
    )
    neo4j_lib: Path = setting(
        "HUB_NEO4J_LIB",
        PROJECT_ROOT / ".neo4j" / "lib",
        "Neo4j's jars, fetched once with Maven and shared by every local server home.",
    )
    neo4j_heap: str = setting("HUB_NEO4J_HEAP", "2g", "The local server's JVM heap.")
    neo4j_pagecache: str = setting("HUB_NEO4J_PAGECACHE", "2g", "The local server's page cache.")
    neo4j_bolt_port: int = setting("HUB_NEO4J_BOLT_PORT", 7687, "The local server's Bolt port.")
    neo4j_http_port: int = setting(
        "HUB_NEO4J_HTTP_PORT", 7474, "The local server's HTTP port (Neo4j Browser)."
    )
    neo4j_start_timeout: float = setting(
        "HUB_NEO4J_START_TIMEOUT", 120.0, "Seconds `hub neo4j start` waits for Bolt."
    )

    # The API
    host: str = setting("HUB_HOST", "127.0.0.1", "Address `hub serve` listens on.")
    port: int = setting("HUB_PORT", 8000, "Port `hub serve` listens on.")
    query_timeout: float = setting(
        "HUB_QUERY_TIMEOUT", 10.0, "Server-side limit of one API transaction, seconds."
    )
    report_timeout: float = setting(
        "HUB_REPORT_TIMEOUT",
        300.0,
        "Server-side limit of one read behind a report of the whole register (the "
        "quality scorecard, made once per graph version), seconds.",
    )
    max_query_depth: int = setting("HUB_MAX_QUERY_DEPTH", 12, "Deepest GraphQL selection.")
    max_aliases: int = setting("HUB_MAX_ALIASES", 30, "Most aliases in one GraphQL document.")
    max_query_bytes: int = setting(
        "HUB_MAX_QUERY_BYTES", 20_000, "Largest GraphQL document, bytes."
    )
    max_query_cost: int = setting(
        "HUB_MAX_QUERY_COST",
        3_000,
        "Largest estimated GraphQL answer: items from `first` and nested lists multiplied "
        "down the selection, plus 100 a top-level field (0: no limit).",
    )
    max_upload_bytes: int = setting(
        "HUB_MAX_UPLOAD_BYTES", 200 * 1024 * 1024, "Largest partner upload, bytes."
    )
    max_concurrent_uploads: int = setting(
        "HUB_MAX_CONCURRENT_UPLOADS",
        2,
        "Uploads one hub process reads and loads at once; more get 503 (0: no limit).",
    )
    introspection: bool = setting(
        "HUB_INTROSPECTION", True, "GraphQL introspection and GraphiQL on or off."
    )
    rate_limit_per_minute: int = setting(
        "HUB_RATE_LIMIT_PER_MINUTE", 120, "Partner requests a minute per API key (0: no limit)."
    )
    cache_enabled: bool = setting(
        "HUB_CACHE_ENABLED", True, "Whole GraphQL responses cached in each process, or not."
    )
    cache_max_bytes: int = setting(
        "HUB_CACHE_MAX_BYTES", 64 * 1024 * 1024, "Most bytes of responses one process caches."
    )
    cache_version_poll_ms: int = setting(
        "HUB_CACHE_VERSION_POLL_MS",
        500,
        "No cached answer is staler than this many milliseconds after a write commits (on "
        "every replica). The graph version is re-read in the background once half of it has "
        "passed; within it, the answer of the version before is served while its refresh runs.",
    )
    upload_lease_seconds: float = setting(
        "HUB_UPLOAD_LEASE_SECONDS",
        30.0,
        "An upload's or load's lock on its record label is a lease in Neo4j of this many "
        "seconds, renewed while it writes; a process killed mid-load frees it this late.",
    )
    upload_lease_wait_seconds: float = setting(
        "HUB_UPLOAD_LEASE_WAIT_SECONDS",
        300.0,
        "How long an upload or load waits for another one of the same label to finish.",
    )
    metrics_dir: str = setting(
        "PROMETHEUS_MULTIPROC_DIR",
        "",
        "Folder where the workers of one `hub serve --workers N` share their metrics (set by "
        "`hub serve` when N > 1; empty: metrics of this process only).",
    )
    auth_failures_per_minute: int = setting(
        "HUB_AUTH_FAILURES_PER_MINUTE",
        20,
        "Failed partner authentications a minute per client address before 429 (0: no limit).",
    )
    log_level: str = setting("HUB_LOG_LEVEL", "INFO", "Level of the API's JSON log lines.")
    export_max_rows: int = setting(
        "HUB_EXPORT_MAX_ROWS",
        10_000,
        "Most rows `GET /graphql/export.{format}` follows pages for (`hub export` has "
        "`--max-rows`).",
    )
    quality_stale_days: int = setting(
        "HUB_QUALITY_STALE_DAYS",
        180,
        "Days after which a record no load has sent again counts as stale in the "
        "data-quality scorecard (`/quality/`, `hub report quality`).",
    )
    data_license: str = setting(
        "HUB_DATA_LICENSE",
        "https://creativecommons.org/licenses/by/4.0/",
        "Licence of the data, as the DCAT catalogue (`/catalog.jsonld`) states it.",
    )
    publisher: str = setting(
        "HUB_PUBLISHER",
        "Provincial Data Hub",
        "Publisher named in the DCAT catalogue for data loaded without an agency.",
    )
    webhooks_worker: bool = setting(
        "HUB_WEBHOOKS_WORKER",
        True,
        "Whether `hub serve` sends webhook deliveries (each replica may: they share the "
        "work through Neo4j); `hub webhooks run` is the same worker on its own.",
    )
    webhook_poll_seconds: float = setting(
        "HUB_WEBHOOK_POLL_SECONDS", 5.0, "How often the webhook worker looks for events."
    )
    webhook_max_attempts: int = setting(
        "HUB_WEBHOOK_MAX_ATTEMPTS", 8, "Attempts of a webhook delivery before it fails."
    )
    webhook_backoff_seconds: float = setting(
        "HUB_WEBHOOK_BACKOFF_SECONDS",
        10.0,
        "Wait before a delivery's second attempt; each later wait is four times longer "
        "(at most 6 hours).",
    )
    webhook_allow_private: bool = setting(
        "HUB_WEBHOOK_ALLOW_PRIVATE",
        False,
        "Whether partners may register webhooks on local or private addresses.",
    )
    guide_host: str = setting(
        "HUB_GUIDE_HOST",
        "127.0.0.1",
        "Host name Neo4j Browser uses to fetch the analysts' guide from the hub.",
    )

    # Input files (`hub load` and uploads): what a file may hold before it is refused
    xlsx_max_unzipped_mb: int = setting(
        "HUB_XLSX_MAX_UNZIPPED_MB",
        256,
        "Largest an XLSX workbook may unpack to (all its parts), MB; checked from the zip "
        "directory before anything is inflated.",
    )
    xlsx_max_rows: int = setting(
        "HUB_XLSX_MAX_ROWS", 1_048_576, "Most rows with data in one XLSX sheet."
    )
    xlsx_max_columns: int = setting(
        "HUB_XLSX_MAX_COLUMNS", 16_384, "Rightmost column an XLSX cell with a value may be in."
    )
    xlsx_max_cells: int = setting(
        "HUB_XLSX_MAX_CELLS",
        12_000_000,
        "Most cells one XLSX sheet may span, counting each row up to its last value.",
    )
    xlsx_max_shared_strings_mb: int = setting(
        "HUB_XLSX_MAX_SHARED_STRINGS_MB",
        64,
        "Largest shared-strings part (the text of an XLSX workbook, unpacked), MB; it is "
        "held in memory while the sheet is read.",
    )
    csv_max_line_chars: int = setting(
        "HUB_CSV_MAX_LINE_CHARS", 8_000_000, "Longest line of a CSV file, characters."
    )
    json_max_depth: int = setting(
        "HUB_JSON_MAX_DEPTH", 64, "Deepest nesting of a JSON, JSON Lines or EPCIS file."
    )
    json_max_number_digits: int = setting(
        "HUB_JSON_MAX_NUMBER_DIGITS", 100, "Longest number literal in a JSON file, digits."
    )
    workbook_max_mb: int = setting(
        "HUB_WORKBOOK_MAX_MB",
        64,
        "Largest .xls or .ods workbook, MB (an .ods counted unpacked); python-calamine reads "
        "such a sheet whole, so the size is checked before it is opened.",
    )
    rejects_max_rows: int = setting(
        "HUB_REJECTS_MAX_ROWS",
        10_000,
        "Most rejected rows an upload keeps with its LoadRun for its return file "
        "(`rejects` link); the report still counts them all.",
    )
    locale: str = setting(
        "LANG",
        "",
        "The system locale: a Vietnamese one (`vi_VN.UTF-8`) makes `hub load` report in "
        "Vietnamese unless `--lang en` says otherwise.",
    )
    epcis_max_event_values: int = setting(
        "HUB_EPCIS_MAX_EVENT_VALUES",
        250_000,
        "Most values (EPCs, quantities, fields) one EPCIS event may hold; a larger event "
        "is a row error.",
    )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Every setting from ``env`` (the process environment by default); a value that
        cannot be read raises ``ConfigError`` naming its variable."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            raw = env.get(spec.metadata["env"], "").strip()
            if raw:
                values[spec.name] = _parse(spec, raw)
        # A configured NEO4J_URI means a server the hub does not run, unless told so.
        if "neo4j_uri" in values and "HUB_LOCAL_NEO4J" not in env:
            values["local_neo4j"] = False
        return cls(**values)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _parse(spec: dataclasses.Field[Any], raw: str) -> Any:
    kind = spec.type if isinstance(spec.type, str) else spec.type.__name__
    name = spec.metadata["env"]
    try:
        if kind == "int":
            return int(raw.replace("_", ""))
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() not in _TRUE | _FALSE:
                raise ValueError
            return raw.lower() in _TRUE
        if kind == "Path":
            return Path(raw)
        if kind == "Secret":
            return Secret(raw)
        return raw
    except ValueError:
        expected = {"int": "a whole number", "float": "a number", "bool": "true or false"}
        raise ConfigError(f"{name}={raw!r} is not {expected.get(kind, 'valid')}") from None


def reference() -> str:
    """The settings reference in Markdown (``docs/settings.md``), from the fields."""
    lines = [
        "# Settings",
        "",
        "Every setting of the hub is an environment variable, read once at start by",
        "`hub/settings.py`. A value that cannot be read stops the command with a message",
        "naming the variable. This page is generated: `python -m hub.settings > docs/settings.md`.",
        "",
        "| variable | default | what it does |",
        "|---|---|---|",
    ]
    defaults = Settings()
    for spec in dataclasses.fields(Settings):
        value = getattr(defaults, spec.name)
        if isinstance(value, Secret):
            shown = "(secret)"
        elif isinstance(value, Path):
            shown = f"`{os.path.relpath(value, PROJECT_ROOT)}`"
        else:
            shown = f"`{str(value).lower() if isinstance(value, bool) else value}`"
        lines.append(f"| `{spec.metadata['env']}` | {shown} | {spec.metadata['doc']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(reference())
