"""The HTTP application: ``create_app(settings)`` and the factory ``hub serve`` runs."""

from app.web.app import app_from_env, create_app

__all__ = ["app_from_env", "create_app"]
