"""Load and load+validate times: every corpus file, and generated models of 100-2000 nodes.

Run with ``.venv/bin/python bench/model.py`` (or ``make bench``). Prints medians of several
runs; the budget line says how a 500-node model compares with "well under a second".
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    # Run as a script, this folder is first on sys.path, where bench/engine.py would hide
    # the engine package: the repository root goes there instead.
    sys.path[0] = str(ROOT)

from bench.generate import generate
from engine.check import check_file
from engine.model import load

CORPUS = Path(os.environ.get("MACHIFLOW_SHARED", ROOT.parent / "shared")) / "corpus"
RUNS = int(os.environ.get("MACHIFLOW_BENCH_RUNS", "7"))
SIZES = (100, 500, 2000)
BUDGET_NODES = 500
BUDGET_SECONDS = 1.0


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm up: imports, schema compilation, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_corpus() -> None:
    files = sorted(CORPUS.glob("*/*.bpmn"))
    if not files:
        print(f"(no corpus under {CORPUS}: set MACHIFLOW_SHARED)")
        return
    print(f"corpus: {len(files)} files, median of {RUNS} runs")
    print(f"{'file':<36} {'KiB':>6} {'nodes':>6} {'load ms':>8} {'+validate ms':>13}")
    total_load = total_check = 0.0
    for path in files:
        defs = load(path)
        nodes = sum(len(p.nodes) for p in defs.processes.values())
        load_s = median_seconds(partial(load, path))
        check_s = median_seconds(partial(check_file, path))
        total_load += load_s
        total_check += check_s
        size = path.stat().st_size / 1024
        print(
            f"{path.name:<36} {size:>6.1f} {nodes:>6} {load_s * 1e3:>8.2f} {check_s * 1e3:>13.2f}"
        )
    print(f"{'total':<36} {'':>6} {'':>6} {total_load * 1e3:>8.2f} {total_check * 1e3:>13.2f}")


def bench_generated() -> None:
    print(f"\ngenerated models (bench/generate.py), median of {RUNS} runs")
    header = f"{'nodes':>6} {'KiB':>7} {'load ms':>8} {'nodes/s':>9}"
    print(f"{header} {'+validate ms':>13} {'nodes/s':>9} {'findings':>9}")
    budget_ratio = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            path = Path(tmp) / f"generated-{size}.bpmn"
            path.write_bytes(generate(size))
            defs = load(path)
            nodes = sum(len(p.nodes) for p in defs.processes.values())
            result = check_file(path)
            load_s = median_seconds(partial(load, path))
            check_s = median_seconds(partial(check_file, path))
            kib = path.stat().st_size / 1024
            print(
                f"{nodes:>6} {kib:>7.1f} {load_s * 1e3:>8.2f} {nodes / load_s:>9.0f} "
                f"{check_s * 1e3:>13.2f} {nodes / check_s:>9.0f} {len(result.findings):>9}"
            )
            if size == BUDGET_NODES:
                budget_ratio = check_s / BUDGET_SECONDS
    if budget_ratio is not None:
        print(
            f"\nbudget: load+validate of a {BUDGET_NODES}-node model takes "
            f"{budget_ratio:.3f} of the {BUDGET_SECONDS:.0f} s budget "
            f"({budget_ratio * 100:.1f} %)"
        )


def main() -> int:
    print(f"machiflow model benchmark — Python {sys.version.split()[0]}")
    bench_corpus()
    bench_generated()
    return 0


if __name__ == "__main__":
    sys.exit(main())
