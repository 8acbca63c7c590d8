"""How much machiflow's runtime adds to SpiffWorkflow: a ~20-task model, start to end.

Not a test (no timed assertions): ``.venv/bin/python -m tests.engine.runtime.bench_runtime``.
The raw run uses the library alone, in memory, with the library's own save/restore (spec
included) at every wait; machiflow's run goes through ``engine.runtime``: restricted
environment, step time limit, JSON-only data, ``state_json`` -> text -> ``from_state``
on a cached spec at every wait.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.runtime import Execution, ManualClock, SpecCache, build_package, using
from tests.engine.runtime.helpers import chain, executable, flow, script, timer
from tests.engine.runtime.test_models import DMN

MODEL = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S"/>',
            script("Init", "visits = 0\nkind = 'resident'\ncopies = 2"),
            '<bpmn:userTask id="Apply" name="申請"/>',
            script("Count", "visits = visits + 1"),
            '<bpmn:exclusiveGateway id="Again" default="Go"/>',
            '<bpmn:parallelGateway id="Fork"/>',
            '<bpmn:userTask id="Check" name="確認"/>',
            '<bpmn:businessRuleTask id="Fee"><bpmn:extensionElements>'
            "<spiffworkflow:calledDecisionId>fee_decision</spiffworkflow:calledDecisionId>"
            "</bpmn:extensionElements></bpmn:businessRuleTask>",
            '<bpmn:parallelGateway id="Join"/>',
            '<bpmn:subProcess id="Review"><bpmn:startEvent id="RS"/>'
            '<bpmn:userTask id="Judge"/>'
            + script("Note", "note = 'ok'")
            + '<bpmn:endEvent id="RE"/>'
            + chain("RS", "Judge", "Note", "RE", prefix="R")
            + "</bpmn:subProcess>",
            '<bpmn:intermediateCatchEvent id="Wait">'
            + timer("timeDuration", '"P1D"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:userTask id="Issue" name="交付"/>',
            script("Close", "closed = True"),
            '<bpmn:endEvent id="E"/>',
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
FILES = {"main.bpmn": MODEL, "fees.dmn": DMN}
START = datetime(2026, 4, 1, tzinfo=UTC)


def raw_run(clock: ManualClock, save: bool) -> None:
    serializer = RAW_SERIALIZER
    workflow = BpmnWorkflow(RAW_SPEC, RAW_SUBPROCESSES)
    workflow.do_engine_steps()
    while not workflow.is_completed():
        if save:
            text = json.dumps({**serializer.to_dict(workflow), "serializer_version": "1.5"})
            state = json.loads(text)
            serializer.migrate(state)
            workflow = serializer.from_dict(state)
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if ready:
            ready[0].run()
        else:
            clock.advance(days=1, seconds=1)
            workflow.refresh_timers()
        workflow.do_engine_steps()


def machiflow_run(clock: ManualClock, cache: SpecCache, document: str) -> None:
    spec = cache.get(document)
    execution = Execution.start(spec)
    while execution.status == "running":
        text = json.dumps(execution.state_json())
        execution = Execution.from_state(cache.get(document), text)
        ready = execution.ready_tasks()
        if ready:
            execution.complete(ready[0].id)
        else:
            clock.advance(days=1, seconds=1)
            execution.advance()


def timed(function: Callable[[], Any], repeat: int = 200) -> float:
    """Milliseconds per call: the lower quartile of ``repeat`` calls (steadier than the
    median on a busy machine, and not the one lucky run the minimum is)."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.quantiles(samples, n=4)[0]


RAW_PARSER = SpiffBpmnParser(validator=VALIDATOR)
RAW_PARSER.add_bpmn_str(MODEL, filename="main.bpmn")
RAW_PARSER.add_dmn_str(DMN, filename="fees.dmn")
RAW_SPEC = RAW_PARSER.get_spec("P")  # parsed once, as an engine would keep it
RAW_SUBPROCESSES = RAW_PARSER.get_subprocess_specs("P")
RAW_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def main() -> None:
    runnable = build_package(FILES, main="main.bpmn").default
    document = runnable.document_text()
    cache = SpecCache()
    clock = ManualClock(START)
    with using(clock):
        tasks = len(runnable.spec.top.task_specs) + sum(
            len(s.task_specs) for s in runnable.spec.subprocesses.values()
        )
        raw = timed(lambda: raw_run(clock, save=False))
        raw_saved = timed(lambda: raw_run(clock, save=True))
        ours = timed(lambda: machiflow_run(clock, cache, document))
        waiting = Execution.start(cache.get(document))
        state = json.dumps(waiting.state_json())
        restore = timed(lambda: Execution.from_state(cache.get(document), state), 2000)
        full_text = json.dumps({**json.loads(state), **json.loads(document)})

        def library_restore() -> None:
            dct = json.loads(full_text)
            RAW_SERIALIZER.migrate(dct)
            RAW_SERIALIZER.from_dict(dct)

        full = timed(library_restore, 2000)
        save = timed(lambda: json.dumps(waiting.state_json()), 2000)
        deploy = timed(lambda: build_package(FILES, main="main.bpmn"), 50)
    print(f"model: {tasks} task specs (incl. the library's own), 7 waits")
    print(f"raw library, in memory, no saves:          {raw:7.2f} ms")
    print(f"raw library, full save/restore per wait:   {raw_saved:7.2f} ms")
    print(f"machiflow runtime, save/restore per wait:  {ours:7.2f} ms")
    print(f"  ratio to raw with saves: {ours / raw_saved:.2f}x; to raw without: {ours / raw:.2f}x")
    print(f"restore a waiting instance, cached spec:   {restore:7.3f} ms")
    print(f"restore with the library (spec in state):  {full:7.3f} ms")
    print(f"save a waiting instance (state_json+dumps): {save:6.3f} ms")
    print(f"deploy (parse, check, describe, document): {deploy:7.2f} ms")
    print(f"state size: {len(state)} bytes; spec document: {len(document)} bytes")
    assert timedelta(0) <= clock() - START


if __name__ == "__main__":
    main()
