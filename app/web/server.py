"""Running the HTTP app under uvicorn: the one place ``hub serve`` and ``hub demo`` start it."""

from __future__ import annotations

import uvicorn

from app.web.protocol import PROTOCOL


def serve(host: str, port: int, workers: int = 1) -> None:
    """Serve ``app.web:app_from_env`` (each worker builds the app from the environment)."""
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
