"""Engine-support rules: what SpiffWorkflow cannot run in a process marked executable.

Every claim here was checked against SpiffWorkflow 3.2.0 (tests/engine/check/test_support.py
runs the engine on each failing model); this module itself never imports it. "error" means
the engine refuses the model or fails while running it; "warning" means it runs, but not as
the author meant.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from typing import Final

from engine.check.findings import Severity
from engine.check.rules import RuleContext, rule
from engine.messages.lint import TERMS
from engine.messages.support import NOTHING, fragment
from engine.model.elements import (
    ACTIVITY_KINDS,
    GATEWAY_KINDS,
    FlowNode,
    Process,
    SequenceFlow,
)
from engine.model.expressions import (
    IsoValue,
    dialect,
    iso_value,
    string_literal,
    suggest_python,
)

# Event definitions SpiffWorkflow 3.2.0 parses on a boundary event; others are rejected.
BOUNDARY_TRIGGERS: Final = frozenset(
    {"cancel", "error", "escalation", "message", "signal", "timer", "conditional"}
)
SPLITTING_KINDS: Final = frozenset(
    {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "startEvent"}
)
CONDITIONAL_GATEWAYS: Final = frozenset({"exclusiveGateway", "inclusiveGateway"})
SUBPROCESS_PARSED: Final = frozenset({"subProcess", "transaction"})  # not adHocSubProcess
SERVICE_OPERATOR: Final = "spiffworkflow:serviceTaskOperator"
CALLED_DECISION: Final = "spiffworkflow:calledDecisionId"
# What Camunda 7 / Zeebe / Activiti models put on a task to run it elsewhere.
VENDOR_ATTRIBUTES: Final = {
    "{http://camunda.org/schema/1.0/bpmn}class": "camunda:class",
    "{http://camunda.org/schema/1.0/bpmn}delegateExpression": "camunda:delegateExpression",
    "{http://camunda.org/schema/1.0/bpmn}expression": "camunda:expression",
    "{http://camunda.org/schema/1.0/bpmn}topic": "camunda:topic",
    "{http://activiti.org/bpmn}class": "activiti:class",
    "{http://activiti.org/bpmn}expression": "activiti:expression",
    "{http://activiti.org/bpmn}delegateExpression": "activiti:delegateExpression",
    "{http://flowable.org/bpmn}class": "flowable:class",
}
VENDOR_TAGS: Final = (
    "zeebe:taskDefinition",
    "camunda:connector",
    "activiti:field",
    "activiti:expression",
)
CAMUNDA_DECISION_REF: Final = "{http://camunda.org/schema/1.0/bpmn}decisionRef"
# Names SpiffWorkflow 3.2.0 gives the task specs it adds itself: "Start", "End" and
# "<spec>.EndJoin" in every process and sub-process spec (bpmn/specs/bpmn_process_spec.py),
# "<activity>.BoundaryEventSplit" / ".BoundaryEventJoin" around an activity with boundary
# events (bpmn/parser/TaskParser.py). Task specs are named by element id, so an element with
# one of these ids replaces or shadows the library's own. ("<id> [child]", the inner task of
# a loop, cannot clash: an id has no spaces, and xsd-invalid-id says so.)
START: Final = "Start"
END: Final = "End"
END_JOIN: Final = ".EndJoin"
BOUNDARY_SPLIT: Final = ".BoundaryEventSplit"
BOUNDARY_JOIN: Final = ".BoundaryEventJoin"
PRE_POST: Final = ("preScript", "postScript")
JST: Final = "+09:00"
TIMER_EXAMPLES: Final = {
    "timeDuration": '"P14D"',
    "timeDate": '"2026-04-01T09:00:00+09:00"',
    "timeCycle": '"R6/P1D"',
}


def _name(label: str) -> str:
    """A label on one line: modelers keep the line breaks of the drawn text."""
    return " ".join(label.split())


def _what(kind: str) -> dict[str, str]:
    if kind in TERMS:
        return dict(TERMS[kind])
    if kind in ACTIVITY_KINDS:
        return dict(TERMS["activity"])
    if kind in GATEWAY_KINDS:
        return dict(TERMS["gateway"])
    return dict(TERMS["event"])


def _nodes(ctx: RuleContext, *kinds: str) -> Iterator[tuple[Process, FlowNode]]:
    for process in ctx.processes():
        for node in process.nodes.values():
            if not kinds or node.kind in kinds:
                yield process, node


# --- elements ------------------------------------------------------------------------


@rule("engine-reserved-id", "error", "executable")
def reserved_id(ctx: RuleContext) -> None:
    """An element id SpiffWorkflow uses for its own tasks (Start, End, Process_1.EndJoin, ...)."""
    suggested: set[str] = set()
    for process, node in _nodes(ctx):
        effect = _reserved_effect(process, node)
        if effect is None:
            continue
        suggestion = _free_id(node.kind, set(ctx.definitions.ids) | suggested)
        suggested.add(suggestion)
        element = (
            fragment("support.reserved.named", name=_name(node.label), id=node.id)
            if node.label != node.id
            else fragment("support.reserved.unnamed", id=node.id)
        )
        ctx.report(
            node.id,
            node.line,
            what=_what(node.kind),
            element=element,
            effect=fragment(f"support.reserved.{effect}", scope=_scope(process, node)),
            suggestion=suggestion,
        )


def _reserved_effect(process: Process, node: FlowNode) -> str | None:
    """What SpiffWorkflow 3.2.0 does with ``node`` because of its id (a ``support.reserved.*``
    key), or None when the id is not one of the library's own names."""
    scope_join = f"{node.parent_id or process.id}{END_JOIN}"
    if node.id in {START, END, scope_join}:
        if node.kind == "boundaryEvent":
            return "load"  # the library's task it replaces has no event definition
        if node.id == START:
            # A start event replaces the library's start task; a node with incoming flows
            # gives it inputs, which it refuses.
            if node.kind == "startEvent":
                return "start-event"
            return "load" if node.incoming else "deploy"
        if node.kind == "endEvent":
            # Completing a task named "End" completes the (sub-)process, other paths or not.
            return "end-event" if node.id == END else "deploy"
        return "end"  # the (sub-)process ends on reaching it, without running it
    if node.id == f"{process.id}{END_JOIN}":
        return "deploy"  # inside a sub-process: harmless to the library
    for suffix in (BOUNDARY_SPLIT, BOUNDARY_JOIN):
        if not node.id.endswith(suffix):
            continue
        activity = process.nodes.get(node.id.removesuffix(suffix))
        if activity is None or activity.parent_id != node.parent_id:
            continue  # the library's tasks are named after an activity of the same spec
        # The parser looks "<target>.BoundaryEventSplit" up for every flow target; the join
        # exists only around an activity with boundary events.
        if suffix == BOUNDARY_SPLIT or _has_boundary_events(process, activity):
            return "boundary"
    return None


