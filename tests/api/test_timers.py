"""Timers through the API: fired by hand on a moved clock, by the server's loop, and at
start for timers that came due while the server was down. No test sleeps for a timer."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from api.settings import Settings
from engine.runtime.clock import ManualClock
from engine.service.cases import Cases
from tests.api.conftest import Api, app_client, wait_until
from tests.api.models import TIMER, TIMER_DAYS, TIMER_KEY

DUE = timedelta(days=TIMER_DAYS)
FAST = 0.02  # the loop's poll interval in these tests


def cases_of(api: Api) -> Cases:
    cases: Cases = api.client.app.state.cases  # type: ignore[attr-defined]
    return cases


def moved_on(state: dict[str, Any]) -> bool:
    return [t["element_id"] for t in state["ready_tasks"]] == ["Late"]


def assert_fired(state: dict[str, Any]) -> None:
    assert state["status"] == "running"
    assert moved_on(state), state["ready_tasks"]
    assert [t["status"] for t in state["tasks"] if t["element_id"] == "Work"] == ["cancelled"]
    fired = [e for e in state["history"] if e["action"] == "timer_fired"]
    assert len(fired) == 1
    assert fired[0]["actor"] == "system"
    assert fired[0]["detail"]["timers"] == ["Overdue"]
    assert state["data"]["reminded"] is True


def test_a_due_timer_fires_when_timers_are_run(clock: ManualClock, api: Api) -> None:
    api.deployed({"deadline.bpmn": TIMER})
    case = api.start(TIMER_KEY, {"city": "港区"})
    assert [t["element_id"] for t in case["ready_tasks"]] == ["Work"]
    cases = cases_of(api)

    assert cases.fire_due_timers() == 0
    clock.advance(DUE - timedelta(seconds=1))
    assert cases.fire_due_timers() == 0
    assert [t["element_id"] for t in api.instance(case["id"])["ready_tasks"]] == ["Work"]

    # At the due instant itself the engine may not fire yet; it never records a firing
    # that did not happen.
    clock.advance(seconds=1)
    if cases.fire_due_timers() == 0:
        at_due = api.instance(case["id"])
        assert [t["element_id"] for t in at_due["ready_tasks"]] == ["Work"]
        assert "timer_fired" not in [e["action"] for e in at_due["history"]]
        clock.advance(seconds=1)
        assert cases.fire_due_timers() == 1
    state = api.instance(case["id"])
    assert_fired(state)
    assert state["data"]["city"] == "港区"
    assert cases.fire_due_timers() == 0, "a timer fires once"


def test_the_inbox_shows_the_boundary_timer_as_the_task_deadline(
    clock: ManualClock, api: Api
) -> None:
    api.deployed({"deadline.bpmn": TIMER})
    case = api.start(TIMER_KEY)
    inbox = api.client.get("/api/tasks", headers=api.admin).json()
    (work,) = [t for t in inbox if t["instance_id"] == case["id"]]
    assert datetime.fromisoformat(work["due_at"]) == clock() + DUE


def test_a_completed_task_disarms_its_boundary_timer(clock: ManualClock, api: Api) -> None:
    api.deployed({"deadline.bpmn": TIMER})
    case = api.start(TIMER_KEY)
    assert api.complete(case["ready_tasks"][0]["id"]).json()["status"] == "completed"
    clock.advance(DUE * 2)
    assert cases_of(api).fire_due_timers() == 0
    state = api.instance(case["id"])
    assert state["status"] == "completed"
    assert "timer_fired" not in [e["action"] for e in state["history"]]


def test_a_withdrawn_case_has_no_timer_left(clock: ManualClock, api: Api) -> None:
    api.deployed({"deadline.bpmn": TIMER})
    case = api.start(TIMER_KEY)
    withdrawn = api.client.post(f"/api/instances/{case['id']}/withdraw", headers=api.admin)
    assert withdrawn.status_code == 200, withdrawn.text
    clock.advance(DUE * 2)
    assert cases_of(api).fire_due_timers() == 0
    assert api.instance(case["id"])["status"] == "withdrawn"


def test_the_server_loop_fires_a_due_timer(clock: ManualClock, settings: Settings) -> None:
    looping = replace(settings, run_timers=True, timer_poll_seconds=FAST)
    with app_client(looping) as client:
        api = Api(client)
        api.deployed({"deadline.bpmn": TIMER})
        case = api.start(TIMER_KEY)
        # Not due: the loop runs and leaves the case alone.
        assert not wait_until(lambda: moved_on(api.instance(case["id"])), timeout=FAST * 10)
        clock.advance(DUE + timedelta(seconds=1))
        assert wait_until(lambda: moved_on(api.instance(case["id"])))
        assert_fired(api.instance(case["id"]))


def test_timers_that_came_due_while_down_fire_at_start(
    clock: ManualClock, settings: Settings
) -> None:
    with app_client(settings) as client:
        api = Api(client)
        api.deployed({"deadline.bpmn": TIMER})
        case = api.start(TIMER_KEY)
        admin = api.admin
    clock.advance(DUE + timedelta(hours=5))  # the server is down meanwhile
    restarted = replace(settings, run_timers=True, timer_poll_seconds=60)
    with app_client(restarted) as client:
        # The loop's first round runs at start; the next one would be a minute later.
        def state() -> Any:
            return client.get(f"/api/instances/{case['id']}", headers=admin).json()

        assert wait_until(lambda: moved_on(state()))
        assert_fired(state())
