"""What SpiffWorkflow raises while running, turned into ``TaskFailedError`` with its place.

The library wraps an expression's exception in ``WorkflowTaskException`` (keeping it as
``__context__``), adds notes such as "Error occurred in the Pre-Script", and looks for the
failing line in frames named ``<string>`` (ours are the sandbox's), so the element, the
part of it and the line are recovered here from the exception chain and its traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Any, Final

from engine.errors import MachiflowError, TaskFailedError
from engine.runtime.sandbox import (
    FILENAME,
    ForbiddenCodeError,
    ScriptLimitError,
    ScriptTimeoutError,
)

_NO_PATH: Final = ("No conditions satisfied",)
_NOTE_WHERE: Final = {
    "Error occurred in the Pre-Script": "pre-script",
    "Error occurred in the Post-Script": "post-script",
}
_SCRIPT_PARTS: Final = frozenset({"script", "pre-script", "post-script"})


def task_failure(
    exc: BaseException, *, current: Any = None, step_seconds: float | None = None
) -> MachiflowError:
    """The error to raise for ``exc``; ``current`` is the task the engine was running."""
    if isinstance(exc, MachiflowError):
        return exc
    task = getattr(exc, "task", None) or current
    task_spec = getattr(exc, "task_spec", None)
    if task is not None:
        task_spec = task.task_spec
    element = str(getattr(task_spec, "bpmn_id", None) or getattr(task_spec, "name", None) or "-")
    name = getattr(task_spec, "bpmn_name", None) or None
    where = _where(exc, task_spec)
    chain = list(_chain(exc))
    line = _sandbox_line(chain) if where in _SCRIPT_PARTS else None
    source = _source_line(task_spec, where, line)
    place: dict[str, Any] = {"element": element, "name": name, "where": where, "line": line}
    if source is not None:
        place["source"] = source
    for inner in chain:
        if isinstance(inner, ScriptTimeoutError):
            return TaskFailedError("runtime.script-timeout", seconds=step_seconds, **place)
        if isinstance(inner, ForbiddenCodeError):
            return TaskFailedError("runtime.forbidden-code", detail=str(inner), **place)
        if isinstance(inner, ScriptLimitError):
            return TaskFailedError("runtime.script-limit", detail=str(inner), **place)
    message = str(exc.args[0]) if exc.args else str(exc)
    if message.startswith(_NO_PATH):
        return TaskFailedError("runtime.no-path", **{**place, "where": "gateway"})
    original = next((e for e in chain[1:] if not _is_library(e)), None)
    if original is not None:
        detail = f"{type(original).__name__}: {original}"
        return TaskFailedError("runtime.script-error", detail=detail, **place)
    if not _is_library(exc):
        return TaskFailedError(
            "runtime.script-error", detail=f"{type(exc).__name__}: {exc}", **place
        )
    return TaskFailedError("runtime.engine-error", detail=message, **place)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _is_library(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("SpiffWorkflow")


def _where(exc: BaseException, task_spec: Any) -> str:
    for note in getattr(exc, "notes", None) or ():
        for text, where in _NOTE_WHERE.items():
            if text in str(note):
                return where
    if task_spec is None:
        return "task"
    if getattr(task_spec, "script", None):
        return "script"
    if getattr(task_spec, "cond_task_specs", None):
        return "condition"
    if getattr(task_spec, "dmnEngine", None) is not None:
        return "decision"
    definition = getattr(task_spec, "event_definition", None)
    kind = type(definition).__name__ if definition is not None else ""
    if "Timer" in kind or "TimeDate" in kind or "Cycle" in kind:
        return "timer"
    if "Conditional" in kind:
        return "conditional-event"
    if hasattr(task_spec, "test_before"):
        return "loop-condition"
    if hasattr(task_spec, "cardinality"):
        return "cardinality"
    return "task"


def _sandbox_line(chain: list[BaseException]) -> int | None:
    """The line of the innermost sandboxed frame in the traceback of any exception."""
    for exc in chain:
        line = None
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == FILENAME:
                line = tb.tb_lineno
            tb = tb.tb_next
        if line is not None:
            return line
    return None


def _source_line(task_spec: Any, where: str, line: int | None) -> str | None:
    if line is None or task_spec is None:
        return None
    attribute = {"script": "script", "pre-script": "prescript", "post-script": "postscript"}
    text = getattr(task_spec, attribute.get(where, ""), None)
    if not isinstance(text, str):
        return None
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else None