def _scope(process: Process, node: FlowNode) -> dict[str, str]:
    """The kind of the (sub-)process ``node`` is directly in."""
    parent = process.nodes.get(node.parent_id or "")
    return _subprocess(parent) if parent is not None else _what("process")


def _has_boundary_events(process: Process, activity: FlowNode) -> bool:
    return any(n.attached_to == activity.id for n in process.nodes.values())


def _free_id(kind: str, taken: set[str]) -> str:
    """An unused id in the modelers' style: StartEvent_1, UserTask_2, ..."""
    stem = kind[:1].upper() + kind[1:]
    number = 1
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


@rule("engine-complex-gateway", "error", "executable")
def complex_gateway(ctx: RuleContext) -> None:
    """SpiffWorkflow has no complex gateway."""
    for _, node in _nodes(ctx, "complexGateway"):
        ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-compensation", "error", "executable")
def compensation(ctx: RuleContext) -> None:
    """Compensation is rejected (boundary events) or silently ignored (throws, handlers)."""
    for process, node in _nodes(ctx):
        kinds = {d.kind for d in node.event_definitions}
        if "compensate" in kinds:
            # A boundary event is refused at load; a throw or start just passes.
            severity: Severity = "error" if node.kind == "boundaryEvent" else "warning"
            ctx.report(
                node.id, node.line, severity=severity, name=_name(node.label), what=_what(node.kind)
            )
        elif node.is_for_compensation and not _has_compensation_boundary(process, node):
            ctx.report(
                node.id,
                node.line,
                severity="warning",
                name=_name(node.label),
                what=_what(node.kind),
            )


