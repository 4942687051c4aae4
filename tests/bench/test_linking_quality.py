"""Linking quality on a small slice of the evaluation set, through the real ingest.

A register and name-only references are drawn from the generator, loaded into the
tests' Neo4j as enterprises and certificates, and the links the graph holds are
scored. The figures are printed as ``bench/run`` prints them; the targets of issue 19
are asserted: no wrong link at all, and at least 95 of 100 named firms found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import linking
from bench.figures import LINE, Figures
from hub.graph.driver import Graph


def test_linking_precision_and_recall_on_a_slice(
    clean_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = Figures()
    result = linking.run(clean_graph, figures, tmp_path, scale=0.4, size=240, compare=False)
    lines = capsys.readouterr().out.splitlines()
    assert all(LINE.match(line) for line in lines)
    assert {line.split(":")[0] for line in lines} >= {"linking_precision", "linking_recall"}
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert result.wrong == {}, f"wrong links: {dict(result.wrong)}"
    assert result.precision == 1.0
    assert result.recall >= 0.95, f"missed: {dict(result.missed)}"
