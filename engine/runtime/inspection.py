"""Every expression a parsed spec will evaluate, found by walking it, and checked statically.

The walk reads SpiffWorkflow's spec objects, not the XML, so it sees exactly what the engine
will hand to the script engine: scripts, pre/post scripts, gateway conditions, timer values,
conditional events, loop and multi-instance expressions, message payloads and correlations,
event payloads, service parameters, ad-hoc completion conditions and DMN cells (rebuilt the
way the DMN engine combines an input expression with a rule's entry).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from engine.runtime.sandbox import Mode, Problem, inspect_source

Where = Literal[
    "script",
    "pre-script",
    "post-script",
    "condition",
    "timer",
    "conditional-event",
    "loop-condition",
    "cardinality",
    "completion-condition",
    "message-payload",
    "correlation",
    "event-payload",
    "service-parameter",
    "decision-input",
    "decision-rule",
    "decision-output",
]

# How the DMN engine marks the input value inside an entry ("4 < ? < 6"); outside quotes.
_DMN_PLACEHOLDER: Final = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")


@dataclass(frozen=True, slots=True)
class Expression:
    """One text the engine evaluates, and where it sits in the model."""

    file: str  # the BPMN file of the process (the parser records it on the spec)
    process_id: str
    element_id: str
    where: Where
    text: str
    mode: Mode
    target: str | None = None  # a gateway condition: the spec name its flow leads to
    decision_id: str | None = None  # DMN: the decision table
    dmn_id: str | None = None  # DMN: the input, or the rule of an entry
    rule: int | None = None  # DMN: rule row, 1-based
    column: str | None = None  # DMN: input or output label
    evaluated: str | None = None  # what the engine evaluates, when not ``text`` as written


@dataclass(frozen=True, slots=True)
class Finding:
    """An expression the sandbox refuses, and every reason why."""

    expression: Expression
    problems: tuple[Problem, ...]


def check(expressions: list[Expression]) -> list[Finding]:
    """The refused expressions, in walk order; empty when every one may run."""
    findings = []
    for expression in expressions:
        problems = inspect_source(_source(expression), expression.mode)
        if problems:
            findings.append(Finding(expression, tuple(problems)))
    return findings


Locate = Callable[[Expression], tuple[str, int | None]]


def problems(findings: list[Finding], locate: Locate | None = None) -> list[dict[str, Any]]:
    """The findings as JSON-safe dicts for ``UnsafeModelError`` (file and line via ``locate``,
    else the BPMN file the spec records and no line)."""
    out: list[dict[str, Any]] = []
    for finding in findings:
        expression = finding.expression
        file, line = locate(expression) if locate else (expression.file, None)
        item: dict[str, Any] = {
            "file": file,
            "line": line,
            "element": expression.element_id,
            "process": expression.process_id,
            "where": expression.where,
            "text": expression.text,
            "kind": finding.problems[0].kind,
            "reason": "; ".join(p.detail for p in finding.problems),
            "reasons": [
                {"kind": p.kind, "detail": p.detail, "line": p.line} for p in finding.problems
            ],
        }
        if expression.decision_id is not None:
            item |= {
                "decision": expression.decision_id,
                "rule": expression.rule,
                "column": expression.column,
            }
        out.append(item)
    return out


def _source(expression: Expression) -> str:
    # The environment strips eval-mode text; scripts run as written.
    text = expression.evaluated or expression.text
    return text.strip() if expression.mode == "eval" else text


def walk(top: Any, subprocesses: Mapping[str, Any]) -> list[Expression]:
    """Every expression of the top spec and its sub-process / called process specs."""
    found: list[Expression] = []
    for spec in [top, *subprocesses.values()]:
        found.extend(_process(spec))
    return found


def _process(spec: Any) -> Iterator[Expression]:
    file, process_id = str(spec.file or ""), str(spec.name)
    completion = getattr(spec, "completion_condition", None)
    if isinstance(completion, str) and completion.strip():  # an ad-hoc sub-process spec
        yield Expression(file, process_id, process_id, "completion-condition", completion, "eval")
    for task_spec in spec.task_specs.values():
        element_id = getattr(task_spec, "bpmn_id", None)
        if element_id is None:
            continue  # the library's own Start / EndJoin / End tasks evaluate nothing
        yield from _task(file, process_id, str(element_id), task_spec)


def _task(file: str, process_id: str, element_id: str, task_spec: Any) -> Iterator[Expression]:
    def at(where: Where, text: object, mode: Mode = "eval", **more: Any) -> Iterator[Expression]:
        if isinstance(text, str) and text.strip():
            yield Expression(file, process_id, element_id, where, text, mode, **more)

    yield from at("script", getattr(task_spec, "script", None), "exec")
    yield from at("pre-script", getattr(task_spec, "prescript", None), "exec")
    yield from at("post-script", getattr(task_spec, "postscript", None), "exec")
    for condition, target in getattr(task_spec, "cond_task_specs", None) or ():
        text = condition.args[0] if condition is not None and condition.args else None
        yield from at("condition", text, target=str(target))
    definition = getattr(task_spec, "event_definition", None)
    if definition is not None:
        for single in _definitions(definition):
            yield from _event(at, single)
    cardinality = getattr(task_spec, "cardinality", None)
    yield from at("cardinality", cardinality)
    condition = getattr(task_spec, "condition", None)
    if hasattr(task_spec, "test_before"):  # a standard loop: runs while the condition holds
        yield from at("loop-condition", condition)
    elif hasattr(task_spec, "cardinality"):  # multi-instance: stops when it holds
        yield from at("completion-condition", condition)
    for parameter in (getattr(task_spec, "operation_params", None) or {}).values():
        if isinstance(parameter, Mapping):
            yield from at("service-parameter", parameter.get("value"))
    engine = getattr(task_spec, "dmnEngine", None)
    if engine is not None:
        yield from _decision(file, process_id, element_id, engine.decision_table)


def _definitions(definition: Any) -> Iterator[Any]:
    yield definition
    for inner in getattr(definition, "event_definitions", None) or ():
        yield from _definitions(inner)


def _event(at: Any, definition: Any) -> Iterator[Expression]:
    kind = type(definition).__name__
    expression = getattr(definition, "expression", None)
    if "Timer" in kind or "TimeDate" in kind or "Cycle" in kind:
        yield from at("timer", expression)
    elif "Conditional" in kind:
        yield from at("conditional-event", expression)
    elif "Message" in kind:
        yield from at("message-payload", expression)
    else:
        yield from at("event-payload", expression)
    for prop in [
        *(getattr(definition, "correlation_properties", None) or ()),
        *(getattr(definition, "process_correlations", None) or ()),
    ]:
        yield from at("correlation", getattr(prop, "retrieval_expression", None))


def _decision(file: str, process_id: str, element_id: str, table: Any) -> Iterator[Expression]:
    decision_id = str(table.id)
    # What each column's entries are combined with: its expression, a stand-in name when
    # it has none (the engine then uses the value of the label), None when it is refused.
    usable: dict[int, str | None] = {}
    for index, column in enumerate(table.inputs):
        text = column.expression
        label = str(column.label or column.name or column.id)
        usable[index] = "dmninputexpr"
        if isinstance(text, str) and text.strip():
            usable[index] = None
            expression = Expression(
                file,
                process_id,
                element_id,
                "decision-input",
                text,
                "eval",
                decision_id=decision_id,
                dmn_id=str(column.id),
                column=label,
            )
            yield expression
            if not inspect_source(text.strip(), "eval"):
                usable[index] = text.strip()
    for rule in table.rules:
        for index, entry in enumerate(rule.inputEntries):
            label = str(entry.input.label or entry.input.name or entry.input.id)
            for lhs in entry.lhs:
                if lhs is None or not str(lhs).strip():
                    continue
                combined = _combined(usable.get(index), str(lhs))
                if combined is None:
                    continue
                yield Expression(
                    file,
                    process_id,
                    element_id,
                    "decision-rule",
                    str(lhs),
                    "eval",
                    evaluated=combined,
                    decision_id=decision_id,
                    dmn_id=str(rule.id),
                    rule=int(rule.row_number),
                    column=label,
                )
        for entry in rule.outputEntries:
            text = getattr(entry, "text", None)
            if isinstance(text, str) and text.strip():
                label = str(entry.output.label or entry.output.name or entry.output.id)
                yield Expression(
                    file,
                    process_id,
                    element_id,
                    "decision-output",
                    text,
                    "eval",
                    decision_id=decision_id,
                    dmn_id=str(rule.id),
                    rule=int(rule.row_number),
                    column=label,
                )


def _combined(input_text: str | None, entry: str) -> str | None:
    """The expression the DMN engine evaluates for one input entry of a rule.

    A refused input expression is reported once, on its column; its entries are then not
    checked again (``input_text`` None). An entry with ``?`` is evaluated on its own, the
    input bound to a name; otherwise "input == entry" when the entry parses alone, else
    "input entry" (as in "< 5").
    """
    match = _DMN_PLACEHOLDER.sub("dmninputexpr", entry)
    if "dmninputexpr" in match:
        return match
    if input_text is None:
        return None
    try:
        ast.parse(match)
    except SyntaxError:
        return input_text + match
    return f"({input_text}) == ({match})"
