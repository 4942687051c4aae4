"""The review queue and a person's decisions on it, for ``hub review`` and the partner API.

An item is a record that names a firm no rule could decide on (``linkStatus``
``unresolved`` or ``ambiguous``), with the candidates and scores the linker kept.
Its ``id`` is ``<Label>.<key in base64url>``: the record's own key, so nothing more is
stored and any record can be found again by it.

A decision is stored on the record (``review``: ``linked`` or ``rejected``,
``reviewedBy``, ``reviewedAt``, and ``reviewedFor``: how the record named its firm
then) and, for a link, on the holder relationship (``method: manual``, ``decidedBy``,
``decidedAt``). Loads leave a decided record's link alone while it names its firm the
same way (``hub.graph.writes.REVIEW_SUBJECT``): reloading the file, or re-linking
after a load, never undoes it. The write stamps ``updatedAt`` (so the change feed
shows it, as ``reviewed``) and raises the graph version, in one transaction. The firm
that lost the record gets ``relinkedAt``, as in a load; then the derived data of both
firms (supply chains, programme counts, the flagship's tallies) is brought up to date
as after a load that moved the record (``hub.graph.derived.after_review``), and the
version raised again.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, cast

from hub.errors import BadInputError, NotFoundError
from hub.graph import derived, version
from hub.graph.driver import Graph
from hub.graph.model import HOLDER_RELS, Label, LinkMethod, LinkStatus
from hub.graph.version import BUMP
from hub.graph.writes import REVIEW_SUBJECT, holder_patterns

QUEUE_STATUSES = (LinkStatus.UNRESOLVED.value, LinkStatus.AMBIGUOUS.value)
MAX_PAGE = 500

# One branch per record label, each on its linkStatus index; candidates in score order.
_QUEUE_PART = """
MATCH (rec:__LABEL__) WHERE rec.linkStatus IN $statuses AND '__LABEL__' IN $labels
  AND ('__LABEL__' > $afterLabel OR ('__LABEL__' = $afterLabel AND rec.key > $afterKey))
RETURN '__LABEL__' AS label, rec.key AS key, rec.name AS caption, rec.holderName AS name,
       rec.holderTaxCode AS taxCode, rec.holderAddress AS address, rec.linkStatus AS status,
       [i IN range(0, size(coalesce(rec.candidates, [])) - 1) |
         [rec.candidates[i], coalesce(rec.candidateScores, [])[i]]] AS scored
ORDER BY key LIMIT $first
"""
_QUEUE = cast(
    LiteralString,
    "CALL () { "
    + " UNION ALL ".join(_QUEUE_PART.replace("__LABEL__", label.value) for label in HOLDER_RELS)
    + " } WITH * ORDER BY label, key LIMIT $first "
    + "RETURN label, key, caption, name, taxCode, address, status, "
    + "[pair IN scored | pair + [COLLECT { MATCH (e:Enterprise {key: pair[0]}) "
    + "RETURN [e.name, e.address] }[0]]] AS candidates",
)

_STATE = """
MATCH (rec:__LABEL__ {key: $key})
OPTIONAL MATCH __OLD_PATTERN__
RETURN rec.linkStatus AS status, rec.holderTaxCode AS taxCode, old.key AS holder,
       r.method AS method
"""

# The record's side of a decision, and the graph version, in the decision's transaction.
_DECIDED = (
    """
SET rec.linkStatus = $status, rec.review = $decision, rec.reviewedBy = $by,
  rec.reviewedAt = $now, rec.updatedAt = $now, rec.updatedBy = null,
  rec.reviewedFor = """
    + REVIEW_SUBJECT
    + """
WITH rec
"""
    + BUMP
    + "RETURN rec.key AS key"
)
_LINK = (
    """
MATCH (rec:__LABEL__ {key: $key})
MATCH (holder:Enterprise {key: $holder})
CALL (rec, holder) {
  MATCH __OLD_PATTERN__ WHERE old.key <> holder.key
  DELETE r
  SET old.relinkedAt = $now
}
MERGE __NEW_PATTERN__
ON CREATE SET r.createdAt = $now, r.loadRuns = []
SET r.method = $manual, r.confidence = 1.0, r.evidence = $evidence, r.agreed = null,
  r.differed = null, r.decidedBy = $by, r.decidedAt = $now
"""
    + _DECIDED
)
_REJECT = (
    """
