"""What durability costs: one ~20-task model, SpiffWorkflow alone against machiflow on SQLite.

Run with ``.venv/bin/python bench/engine.py`` (or ``make bench``). The model has a loop
(three rounds), a parallel block with a DMN decision, an embedded subprocess and a one-day
timer: seven waits. Per instance, start to end, median of repeated runs:

- raw: the library alone, in memory, with its own save and restore (spec included, as the
  library does it) at every wait; and without any save, for reference;
- runtime: ``engine.runtime`` in memory (restricted scripts, step time limit, JSON-only
  data, state without the spec restored around a cached spec) at every wait;
- durable: machiflow's service layer (``Cases``) on a SQLite file: deploy through
  ``engine.service.deployments.deploy``, start, read the inbox and complete each task as a
  staff admin, fire the timer by moving the clock; each step one committed transaction
  (state, task index, timers, audit).

It prints the ratio durable / raw-with-saves against the target of 2.0.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    # Run as a script, this folder is first on sys.path, where this very file would hide the
    # engine package: the repository root goes there instead (the model builders live in tests).
    sys.path[0] = str(ROOT)

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.runtime import Execution, ManualClock, SpecCache, build_package, using
from engine.service.cases import Cases
from engine.service.deployments import deploy
from engine.service.principals import Staff
from engine.store import Database, InstanceStatus
from engine.store.migrations import upgrade
from tests.engine.runtime.helpers import chain, executable, flow, script, timer
from tests.engine.runtime.test_models import DMN

RUNS: Final = int(os.environ.get("MACHIFLOW_BENCH_RUNS", "60"))  # instances per path
TARGET: Final = 2.0  # durable / raw with saves
MODEL: Final = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S" name="開始"/>',
            script("Init", "visits = 0\nkind = 'resident'\ncopies = 2", name="準備"),
            '<bpmn:userTask id="Apply" name="申請"/>',
            script("Count", "visits = visits + 1", name="回数"),
            '<bpmn:exclusiveGateway id="Again" name="再申請?" default="Go"/>',
            '<bpmn:parallelGateway id="Fork"/>',
            '<bpmn:userTask id="Check" name="確認"/>',
            '<bpmn:businessRuleTask id="Fee" name="手数料"><bpmn:extensionElements>'
            "<spiffworkflow:calledDecisionId>fee_decision</spiffworkflow:calledDecisionId>"
            "</bpmn:extensionElements></bpmn:businessRuleTask>",
            '<bpmn:parallelGateway id="Join"/>',
            '<bpmn:subProcess id="Review" name="審査"><bpmn:startEvent id="RS"/>'
            '<bpmn:userTask id="Judge" name="判定"/>'
            + script("Note", "note = 'ok'", name="記録")
            + '<bpmn:endEvent id="RE"/>'
            + chain("RS", "Judge", "Note", "RE", prefix="R")
            + "</bpmn:subProcess>",
            '<bpmn:intermediateCatchEvent id="Wait" name="1日待つ">'
            + timer("timeDuration", '"P1D"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:userTask id="Issue" name="交付"/>',
            script("Close", "closed = True", name="完了"),
            '<bpmn:endEvent id="E" name="終了"/>',
            flow("F1", "S", "Init"),
            flow("F2", "Init", "Apply"),
            flow("F3", "Apply", "Count"),
            flow("F4", "Count", "Again"),
            flow("Loop", "Again", "Apply", "visits &lt; 3"),
            flow("Go", "Again", "Fork"),
            flow("F5", "Fork", "Check"),
            flow("F6", "Fork", "Fee"),
            flow("F7", "Check", "Join"),
            flow("F8", "Fee", "Join"),
            flow("F9", "Join", "Review"),
            flow("F10", "Review", "Wait"),
            flow("F11", "Wait", "Issue"),
            flow("F12", "Issue", "Close"),
            flow("F13", "Close", "E"),
        ]
    )
)
FILES: Final = {"main.bpmn": MODEL, "fees.dmn": DMN}
START: Final = datetime(2026, 4, 1, tzinfo=UTC)
ADMIN: Final = Staff("bench", frozenset({"admin"}))
RAW_SERIALIZER: Final[Any] = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def raw_spec() -> tuple[Any, Any]:
    """The library's own parse, once (as an engine would keep it)."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_str(MODEL, filename="main.bpmn")
    parser.add_dmn_str(DMN, filename="fees.dmn")
    return parser.get_spec("P"), parser.get_subprocess_specs("P")


def raw_run(spec: tuple[Any, Any], clock: ManualClock, *, save: bool) -> int:
    """One instance with the library alone; returns the number of waits."""
    workflow = BpmnWorkflow(*spec)
    workflow.do_engine_steps()
    waits = 0
    while not workflow.is_completed():
        waits += 1
        if save:
            text = RAW_SERIALIZER.serialize_json(workflow)  # the library's own JSON
            workflow = RAW_SERIALIZER.deserialize_json(text)
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if ready:
            ready[0].run()
        else:
            clock.advance(days=1, seconds=1)
            workflow.refresh_timers()
        workflow.do_engine_steps()
    return waits


