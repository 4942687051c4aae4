"""The business rules every reader applies, each written once.

The API's queries, the analysts' guide and the resolvers all decide "is this record
retired", "is this certificate valid on a day" and "what is today" through these
functions, so an analyst in Neo4j Browser counts what the API shows. Each rule is a
Cypher fragment (its variable names are constants of the caller, never data) and,
where a resolver applies it to rows already fetched, the same rule in Python beside it.
Which firms supply which pilot chain is derived data with one definition of its own:
``hub.graph.supply_chains`` (readers follow ``SUPPLIES``).
"""

from __future__ import annotations

from datetime import date

from hub.vocabulary import TIME_ZONE

# Today in Việt Nam, in Cypher: what "valid today" means (``date()`` alone is UTC's day).
TODAY = f"date({{timezone: '{TIME_ZONE.key}'}})"


def current(var: str) -> str:
    """``var`` is not retired (no partner's snapshot left it out)."""
    return f"{var}.retiredAt IS NULL"


def live(var: str) -> str:
    """``var`` is not retired, or the request asked for retired records too."""
    return f"($includeRetired OR {current(var)})"


def valid_on(cert: str, day: str) -> str:
    """Certificate ``cert`` is valid on ``day`` (a Cypher date expression): stored as
    valid, issued by then and not expired before it. SUSPENDED and WITHDRAWN are stored;
    EXPIRED is only ever this rule's answer for a day."""
    return (
        f"({cert}.status = 'valid' AND {cert}.issuedOn <= {day} "
        f"AND ({cert}.expiresOn IS NULL OR {cert}.expiresOn >= {day}))"
    )


def is_valid_on(status: object, issued_on: date | None, expires_on: date | None, day: date) -> bool:
    """``valid_on`` for a certificate already fetched."""
    return (
        status == "valid"
        and issued_on is not None
        and issued_on <= day
        and (expires_on is None or expires_on >= day)
    )


def status_on(status: object, expires_on: date | None, day: date) -> str:
    """A certificate's status on ``day``: ``withdrawn`` or ``suspended`` as stored,
    ``expired`` past its end, else ``valid``."""
    if status in ("withdrawn", "suspended"):
        return str(status)
    if expires_on is not None and expires_on < day:
        return "expired"
    return "valid"