def _has_compensation_boundary(process: Process, handler: FlowNode) -> bool:
    """True when a compensation boundary event (already reported) points at ``handler``."""
    for association in process.associations:
        if association.target_id != handler.id:
            continue
        source = process.nodes.get(association.source_id)
        if source is not None and any(d.kind == "compensate" for d in source.event_definitions):
            return True
    return False


@rule("engine-link-event", "error", "executable")
def link_event(ctx: RuleContext) -> None:
    """Link events are treated as none events: the path after the catching link never runs."""
    for _, node in _nodes(ctx, "intermediateThrowEvent", "intermediateCatchEvent"):
        if any(d.kind == "link" for d in node.event_definitions):
            ctx.report(node.id, node.line, name=_name(node.label), what=_what(node.kind))


@rule("engine-boundary-event", "error", "executable")
def boundary_event(ctx: RuleContext) -> None:
    """A boundary event without a trigger SpiffWorkflow parses is rejected at load."""
    for _, node in _nodes(ctx, "boundaryEvent"):
        kinds = {d.kind for d in node.event_definitions}
        if "compensate" in kinds:
            continue  # engine-compensation says it better
        if not kinds & BOUNDARY_TRIGGERS:
            ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-data-store", "error", "executable")
def data_store(ctx: RuleContext) -> None:
    """Data stores need an implementation registered with the engine."""
    processes = list(ctx.processes())
    if not processes:
        return
    referenced: set[str] = set()
    for process in processes:
        for item in process.data.values():
            if item.kind == "dataStoreReference":
                referenced.add(item.ref or "")
                store = ctx.definitions.root_elements.get(item.ref or "")
                name = item.name or (store.name if store else None) or item.id
                ctx.report(item.id, item.line, name=_name(name))
    # A bpmn:dataStore fails the load of every executable process in the file, used or not.
    for element in ctx.definitions.root_elements.values():
        if element.kind == "dataStore" and element.id not in referenced:
            ctx.report(element.id, element.line, name=_name(element.name or element.id))


@rule("engine-service-task", "error", "executable")
def service_task(ctx: RuleContext) -> None:
    """A service task needs spiffworkflow:serviceTaskOperator; Camunda/Zeebe ones do not run."""
    for _, node in _nodes(ctx, "serviceTask"):
        if SERVICE_OPERATOR in node.extensions.tags:
            continue
        found = _vendor_implementation(node)
        vendor = fragment("support.vendor", found=found) if found else NOTHING
        ctx.report(node.id, node.line, name=_name(node.label), vendor=vendor)


@rule("engine-send-task", "warning", "executable")
def send_task(ctx: RuleContext) -> None:
    """A send task's Camunda/Zeebe job is not run; the task only throws its message."""
    for _, node in _nodes(ctx, "sendTask"):
        found = _vendor_implementation(node)
        if found:
            ctx.report(node.id, node.line, name=_name(node.label), found=found)


def _vendor_implementation(node: FlowNode) -> str:
    names = [label for attr, label in VENDOR_ATTRIBUTES.items() if attr in node.attributes]
    names += [tag for tag in VENDOR_TAGS if tag in node.extensions.tags]
    return ", ".join(names)


