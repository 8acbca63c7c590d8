"""The library's log records are built only for loggers that take them.

SpiffWorkflow 3.2.0 builds a record's extras on every task state change, walking every task
of the workflow when its loggers' own level is NOTSET. The runtime skips that work when the
logger is off; when it is on, the records are the library's, extras included.
"""

from __future__ import annotations

import logging

import pytest

from engine.runtime import ManualClock, start
from tests.engine.runtime.helpers import chain, deploy, executable, script

MODEL = executable(
    '<bpmn:startEvent id="S"/>'
    + script("Calc", "a = 1")
    + '<bpmn:userTask id="Ask"/><bpmn:endEvent id="E"/>'
    + chain("S", "Calc", "Ask", "E")
)


def test_records_are_the_librarys_when_the_logger_is_on(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="spiff"):
        execution = start(deploy(MODEL).spec)
    changes = [r for r in caplog.records if r.name == "spiff.task"]
    assert any(r.getMessage() == "State changed to COMPLETED" for r in changes)
    calc = next(r for r in changes if getattr(r, "task_spec", None) == "Calc")
    # Below INFO the library adds the task's data (and the workflow's task list).
    assert {"task_id", "state", "elapsed", "parent", "data", "internal_data"} <= vars(calc).keys()
    [initialized] = [r for r in caplog.records if r.getMessage() == "Initialized workflow"]
    assert len(vars(initialized)["tasks"]) > 0
    assert execution.ready_tasks()[0].element_id == "Ask"


def test_info_records_leave_out_data(clock: ManualClock, caplog: pytest.LogCaptureFixture) -> None:
    spiff = logging.getLogger("spiff.task")
    with caplog.at_level(logging.INFO, logger="spiff"):
        spiff.setLevel(logging.INFO)  # the library reads its logger's own level for data
        try:
            start(deploy(MODEL).spec)
        finally:
            spiff.setLevel(logging.NOTSET)
    changes = [r for r in caplog.records if r.name == "spiff.task"]
    assert changes
    assert all(r.levelno == logging.INFO for r in changes)
    assert all("data" not in vars(r) for r in changes)


def test_no_records_and_the_same_run_when_the_logger_is_off(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="spiff"):
        execution = start(deploy(MODEL).spec)
        [task] = execution.ready_tasks()
        execution.complete(task.id, {"b": 2})
    assert [r for r in caplog.records if r.name.startswith("spiff")] == []
    assert execution.status == "completed"
    assert execution.data == {"a": 1, "b": 2}
