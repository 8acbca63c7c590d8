"""The restricted expression environment: every script and expression a model runs.

SpiffWorkflow evaluates scripts, conditions, timer values, DMN cells, pre/post scripts and
multi-instance expressions with plain ``eval``/``exec``. Uploaded models must never run
arbitrary code, so the runtime gives SpiffWorkflow this environment instead. It

- compiles with RestrictedPython (no names or attributes starting with ``_``, no
  ``exec``/``eval``), cached per source text;
- offers an explicit whitelist of builtins: no ``open``, ``__import__``, ``getattr`` to
  private names, ``type``, ``globals`` ...;
- guards ``**``, ``*`` and ``<<`` so that a model cannot ask for a number or string too
  large to compute (those run in C, where no time limit can interrupt them);
- enforces a deadline per engine step by tracing the opcodes of sandboxed frames only.

``inspect_source`` runs the same checks without executing, so that deploy-time checks
reject a model before it is stored.
"""

from __future__ import annotations

import ast
import builtins
import copy
import datetime as _datetime
import dis
import math
import operator
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType, FrameType, ModuleType
from typing import Any, Final, Literal

from RestrictedPython.compile import compile_restricted
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from RestrictedPython.PrintCollector import PrintCollector
from RestrictedPython.transformer import RestrictingNodeTransformer

FILENAME: Final = "<machiflow-expression>"
DEFAULT_LIMIT_SECONDS: Final = 1.0
MAX_SEQUENCE: Final = 1_000_000  # items in a range, or in a repeated str/list/tuple
MAX_INT_BITS: Final = 100_000  # results of ** and << on ints

Mode = Literal["eval", "exec"]

# Names a model may not use at all: they do not exist here, and asking for them is a sign
# of an attempt to escape. Reported at deploy time.
FORBIDDEN_NAMES: Final = frozenset(
    {
        "open",
        "exec",
        "eval",
        "compile",
        "globals",
        "locals",
        "vars",
        "dir",
        "input",
        "breakpoint",
        "help",
        "exit",
        "quit",
        "memoryview",
        "type",
        "object",
        "super",
        "classmethod",
        "staticmethod",
        "property",
        "os",
        "sys",
        "subprocess",
        "socket",
        "importlib",
        "builtins",
    }
)


CATCHABLE: Final = frozenset(
    {
        "ArithmeticError",
        "AttributeError",
        "IndexError",
        "KeyError",
        "LookupError",
        "NameError",
        "TypeError",
        "ValueError",
        "ZeroDivisionError",
    }
)


class ScriptTimeoutError(Exception):
    """A script or expression ran past its deadline."""


class ScriptLimitError(ValueError):
    """A script asked for a number or sequence too large to compute."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a source text is refused; ``line`` is 1-based within the text."""

    kind: Literal["syntax", "forbidden"]
    line: int | None
    detail: str


# --- guarded operations ------------------------------------------------------------------
def _guard_pow(base: Any, exponent: Any, modulo: Any = None) -> Any:
    if (
        modulo is None
        and isinstance(base, int)
        and isinstance(exponent, int)
        and exponent > 0
        and abs(base) > 1
        and exponent * abs(base).bit_length() > MAX_INT_BITS
    ):
        raise ScriptLimitError(f"{base} ** {exponent} is too large to compute")
    return pow(base, exponent) if modulo is None else pow(base, exponent, modulo)


def _sized(value: Any) -> bool:
    return isinstance(value, str | bytes | list | tuple)


def _guard_mul(left: Any, right: Any) -> Any:
    if _sized(left) and isinstance(right, int) and len(left) * right > MAX_SEQUENCE:
        raise ScriptLimitError("the repeated sequence would be too long")
    if _sized(right) and isinstance(left, int) and len(right) * left > MAX_SEQUENCE:
        raise ScriptLimitError("the repeated sequence would be too long")
    return left * right