@rule("engine-business-rule-task", "error", "executable")
def business_rule_task(ctx: RuleContext) -> None:
    """A business rule task needs spiffworkflow:calledDecisionId naming a deployed DMN."""
    for _, node in _nodes(ctx, "businessRuleTask"):
        if node.extensions.texts.get(CALLED_DECISION):
            continue
        ref = node.attributes.get(CAMUNDA_DECISION_REF)
        decision = {"ja": ref, "en": ref} if ref else fragment("support.decision")
        ctx.report(node.id, node.line, name=_name(node.label), decision=decision)


@rule("engine-call-activity", "error", "executable")
def call_activity(ctx: RuleContext) -> None:
    """A call activity must name the process it calls."""
    for _, node in _nodes(ctx, "callActivity"):
        if not node.called_element:
            ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-subprocess-start", "error", "executable")
def subprocess_start(ctx: RuleContext) -> None:
    """An embedded sub-process needs exactly one start event."""
    for process, node in _nodes(ctx, *SUBPROCESS_PARSED):
        starts = [c for c in node.child_ids if process.nodes[c].kind == "startEvent"]
        if len(starts) != 1:
            ctx.report(
                node.id,
                node.line,
                name=_name(node.label),
                count=len(starts),
                what=_subprocess(node),
            )


@rule("engine-subprocess-end", "error", "executable")
def subprocess_end(ctx: RuleContext) -> None:
    """An embedded sub-process needs an end event."""
    for process, node in _nodes(ctx, *SUBPROCESS_PARSED):
        if not any(process.nodes[c].kind == "endEvent" for c in node.child_ids):
            ctx.report(node.id, node.line, name=_name(node.label), what=_subprocess(node))


def _subprocess(node: FlowNode) -> dict[str, str]:
    return _what("eventSubProcess" if node.triggered_by_event else node.kind)


@rule("engine-implicit-split", "error", "executable")
def implicit_split(ctx: RuleContext) -> None:
    """Only gateways and start events may have several outgoing flows."""
    for process, node in _nodes(ctx):
        outgoing = [f for f in node.outgoing if f in process.flows]
        if len(outgoing) > 1 and node.kind not in SPLITTING_KINDS | {"complexGateway"}:
            ctx.report(
                node.id,
                node.line,
                name=_name(node.label),
                count=len(outgoing),
                what=_what(node.kind),
            )


@rule("engine-gateway-condition", "error", "executable")
def gateway_condition(ctx: RuleContext) -> None:
    """Each non-default flow out of an exclusive/inclusive gateway needs a condition."""
    for process, node in _nodes(ctx, *CONDITIONAL_GATEWAYS):
        flows = [process.flows[f] for f in node.outgoing if f in process.flows]
        if len(flows) < 2:
            continue  # a single flow is taken as the default
        for flow in flows:
            if flow.id != node.default_flow and not (flow.condition or "").strip():
                ctx.report(
                    flow.id,
                    flow.line,
                    name=_flow_label(flow),
                    gateway=_name(node.label),
                    what=_what(node.kind),
                )


def _flow_label(flow: SequenceFlow) -> str:
    return _name(flow.name) if flow.name and flow.name.strip() else flow.id


@rule("engine-multi-instance", "error", "executable")
def multi_instance(ctx: RuleContext) -> None:
    """A multi-instance activity needs loopCardinality or loopDataInputRef."""
    for _, node in _nodes(ctx):
        loop = node.loop
        if loop is None or loop.kind != "multi-instance":
            continue
        if not (loop.cardinality or "").strip() and not loop.collection:
            ctx.report(node.id, loop.line, name=_name(node.label), what=_what(node.kind))


@rule("engine-receive-task", "warning", "executable")
def receive_task(ctx: RuleContext) -> None:
    """A receive task without a message does not wait."""
    for _, node in _nodes(ctx, "receiveTask"):
        has_message = node.attributes.get("messageRef") or any(
            d.kind == "message" for d in node.event_definitions
        )
        if not has_message:
            ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-io-specification", "warning", "executable")