def runtime_run(cache: SpecCache, document: str, clock: ManualClock) -> None:
    execution = Execution.start(cache.get(document))
    while execution.status == "running":
        text = json.dumps(execution.state_json())
        execution = Execution.from_state(cache.get(document), text)
        ready = execution.ready_tasks()
        if ready:
            execution.complete(ready[0].id)
        else:
            clock.advance(days=1, seconds=1)
            execution.advance()


def durable_run(cases: Cases, key: str, clock: ManualClock) -> None:
    """Start, then complete the first ready task (or fire the due timer) until completed."""
    started = cases.start(key, None, ADMIN)
    instance_id = started.instance.id
    ready = [t.id for t in started.ready]
    for _ in range(50):
        if ready:
            record = cases.complete(ready[0], {}, ADMIN)
            if record.status != InstanceStatus.RUNNING:
                assert record.status == InstanceStatus.COMPLETED, record.status
                return
        else:
            clock.advance(days=1, seconds=1)
            assert cases.fire_due_timers() == 1
        ready = [e.task.id for e in cases.inbox(ADMIN) if e.task.instance_id == instance_id]
    raise AssertionError("the instance did not complete")


def median_ms(function: Callable[[], object], runs: int = RUNS) -> float:
    """Milliseconds per call: the median of ``runs`` calls after two to warm up."""
    return interleaved_ms({"f": function}, runs)["f"]


def interleaved_ms(
    functions: dict[str, Callable[[], object]], runs: int = RUNS
) -> dict[str, float]:
    """Milliseconds per call of each function: the median of ``runs`` calls, taken in turns
    (one call of each per round), so that a busy machine slows them all alike."""
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for round_ in range(runs + 2):  # two rounds to warm up
        for name, function in functions.items():
            began = time.perf_counter()
            function()
            if round_ >= 2:
                samples[name].append((time.perf_counter() - began) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def sqlite_bytes(path: Path) -> int:
    """The database's size after folding the WAL in and compacting (what stays stored)."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    return int(pages) * int(size)


def main() -> int:
    clock = ManualClock(START)
    spec = raw_spec()
    runnable = build_package(FILES, main="main.bpmn").default
    document = runnable.document_text()
    cache = SpecCache()
    with using(clock), tempfile.TemporaryDirectory(prefix="machiflow-bench-") as tmp:
        waits = raw_run(spec, clock, save=False)
        path = Path(tmp) / "bench.db"
        upgrade(f"sqlite:///{path}")
        db = Database(f"sqlite:///{path}")
        try:
            with db.transaction() as session:
                outcome = deploy(session, FILES, actor="bench", main="main.bpmn")
            key = outcome.main.definition.key
            cases = Cases(db)
            times = interleaved_ms(
                {
                    "raw": lambda: raw_run(spec, clock, save=False),
                    "raw_saved": lambda: raw_run(spec, clock, save=True),
                    "runtime": lambda: runtime_run(cache, document, clock),
                    "durable": lambda: durable_run(cases, key, clock),
                }
            )
            raw, raw_saved, runtime, durable = (
                times["raw"],
                times["raw_saved"],
                times["runtime"],
                times["durable"],
            )
            before = sqlite_bytes(path)
            for _ in range(RUNS):
                durable_run(cases, key, clock)
            stored = (sqlite_bytes(path) - before) / RUNS
        finally:
            db.dispose()

        waiting = Execution.start(cache.get(document))
        state = json.dumps(waiting.state_json())
        restore = median_ms(lambda: Execution.from_state(cache.get(document), state), 500)
        save = median_ms(lambda: json.dumps(waiting.state_json()), 500)

    tasks = len(runnable.spec.top.task_specs) + sum(
        len(s.task_specs) for s in runnable.spec.subprocesses.values()
    )
    ratio = durable / raw_saved
    print(f"machiflow engine benchmark: median of {RUNS} instances per line, taken in turns")
    print(f"model: {tasks} task specs (the library's own included), {waits} waits per instance")
    print(f"raw SpiffWorkflow, in memory, no saves:                 {raw:7.2f} ms/instance")
    print(f"raw SpiffWorkflow, in memory, save+restore per wait:    {raw_saved:7.2f} ms/instance")
    print(f"machiflow runtime, in memory, save+restore per wait:    {runtime:7.2f} ms/instance")
    print(f"machiflow durable (Cases on SQLite, one commit a step): {durable:7.2f} ms/instance")
    print(f"  restore a waiting instance (cached spec) {restore:.3f} ms; save {save:.3f} ms")
    print(
        f"  stored per completed instance: {stored:.0f} B (SQLite after VACUUM: state, task "
        "index, audit); state of a waiting instance: "
        f"{len(state)} B of JSON"
    )
    print(f"ratio durable / raw with saves: {ratio:.2f} (runtime / raw: {runtime / raw_saved:.2f})")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(
        f"verdict: durable is {ratio:.2f}x the raw library with saves "
        f"(target <= {TARGET}): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
