"""The restricted environment: what models may run, what they may not, and limits."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.runtime.sandbox import (
    CATCHABLE,
    ForbiddenCodeError,
    RestrictedEnvironment,
    ScriptLimitError,
    ScriptTimeoutError,
    inspect_source,
    time_limit,
)

ENV = RestrictedEnvironment()

# Each of these is refused before it runs, with a reason.
REFUSED_STATICALLY = {
    "dunder-import": "__import__('os').system('id')",
    "subclasses-walk": "().__class__.__base__.__subclasses__()",
    "open-file": "open('/etc/passwd').read()",
    "import-statement": "import os\nos.system('id')",
    "from-import": "from os import system\nsystem('id')",
    "type-builtin": "type(1)",
    "globals": "globals()",
    "eval": "eval('1')",
    "exec": "exec('x = 1')",
    "class-definition": "class A:\n    pass",
    "bare-except": "try:\n    x = 1\nexcept:\n    x = 2",
    "dynamic-except": "E = ValueError.mro()[1]\ntry:\n    pass\nexcept E:\n    pass",
    "try-finally": "try:\n    x = 1\nfinally:\n    x = 2",
    "rebind-catchable": "ValueError = KeyError",
    "rebind-range": "range = list",
    "shadow-parameter": "def f(range):\n    return range",
    "private-attribute": "math.__loader__",
    "frame-walk": "(lambda: 0).__code__",
}


@pytest.mark.parametrize("source", REFUSED_STATICALLY.values(), ids=REFUSED_STATICALLY.keys())
def test_refused_before_running(source: str) -> None:
    problems = inspect_source(source, "exec")
    assert problems, f"{source!r} should be refused"
    assert all(p.detail for p in problems)
    with pytest.raises(ForbiddenCodeError):
        ENV.execute(source, {})


# These compile, but fail safely when run.
REFUSED_AT_RUN_TIME: dict[str, tuple[str, type[Exception]]] = {
    "str-format-escape": ("'{0.__class__}'.format(1)", NotImplementedError),
    "getattr-private": ("getattr(1, '__class__')", AttributeError),
    "huge-power": ("2 ** 10 ** 9", ScriptLimitError),
    "huge-repeat": ("'x' * 10 ** 9", ScriptLimitError),
    "huge-list-repeat": ("[0] * 10 ** 9", ScriptLimitError),
    "huge-shift": ("1 << 10 ** 9", ScriptLimitError),
    "huge-range": ("list(range(10 ** 9))", ScriptLimitError),
    "huge-pow-builtin": ("pow(10, 10 ** 9)", ScriptLimitError),
    "unknown-name": ("undefined_helper(1)", NameError),
}


@pytest.mark.parametrize(
    ("source", "error"), REFUSED_AT_RUN_TIME.values(), ids=REFUSED_AT_RUN_TIME.keys()
)
def test_refused_when_run(source: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ENV.evaluate(source, {})


RUNAWAY = {
    "tight-loop": "while True: pass",
    "loop-catching-errors": (
        "i = 0\nwhile True:\n    try:\n        i += 1\n    except ValueError:\n        pass"
    ),
    "nested-comprehension": "x = [y for y in range(10 ** 6) for z in range(10 ** 6)]",
    "generator": "x = sum(y for y in range(10 ** 6) for z in range(10 ** 6))",
    "recursion-tree": "def f(n):\n    if n < 60:\n        f(n + 1)\n        f(n + 1)\nf(0)",
}


@pytest.mark.parametrize("source", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_scripts_are_stopped_at_the_deadline(source: str) -> None:
    with pytest.raises(ScriptTimeoutError), time_limit(0.2):
        ENV.execute(source, {})


def test_without_a_step_deadline_each_evaluation_has_its_own_limit() -> None:
    with pytest.raises(ScriptTimeoutError):
        ENV.execute("while True: pass", {})


def test_infinite_recursion_ends_in_an_error_not_a_crash() -> None:
    with pytest.raises(RecursionError):
        ENV.execute("def f(n):\n    return f(n + 1)\nf(0)", {})


def test_script_results_land_in_task_data() -> None:
    data: dict[str, Any] = {"income": 120_000, "members": [{"age": 7}, {"age": 40}], "old": 1}
    ENV.execute(
        "children = len([m for m in members if m['age'] < 18])\n"
        "limits = {'base': 100000}\n"
        "limits['base'] += 5000 * children\n"
        "eligible = income <= limits['base']\n"
        "deadline_days = timedelta(days=14).days\n"
        "del old\n"
        "def helper(x):\n"
        "    return x\n",
        data,
    )
    assert data["children"] == 1
    assert data["limits"] == {"base": 105000}
    assert data["eligible"] is False
    assert data["deadline_days"] == 14
    assert "old" not in data
    assert "helper" not in data  # functions are not data
    assert "math" not in data  # nor the helpers offered to scripts


def test_external_context_is_readable_but_not_copied_into_task_data() -> None:
    data: dict[str, Any] = {"a": 1}
    ENV.execute("b = a + shared", data, {"shared": 41})
    assert data == {"a": 1, "b": 42}


def test_expressions_see_task_data() -> None:
    assert ENV.evaluate(
        "grade <= 3 and 'after-school' in wishes", {"grade": 2, "wishes": ["after-school"]}
    )


def test_catching_specific_errors_is_allowed() -> None:
    data: dict[str, Any] = {"raw": "x"}
    ENV.execute("try:\n    n = int(raw)\nexcept (ValueError, TypeError):\n    n = 0", data)
    assert data["n"] == 0
    assert {"ValueError", "KeyError"} <= CATCHABLE
    assert "Exception" not in CATCHABLE


def test_syntax_errors_are_reported_with_their_line() -> None:
    problems = inspect_source("x = 1\ny = = 2", "exec")
    assert [(p.kind, p.line) for p in problems] == [("syntax", 2)]


_ints = st.integers(min_value=-1000, max_value=1000)


@st.composite
def _arithmetic(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return str(draw(_ints))
    op = draw(st.sampled_from(["+", "-", "*", "//", "%", "**", "<<", ">>", "&", "|", "^"]))
    left = draw(_arithmetic(depth=depth - 1))
    right = draw(_arithmetic(depth=depth - 1))
    if op in {"**", "<<", ">>"}:
        right = str(draw(st.integers(min_value=0, max_value=8)))
    return f"({left} {op} {right})"


@given(_arithmetic())
def test_arithmetic_agrees_with_python(expression: str) -> None:
    try:
        expected: object = eval(expression)  # generated arithmetic only
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            ENV.evaluate(expression, {})
        return
    assert ENV.evaluate(expression, {}) == expected


def test_a_script_that_prints_runs_without_warnings() -> None:
    data: dict[str, Any] = {}
    ENV.execute("print('checked')\nok = True", data)  # warnings are errors in this suite
    assert data == {"ok": True}
