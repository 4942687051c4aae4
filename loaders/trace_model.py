"""The normalised traceability event, and the GS1 identifier helpers that build it.

Both traceability loaders (``epcis``: GS1 EPCIS 2.0 documents; ``trace_events``: the
same facts as a table) produce ``TraceEventRecord``s, so the graph layer writes one shape.

``bare_cbv`` reduces a CBV value in any of its spellings (bare, URN, Web URI) to the bare
CBV 2.0 name; ``gtin_of`` and ``gln_of`` derive a product's GTIN and a party's or
place's GLN from EPC URNs and GS1 Digital Link URIs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

EVENT_TYPES = frozenset({"object", "aggregation", "transformation", "association"})
ACTIONS = frozenset({"ADD", "OBSERVE", "DELETE"})


@dataclass(frozen=True)
class TraceEventRecord:
    """One traceability event: what happened to which lots, when, where and by whom."""

    event_id: str
    event_time: datetime  # timezone-aware
    event_type: str  # one of EVENT_TYPES
    biz_step: str | None  # bare CBV name: "shipping", "commissioning", ...
    disposition: str | None  # bare CBV name: "in_transit", "in_progress", ...
    action: str | None  # ADD | OBSERVE | DELETE; None for transformations
    lots: tuple[str, ...]  # what the event is about (outputs of a transformation, a parent)
    input_lots: tuple[str, ...]  # inputs of a transformation, children of an aggregation
    products: Mapping[str, str]  # lot/EPC -> product code (GTIN) where derivable
    actor_ids: tuple[str, ...]  # GLNs (13 digits) and tax codes of the parties involved
    location: str | None  # bizLocation id (else readPoint id) as given
    quantity: float | None
    uom: str | None
    declared_error: bool  # the event carries an errorDeclaration
    corrective_event_ids: tuple[str, ...]
    error_reason: str | None  # bare CBV name: "incorrect_data", ...

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"event_type must be one of {sorted(EVENT_TYPES)}")
        if self.event_time.tzinfo is None or self.event_time.utcoffset() is None:
            raise ValueError("event_time must be timezone-aware")
        if self.action is not None and self.action not in ACTIONS:
            raise ValueError(f"action must be one of {sorted(ACTIONS)}")


# --- CBV vocabulary values -------------------------------------------------------------

_CBV_URN = re.compile(r"^urn:epcglobal:cbv:(?:bizstep|disp|er|btt|sdt):(?P<name>[^:/\s]+)$", re.I)
_CBV_URI = re.compile(
    r"^(?:https?://(?:ref\.gs1\.org/cbv|(?:www\.)?gs1\.org/voc)/|cbv:|gs1:)"
    r"(?:BizStep|Disp|ER|BTT|SDT)-(?P<name>[^/\s]+)$",
    re.I,
)
_BARE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def bare_cbv(value: str | None) -> str | None:
    """``shipping`` from ``shipping``, ``urn:epcglobal:cbv:bizstep:shipping``,
    ``https://ref.gs1.org/cbv/BizStep-shipping`` or ``https://gs1.org/voc/BizStep-shipping``.

    Works alike for dispositions (``Disp-``, ``:disp:``) and error reasons (``ER-``,
    ``:er:``). CBV names come back in lower case with their underscores (``in_progress``).
    A value from another vocabulary (a URI of its own) is returned trimmed but as given;
    a blank value gives None.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    match = _CBV_URN.match(text) or _CBV_URI.match(text)
    if match:
        return match.group("name").lower()
    if _BARE_NAME.match(text):
        return text.lower()
    return text


# --- GS1 keys ---------------------------------------------------------------------------

_SGTIN_URN = re.compile(r"^urn:epc:(?:id:sgtin|class:lgtin|idpat:sgtin):(\d+)\.(\d+)\.", re.I)
_SGLN_URN = re.compile(r"^urn:epc:id:sgln:(\d+)\.(\d*)\.", re.I)
_PGLN_URN = re.compile(r"^urn:epc:id:pgln:(\d+)\.(\d*)$", re.I)
# The first primary key in the path; a custom path may come before it.
_DIGITAL_LINK = re.compile(
    r"^https?://[^/?#\s]+(?:/[^?#\s]*?)?/(?P<ai>01|414|417)/(?P<key>\d+)(?:[/?#]|$)"
)


def check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of a key's digits without their check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _valid_key(key: str) -> bool:
    return key.isdigit() and len(key) > 1 and check_digit(key[:-1]) == key[-1]


def _short_gtin(gtin14: str) -> str:
    return gtin14[1:] if gtin14.startswith("0") else gtin14


def gtin_of(epc: str) -> str | None:
    """The GTIN of a trade item's EPC, or None when the identifier names no GTIN.

    Reads ``urn:epc:id:sgtin:CP.IR.SERIAL``, ``urn:epc:class:lgtin:CP.IR.LOT``,
    ``urn:epc:idpat:sgtin:CP.IR.*`` (indicator digit = first digit of IR) and GS1 Digital
    Link URIs on any host (``https://id.gs1.org/01/09520123456788/21/12345``). The GTIN-14
    is given as 13 digits when it starts with 0, else as 14 digits.
    """
    text = epc.strip()
    match = _SGTIN_URN.match(text)
    if match:
        company, item = match.groups()
        if not 6 <= len(company) <= 12 or len(company) + len(item) != 13:
            return None
        body = item[0] + company + item[1:]
        return _short_gtin(body + check_digit(body))
    match = _DIGITAL_LINK.match(text)
    if match and match.group("ai") == "01":
        key = match.group("key")
        if len(key) not in (8, 12, 13, 14) or not _valid_key(key):
            return None
        return _short_gtin(key.zfill(14))
    return None


def gln_of(identifier: str) -> str | None:
    """The 13-digit GLN of a location or party, or None when the identifier names none.

    Reads ``urn:epc:id:sgln:CP.LOC.EXT`` (the extension is dropped),
    ``urn:epc:id:pgln:CP.PR`` and GS1 Digital Link URIs with AI 414 or 417.
    """
    text = identifier.strip()
    match = _SGLN_URN.match(text) or _PGLN_URN.match(text)
    if match:
        company, reference = match.groups()
        if not 6 <= len(company) <= 12 or len(company) + len(reference) != 12:
            return None
        body = company + reference
        return body + check_digit(body)
    match = _DIGITAL_LINK.match(text)
    if match and match.group("ai") in ("414", "417"):
        key = match.group("key")
        return key if len(key) == 13 and _valid_key(key) else None
    return None
