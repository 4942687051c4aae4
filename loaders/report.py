"""What a load tells its caller: row errors as data, collected into a report."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from hub import messages

MAX_LISTED_ERRORS = 1000  # a report lists this many; counts stay exact beyond it
MAX_LISTED_WARNINGS = 100  # likewise for warnings (100,000 unknown columns are one line each)
REASON_COLUMN = "Lỗi"  # the reason column of a return file of rejected rows


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    value: Any
    reason: str
    code: str = "refused"  # the stable code of the reason (``hub.messages``)

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # NaN and infinity are not JSON
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
            value = str(value)  # beyond what JSON readers take as a number
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        if isinstance(value, str) and len(value) > 200:
            value = value[:200] + "…"
        return {
            "row": self.row,
            "column": self.column,
            "value": value,
            "code": self.code,
            "reason": self.reason,
        }


class Warnings(list[str]):
    """The load's warnings: the first ``MAX_LISTED_WARNINGS`` listed, all counted."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        super().__init__()
        self.total = 0
        for item in items:
            self.append(item)

    def append(self, item: str) -> None:
        self.total += 1
        if len(self) < MAX_LISTED_WARNINGS:
            super().append(item)

    def listed(self) -> list[str]:
        """What a report shows: the listed warnings, and how many more there were."""
        hidden = self.total - len(self)
        more = [messages.render("more-warnings", {"count": hidden})] if hidden > 0 else []
        return [*self, *more]


@dataclass
class LoadReport:
    kind: str
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    unresolved: int = 0
    changed: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=Warnings)
    refused: str | None = None
    refused_code: str | None = None  # the stable code of the refusal (``hub.messages``)
    rejected_by_code: dict[str, int] = field(default_factory=Counter)
    dry_run: bool = False
    load_run: str | None = None
    checksum: str | None = None
    seconds: float = 0.0
    agency: str | None = None
    mode: str = "upsert"  # or "snapshot": the file is the agency's complete list
    retired: int = 0  # records a snapshot left out, now retired
    replayed: bool = False  # the stored report of the same upload, sent again
    linking_checked: bool = True  # False offline: rows were not linked to firms
    rejects_file: str | None = None  # where the rejected rows were written (``--rejects``)
    rejects: str | None = None  # the URL of the rejected rows of an upload

    def reject(self, error: RowError) -> None:
        """Count one rejected row (``rows_rejected`` too) and list it while room is left."""
        self.rows_rejected += 1
        self.rejected_by_code[error.code] = self.rejected_by_code.get(error.code, 0) + 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)

    def refuse(self, reason: str, code: str) -> None:
        self.refused, self.refused_code = reason, code

    @property
    def ok(self) -> bool:
        return self.refused is None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [error.as_dict() for error in self.errors]
        data["warnings"] = (
            self.warnings.listed() if isinstance(self.warnings, Warnings) else list(self.warnings)
        )
        data["warnings_total"] = getattr(self.warnings, "total", len(self.warnings))
        data["rejected_by_code"] = dict(sorted(self.rejected_by_code.items()))
        data["status"] = "refused" if self.refused else ("validated" if self.dry_run else "loaded")
        data["seconds"] = round(self.seconds, 3)
        return data

    @classmethod
    def from_receipt(cls, stored: str) -> LoadReport:
        """The report a LoadRun kept (``as_dict`` as JSON), marked as replayed."""
        data = json.loads(stored)
        data.pop("status", None)
        data.pop("warnings_total", None)
        errors = [RowError(**error) for error in data.pop("errors", [])]
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{**fields, "errors": errors, "replayed": True})

    def summary(self) -> str:
        """The report as text, in the context's language (``hub.messages.language``)."""
        say = messages.render
        if self.refused:
            return say(
                "report:refused", {"file": self.file, "kind": self.kind, "reason": self.refused}
            )
        verb = say("report:validated" if self.dry_run else "report:loaded")
        if self.replayed:
            verb += " " + say("report:replayed")
        unresolved: object = self.unresolved if self.linking_checked else say("report:not-linked")
        lines = [
            say(
                "report:summary",
                {
                    "file": self.file,
                    "kind": self.kind,
                    "read": self.rows_read,
                    "loaded": self.rows_loaded,
                    "verb": verb,
                    "rejected": self.rows_rejected,
                    "unresolved": unresolved,
                    "changed": self.changed,
                    "seconds": self.seconds,
                },
            )
        ]
        if self.retired:
            lines.append("  " + say("report:retired", {"count": self.retired}))
        shown = self.warnings.listed() if isinstance(self.warnings, Warnings) else self.warnings
        lines += ["  " + say("report:warning", {"text": warning}) for warning in shown]
        for error in self.errors:
            params = {
                "row": error.row,
                "column": error.column or "-",
                "reason": error.reason,
                "value": error.value,
            }
            row_id = "report:row" if error.value not in (None, "") else "report:row:empty"
            lines.append("  " + say(row_id, params))
        hidden = self.rows_rejected - len(self.errors)
        if hidden > 0:
            lines.append("  " + say("report:more-rejected", {"count": hidden}))
        if self.rejects_file:
            params = {"path": self.rejects_file, "column": REASON_COLUMN}
            lines.append("  " + say("report:rejects", params))
        return "\n".join(lines)
