"""Where a case has been and where it is now, as BPMN element ids for the case diagram.

``trail_of(execution)`` reads a restored ``Execution``: the elements completed (in order of
completion), the human tasks ready now, and what else the case waits on (timers, messages,
receive tasks, a join waiting for its other branches, a running sub-process). An element
the case passed and reached again (a loop, a correction returning to the resident) is
current, not done.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.runtime.execution import Execution


@dataclass(frozen=True, slots=True)
class Trail:
    """Element ids: ``completed`` in order of completion, then the current ones."""

    completed: tuple[str, ...]
    ready: tuple[str, ...]  # human tasks people can complete now
    waiting: tuple[str, ...]  # timers, messages and other waits of the engine

    @property
    def current(self) -> tuple[str, ...]:
        return (*self.ready, *self.waiting)

    @property
    def passed(self) -> tuple[str, ...]:
        """Completed elements the case is not at now."""
        now = set(self.current)
        return tuple(element for element in self.completed if element not in now)


def trail_of(execution: Execution) -> Trail:
    """The trail of ``execution`` as it stands (nothing is run)."""
    progress = execution.progress()
    ready = tuple(dict.fromkeys(task.element_id for task in execution.ready_tasks()))
    timers = [timer.element_id for timer in execution.timers()]
    others = [element for element in progress.active if element not in ready]
    waiting = tuple(e for e in dict.fromkeys([*timers, *others]) if e not in ready)
    return Trail(progress.completed, ready, waiting)