def _guard_lshift(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and right > MAX_INT_BITS:
        raise ScriptLimitError(f"{left} << {right} is too large to compute")
    return left << right


_GUARDED_BINOPS: Final[dict[type[ast.operator], str]] = {
    ast.Pow: "_guard_pow_",
    ast.Mult: "_guard_mul_",
    ast.LShift: "_guard_lshift_",
}

_AUG_SYMBOLS: Final[dict[type[ast.operator], str]] = {
    ast.Add: "+=",
    ast.Sub: "-=",
    ast.Mult: "*=",
    ast.Div: "/=",
    ast.FloorDiv: "//=",
    ast.Mod: "%=",
    ast.Pow: "**=",
    ast.LShift: "<<=",
    ast.RShift: ">>=",
    ast.BitAnd: "&=",
    ast.BitOr: "|=",
    ast.BitXor: "^=",
}

_INPLACE: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "+=": operator.add,
    "-=": operator.sub,
    "*=": _guard_mul,
    "/=": operator.truediv,
    "//=": operator.floordiv,
    "%=": operator.mod,
    "**=": _guard_pow,
    "<<=": _guard_lshift,
    ">>=": operator.rshift,
    "&=": operator.and_,
    "|=": operator.or_,
    "^=": operator.xor,
}


def _inplacevar(op: str, left: Any, right: Any) -> Any:
    function = _INPLACE.get(op)
    if function is None:
        raise ScriptLimitError(f"operator {op} is not allowed")
    return function(left, right)


def _safe_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_SEQUENCE:
        raise ScriptLimitError(f"range of {len(result):,} items is too long")
    return result


class _Policy(RestrictingNodeTransformer):
    """RestrictedPython's policy, plus size guards on ``**``, ``*`` and ``<<``."""

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        node = self.node_contents_visit(node)
        guard = _GUARDED_BINOPS.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(
            func=ast.Name(id=guard, ctx=ast.Load()), args=[node.left, node.right], keywords=[]
        )
        ast.copy_location(call, node)
        return ast.fix_missing_locations(call)

    def visit_AugAssign(self, node: ast.AugAssign) -> Any:
        # ``d[k] += 1`` is common in scripts and refused by RestrictedPython; rewrite it as
        # ``d[k] = _inplacevar_("+=", d[k], 1)`` so the ordinary item guards apply.
        if not isinstance(node.target, ast.Subscript):
            return super().visit_AugAssign(node)
        symbol = _AUG_SYMBOLS.get(type(node.op))
        if symbol is None:
            self.error(node, "this augmented assignment is not allowed")
            return node
        read = copy.deepcopy(node.target)
        read.ctx = ast.Load()
        # Visit the parts, not the new call: its guard name starts with "_" on purpose.
        assign = ast.Assign(
            targets=[self.visit(node.target)],
            value=ast.Call(
                func=ast.Name(id="_inplacevar_", ctx=ast.Load()),
                args=[ast.Constant(symbol), self.visit(read), self.visit(node.value)],
                keywords=[],
            ),
        )
        ast.copy_location(assign, node)
        return ast.fix_missing_locations(assign)

    # A trace function that raises is switched off by CPython for the rest of the thread,
    # so a script that catches the timeout would run on unguarded. Only named, specific
    # exception classes may be caught, and ``finally`` (which runs after the timeout) is out.
    def visit_Try(self, node: ast.Try) -> Any:
        if node.finalbody:
            self.error(node, "try ... finally is not allowed in a model")
        for handler in node.handlers:
            names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            for name in names:
                if not (isinstance(name, ast.Name) and name.id in CATCHABLE):
                    self.error(
                        handler,
                        "except must name specific errors: " + ", ".join(sorted(CATCHABLE)),
                    )
                    break
        return self.node_contents_visit(node)

    def visit_TryStar(self, node: ast.AST) -> Any:
        self.error(node, "try ... except* is not allowed in a model")
        return node

    def visit_Import(self, node: ast.Import) -> Any:
        self.error(node, "import is not allowed in a model")
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> Any:
        self.error(node, "import is not allowed in a model")
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        self.error(node, "class definitions are not allowed in a model")
        return node

    def visit_Name(self, node: ast.Name) -> Any:
        if node.id in FORBIDDEN_NAMES and isinstance(node.ctx, ast.Load):
            self.error(node, f'"{node.id}" is not available in a model')
        elif node.id in PROTECTED_NAMES and not isinstance(node.ctx, ast.Load):
            # Rebinding ValueError (say) to a broader class would let a script catch the
            # timeout; rebinding range or pow would drop a size guard.
            self.error(node, f'"{node.id}" is a built-in name and cannot be assigned')
        return super().visit_Name(node)

    def visit_arg(self, node: ast.arg) -> Any:
        if node.arg in PROTECTED_NAMES:
            self.error(node, f'"{node.arg}" is a built-in name and cannot be a parameter')
        return super().visit_arg(node)


