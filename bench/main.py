"""Every benchmark of issue 7 in one run: ``python -m bench.main [--quick] [--scale S]``.

Prints one figure per line, ``name: value unit``, on stdout (progress goes to stderr).
It talks to the Neo4j that ``NEO4J_URI`` names: ``bench/run`` starts a dedicated bench
server and points it there; never run it against a database that holds real data,
since every ingest clears the loaded records first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import (
    bulk_import,
    cached,
    ingest,
    linking,
    pages,
    queries,
    rss,
    throughput,
    workload,
)
from bench.figures import Figures, note
from bench.generate import generate
from bench.peer import compare as peer
from bench.peer import serve as peer_serve
from bench.serve import DEFAULT_PORT, served
from hub.graph import admin
from hub.graph.driver import Graph
from hub.settings import Settings

QUICK_SCALE = 2.0
FULL_SCALE = 100.0
STEPS = (
    "ingest",
    "load",
    "import",
    "queries",
    "throughput",
    "cached",
    "peer",
    "rss",
    "pages",
    "linking",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(figures: Figures, when: str) -> None:
    if when == "start":
        note(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}, {platform.platform()}")
        figures.add("machine_cpus", os.cpu_count() or 0, "cpus")
        ram_bytes = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        figures.add("machine_ram", ram_bytes / 2**30, "GiB")
    figures.add(f"machine_load_avg_{when}", os.getloadavg()[0], "runnable")


def _rss_file(data: Path, out: Path, quick: bool, seed: int) -> Path:
    """A trace_events CSV of 1M rows (100k under --quick): the run's own when big enough,
    its first rows when bigger (scale 400 writes 4M)."""
    wanted = 100_000 if quick else 1_000_000
    path = data / "trace_events.csv"
    rows = ingest.csv_rows(path)
    if wanted * 0.95 <= rows <= wanted * 1.05:
        return path
    if rows > wanted:
        first = out / f"trace_events_first_{wanted}.csv"
        with path.open("rb") as source, first.open("wb") as sink:
            for _, line in zip(range(wanted + 1), source, strict=False):
                sink.write(line)
        return first
    scale = wanted / 10_000  # the generator makes about 10,000 trace events per scale unit
    target = out / f"rss-scale-{scale:g}"
    note(f"generating scale {scale:g} for a {wanted}-row trace_events file")
    generate(target, scale, seed, messy=False)
    return target / "trace_events.csv"


def _linking(args: argparse.Namespace, settings: Settings, figures: Figures, out: Path) -> None:
    scale, references = linking.QUICK if args.quick else linking.FULL
    with Graph(settings) as graph:
        admin.bootstrap(graph)
        linking.run(graph, figures, out / "linking", scale, references, args.seed)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.main", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="within 10 minutes on 2 cores")
    parser.add_argument("--scale", type=float, help="generator scale (quick 2, else 100)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--out", type=Path, help="where generated data goes (default: temp)")
    parser.add_argument("--seconds", type=float, help="per throughput run (quick 10, else 30)")
    parser.add_argument("--samples", type=int, help="per query and side (quick 100, else 300)")
    parser.add_argument("--workers", default="1,2,3", help="hub serve worker counts to try")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="for hub serve")
    parser.add_argument(
        "--peer-port", type=int, default=peer_serve.DEFAULT_PORT, help="for the peer"
    )
    parser.add_argument("--only", default=",".join(STEPS), help="steps to run: " + ",".join(STEPS))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    steps = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = steps - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown steps: {', '.join(sorted(unknown))}")
    scale = args.scale or (QUICK_SCALE if args.quick else FULL_SCALE)
    seconds = args.seconds or (10.0 if args.quick else 30.0)
    samples = args.samples or (100 if args.quick else 300)
    workers = tuple(int(w) for w in args.workers.split(","))
    settings = Settings.from_env()
    figures = Figures()
    started = time.perf_counter()
    machine(figures, "start")
    if steps == {"linking"}:  # no sample data needed: it draws a register of its own
        with tempfile.TemporaryDirectory(prefix="hub-bench-") as scratch:
            _linking(args, settings, figures, args.out or Path(scratch))
        figures.add("bench_wall_time", time.perf_counter() - started, "s")
        return 0
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as scratch:
        out = args.out or Path(scratch)
        data = out / f"scale-{scale:g}"
        note(f"generating clean sample data at scale {scale:g} into {data}")
        generate(data, scale, args.seed, messy=False)
        figures.add("scale", scale, "scale")
        with Graph(settings) as graph:
            admin.bootstrap(graph)
            if "ingest" in steps:
                ingest.run(graph, settings, data, figures)
            elif "load" in steps:
                ingest.load_only(graph, data, figures)
            else:
                ingest.settle(graph)
        if "import" in steps:  # a process of its own: it stops and starts the server
            bulk_import.run(settings, data, figures)
            with Graph(settings) as graph:
                ingest.settle(graph)
        load = workload.build(data)
        if "queries" in steps:
            captured = asyncio.run(queries.capture(settings, load.requests))
            queries.round_trips(captured, figures)
            queries.db_hits(settings, captured, figures)
            with served(1, args.port) as base:
                queries.overhead(settings, base, captured, figures, samples)
        if "throughput" in steps:
            throughput.run(load.lookups, load.flagships, figures, seconds, workers, args.port)
        if "cached" in steps:
            cached.run(settings, data, load.lookups, figures, seconds, max(workers), args.port)
        if "pages" in steps:
            with served(1, args.port) as base:
                pages.run(base, figures, samples)
        if "peer" in steps:
            peer.run(
                settings,
                data,
                load,
                figures,
                samples=samples,
                seconds=seconds,
                hub_port=args.port,
                peer_port=args.peer_port,
            )
        if "rss" in steps:
            rss.run(_rss_file(data, out, args.quick, args.seed), figures)
        if "linking" in steps:  # last: it loads a register of its own
            _linking(args, settings, figures, out)
    machine(figures, "end")
    figures.add("bench_wall_time", time.perf_counter() - started, "s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
