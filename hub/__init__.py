"""Provincial Data Hub, the core: settings, errors, Vietnamese text and tax codes,
places, API keys, the Neo4j graph layer and the local Neo4j server. The entry points
that compose it live in ``app``; nothing here imports ``app``, ``schema`` or ``loaders``."""

__version__ = "0.2.0"  # the one place: pyproject.toml reads it
