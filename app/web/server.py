"""Running the HTTP app under uvicorn: the one place ``hub serve`` and ``hub demo`` start it."""

from __future__ import annotations

import uvicorn


def serve(host: str, port: int, workers: int = 1) -> None:
    """Serve ``app.web:app_from_env`` (each worker builds the app from the environment)."""
    uvicorn.run(
        "app.web:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
