"""Running the HTTP app under uvicorn: the one place ``hub serve`` and ``hub demo`` start it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import uvicorn

from app.web.protocol import PROTOCOL
from hub.settings import Settings

_METRICS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def serve(host: str, port: int, workers: int = 1, settings: Settings | None = None) -> None:
    """Serve ``app.web:app_from_env`` (each worker builds the app from the environment).

    With several workers they share one metrics folder (prometheus_client's
    multiprocess mode), emptied first: ``PROMETHEUS_MULTIPROC_DIR``, else a new
    temporary folder removed at the end."""
    made: Path | None = None
    if workers > 1:
        configured = settings.metrics_dir if settings is not None else ""
        folder = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="hub-metrics-"))
        made = None if configured else folder
        _empty(folder)
        os.environ[_METRICS_ENV] = str(folder)  # the workers' settings and prometheus_client
    try:
        uvicorn.run(
            "app.web:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            http=PROTOCOL,  # unparseable requests answered as problems, not plain text
            log_level="warning",
            access_log=False,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


def _empty(folder: Path) -> None:
    """Counters of a previous run must not add to this one's."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
