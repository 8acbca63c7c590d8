"""The clock seam: "now" for the runtime, and SpiffWorkflow's timer code reading it.

SpiffWorkflow 3.2.0 has no clock injection; engine.runtime.library replaces the name
``datetime`` in its timer module. These tests pin that so an upgrade cannot silently put
timers back on the wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from SpiffWorkflow.bpmn.specs.event_definitions import timer as timer_module

from engine.runtime import ManualClock, now, set_clock, start, using
from engine.runtime.library import ClockDatetime
from tests.engine.runtime.conftest import START
from tests.engine.runtime.helpers import chain, deploy, executable, timer


def test_manual_clock_moves_only_when_told() -> None:
    manual = ManualClock(START)
    assert manual() == START
    assert manual.advance(hours=2) == START + timedelta(hours=2)
    manual.set(datetime(2030, 1, 1, 9, tzinfo=timezone(timedelta(hours=9))))
    assert manual() == datetime(2030, 1, 1, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="aware"):
        manual.set(datetime(2030, 1, 1))


def test_now_reads_the_clock_in_use_and_falls_back_to_the_wall_clock() -> None:
    with using(ManualClock(START)):
        assert now() == START
    wall = now()
    assert abs(wall - datetime.now(UTC)) < timedelta(seconds=5)
    assert wall.tzinfo is UTC


def test_a_clock_returning_naive_times_is_refused() -> None:
    set_clock(lambda: datetime(2026, 1, 1))
    try:
        with pytest.raises(ValueError, match="aware"):
            now()
    finally:
        set_clock(None)
    assert now().tzinfo is UTC


def test_spiffworkflows_timer_module_reads_our_clock(clock: ManualClock) -> None:
    assert timer_module.datetime is ClockDatetime
    assert timer_module.datetime.now(UTC) == START
    local = timer_module.datetime.now()
    assert local.tzinfo is None
    assert local == START.astimezone().replace(tzinfo=None)
    # The rest of datetime is the standard one.
    assert timer_module.datetime.fromisoformat("2026-04-01T00:00:00+00:00") == START


def test_timers_arm_and_fire_on_the_runtime_clock(clock: ManualClock) -> None:
    spec = deploy(
        executable(
            '<bpmn:startEvent id="S"/><bpmn:intermediateCatchEvent id="W">'
            + timer("timeDuration", '"P1M"')
            + '</bpmn:intermediateCatchEvent><bpmn:endEvent id="E"/>'
            + chain("S", "W", "E")
        )
    ).spec
    clock.set(datetime(2026, 1, 31, 12, tzinfo=UTC))
    execution = start(spec)
    [pending] = execution.timers()
    assert pending.due_at == datetime(2026, 3, 3, 12, tzinfo=UTC)  # one month of 31 days
    clock.set(pending.due_at - timedelta(seconds=1))
    execution.advance()
    assert execution.timers() == [pending]
    clock.set(pending.due_at + timedelta(seconds=1))
    execution.advance()
    assert execution.status == "completed"
