"""Hostile and damaged files through ``hub load``: peak RSS per class, crashes, partial
writes. ``python -m bench.hostile`` against the configured Neo4j (it loads the files
for real: their records use keys of their own, ``37099…``, ``BAD-``, ``H-``).

Files: the damaged-file corpus (``tests/data/bad/<kind>/``) and the hostile one
(``tests/data/bad/hostile.py``, big files built in a temporary folder), and one EPCIS
event with 200,000 EPCs (class ``huge-event``). Each class is
one ``hub load KIND FILE… --json`` child process whose own VmHWM is its peak RSS
(``bench.rss``). A *crash* is an exit other than 0/1, a traceback, or a file without
its JSON report; a *partial write* is a refused file whose load run left any record
or LoadRun in the graph.

Prints ``name: value unit`` lines.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.figures import Figures, note
from bench.rss import command_peak_rss
from hub.graph.driver import Graph
from hub.settings import Settings
from tests.data.bad import hostile
from tests.data.bad import make_corpus as corpus

_TRACES = """
CALL () { MATCH (n) WHERE $run IN coalesce(n.loadRuns, []) RETURN count(n) AS records }
CALL () { MATCH (r:LoadRun {key: $run}) RETURN count(r) AS runs }
RETURN records + runs AS left
"""


def _classes(scratch: Path) -> dict[tuple[str, str], list[Path]]:
    classes: dict[tuple[str, str], list[Path]] = {}
    for kind, case in sorted(corpus.corpus()):
        path = corpus.HERE / corpus.file_name(kind, case)
        classes.setdefault(("corpus", kind), []).append(path)
    for name, case in hostile.CASES.items():
        classes.setdefault((case.group, case.kind), []).append(hostile.path_of(name, scratch))
    classes[("huge-event", "epcis")] = [hostile.huge_event(scratch / "epcis_200k_epcs.json")]
    return classes


def run(figures: Figures) -> None:
    tried = crashes = partial = 0
    peaks: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory(prefix="hub-hostile-") as tmp,
        Graph(Settings.from_env()) as graph,
    ):
        scratch = Path(tmp)
        for (group, kind), paths in sorted(_classes(scratch).items()):
            out = scratch / f"{group}-{kind}.out"
            note(f"{group}/{kind}: {len(paths)} files")
            with out.open("wb") as stdout:
                args = ["load", kind, *map(str, paths), "--json"]
                peak, _, status = command_peak_rss(args, stdout=stdout, timeout=1800)
            peaks[group] = max(peaks.get(group, 0.0), peak)
            reports = [json.loads(line) for line in out.read_text().splitlines() if line]
            tried += len(paths)
            crashes += status not in (0, 1) or len(reports) != len(paths)
            for report in reports:
                if report["status"] == "refused" and report.get("load_run"):
                    left = graph.read(_TRACES, {"run": report["load_run"]})[0]["left"]
                    partial += left > 0
    figures.add("hostile_files_tried", tried, "files")
    figures.add("hostile_crashes", crashes, "count")
    figures.add("hostile_partial_writes", partial, "count")
    for group, peak in sorted(peaks.items()):
        figures.add(f"hostile_peak_rss_{group.replace('-', '_')}", peak, "MB")


if __name__ == "__main__":
    figures = Figures()
    run(figures)
