"""The only code that touches SpiffWorkflow: specs, execution, timers, state.

Deploy: ``build_package(files, main=...)`` -> ``ProcessPackage`` of ``Runnable`` s, each with
a JSON ``document`` to store. Run: ``SpecCache().get(document)`` -> ``Spec``; ``start(spec,
data)`` or ``Execution.from_state(spec, state)``; then ``advance``, ``ready_tasks``,
``complete``, ``send_message``, ``timers`` and ``state_json``. Time comes from
``engine.runtime.clock``.

Names are imported on first use, so that ``engine.runtime.sandbox`` or ``clock`` alone do
not load SpiffWorkflow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.runtime.clock import ManualClock, now, set_clock, using
    from engine.runtime.execution import (
        DEFAULT_STEP_SECONDS,
        Execution,
        PendingTimer,
        Progress,
        ReadyTask,
        SentMessage,
        Status,
        start,
    )
    from engine.runtime.forms import Form
    from engine.runtime.package import (
        HumanTask,
        LaneInfo,
        ProcessPackage,
        Runnable,
        build_package,
    )
    from engine.runtime.specs import Spec, SpecCache, digest_of, load_spec
    from engine.runtime.trail import Trail, trail_of

_HOMES = {
    "ManualClock": "clock",
    "now": "clock",
    "set_clock": "clock",
    "using": "clock",
    "DEFAULT_STEP_SECONDS": "execution",
    "Execution": "execution",
    "PendingTimer": "execution",
    "Progress": "execution",
    "ReadyTask": "execution",
    "SentMessage": "execution",
    "Status": "execution",
    "start": "execution",
    "Form": "forms",
    "HumanTask": "package",
    "LaneInfo": "package",
    "ProcessPackage": "package",
    "Runnable": "package",
    "build_package": "package",
    "Spec": "specs",
    "SpecCache": "specs",
    "digest_of": "specs",
    "load_spec": "specs",
    "Trail": "trail",
    "trail_of": "trail",
}

__all__ = [
    "DEFAULT_STEP_SECONDS",
    "Execution",
    "Form",
    "HumanTask",
    "LaneInfo",
    "ManualClock",
    "PendingTimer",
    "ProcessPackage",
    "Progress",
    "ReadyTask",
    "Runnable",
    "SentMessage",
    "Spec",
    "SpecCache",
    "Status",
    "Trail",
    "build_package",
    "digest_of",
    "load_spec",
    "now",
    "set_clock",
    "start",
    "trail_of",
    "using",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'engine.runtime' has no attribute {name!r}")
    return getattr(importlib.import_module(f"engine.runtime.{home}"), name)