def io_specification(ctx: RuleContext) -> None:
    """An activity's ioSpecification makes the engine demand variables named by its ids."""
    # SpiffWorkflow 3.2.0 fails the task when a listed input or output variable is missing,
    # and passes on only those variables: the rest of the process data is dropped.
    for _, node in _nodes(ctx):
        if not (node.io_inputs or node.io_outputs):
            continue
        inputs, outputs = ", ".join(node.io_inputs), ", ".join(node.io_outputs)
        if inputs and outputs:
            io = fragment("support.io.both", inputs=inputs, outputs=outputs)
        elif inputs:
            io = fragment("support.io.inputs", ids=inputs)
        else:
            io = fragment("support.io.outputs", ids=outputs)
        ctx.report(node.id, node.line, name=_name(node.label), what=_what(node.kind), io=io)


@rule("engine-ad-hoc-completion", "error", "executable")
def ad_hoc_completion(ctx: RuleContext) -> None:
    """An ad-hoc sub-process needs a completionCondition: without one it fails as it starts."""
    for _, node in _nodes(ctx, "adHocSubProcess"):
        if node.completion_condition is None:
            ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-ad-hoc-data-object", "error", "executable")
def ad_hoc_data_object(ctx: RuleContext) -> None:
    """An ad-hoc sub-process without a data object inside fails when it checks its condition."""
    # SpiffWorkflow 3.2.0 pops 'data_objects' from the sub-process data, which only exists
    # when the ad-hoc sub-process itself declares a bpmn:dataObject.
    for process, node in _nodes(ctx, "adHocSubProcess"):
        if not any(
            item.kind == "dataObject" and item.parent_id == node.id
            for item in process.data.values()
        ):
            ctx.report(node.id, node.line, name=_name(node.label))


# --- expressions -----------------------------------------------------------------------


def _expressions(ctx: RuleContext) -> Iterator[tuple[str, int, str, dict[str, str], str | None]]:
    """(element id, line, expression, where, language) of every condition the engine evaluates.

    Timers are checked apart (their values are ISO text inside a Python string).
    """
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind in CONDITIONAL_GATEWAYS:
                for flow_id in node.outgoing:
                    flow = process.flows.get(flow_id)
                    if flow is None or flow.id == node.default_flow or not flow.condition:
                        continue
                    where = fragment("support.where.condition", name=_flow_label(flow))
                    line = flow.condition_line or flow.line
                    yield flow.id, line, flow.condition, where, flow.condition_language
            for definition in node.event_definitions:
                if definition.kind == "conditional" and definition.expression:
                    where = fragment("support.where.event-condition", name=_name(node.label))
                    line = definition.expression_line or definition.line
                    yield node.id, line, definition.expression.strip(), where, None
            if node.kind == "adHocSubProcess" and node.completion_condition:
                where = fragment("support.where.completion-condition", name=_name(node.label))
                yield node.id, node.line, node.completion_condition, where, None
            loop = node.loop
            if loop is None:
                continue
            for text, key in (
                (loop.loop_condition, "support.where.loop-condition"),
                (loop.completion_condition, "support.where.completion-condition"),
                (loop.cardinality, "support.where.cardinality"),
            ):
                if text and text.strip():
                    yield (
                        node.id,
                        loop.line,
                        text.strip(),
                        fragment(key, name=_name(node.label)),
                        None,
                    )


@rule("engine-juel-expression", "error", "executable")
def juel_expression(ctx: RuleContext) -> None:
    """Camunda JUEL (${...}) is not Python; give the Python when it is clear."""
    _foreign(ctx, "juel", "support.fix.rewrite-juel")


@rule("engine-feel-expression", "error", "executable")
def feel_expression(ctx: RuleContext) -> None:
    """Zeebe FEEL (= ...) is not Python; give the Python when it is clear."""
    _foreign(ctx, "feel", "support.fix.rewrite-feel")


