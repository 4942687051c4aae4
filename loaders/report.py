"""What a load tells its caller: row errors as data, collected into a report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_LISTED_ERRORS = 1000  # a report lists this many; counts stay exact beyond it


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        if isinstance(value, str) and len(value) > 200:
            value = value[:200] + "…"
        return {"row": self.row, "column": self.column, "value": value, "reason": self.reason}


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
    warnings: list[str] = field(default_factory=list)
    refused: str | None = None
    dry_run: bool = False
    load_run: str | None = None
    checksum: str | None = None
    seconds: float = 0.0
    agency: str | None = None
    mode: str = "upsert"  # or "snapshot": the file is the agency's complete list
    retired: int = 0  # records a snapshot left out, now retired
    replayed: bool = False  # the stored report of the same upload, sent again

    def reject(self, error: RowError) -> None:
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)

    @property
    def ok(self) -> bool:
        return self.refused is None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [error.as_dict() for error in self.errors]
        data["status"] = "refused" if self.refused else ("validated" if self.dry_run else "loaded")
        data["seconds"] = round(self.seconds, 3)
        return data

    @classmethod
    def from_receipt(cls, stored: str) -> LoadReport:
        """The report a LoadRun kept (``as_dict`` as JSON), marked as replayed."""
        data = json.loads(stored)
        data.pop("status", None)
        errors = [RowError(**error) for error in data.pop("errors", [])]
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{**fields, "errors": errors, "replayed": True})

    def summary(self) -> str:
        if self.refused:
            return f"{self.file}: REFUSED ({self.kind}): {self.refused}"
        verb = "validated (dry run)" if self.dry_run else "loaded"
        if self.replayed:
            verb += " earlier (the same upload, answered from its receipt)"
        lines = [
            f"{self.file}: {self.kind}: {self.rows_read} rows read, {self.rows_loaded} {verb}, "
            f"{self.rows_rejected} rejected, {self.unresolved} unresolved, "
            f"{self.changed} records created or changed ({self.seconds:.1f} s)"
        ]
        if self.retired:
            lines.append(f"  snapshot: {self.retired} records left out of it were retired")
        lines += [f"  warning: {warning}" for warning in self.warnings]
        for error in self.errors:
            column = error.column or "-"
            lines.append(
                f"  row {error.row}, column {column}: {error.reason} (value {error.value!r})"
            )
        hidden = self.rows_rejected - len(self.errors)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more rejected rows")
        return "\n".join(lines)
