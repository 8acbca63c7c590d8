"""Lint rules on what a process or sub-process contains: start, end and special events."""

from __future__ import annotations

from collections import defaultdict

from engine.check.lint_scope import Scope, definition_kinds, has_condition, scope_term, scopes
from engine.check.rules import RuleContext, rule
from engine.messages.lint import term
from engine.model.elements import FlowNode


def _needs_start_and_end(scope: Scope) -> bool:
    # An empty process is a black-box pool (or a collapsed, unspecified sub-process);
    # ad-hoc sub-processes have no start or end by definition.
    return bool(scope.nodes) and not scope.is_ad_hoc


@rule("start-event-required", "error")
def start_event_required(ctx: RuleContext) -> None:
    """A process (and each sub-process) with content needs a start event."""
    for scope in scopes(ctx.processes()):
        if _needs_start_and_end(scope) and not scope.of_kind("startEvent"):
            ctx.report(scope.id, scope.line, name=scope.label, scope=term(scope_term(scope)))


@rule("end-event-required", "error")
def end_event_required(ctx: RuleContext) -> None:
    """A process (and each sub-process) with content needs an end event."""
    for scope in scopes(ctx.processes()):
        if _needs_start_and_end(scope) and not scope.of_kind("endEvent"):
            ctx.report(scope.id, scope.line, name=scope.label, scope=term(scope_term(scope)))


@rule("single-blank-start-event", "error")
def single_blank_start_event(ctx: RuleContext) -> None:
    """A process or sub-process has at most one blank (untyped) start event."""
    for scope in scopes(ctx.processes()):
        blank = [n for n in scope.of_kind("startEvent") if not n.event_definitions]
        if len(blank) > 1:
            ctx.report(
                scope.id,
                scope.line,
                name=scope.label,
                scope=term(scope_term(scope)),
                count=len(blank),
                starts=", ".join(n.label for n in blank),
            )


@rule("sub-process-blank-start-event", "error")
def sub_process_blank_start_event(ctx: RuleContext) -> None:
    """A start event inside an ordinary sub-process has no trigger (event definition)."""
    for scope in scopes(ctx.processes()):
        if scope.owner is None or scope.is_event_subprocess:
            continue
        for start in scope.of_kind("startEvent"):
            if start.event_definitions:
                ctx.report(
                    start.id,
                    start.line,
                    name=start.label,
                    parent=scope.label,
                    trigger=", ".join(definition_kinds(start)),
                )


@rule("event-sub-process-typed-start-event", "error")
def event_sub_process_typed_start_event(ctx: RuleContext) -> None:
    """A start event inside an event sub-process names its trigger (event definition)."""
    for scope in scopes(ctx.processes()):
        if not scope.is_event_subprocess:
            continue
        for start in scope.of_kind("startEvent"):
            if not start.event_definitions:
                ctx.report(start.id, start.line, name=start.label, parent=scope.label)


@rule("ad-hoc-sub-process", "error")
def ad_hoc_sub_process(ctx: RuleContext) -> None:
    """An ad-hoc sub-process contains no start or end events."""
    for scope in scopes(ctx.processes()):
        if not scope.is_ad_hoc:
            continue
        for node in scope.nodes:
            if node.kind in {"startEvent", "endEvent"}:
                ctx.report(
                    node.id, node.line, name=node.label, parent=scope.label, what=term(node.kind)
                )


@rule("single-event-definition", "error")
def single_event_definition(ctx: RuleContext) -> None:
    """An event has at most one event definition (trigger or result)."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if len(node.event_definitions) > 1:
                ctx.report(
                    node.id,
                    node.line,
                    name=node.label,
                    count=len(node.event_definitions),
                    kinds=", ".join(definition_kinds(node)),
                )


def _link_name(node: FlowNode) -> str | None:
    for definition in node.event_definitions:
        if definition.kind == "link":
            name = (definition.link_name or "").strip()
            return name or None
    return None


def _links(scope: Scope) -> list[FlowNode]:
    return [n for n in scope.nodes if "link" in definition_kinds(n)]


@rule("link-event-name", "error")
def link_event_name(ctx: RuleContext) -> None:
    """A link event's definition carries the link name that pairs throw with catch."""
    for scope in scopes(ctx.processes()):
        for node in _links(scope):
            if _link_name(node) is None:
                ctx.report(node.id, node.line, name=node.label)


@rule("link-event", "error")
def link_event(ctx: RuleContext) -> None:
    """Each link name in a scope has throw events and exactly one catch event."""
    for scope in scopes(ctx.processes()):
        by_name: dict[str, list[FlowNode]] = defaultdict(list)
        for node in _links(scope):
            name = _link_name(node)
            if name is not None:
                by_name[name].append(node)
        for link, events in by_name.items():
            throws = [e for e in events if e.kind != "intermediateCatchEvent"]
            catches = [e for e in events if e.kind == "intermediateCatchEvent"]
            if throws and len(catches) == 1:
                continue
            # Report where the fix is: the unmatched throws, or the catches.
            for event in catches or throws:
                ctx.report(
                    event.id,
                    event.line,
                    name=event.label,
                    link=link,
                    throws=len(throws),
                    catches=len(catches),
                )


def _is_terminate_end(node: FlowNode) -> bool:
    return node.kind == "endEvent" and "terminate" in definition_kinds(node)


def _is_interrupting_event_subprocess(scope_nodes: dict[str, FlowNode], node: FlowNode) -> bool:
    if not (node.is_subprocess and node.triggered_by_event):
        return False
    return any(
        scope_nodes[c].kind == "startEvent" and scope_nodes[c].is_interrupting
        for c in node.child_ids
        if c in scope_nodes
    )


@rule("superfluous-termination", "warning")
def superfluous_termination(ctx: RuleContext) -> None:
    """A terminate end event is pointless where no other path can still be running."""
    for scope in scopes(ctx.processes()):
        ends = [n for n in scope.nodes if not n.outgoing]
        terminates = [n for n in ends if _is_terminate_end(n)]
        # Only the plain case: one terminate end and nothing else that could still run.
        if len(terminates) != 1 or not all(
            _is_terminate_end(n) or _is_interrupting_event_subprocess(scope.process.nodes, n)
            for n in ends
        ):
            continue
        end = terminates[0]
        ctx.report(end.id, end.line, name=end.label, parent=scope.label)


@rule("no-complex-gateway", "warning")
def no_complex_gateway(ctx: RuleContext) -> None:
    """Complex gateways are hard to read and to run; use exclusive, inclusive or parallel."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind == "complexGateway":
                ctx.report(node.id, node.line, name=node.label)


@rule("event-based-gateway", "error")
def event_based_gateway(ctx: RuleContext) -> None:
    """An event-based gateway has two or more unconditional outgoing flows."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind != "eventBasedGateway":
                continue
            if len(node.outgoing) < 2:
                ctx.report(node.id, node.line, name=node.label, count=len(node.outgoing))
            for flow_id in node.outgoing:
                flow = process.flows.get(flow_id)
                if flow is not None and has_condition(flow):
                    ctx.report(flow.id, flow.line, name=node.label, count=len(node.outgoing))
