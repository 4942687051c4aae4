"""One partner upload through the loader pipeline: replay, load, snapshot, receipt.

Runs in a worker thread with the sync ``Graph``, the same pipeline as ``hub load``.
The same content sent again by the same agency, for the same kind and with the same
options, while it is still that agency's latest load of the kind, changes nothing and
is answered with the stored report (``replayed: true``). Content sent after a newer
upload is loaded again, so re-sending an older snapshot restores what it lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hub.graph import changes, supply_chains
from hub.graph.driver import Graph
from hub.graph.model import Label
from hub.partner.uploads import Upload
from loaders.pipeline import file_checksum, load_file, run_key
from loaders.registry import loader_for
from loaders.report import LoadReport


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    strict: bool = False
    snapshot: bool = False

    @property
    def mode(self) -> str:
        return "snapshot" if self.snapshot else "upsert"

    @property
    def receipt_key(self) -> str:
        """What must match for an upload to count as the same one (dry runs never do)."""
        return f"mode={self.mode};strict={str(self.strict).lower()}"


def sync_upload(graph: Graph, kind: str, upload: Upload, agency: str, options: Options) -> dict:
    """Load ``upload`` as ``kind`` for ``agency``; returns the report as JSON-ready data."""
    if not options.dry_run:
        run = run_key(kind, file_checksum(upload.path))
        stored = changes.receipt(graph, run, agency, options.receipt_key)
        if stored is not None:
            return {**json.loads(stored), "replayed": True}
    loader = loader_for(kind)
    report = load_file(
        graph, loader, upload.path, strict=options.strict, dry_run=options.dry_run, agency=agency
    )
    retired = 0
    if options.snapshot and report.ok and not options.dry_run and report.load_run:
        retired = _retire(graph, report, loader.label, agency, report.load_run)
    data = _report_data(report, upload, agency, options, retired)
    if report.ok and not options.dry_run and report.load_run:
        now = datetime.now(UTC)
        receipt = json.dumps(data, ensure_ascii=False, default=str)
        changes.record_upload(graph, report.load_run, agency, options.receipt_key, receipt, now)
    return {**data, "replayed": False}


def _retire(graph: Graph, report: LoadReport, label: Label, agency: str, run: str) -> int:
    """Retire what the snapshot left out, unless the snapshot cannot be complete."""
    if report.rows_rejected or not report.rows_loaded:
        why = f"{report.rows_rejected} rows were rejected" if report.rows_loaded else "it is empty"
        report.warnings.append(
            f"snapshot: nothing was retired because {why}; correct the file and send it again"
        )
        return 0
    retired = changes.retire_missing(graph, label, report.kind, agency, run, datetime.now(UTC))
    if retired and label in supply_chains.SOURCES:
        supply_chains.refresh(graph)
    return retired


def _report_data(
    report: LoadReport, upload: Upload, agency: str, options: Options, retired: int
) -> dict[str, Any]:
    data = report.as_dict()
    data.update(file=upload.filename, agency=agency, mode=options.mode, retired=retired)
    return data