def _foreign(ctx: RuleContext, language: str, rewrite: str) -> None:
    for element_id, line, expression, where in _all_expressions(ctx):
        if dialect(expression) != language:
            continue
        suggestion = suggest_python(expression)
        fix = (
            fragment("support.fix.suggestion", suggestion=suggestion)
            if suggestion
            else fragment(rewrite)
        )
        ctx.report(element_id, line, where=where, expression=expression, fix=fix)


def _all_expressions(ctx: RuleContext) -> Iterator[tuple[str, int, str, dict[str, str]]]:
    for element_id, line, expression, where, _ in _expressions(ctx):
        yield element_id, line, expression, where
    for node, definition_line, timer_type, expression in _timers(ctx):
        yield node.id, definition_line, expression, _timer_where(node, timer_type)


@rule("engine-expression-syntax", "error", "executable")
def expression_syntax(ctx: RuleContext) -> None:
    """Conditions must be Python expressions."""
    for element_id, line, expression, where, language in _expressions(ctx):
        if dialect(expression) in {"juel", "feel"}:
            continue  # their own rules give a better fix
        detail = _syntax_error(expression, "eval")
        if detail is None:
            continue
        note = (
            fragment("support.language", language=language)
            if language and "python" not in language.lower()
            else NOTHING
        )
        ctx.report(
            element_id, line, where=where, expression=expression, detail=detail, language=note
        )


def _syntax_error(text: str, mode: str) -> str | None:
    try:
        ast.parse(text, mode=mode)
    except SyntaxError as exc:
        return exc.msg
    except ValueError as exc:  # null bytes
        return str(exc)
    return None


# --- timers ----------------------------------------------------------------------------


def _timers(ctx: RuleContext) -> Iterator[tuple[FlowNode, int, str, str]]:
    """(node, line, timer type, value) of every timer in scope."""
    for _, node in _nodes(ctx):
        for definition in node.event_definitions:
            if definition.kind == "timer" and definition.timer_type:
                line = definition.expression_line or definition.line
                yield node, line, definition.timer_type, definition.expression or ""


def _timer_where(node: FlowNode, timer_type: str) -> dict[str, str]:
    return fragment("support.where.timer", name=_name(node.label), timer_type=timer_type)


@rule("engine-timer-literal", "error", "executable")
def timer_literal(ctx: RuleContext) -> None:
    """A bare ISO 8601 timer value (P14D) is not Python: it must be quoted ("P14D")."""
    for node, line, timer_type, value in _timers(ctx):
        iso = iso_value(value)
        if iso is None:
            continue
        ctx.report(
            node.id,
            line,
            where=_timer_where(node, timer_type),
            expression=value,
            suggestion=f'"{_zoned(iso)}"',
        )


def _zoned(iso: IsoValue) -> str:
    """The value with Japan's offset when it is a date without a zone."""
    if iso.kind != "date" or iso.zoned:
        return iso.text
    return iso.text + ("" if "T" in iso.text else "T00:00:00") + JST


@rule("engine-timer-naive-date", "warning", "executable")
def timer_naive_date(ctx: RuleContext) -> None:
    """A quoted timeDate without a zone is read in the server's zone: write +09:00."""
    for node, line, timer_type, value in _timers(ctx):
        if timer_type != "timeDate":
            continue
        literal = string_literal(value)
        iso = iso_value(literal) if literal is not None else None
        if iso is None or iso.kind != "date" or iso.zoned:
            continue
        ctx.report(
            node.id,
            line,
            where=_timer_where(node, timer_type),
            expression=value,
            suggestion=f'"{_zoned(iso)}"',
        )


@rule("engine-timer-value", "error", "executable")
def timer_value(ctx: RuleContext) -> None:
    """A timer value must be an ISO 8601 text of its kind (or an expression giving one)."""
    for node, line, timer_type, value in _timers(ctx):
        literal = string_literal(value)
        if value.strip() and literal is None:
            continue  # an expression (a variable): checked when it runs
        if literal is not None and _timer_fits(timer_type, literal):
            continue
        if iso_value(value) is not None:
            continue  # engine-timer-literal
        ctx.report(
            node.id,
            line,
            where=_timer_where(node, timer_type),
            expression=value or '""',
            expected=fragment(f"support.expected.{timer_type}"),
            example=TIMER_EXAMPLES[timer_type],
        )