# --- builtins ----------------------------------------------------------------------------
def _builtins() -> dict[str, Any]:
    allowed: dict[str, Any] = {}
    for name in (
        "abs", "all", "any", "bool", "chr", "dict", "divmod", "enumerate", "filter", "float",
        "frozenset", "hash", "hex", "int", "isinstance", "len", "list", "map", "max", "min",
        "oct", "ord", "repr", "reversed", "round", "set", "slice", "sorted", "str", "sum",
        "tuple", "zip", "True", "False", "None", *sorted(CATCHABLE),
    ):  # fmt: skip
        allowed[name] = getattr(builtins, name)
    allowed["range"] = _safe_range
    allowed["pow"] = _guard_pow
    allowed["getattr"] = safer_getattr
    return allowed


BUILTINS: Final = _builtins()

# Values scripts may use besides builtins: dates and plain maths.
HELPERS: Final[dict[str, Any]] = {
    "datetime": _datetime.datetime,
    "date": _datetime.date,
    "timedelta": _datetime.timedelta,
    "timezone": _datetime.timezone,
    "math": math,
}


PROTECTED_NAMES: Final = frozenset(BUILTINS) | frozenset(HELPERS)


def _getitem(container: Any, key: Any) -> Any:
    return container[key]


BASE_GLOBALS: Final[dict[str, Any]] = {
    "__builtins__": BUILTINS,
    "__name__": "machiflow_model",
    "__metaclass__": type,
    "_getattr_": safer_getattr,
    "_getitem_": _getitem,
    "_getiter_": iter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_write_": full_write_guard,
    "_inplacevar_": _inplacevar,
    "_print_": PrintCollector,
    "_apply_": lambda function, *args, **kwargs: function(*args, **kwargs),
    "_guard_pow_": _guard_pow,
    "_guard_mul_": _guard_mul,
    "_guard_lshift_": _guard_lshift,
    **HELPERS,
}
RESERVED: Final = frozenset(BASE_GLOBALS)


# --- compilation -------------------------------------------------------------------------
def _problems_from(errors: tuple[str, ...] | list[str]) -> list[Problem]:
    problems = []
    for error in errors:
        line, detail = None, error
        if error.startswith("Line "):
            head, _, rest = error.partition(":")
            digits = head.removeprefix("Line ").strip()
            line = int(digits) if digits.isdigit() else None
            detail = rest.strip() or error
        problems.append(Problem("forbidden", line, detail))
    return problems


@lru_cache(maxsize=4096)
def _compile(source: str, mode: Mode) -> CodeType | tuple[Problem, ...]:
    try:
        ast.parse(source, mode=mode)
    except SyntaxError as exc:
        return (Problem("syntax", exc.lineno, exc.msg),)
    try:
        with warnings.catch_warnings():
            # RestrictedPython warns when a script prints (its output is collected, unused):
            # not the model author's problem, and warnings must not reach the host's log.
            warnings.simplefilter("ignore", SyntaxWarning)
            code = compile_restricted(source, filename=FILENAME, mode=mode, policy=_Policy)
    except SyntaxError as exc:
        return tuple(_problems_from([str(a) for a in exc.args[0]] if exc.args else []))
    if _analyse(code):
        _TRACED.add(code)
    return code


def inspect_source(source: str, mode: Mode) -> list[Problem]:
    """Why ``source`` would be refused (empty when it is allowed); never runs it."""
    result = _compile(source, mode)
    return [] if isinstance(result, CodeType) else list(result)


