"""The hub's one exception tree.

    HubError                      base; ``code`` is the GraphQL/HTTP error code of the contract
    ├── ConfigError               a setting that cannot be read; names its variable
    ├── BadInputError             a caller's argument is wrong (BAD_USER_INPUT)
    │   └── QueryTooComplexError  depth, aliases, size or page limits (QUERY_TOO_COMPLEX)
    ├── NotFoundError             the thing asked for does not exist (NOT_FOUND)
    ├── AuthError                 no or bad credentials (UNAUTHENTICATED)
    │   └── ForbiddenError        credentials valid, scope too narrow (FORBIDDEN)
    ├── FileRefusedError          a whole input file cannot be loaded (exit 1 of `hub load`)
    ├── BusyError                 another process holds the lease asked for, past the wait
    ├── GraphError                the graph store failed (INTERNAL)
    │   └── GraphUnavailableError Neo4j cannot be reached right now (SERVICE_UNAVAILABLE);
    │                             ``retry_after`` says in how many seconds to try again
    └── ServerError               the local Neo4j server cannot be fetched, started or stopped

Neo4j driver exceptions become ``GraphError``s in exactly one place: ``hub.graph.driver``.
Row-level problems in input files are not exceptions: see ``loaders.report.RowError``.
"""

from __future__ import annotations


class HubError(Exception):
    code = "INTERNAL"


class ConfigError(HubError):
    pass


class BadInputError(HubError):
    code = "BAD_USER_INPUT"


class QueryTooComplexError(BadInputError):
    code = "QUERY_TOO_COMPLEX"


class NotFoundError(HubError):
    code = "NOT_FOUND"


class AuthError(HubError):
    code = "UNAUTHENTICATED"


class ForbiddenError(AuthError):
    code = "FORBIDDEN"


class FileRefusedError(HubError):
    """A file that cannot be loaded at all; the message names the file and the reason.

    ``refusal`` is the stable code of the reason (``hub.messages``: ``broken-csv``,
    ``missing-column``...); ``hub.messages.refusal`` builds one from the catalogue.
    """

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, refusal: str = "refused", file: str | None = None):
        super().__init__(message)
        self.refusal = refusal
        self.file = file


class BusyError(HubError):
    """Another upload or load of the same records still runs (its lease is held)."""

    code = "BUSY"


class GraphError(HubError):
    pass


class GraphUnavailableError(GraphError):
    """An outage, not a bug: clients should retry after ``retry_after`` seconds."""

    code = "SERVICE_UNAVAILABLE"
    retry_after = 10

    def advice(self) -> str:
        """The message with when to come back, as clients are shown it."""
        return f"{self}; try again in {self.retry_after} seconds"


class ServerError(HubError):
    pass