def _timer_fits(timer_type: str, text: str) -> bool:
    iso = iso_value(text)
    wanted = {"timeDuration": "duration", "timeDate": "date", "timeCycle": "cycle"}[timer_type]
    return iso is not None and iso.kind == wanted


# --- scripts ---------------------------------------------------------------------------


@rule("engine-script-missing", "error", "executable")
def script_missing(ctx: RuleContext) -> None:
    """A script task without a script fails when it runs."""
    for _, node in _nodes(ctx, "scriptTask"):
        if not (node.script or "").strip():
            ctx.report(node.id, node.line, name=_name(node.label))


@rule("engine-script-task-pre-post", "warning", "executable")
def script_task_pre_post(ctx: RuleContext) -> None:
    """A script task's preScript and postScript never run: SpiffWorkflow 3.2.0 drops them."""
    for _, node in _nodes(ctx, "scriptTask"):
        found = [key for key in PRE_POST if _extension_script(node, key)]
        if not found:
            continue
        scripts = (
            fragment("support.pre-post.both")
            if len(found) == 2
            else {"ja": found[0], "en": found[0]}
        )
        ctx.report(node.id, node.line, name=_name(node.label), scripts=scripts)


def _extension_script(node: FlowNode, key: str) -> str:
    """The spiffworkflow:preScript / postScript of ``node``, or "" when it has none."""
    text = node.extensions.texts.get(f"spiffworkflow:{key}") or ""
    return text if text.strip() else ""


def _scripts(ctx: RuleContext) -> Iterator[tuple[FlowNode, int, str, dict[str, str]]]:
    """(node, line of the script's first line, script, where) of every script that runs."""
    for _, node in _nodes(ctx):
        if node.kind == "scriptTask" and node.script and node.script.strip():
            where = fragment("support.where.script", name=_name(node.label))
            yield node, node.script_line or node.line, node.script, where
        if node.kind == "scriptTask":
            continue  # its preScript and postScript never run: engine-script-task-pre-post
        for key in PRE_POST:
            text = node.extensions.texts.get(f"spiffworkflow:{key}")
            if text:
                yield (
                    node,
                    node.line,
                    text,
                    fragment(f"support.where.{key}", name=_name(node.label)),
                )


@rule("engine-script-indent", "error", "executable")
def script_indent(ctx: RuleContext) -> None:
    """A script indented as a whole is not valid Python."""
    for node, line, script, where in _scripts(ctx):
        if _indented_only(script):
            ctx.report(node.id, line + _first_code_line(script) - 1, where=where)


@rule("engine-script-syntax", "error", "executable")
def script_syntax(ctx: RuleContext) -> None:
    """Scripts must be valid Python."""
    for node, line, script, where in _scripts(ctx):
        if _indented_only(script):
            continue
        error = _script_error(script)
        if error is None:
            continue
        relative, detail = error
        script_format = node.script_format or ""
        note = (
            fragment("support.script-format", script_format=script_format)
            if script_format and "python" not in script_format.lower()
            else NOTHING
        )
        ctx.report(
            node.id,
            line + relative - 1,
            where=where,
            script_line=relative,
            detail=detail,
            format=note,
        )


def _script_error(script: str) -> tuple[int, str] | None:
    try:
        ast.parse(script, mode="exec")
    except SyntaxError as exc:
        return exc.lineno or 1, exc.msg
    except ValueError as exc:
        return 1, str(exc)
    return None


def _indented_only(script: str) -> bool:
    """True when the script fails as written but parses once its common indent is removed."""
    return _script_error(script) is not None and _script_error(textwrap.dedent(script)) is None


def _first_code_line(script: str) -> int:
    for number, text in enumerate(script.splitlines(), 1):
        if text.strip():
            return number
    return 1
