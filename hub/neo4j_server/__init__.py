"""The local Neo4j 5.26 Community server: fetched from Maven, run from its jars."""

from hub.neo4j_server.server import ServerStatus, start, status, stop

__all__ = ["ServerStatus", "start", "status", "stop"]
