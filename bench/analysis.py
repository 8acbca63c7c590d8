"""Analysis speed: KPIs and diff of two generated 500-node models (a variant drawn apart).

Run with ``.venv/bin/python bench/analysis.py``. The target (the diff issue) is KPI + diff
of two 500-node models in under 0.2 s. The second model is the first with every id renamed
and a few tasks changed (renamed, retyped, re-timed, moved to another lane), as a
separately drawn To-Be would be, so nothing can be matched by id.

``simulation()`` times 10,000 simulated cases of generated 20-node models (target: under
2 s without staff limits, the simulation issue's), and with SimPy's staff limits for scale.

``main()`` calls one function per measurement and prints each one's median against its
target as a ratio (below 1.00 is within target). Nothing here asserts on time. Runs:
``MACHIFLOW_BENCH_RUNS`` (default 7).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    # Run as a script, this folder is first on sys.path, where bench/engine.py would hide
    # the engine package: the repository root goes there instead.
    sys.path[0] = str(ROOT)

from lxml import etree

from bench.generate import generate
from engine.analysis.diff import Diff, diff
from engine.analysis.kpi import kpis
from engine.analysis.simulate import Options, WorkingHours, find_variants, simulate
from engine.model import Definitions, loads

RUNS = int(os.environ.get("MACHIFLOW_BENCH_RUNS", "7"))
NODES = 500
TARGET_KPI_AND_DIFF = 0.2  # seconds, the target
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPR = "urn:machiflow:bpr:1"
EDITS = 12  # tasks changed in the variant (a quarter each: renamed, retyped, re-timed, moved)
SIMULATED_CASES = 10_000
TARGET_SIMULATION = 2.0  # seconds for 10,000 cases of a 20-node model, the target

Models = tuple[Definitions, Definitions]


Timing = tuple[float, float]  # median seconds: wall clock, CPU of this process


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> Timing:
    """Median wall and CPU time. CPU time stays honest on a busy machine, where other
    processes stretch the wall clock; the target is on the wall clock."""
    action()  # warm up: imports, caches
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def variant(data: bytes, *, seed: int = 1) -> bytes:
    """The model drawn apart: every id renamed (with its references) and EDITS tasks changed."""
    root = etree.fromstring(data)
    rng = random.Random(seed)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    mapping = {
        e.get("id"): f"Activity_{rng.randrange(16**7):07x}{n}"
        for n, e in enumerate(elements)
        if e.get("id")
    }
    for element in elements:
        for name, value in list(element.attrib.items()):
            if value in mapping:
                element.set(name, str(mapping[str(value)]))
        if len(element) == 0 and (element.text or "").strip() in mapping:
            element.text = mapping[(element.text or "").strip()]
    tasks = list(root.iter(f"{{{BPMN}}}userTask", f"{{{BPMN}}}manualTask"))
    lanes = list(root.iter(f"{{{BPMN}}}lane"))
    for number, task in enumerate(rng.sample(tasks, EDITS)):
        edit = number % 4
        if edit == 0:
            task.set("name", f"{task.get('name')}（電子化）")
        elif edit == 1:
            task.tag = f"{{{BPMN}}}scriptTask"
        elif edit == 2:
            task.set(f"{{{BPR}}}duration", "PT1M")
        else:
            _move_to_another_lane(task.get("id") or "", lanes, rng)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _move_to_another_lane(task_id: str, lanes: list[etree._Element], rng: random.Random) -> None:
    for lane in lanes:
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
            if ref.text == task_id:
                lane.remove(ref)
                others = [other for other in lanes if other is not lane]
                moved = etree.SubElement(rng.choice(others), f"{{{BPMN}}}flowNodeRef")
                moved.text = task_id
                return


def models(nodes: int = NODES) -> Models:
    data = generate(nodes)
    return loads(data, "old.bpmn"), loads(variant(data), "new.bpmn")


def check(result: Diff) -> str:
    """What the diff found, so a fast but wrong diff shows."""
    return (
        f"{len(result.matched)} matched, {len(result.added)} added, "
        f"{len(result.removed)} removed, {len(result.changed)} changed, "
        f"{len(result.layout_changed)} layout-only"
    )


def report(label: str, timing: Timing, target: float | None = None) -> None:
    wall, cpu = timing
    line = f"{label:<32} {wall * 1e3:8.1f} ms (CPU {cpu * 1e3:6.1f} ms)"
    if target is not None:
        line += f"   target {target * 1e3:4.0f} ms   ratio {wall / target:4.2f}"
        line += f" (CPU {cpu / target:4.2f})"
    print(line)


# --- one function per measurement ---------------------------------------------------------


def bench_diff(pair: Models) -> Timing:
    """Matching and comparing alone (no KPIs)."""
    old, new = pair
    return median_seconds(lambda: diff(old, new, with_kpis=False))


def bench_kpis(pair: Models) -> Timing:
    """The KPIs of both models (engine.analysis.kpi)."""
    old, new = pair
    return median_seconds(lambda: (kpis(old), kpis(new)))


def bench_kpi_and_diff(pair: Models) -> Timing:
    """What ``machiflow diff`` computes: the diff with the KPIs of both sides."""
    old, new = pair
    return median_seconds(lambda: diff(old, new))


def bench_load(nodes: int = NODES) -> Timing:
    """Reading both files (not part of the target; shown for scale)."""
    data = generate(nodes)
    other = variant(data)
    return median_seconds(lambda: (loads(data), loads(other)))


def simulation() -> None:
    """10,000 simulated cases (engine.analysis.simulate) of two generated 20-node models:
    the plain walk (no staff limits) against the target; SimPy with 窓口=2 for scale."""
    office = WorkingHours.parse("8:30-17:15")
    cases = SIMULATED_CASES
    limited = {"窓口": 2}
    scenarios = (
        ("  plain walk", Options(cases=cases), TARGET_SIMULATION),
        ("  plain walk, 8:30-17:15", Options(cases=cases, hours=office), TARGET_SIMULATION),
        ("  SimPy, 窓口=2, 20 a day", Options(cases=cases, arrivals=20.0, capacity=limited), None),
        (
            "  SimPy, 窓口=2, 20 a day, hours",
            Options(cases=cases, arrivals=20.0, capacity=limited, hours=office),
            None,
        ),
    )
    for seed, shape in (
        (1, "a choice, 2 sub-processes"),
        (6, "a parallel block, a loop, a sub-process"),
    ):
        definitions = loads(generate(20, seed=seed), "generated.bpmn")
        nodes = sum(len(p.nodes) for p in definitions.processes.values())
        print(f"simulation: {cases:,} cases of a {nodes}-node model ({shape})")
        variants = find_variants([("generated.bpmn", definitions)])
        for label, options, target in scenarios:
            timing = median_seconds(partial(simulate, variants, options), runs=min(RUNS, 3))
            report(label, timing, target)


def main() -> None:
    pair = models()
    sizes = [sum(len(p.nodes) for p in d.processes.values()) for d in pair]
    print(f"generated models (bench/generate.py): {sizes[0]} and {sizes[1]} flow nodes,")
    print(f"the second renamed throughout with {EDITS} tasks changed; median of {RUNS} runs")
    print(f"diff found: {check(diff(*pair, with_kpis=False))}")
    report("load both files", bench_load())
    report("diff only", bench_diff(pair))
    report("KPIs of both", bench_kpis(pair))
    report("KPI + diff (machiflow diff)", bench_kpi_and_diff(pair), TARGET_KPI_AND_DIFF)
    simulation()


if __name__ == "__main__":
    main()