class ForbiddenCodeError(Exception):
    """A model's expression uses something the sandbox refuses."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("; ".join(p.detail for p in problems))


def compiled(source: str, mode: Mode) -> CodeType:
    result = _compile(source, mode)
    if isinstance(result, CodeType):
        return result
    first = result[0] if result else None
    if first is not None and first.kind == "syntax":
        raise SyntaxError(first.detail, (FILENAME, first.line or 1, 0, source))
    raise ForbiddenCodeError(source, list(result))


# --- time limit --------------------------------------------------------------------------
_local = threading.local()


def _deadline() -> float | None:
    value: float | None = getattr(_local, "deadline", None)
    return value


def _has_loop(code: CodeType) -> bool:
    return any(i.opname.startswith("JUMP_BACKWARD") for i in dis.get_instructions(code))


def _nested(code: CodeType) -> list[CodeType]:
    return [c for c in code.co_consts if isinstance(c, CodeType)]


def _analyse(code: CodeType) -> bool:
    """Record which code objects loop; True when ``code`` needs tracing at all.

    Straight-line code without loops or nested functions always ends after a bounded number
    of steps (the size guards keep C calls bounded), so it runs untraced at full speed.
    """
    needs = False
    stack = [code]
    while stack:
        current = stack.pop()
        nested = _nested(current)
        if _has_loop(current):
            _LOOPING.add(current)
            needs = True
        if nested:
            needs = True
            stack.extend(nested)
    return needs


_LOOPING: set[CodeType] = set()


def _check_deadline() -> None:
    deadline = _deadline()
    if deadline is not None and time.monotonic() > deadline:
        raise ScriptTimeoutError("the script ran past its time limit")


def _trace_opcodes(frame: FrameType, event: str, arg: object) -> Any:
    _check_deadline()
    return _trace_opcodes


def _trace_calls(frame: FrameType, event: str, arg: object) -> Any:
    if frame.f_code.co_filename != FILENAME:
        return None
    _check_deadline()  # every call: stops runaway recursion trees too
    if frame.f_code in _LOOPING:
        frame.f_trace_opcodes = True
        return _trace_opcodes
    return None


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Every sandboxed evaluation inside the block shares one deadline (an engine step)."""
    previous = _deadline()
    deadline = time.monotonic() + seconds
    _local.deadline = deadline if previous is None else min(previous, deadline)
    try:
        yield
    finally:
        _local.deadline = previous


def _run(code: CodeType, scope: dict[str, Any]) -> Any:
    if code not in _TRACED:
        return eval(code, scope)  # noqa: S307  (restricted code, restricted globals)
    own_deadline = _deadline() is None
    if own_deadline:
        _local.deadline = time.monotonic() + DEFAULT_LIMIT_SECONDS
    previous = sys.gettrace()
    sys.settrace(_trace_calls)
    try:
        return eval(code, scope)  # noqa: S307
    finally:
        sys.settrace(previous)
        if own_deadline:
            _local.deadline = None


_TRACED: set[CodeType] = set()


# --- the environment SpiffWorkflow calls -------------------------------------------------
class RestrictedEnvironment:
    """Drop-in for SpiffWorkflow's TaskDataEnvironment (``evaluate``/``execute``)."""

    def __init__(self, helpers: Mapping[str, Any] | None = None) -> None:
        self.globals: dict[str, Any] = {**BASE_GLOBALS, **(helpers or {})}

    def _scope(
        self, context: Mapping[str, Any], external: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        scope = dict(self.globals)
        if external:
            scope.update(external)
        scope.update(context)
        return scope

    def evaluate(
        self,
        expression: str,
        context: Mapping[str, Any],
        external_context: Mapping[str, Any] | None = None,
    ) -> Any:
        code = compiled(expression.strip(), "eval")
        return _run(code, self._scope(context, external_context))

    def execute(
        self,
        script: str,
        context: MutableMapping[str, Any],
        external_context: Mapping[str, Any] | None = None,
    ) -> bool:
        code = compiled(script, "exec")
        scope = self._scope(context, external_context)
        _run(code, scope)  # exec-mode code objects run under eval() just the same
        external = external_context or {}
        for key in list(context):
            if key not in scope:
                del context[key]
        for key, value in scope.items():
            if key in self.globals or key in external or key.startswith("_"):
                continue
            if callable(value) or isinstance(value, ModuleType):
                continue
            context[key] = value
        return True

    def call_service(self, context: Mapping[str, Any], **kwargs: Any) -> Any:
        raise ForbiddenCodeError("service", [Problem("forbidden", None, "service tasks")])
