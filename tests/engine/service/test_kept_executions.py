"""A case's next step runs on the workflow its last step saved, when this process kept it.

``Cases`` keeps the running workflow of each state it has just committed and takes it for
the case's next step instead of restoring the state. These tests hold that shortcut to the
restore it replaces: the same data, path and audit on a model with parallel branches, a
subprocess, a timer and a loop; a kept workflow is used only for the very version it was
saved as (another server may have moved the case on); and a step that fails or is refused
leaves nothing behind that a later step could run on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import pytest

from engine.errors import TaskFailedError
from engine.runtime import Execution, ManualClock, using
from engine.service.cases import Cases, FormInvalidError, _Kept
from engine.service.deployments import deploy
from engine.service.principals import Staff
from engine.store import AuditRepository, Database, InstanceStatus, TaskStatus
from tests.api.models import FAILING, FAILING_KEY, application_files
from tests.engine.runtime.test_live_view import BRANCHES

ADMIN: Final = Staff("admin-1", frozenset({"admin"}))
START: Final = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
ORDER: Final = ["C2", "A", "C1", "B"]


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    manual = ManualClock(START)
    with using(manual):
        yield manual


@pytest.fixture
def restores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts restores of a saved state (``Execution.from_state`` calls)."""
    calls: list[int] = []
    original = Execution.from_state.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Execution], *args: Any, **kwargs: Any) -> Execution:
        calls.append(1)
        result: Execution = original(cls, *args, **kwargs)
        return result

    monkeypatch.setattr(Execution, "from_state", classmethod(counted))
    return calls


def deployed(db: Database, files: dict[str, bytes], main: str) -> str:
    with db.transaction() as session:
        return deploy(session, files, actor="admin-1", main=main).main.definition.key


def without_kept(cases: Cases) -> Cases:
    cases._live = _Kept(size=0)  # keeps nothing: every step restores
    return cases


def run_branches(cases: Cases, key: str, clock: ManualClock) -> tuple[Any, ...]:
    """Drive one case of BRANCHES to its end; what it ends with, as the store has it."""
    clock.set(START)
    case = cases.start(key, None, ADMIN).instance.id
    for _ in range(60):
        view = cases.instance(case, ADMIN)
        if view.instance.status != InstanceStatus.RUNNING:
            break
        ready = {t.element_id: t for t in view.tasks if t.status == TaskStatus.READY}
        pick = next((element for element in ORDER if element in ready), None)
        if pick is None:
            clock.advance(timedelta(days=2))
            assert cases.fire_due_timers() == 1
        else:
            cases.complete(ready[pick].id, {"by": pick, "items": [pick, {"n": 1}]}, ADMIN)
    fresh = Cases(cases.db).instance(case, ADMIN)  # a restore of the last saved state
    with cases.db.reader() as session:
        history = AuditRepository(session).for_instance(case)
    return (
        fresh.instance.status,
        fresh.data,
        fresh.completed_elements,
        [(e.action, e.element_id, e.detail) for e in history],
    )


def test_steps_on_kept_workflows_end_as_steps_on_restored_states(
    fresh_db: Database, clock: ManualClock, restores: list[int]
) -> None:
    key = deployed(fresh_db, {"branches.bpmn": BRANCHES}, "branches.bpmn")
    kept = run_branches(Cases(fresh_db), key, clock)
    steps_kept = len(restores)
    restored = run_branches(without_kept(Cases(fresh_db)), key, clock)
    assert kept[0] == InstanceStatus.COMPLETED
    assert kept[1]["rounds"] == 2
    assert kept == restored
    # Restoring service: a restore per step (and for the final read); keeping: the final
    # read of each run only, as the steps all came to the process that saved the state.
    assert steps_kept == 1
    assert len(restores) - steps_kept > 10


def test_a_kept_workflow_is_used_only_for_the_version_it_was_saved_as(
    fresh_db: Database, restores: list[int]
) -> None:
    key = deployed(fresh_db, application_files(), "tennyu.bpmn")
    here, elsewhere = Cases(fresh_db), Cases(fresh_db)  # two server processes
    case = here.start(key, {"city": "千代田区"}, ADMIN).instance.id
    assert case in here._live

    # Another process completes the first task: what this one kept is out of date.
    (apply,) = [t for t in elsewhere.instance(case, ADMIN).tasks if t.status == "ready"]
    elsewhere.complete(apply.id, {"name": "山田太郎", "copies": 2}, ADMIN)
    (check,) = [t for t in here.instance(case, ADMIN).tasks if t.status == "ready"]
    before = len(restores)
    here.complete(check.id, {"verified": True, "note": "確認済"}, ADMIN)
    assert len(restores) == before + 1  # restored the state the other process saved

    data = Cases(fresh_db).instance(case, ADMIN).data
    assert data["name"] == "山田太郎"
    assert data["verified"] is True


def test_a_refused_step_gives_up_the_kept_workflow_without_changing_it(
    fresh_db: Database, restores: list[int]
) -> None:
    key = deployed(fresh_db, application_files(), "tennyu.bpmn")
    cases = Cases(fresh_db)
    case = cases.start(key, None, ADMIN).instance.id
    (apply,) = [t for t in cases.instance(case, ADMIN).tasks if t.status == "ready"]
    with pytest.raises(FormInvalidError):
        cases.complete(apply.id, {"copies": "two"}, ADMIN)
    cases.complete(apply.id, {"name": "山田太郎", "copies": 2}, ADMIN)
    data = Cases(fresh_db).instance(case, ADMIN).data
    assert data["name"] == "山田太郎"
    assert data["copies"] == 2


def test_a_failed_step_leaves_no_workflow_to_run_on(fresh_db: Database) -> None:
    key = deployed(fresh_db, {"ratio.bpmn": FAILING}, "ratio.bpmn")
    assert key == FAILING_KEY
    cases = Cases(fresh_db)
    case = cases.start(key, None, ADMIN).instance.id
    (form,) = [t for t in cases.instance(case, ADMIN).tasks if t.status == "ready"]
    with pytest.raises(TaskFailedError):
        cases.complete(form.id, {"divisor": 0}, ADMIN)
    assert case not in cases._live  # it ran half a step: never to be used again
    shown = Cases(fresh_db).instance(case, ADMIN)
    assert shown.instance.status == InstanceStatus.ERROR
    assert "divisor" not in shown.data  # the last good state is the one kept in the store


def test_kept_workflows_are_bounded_and_a_withdrawn_case_keeps_none(fresh_db: Database) -> None:
    key = deployed(fresh_db, application_files(), "tennyu.bpmn")
    cases = Cases(fresh_db)
    cases._live = _Kept(size=2)
    first, second, third = (cases.start(key, None, ADMIN).instance.id for _ in range(3))
    assert first not in cases._live
    assert second in cases._live
    assert third in cases._live
    cases.withdraw(third, ADMIN)
    assert third not in cases._live
