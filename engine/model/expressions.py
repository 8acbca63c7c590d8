"""Expressions in models: Python (what the engine evaluates), and suggestions for what is not.

Conditions, timer values and scripts are Python in SpiffWorkflow. Models drawn for Camunda
use JUEL (``${approved}``), Zeebe uses FEEL after a leading ``=``, and bpmn.io writes timer
values as bare ISO 8601 text (``P14D``). ``suggest_python`` gives the Python to write instead
when the meaning is unambiguous, and None otherwise. Pure functions, no I/O.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Final, Literal

from engine.model.duration import is_iso_duration

Dialect = Literal["python", "juel", "feel", "iso", "unknown"]

_JUEL: Final = re.compile(r"^\s*[$#]\{(?P<body>.*)\}\s*$", re.DOTALL)
_FEEL: Final = re.compile(r"^\s*=(?!=)(?P<body>.*)$", re.DOTALL)
_ISO_DATE: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)
_ISO_CYCLE: Final = re.compile(r"^R\d*/(?P<rest>.+)$")

# One lexeme of a JUEL or FEEL expression: a string, a number, a name, or an operator.
_TOKEN: Final = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>&&|\|\||==|!=|<=|>=|[<>!=()+\-*/%,.?:\[\]{}])
    )""",
    re.VERBOSE,
)

_JUEL_WORDS: Final = {
    "and": "and",
    "or": "or",
    "not": "not",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "ge": ">=",
    "true": "True",
    "false": "False",
    "null": "None",
    "div": "/",
    "mod": "%",
}
_JUEL_OPS: Final = {"&&": "and", "||": "or", "!": "not"}
_FEEL_WORDS: Final = {
    "and": "and",
    "or": "or",
    "not": "not",
    "true": "True",
    "false": "False",
    "null": "None",
}
_FEEL_OPS: Final = {"=": "=="}
# Tokens with no one-to-one Python meaning: property access, ternaries, function calls
# on objects, JUEL ``empty``, FEEL quantifiers and ranges. Their presence means "rewrite".
_AMBIGUOUS_OPS: Final = frozenset({".", "?", ":", "[", "]", "{", "}", ","})
_OPERAND_BEFORE_SIGN: Final = frozenset(
    {"(", "and", "or", "not", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"}
)
_AMBIGUOUS_WORDS: Final = frozenset(
    {"empty", "instanceof", "some", "every", "satisfies", "in", "for", "return", "if", "then"}
)


@dataclass(frozen=True, slots=True)
class IsoValue:
    """A timer value written as ISO 8601 text."""

    kind: Literal["duration", "date", "cycle"]
    text: str
    zoned: bool  # dates only: True when it carries Z or an offset


def is_python(expression: str) -> bool:
    """True when ``expression`` parses as one Python expression."""
    try:
        ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def iso_value(text: str) -> IsoValue | None:
    """``text`` as an ISO 8601 duration, date-time or repeating interval, else None."""
    value = text.strip()
    if is_iso_duration(value):
        return IsoValue("duration", value, zoned=False)
    date = _ISO_DATE.match(value)
    if date is not None:
        return IsoValue("date", value, zoned=date.group("zone") is not None)
    cycle = _ISO_CYCLE.match(value)
    if cycle is not None:
        parts = cycle.group("rest").split("/")
        if 1 <= len(parts) <= 2 and all(is_iso_duration(p) or _ISO_DATE.match(p) for p in parts):
            return IsoValue("cycle", value, zoned=False)
    return None


def string_literal(expression: str) -> str | None:
    """The value of ``expression`` when it is a single Python string literal, else None."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return None
    body = tree.body
    if isinstance(body, ast.Constant) and isinstance(body.value, str):
        return body.value
    return None


def dialect(expression: str) -> Dialect:
    """Which language ``expression`` is written in, as far as its text shows."""
    if _JUEL.match(expression) or "${" in expression or "#{" in expression:
        return "juel"
    if _FEEL.match(expression):
        return "feel"
    if iso_value(expression) is not None:
        return "iso"
    return "python" if is_python(expression) else "unknown"


def suggest_python(expression: str) -> str | None:
    """The Python that means what ``expression`` means, or None when that is not clear.

    ``${approved}`` -> ``approved``; ``${!ok && n > 3}`` -> ``not ok and n > 3``;
    ``= approved`` (FEEL) -> ``approved``; ``P14D`` -> ``"P14D"``. Expressions that are
    already Python, or whose meaning depends on the other engine, give None.
    """
    text = expression.strip()
    if not text:
        return None
    if iso_value(text) is not None:
        return _quote(text)
    juel = _JUEL.match(text)
    if juel is not None:
        return _translate(juel.group("body"), _JUEL_WORDS, _JUEL_OPS)
    feel = _FEEL.match(text)
    if feel is not None:
        return _translate(feel.group("body"), _FEEL_WORDS, _FEEL_OPS)
    return None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _translate(body: str, words: dict[str, str], ops: dict[str, str]) -> str | None:
    out: list[str] = []
    sign = ""  # a unary minus, glued to the operand that follows
    position = 0
    body = body.strip()
    while position < len(body):
        match = _TOKEN.match(body, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        kind = match.lastgroup
        lexeme = match.group(kind or 0)
        if kind in {"string", "number"}:
            out.append(sign + lexeme)
            sign = ""
        elif kind == "name":
            if lexeme in _AMBIGUOUS_WORDS:
                return None
            if _next_is(body, position, "("):
                # A call: only FEEL's not(...) has a sure Python meaning.
                if words is _FEEL_WORDS and lexeme == "not":
                    out.append("not")
                    continue
                return None
            out.append(sign + words.get(lexeme, lexeme))
            sign = ""
        else:
            if lexeme in _AMBIGUOUS_OPS:
                return None
            if lexeme == "-" and not sign and (not out or out[-1] in _OPERAND_BEFORE_SIGN):
                sign = "-"
                continue
            if sign:
                out.append(sign)
                sign = ""
            out.append(ops.get(lexeme, lexeme))
    if not out:
        return None
    result = _join(out)
    return result if is_python(result) else None


def _next_is(body: str, position: int, char: str) -> bool:
    rest = body[position:].lstrip()
    return rest.startswith(char)


def _join(lexemes: list[str]) -> str:
    text = ""
    for lexeme in lexemes:
        if not text or text.endswith("(") or lexeme == ")":
            text += lexeme
        else:
            text += " " + lexeme
    return text
