"""Cypher map projections shared by the API's queries, built once at import.

A projection takes the name of the variable it reads (always a constant of this
package, never data) and names its own inner variables after it, so fragments nest
without capturing each other's variables. A nested list the request did not ask for
comes back as null ("not fetched"), which is not the same as an empty list: the
projection is written for the request's ``Include`` (which lists it selects), so a
statement holds only the subqueries its request needs. Each query module keeps one
statement per ``Include`` it meets (``functools.cache``): few, since a client sends
few shapes of question, and Neo4j plans each once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from hub.graph.rules import live

# Every query reads dates and times as strings, so no driver type leaves this layer.
_ENTERPRISE_FIELDS = (
    ".key, .taxCode, .name, .legalForm, .address, .sector, .size, .status, .gln, .isBranch, "
    ".stub, .unitKeys"
)


@dataclass(frozen=True)
class Include:
    """Which nested lists of an enterprise a request needs (all by default)."""

    withCertificates: bool = True
    withHeadOffice: bool = True
    withBranches: bool = True
    withAwards: bool = True
    withMeasurement: bool = True
    withProgrammeSupports: bool = True
    withProducts: bool = True
    withSources: bool = True
    # A programme target's firms (``achievedBy``), not an enterprise's list.
    withRecords: bool = True
    # What the fields selected under an enterprise's ``certificates`` and ``products``
    # need read (``read_groups``; None: every field), so they read only what is shown.
    certificateReads: frozenset[str] | None = None
    productReads: frozenset[str] | None = None
    # Not a selection flag: the ``includeRetired`` argument (records a partner's snapshot
    # left out). Resolvers set it with ``dataclasses.replace``; every query reads it.
    includeRetired: bool = False

    _params: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    ALL: ClassVar[Include]

    def __post_init__(self) -> None:
        self._params.update({"includeRetired": self.includeRetired})

    def params(self) -> dict[str, Any]:
        """What the statement takes as parameters (a shared dict: do not change it); the
        selection flags are written into the statement itself."""
        return self._params

    @property
    def selection(self) -> Include:
        """The flags that shape a statement (``includeRetired`` is a parameter)."""
        return replace(self, includeRetired=False) if self.includeRetired else self


Include.ALL = Include()


def datetime_text(expr: str) -> str:
    """An ISO 8601 string with a numeric offset (no zone name) for a DateTime value."""
    return f"toString(localdatetime({expr})) + {expr}.offset"


def link_fields(rel: str) -> str:
    """How a record is tied to its firm, read from the holder relationship ``rel``:
    method, confidence and the evidence stored with them (``loaders.linking``)."""
    return (
        f"method: {rel}.method, confidence: {rel}.confidence, evidence: {rel}.evidence, "
        f"agreed: {rel}.agreed, differed: {rel}.differed, decidedBy: {rel}.decidedBy, "
        f"decidedAt: {datetime_text(rel + '.decidedAt')}"
    )


# A record's GraphQL fields in groups read together: each group costs a few property
# reads, and few groups keep the statements a client's selections make few (each is
# planned by Neo4j and kept here). ``read_groups`` names the groups a selection needs.
_GROUP_OF = {
    "kind": "class",
    "standard": "class",
    "chain": "class",
    "isGtin": "class",
    "issuer": "issue",
    "product": "issue",
    "holderTaxCode": "holder",
    "holderName": "holder",
    "producerTaxCode": "holder",
    "producerName": "holder",
    "linkStatus": "holder",
    "retiredAt": "retired",
    "linkMethod": "link",
    "linkConfidence": "link",
    "linkExplanation": "link",
}
_HOLDER_READS = ".holderTaxCode, .holderName, .linkStatus"
_CERTIFICATE_READS = {
    "class": ".kind, .standard",
    "issue": ".issuer, .product",
    "holder": _HOLDER_READS,
}
_PRODUCT_READS = {"class": ".chain, .isGtin", "holder": _HOLDER_READS}


def read_groups(fields: Iterable[str]) -> frozenset[str]:
    """The groups of reads that answer ``fields`` (GraphQL names of a record's fields)."""
    return frozenset(_GROUP_OF[f] for f in fields if f in _GROUP_OF)


def _selected(
    var: str, rel: str, always: str, reads: dict[str, str], groups: frozenset[str]
) -> str:
    """``always`` and the reads of ``groups``, of a record and the link ``rel``."""
    parts = [always, *(reads[g] for g in sorted(groups) if g in reads)]
    if "retired" in groups:
        parts.append(f"retiredAt: {datetime_text(var + '.retiredAt')}")
    if "link" in groups:
        parts.append(link_fields(rel))
    return f"{var} {{{', '.join(parts)}}}"


def certificate(c: str, rel: str, groups: frozenset[str] | None = None) -> str:
    """A certificate ``c`` and the HOLDS relationship ``rel`` that links it (may be null);
    with ``groups`` (``read_groups``), only what they need, and the status and dates
    (the status and ``validOn`` are computed from them)."""
    if groups is not None:
        always = (
            f".key, .number, .status, issuedOn: toString({c}.issuedOn), "
            f"expiresOn: toString({c}.expiresOn)"
        )
        return _selected(c, rel, always, _CERTIFICATE_READS, groups)
    return (
        f"{c} {{.key, .number, .kind, .standard, .issuer, .product, .status, "
        f"issuedOn: toString({c}.issuedOn), expiresOn: toString({c}.expiresOn), "
        f".holderTaxCode, .holderName, .linkStatus, retiredAt: {datetime_text(c + '.retiredAt')}, "
        f"{link_fields(rel)}}}"
    )


def certificates_of(e: str, inc: Include) -> str:
    c, rel = f"{e}_c", f"{e}_hr"
    if not inc.withCertificates:
        return "null"
    return (
        f"COLLECT {{ "
        f"MATCH ({e})-[{rel}:HOLDS]->({c}:Certificate) WHERE {live(c)} "
        f"RETURN {certificate(c, rel, inc.certificateReads)} "
        f"ORDER BY {c}.issuedOn DESC, {c}.key }}"
    )


def enterprise_summary(e: str, inc: Include) -> str:
    """An enterprise's own fields and certificates: how nested enterprises come back."""
    return (
        f"{e} {{{_ENTERPRISE_FIELDS}, establishedOn: toString({e}.establishedOn), "
        f"retiredAt: {datetime_text(e + '.retiredAt')}, certificates: {certificates_of(e, inc)}}}"
    )


def product(p: str, rel: str, groups: frozenset[str] | None = None) -> str:
    """A product ``p`` and the PRODUCES relationship ``rel`` that links it (may be null);
    with ``groups`` (``read_groups``), only what they need."""
    if groups is not None:
        return _selected(p, rel, ".code, .name", _PRODUCT_READS, groups)
    return (
        f"{p} {{.code, .name, .chain, .isGtin, .holderTaxCode, .holderName, .linkStatus, "
        f"retiredAt: {datetime_text(p + '.retiredAt')}, "
        f"{link_fields(rel)}}}"
    )


def linked_to(var: str, rel_pattern: str, key: str, inc: Include) -> str:
    """``{method, confidence, evidence..., <key>}`` of the firm a record names, or null.

    ``rel_pattern`` is ``-[r:REL]->`` or ``<-[r:REL]-`` written from the record's side;
    the relationship is always named ``<var>_lr`` and the firm ``<var>_le``.
    """
    firm = f"{var}_le"
    pattern = rel_pattern.replace("r:", f"{var}_lr:", 1)
    return (
        f"head(COLLECT {{ MATCH ({var}){pattern}({firm}:Enterprise) WHERE {live(firm)} "
        f"RETURN {{{link_fields(var + '_lr')}, {key}: {enterprise_summary(firm, inc)}}} }})"
    )


def product_with_producer(p: str, inc: Include) -> str:
    """A product and, under ``link``, how it is tied to its producer and the producer."""
    return (
        f"{p} {{.code, .name, .chain, .isGtin, .holderTaxCode, .holderName, .linkStatus, "
        f"retiredAt: {datetime_text(p + '.retiredAt')}, "
        f"link: {linked_to(p, '<-[r:PRODUCES]-', 'producer', inc)}}}"
    )


def certificate_with_holder(c: str, inc: Include) -> str:
    """A certificate and, under ``link``, how it is tied to its holder and the holder."""
    return (
        f"{c} {{.key, .number, .kind, .standard, .issuer, .product, .status, "
        f"issuedOn: toString({c}.issuedOn), expiresOn: toString({c}.expiresOn), "
        f".holderTaxCode, .holderName, .linkStatus, retiredAt: {datetime_text(c + '.retiredAt')}, "
        f"link: {linked_to(c, '<-[r:HOLDS]-', 'holder', inc)}}}"
    )


def _records(wanted: bool, pattern: str, projection: str, order: str) -> str:
    return f"COLLECT {{ MATCH {pattern} RETURN {projection} {order} }}" if wanted else "null"


def _linked(var: str, rel: str, fields: str) -> str:
    return (
        f"{var} {{{fields}, .holderTaxCode, .holderName, .linkStatus, "
        f"retiredAt: {datetime_text(var + '.retiredAt')}, "
        f"{link_fields(rel)}}}"
    )


def enterprise_full(e: str, inc: Include) -> str:
    """An enterprise with every nested list the Enterprise type offers that ``inc`` asks."""
    head, branch = f"{e}_h", f"{e}_b"
    award, ms, ps, prod, run, rel = (f"{e}_{s}" for s in ("a", "m", "s", "p", "run", "r"))
    return (
        f"{e} {{{_ENTERPRISE_FIELDS}, establishedOn: toString({e}.establishedOn), "
        f"retiredAt: {datetime_text(e + '.retiredAt')}, certificates: {certificates_of(e, inc)}, "
        "headOffice: "
        + _records(
            inc.withHeadOffice,
            f"({e})-[:BRANCH_OF]->({head}:Enterprise) WHERE {live(head)}",
            enterprise_summary(head, inc),
            "",
        )
        + ", branches: "
        + _records(
            inc.withBranches,
            f"({branch}:Enterprise)-[:BRANCH_OF]->({e}) WHERE {live(branch)}",
            enterprise_summary(branch, inc),
            f"ORDER BY {branch}.key",
        )
        + ", awards: "
        + _records(
            inc.withAwards,
            f"({e})-[{rel}:WON]->({award}:Award) WHERE {live(award)}",
            _linked(award, rel, ".key, .award, .year"),
            f"ORDER BY {award}.year DESC, {award}.key",
        )
        + ", measurementSupports: "
        + _records(
            inc.withMeasurement,
            f"({e})-[{rel}:RECEIVED]->({ms}:MeasurementSupport) WHERE {live(ms)}",
            _linked(
                ms,
                rel,
                ".key, .recordId, .supportKind, .year, .amountVnd, .instruments, .programme",
            ),
            f"ORDER BY {ms}.year DESC, {ms}.key",
        )
        + ", programmeSupports: "
        + _records(
            inc.withProgrammeSupports,
            f"({e})-[{rel}:RECEIVED]->({ps}:ProgrammeSupport) WHERE {live(ps)}",
            _linked(ps, rel, ".key, .programme, .supportKind, .year, .note"),
            f"ORDER BY {ps}.year DESC, {ps}.key",
        )
        + ", products: "
        + _records(
            inc.withProducts,
            f"({e})-[{rel}:PRODUCES]->({prod}:Product) WHERE {live(prod)}",
            product(prod, rel, inc.productReads),
            f"ORDER BY {prod}.name, {prod}.code",
        )
        + ", sources: "
        + _records(
            inc.withSources,
            f"({run}:LoadRun) WHERE {run}.key IN {e}.loadRuns",
            f"{run} {{.key, .kind, .file, .agency, .rowsLoaded, "
            f"startedAt: {datetime_text(run + '.startedAt')}, "
            f"finishedAt: {datetime_text(run + '.finishedAt')}}}",
            f"ORDER BY {run}.startedAt, {run}.key",
        )
        + "}"
    )