MATCH (rec:__LABEL__ {key: $key})
CALL (rec) {
  MATCH __OLD_PATTERN__
  DELETE r
  SET old.relinkedAt = $now
}
"""
    + _DECIDED
)


def _per_label(template: str) -> dict[Label, LiteralString]:
    out = {}
    for label, rel in HOLDER_RELS.items():
        old, new = holder_patterns(rel, label)
        text = template.replace("__LABEL__", label.value)
        text = text.replace("__OLD_PATTERN__", old).replace("__NEW_PATTERN__", new)
        out[label] = cast(LiteralString, text)
    return out


_DECIDED_LINKED = """
UNWIND $rows AS row
MATCH (rec:__LABEL__ {key: row.key})
WHERE rec.linkStatus = 'linked' AND rec.reviewedFor = row.subject
RETURN count(rec) AS linked
"""
_STATE_CYPHER = _per_label(_STATE)
_DECIDED_CYPHER = _per_label(_DECIDED_LINKED)
_LINK_CYPHER = _per_label(_LINK)
_REJECT_CYPHER = _per_label(_REJECT)


@dataclass(frozen=True)
class ItemId:
    label: Label
    key: str

    def __str__(self) -> str:
        token = base64.urlsafe_b64encode(self.key.encode("utf-8")).decode("ascii").rstrip("=")
        return f"{self.label.value}.{token}"

    @classmethod
    def parse(cls, text: str) -> ItemId:
        """The record an item id names; ``BadInputError`` for anything else."""
        label_text, _, token = text.strip().partition(".")
        label = next((label for label in HOLDER_RELS if label.value == label_text), None)
        try:
            key = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            key = ""
        if label is None or not key:
            raise BadInputError(f"{text!r} is not a review item id (see `hub review list`)")
        return cls(label, key)


def subject(tax_code: str | None, name: str | None, address: str | None) -> str:
    """What a decision is about, as ``hub.graph.writes.REVIEW_SUBJECT`` computes it."""
    return f"{tax_code or ''}|{name or ''}|{address or ''}"


def linked_by_decision(graph: Graph, label: Label, subjects: dict[str, str]) -> int:
    """How many of the records (key -> subject) a person linked, about that same subject:
    a load leaves them linked, so its report must not count them as unresolved."""
    if label not in _DECIDED_CYPHER or not subjects:
        return 0
    rows = [{"key": key, "subject": value} for key, value in subjects.items()]
    result = graph.read(_DECIDED_CYPHER[label], {"rows": rows})
    return int(result[0]["linked"]) if result else 0


def queue(
    graph: Graph, labels: list[Label], first: int, after: ItemId | None = None
) -> list[dict[str, Any]]:
    """The first ``first`` items (after ``after``) of the records of ``labels``,
    by label then key, as plain data: id, kind, record, candidates with scores."""
    if not 1 <= first <= MAX_PAGE:
        raise BadInputError(f"first must be between 1 and {MAX_PAGE}")
    params = {
        "statuses": list(QUEUE_STATUSES),
        "labels": [label.value for label in labels],
        "first": first,
        "afterLabel": after.label.value if after else "",
        "afterKey": after.key if after else "",
    }
    return [_item(row) for row in graph.read(_QUEUE, params)]


def _item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(ItemId(Label(row["label"]), row["key"])),
        "kind": row["label"],
        "key": row["key"],
        "status": row["status"],
        "record": {
            "caption": row["caption"],
            "name": row["name"],
            "taxCode": row["taxCode"],
            "address": row["address"],
        },
        "candidates": [
            {
                "taxCode": key,
                "score": score,
                "name": firm[0] if firm else None,
                "address": firm[1] if firm else None,
            }
            for key, score, firm in row["candidates"]
        ],
    }


@dataclass(frozen=True)
class Decision:
    id: str
    decision: str  # linked or rejected
    tax_code: str | None
    by: str
    at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "decision": self.decision,
            "taxCode": self.tax_code,
            "decidedBy": self.by,
            "decidedAt": self.at.isoformat(),
        }


def link(graph: Graph, item: ItemId, tax_code: str, by: str, now: datetime) -> Decision:
    """Tie the record to the enterprise ``tax_code`` (canonical), as ``by`` decided."""
    _decidable(graph, item)
    params = {
        "key": item.key,
        "holder": tax_code,
        "by": by,
        "now": now,
        "manual": LinkMethod.MANUAL.value,
        "status": LinkStatus.LINKED.value,
        "decision": "linked",
        "evidence": f"linked by {by}",
    }
    if not graph.write(_LINK_CYPHER[item.label], params):
        raise NotFoundError(f"no enterprise with tax code {tax_code} (load it first)")
    _after(graph, item, now)
    return Decision(str(item), "linked", tax_code, by, now)


def reject(graph: Graph, item: ItemId, by: str, now: datetime) -> Decision:
    """Say that no firm of the register is the one the record names."""
    _decidable(graph, item)
    params = {
        "key": item.key,
        "by": by,
        "now": now,
        "status": LinkStatus.REJECTED.value,
        "decision": "rejected",
    }
    graph.write(_REJECT_CYPHER[item.label], params)
    _after(graph, item, now)
    return Decision(str(item), "rejected", None, by, now)


def _after(graph: Graph, item: ItemId, now: datetime) -> None:
    """What the decision changed beyond the record: the two firms' derived data."""
    derived.after_review(graph, item.label, now)
    version.bump(graph)


def _decidable(graph: Graph, item: ItemId) -> None:
    rows = graph.read(_STATE_CYPHER[item.label], {"key": item.key})
    if not rows:
        raise NotFoundError(f"no {item.label.value} with key {item.key!r}")
    if rows[0]["method"] == LinkMethod.TAX_CODE.value:
        raise BadInputError(
            f"the record gives the tax code {rows[0]['taxCode']}: it is linked by it; "
            "correct the agency's file instead"
        )
