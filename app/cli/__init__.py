"""The ``hub`` command line (``app.cli.main``); ``python -m app.cli`` runs it too."""

from app.cli.main import main

__all__ = ["main"]
