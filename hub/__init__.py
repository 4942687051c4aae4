"""Provincial Data Hub: the app, settings, the Neo4j graph layer and the command line."""

__version__ = "0.1.0"
