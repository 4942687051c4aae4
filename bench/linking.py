"""Linking quality: precision and recall of firms cited by name only (issue 19).

A register and a labelled set of name-only references are drawn from the generator
(``bench.generate.references``); the register is loaded as ``enterprises`` and the
references as ``certificates`` without tax codes, through the same ingest service as
``hub load``, and the links the graph then holds are scored:

- ``linking_precision``: of the references linked, the share linked to the right firm
  (a decoy linked anywhere counts as wrong);
- ``linking_recall``: of the references that name a firm of the register, the share
  linked to it.

With ``compare``, the same references are also run, in memory on the same register,
through the rules the hub had before (``bench.linking_baseline``) and through Splink
(``bench.linking_splink``, when installed): ``linking_{precision,recall}_before`` and
``linking_{precision,recall}_splink`` (and ``_splink_p90`` at a 0.9 threshold).
It clears the graph's loaded records first: run it only against a bench or test server.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import linking_baseline, linking_splink
from bench.figures import Figures, note
from bench.generate.enterprises import write_enterprises
from bench.generate.references import Reference, linking_set
from bench.generate.world import build_world
from hub.graph import admin, queries_linking
from hub.graph.driver import Graph
from loaders.ingest import ingest
from loaders.linking import address_units

QUICK = (2.0, 1000)  # generator scale of the register, references
FULL = (10.0, 3000)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    wrong: Counter[str]
    missed: Counter[str]


def score(references: Sequence[Reference], linked: Mapping[str, str | None]) -> Score:
    """``linked``: reference number -> the firm it was linked to (None or absent: none)."""
    right = 0
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for number, ref in zip(numbers(references), references, strict=True):
        holder = linked.get(number)
        if holder is not None and holder == ref.expected:
            right += 1
        elif holder is not None:
            wrong[ref.category] += 1
        elif ref.expected is not None:
            missed[ref.category] += 1
    made = right + sum(wrong.values())
    named = right + sum(missed.values()) + sum(wrong[c] for c in wrong if "decoy" not in c)
    return Score(right / made if made else 1.0, right / named if named else 1.0, wrong, missed)


def numbers(references: Sequence[Reference]) -> list[str]:
    return [f"LNK-{i:05d}" for i in range(len(references))]


def run(
    graph: Graph,
    figures: Figures,
    out: Path,
    scale: float,
    size: int,
    seed: int = 2021,
    compare: bool = True,
) -> Score:
    """Load a register and the references, score the links; print the figures."""
    note(f"linking: a register at scale {scale:g} and about {size} name-only references")
    world = build_world(scale, seed)
    references = linking_set(world, seed, size)
    out.mkdir(parents=True, exist_ok=True)
    write_enterprises(world, out, seed, messy=False)
    cited = _write_references(references, out / "references.csv")
    admin.clear_data(graph)
    started = time.perf_counter()
    for kind, path in (("enterprises", out / "enterprises.csv"), ("certificates", cited)):
        report = ingest(graph, kind, path)
        if not report.ok:
            raise RuntimeError(f"linking bench: {path.name} was refused: {report.refused}")
    note(f"linking: loaded in {time.perf_counter() - started:.1f} s")
    linked = queries_linking.certificate_holders(graph, numbers(references))
    result = score(references, linked)
    _report(figures, "", result, len(references))
    if compare:
        _compare(graph, figures, references)
    return result


def _write_references(references: Sequence[Reference], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["certificate_no", "kind", "enterprise_name", "address", "standard", "issued_on"]
        )
        for number, ref in zip(numbers(references), references, strict=True):
            writer.writerow(
                [number, "management_system", ref.name, ref.address or "", "ISO 9001:2015",
                 "2024-01-15"]
            )  # fmt: skip
    return path


def _report(figures: Figures, suffix: str, result: Score, count: int) -> None:
    figures.add(f"linking_precision{suffix}", result.precision, "ratio")
    figures.add(f"linking_recall{suffix}", result.recall, "ratio")
    if not suffix:
        figures.add("linking_references", count, "references")
    if result.wrong:
        note(f"linking{suffix}: wrong links by category: {dict(result.wrong)}")
    if result.missed:
        note(f"linking{suffix}: missed by category: {dict(result.missed)}")


def _compare(graph: Graph, figures: Figures, references: Sequence[Reference]) -> None:
    register = queries_linking.enterprise_names(graph)
    units = [address_units(ref.address) for ref in references]
    before = linking_baseline.BaselineIndex()
    for row in register:
        before.add(row["key"], row["name"], row["unitKeys"] or ())
    linked = {
        number: before.resolve(ref.name, unit)
        for number, ref, unit in zip(numbers(references), references, units, strict=True)
    }
    _report(figures, "_before", score(references, linked), len(references))
    if not linking_splink.available():
        note("linking: Splink is not installed (pip install -e '.[linking-bench]'); skipped")
        return
    started = time.perf_counter()
    by_threshold = linking_splink.link(
        [linking_splink.Row(r["key"], r["name"], frozenset(r["unitKeys"] or ())) for r in register],
        [
            linking_splink.Row(number, ref.name, unit)
            for number, ref, unit in zip(numbers(references), references, units, strict=True)
        ],
    )
    figures.add("linking_splink_seconds", time.perf_counter() - started, "s")
    for threshold, suffix in ((0.99, "_splink"), (0.9, "_splink_p90")):
        linked_by: dict[str, str | None] = dict(by_threshold[threshold])
        _report(figures, suffix, score(references, linked_by), len(references))
