"""Scripts read "today" and "now" from the runtime clock, as timers do.

A model that sets a deadline in a script (a 補正 due date 14 days on) and arms a timer for
the same 14 days must see one clock, or the date shown to the resident and the moment the
timer fires disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engine.runtime import ManualClock, start
from tests.engine.runtime.helpers import chain, deploy, executable, script

MODEL = executable(
    "\n".join(
        [
            '<bpmn:startEvent id="S"/>',
            script(
                "Stamp",
                "due = (date.today() + timedelta(days=14)).isoformat()\n"
                "stamped = datetime.now(timezone.utc).isoformat()\n"
                "local_day = datetime.today().date().isoformat()",
            ),
            '<bpmn:endEvent id="E"/>',
            chain("S", "Stamp", "E"),
        ]
    )
)


def test_scripts_read_the_runtime_clock(clock: ManualClock) -> None:
    clock.set(datetime(2031, 5, 10, 12, 0, tzinfo=UTC))
    execution = start(deploy(MODEL).spec)
    assert execution.status == "completed"
    today = clock().astimezone().date()
    assert execution.data["due"] == (today + timedelta(days=14)).isoformat()
    assert execution.data["stamped"] == "2031-05-10T12:00:00+00:00"
    assert execution.data["local_day"] == today.isoformat()
