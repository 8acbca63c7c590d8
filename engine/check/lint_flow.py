"""Lint rules on sequence flow: connections, splits, joins, conditions and names."""

from __future__ import annotations

from engine.check.lint_scope import (
    CHOICE_GATEWAYS,
    compensation_linked,
    complementary,
    element_term,
    flow_label,
    has_condition,
    in_ad_hoc,
    is_only,
    node_label,
    outgoing_flows,
)
from engine.check.rules import RuleContext, rule
from engine.messages.lint import term
from engine.model.elements import Definitions, FlowNode, Process


def _is_disconnected(process: Process, node: FlowNode) -> bool:
    """No flow in or out, and nothing else (attachment, association) that connects it."""
    if node.incoming or node.outgoing:
        return False
    if node.kind == "boundaryEvent" or node.triggered_by_event:
        return False  # attached to its activity / started by its event
    return not (compensation_linked(node) or in_ad_hoc(process, node))


@rule("no-disconnected", "error")
def no_disconnected(ctx: RuleContext) -> None:
    """A flow node is connected to the flow by at least one sequence flow."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if _is_disconnected(process, node):
                ctx.report(node.id, node.line, name=node.label, what=term(element_term(node.kind)))


def _has_association_from(definitions: Definitions, node_id: str) -> bool:
    associations = [a for p in definitions.processes.values() for a in p.associations]
    associations += [a for c in definitions.collaborations for a in c.associations]
    return any(a.source_id == node_id for a in associations)


@rule("no-implicit-start", "error")
def no_implicit_start(ctx: RuleContext) -> None:
    """Every path begins at a start event: other nodes have an incoming flow."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.incoming or node.kind in {"startEvent", "boundaryEvent"}:
                continue
            if node.triggered_by_event or node.is_for_compensation or in_ad_hoc(process, node):
                continue
            if node.kind == "intermediateCatchEvent" and is_only(node, "link"):
                continue
            if _is_disconnected(process, node):
                continue  # no-disconnected says it better
            ctx.report(node.id, node.line, name=node.label, what=term(element_term(node.kind)))


@rule("no-implicit-end", "error")
def no_implicit_end(ctx: RuleContext) -> None:
    """Every path ends at an end event: other nodes have an outgoing flow."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.outgoing or node.kind == "endEvent":
                continue
            if node.triggered_by_event or node.is_for_compensation or in_ad_hoc(process, node):
                continue
            if node.kind == "intermediateThrowEvent" and is_only(node, "link"):
                continue
            if (
                node.kind == "boundaryEvent"
                and is_only(node, "compensate")
                and _has_association_from(ctx.definitions, node.id)
            ):
                continue  # the compensation handler hangs off it by association
            if _is_disconnected(process, node):
                continue
            ctx.report(node.id, node.line, name=node.label, what=term(element_term(node.kind)))


def _unconditional(process: Process, node: FlowNode) -> list[str]:
    return [
        f.id
        for f in outgoing_flows(process, node)
        if not has_condition(f) and f.id != node.default_flow
    ]


@rule("no-implicit-split", "error")
def no_implicit_split(ctx: RuleContext) -> None:
    """An activity or event does not fork on its own: use a gateway to split."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.family == "gateway":
                continue
            plain = _unconditional(process, node)
            if len(plain) > 1:
                ctx.report(node.id, node.line, name=node.label, count=len(plain))


@rule("fake-join", "warning")
def fake_join(ctx: RuleContext) -> None:
    """An activity or event does not join flows on its own: use a gateway to merge or join."""
    for process in ctx.processes():
        for node in process.nodes.values():
            # An end event consumes each token as it comes: there is no join to fake.
            if node.family == "gateway" or node.kind == "endEvent":
                continue
            if len(node.incoming) > 1:
                ctx.report(node.id, node.line, name=node.label, count=len(node.incoming))


@rule("no-gateway-join-fork", "error")
def no_gateway_join_fork(ctx: RuleContext) -> None:
    """A gateway either joins or forks, never both at once."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.family == "gateway" and len(node.incoming) > 1 and len(node.outgoing) > 1:
                ctx.report(
                    node.id,
                    node.line,
                    name=node.label,
                    incoming=len(node.incoming),
                    outgoing=len(node.outgoing),
                )


@rule("superfluous-gateway", "warning")
def superfluous_gateway(ctx: RuleContext) -> None:
    """A gateway with one incoming and one outgoing flow does nothing."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if (
                node.family == "gateway"
                and node.kind != "eventBasedGateway"  # event-based-gateway reports it
                and len(node.incoming) == 1
                and len(node.outgoing) == 1
            ):
                ctx.report(node.id, node.line, name=node.label)


@rule("conditional-flows", "error")
def conditional_flows(ctx: RuleContext) -> None:
    """Once one outgoing flow has a condition or a default, every other has a condition."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind in {"parallelGateway", "eventBasedGateway"}:
                continue  # other rules: conditions there are ignored or forbidden
            flows = outgoing_flows(process, node)
            has_default = any(f.id == node.default_flow for f in flows)
            if not has_default and not any(has_condition(f) for f in flows):
                continue
            for flow in flows:
                if not has_condition(flow) and flow.id != node.default_flow:
                    ctx.report(flow.id, flow.line, name=flow_label(flow), source=node.label)


@rule("no-duplicate-sequence-flows", "error")
def no_duplicate_sequence_flows(ctx: RuleContext) -> None:
    """Two sequence flows with the same source, target and condition fork by accident."""
    for process in ctx.processes():
        seen: dict[tuple[str, str, str], str] = {}
        for flow in process.flows.values():
            key = (flow.source_id, flow.target_id, " ".join((flow.condition or "").split()))
            first = seen.setdefault(key, flow.id)
            if first != flow.id:
                ctx.report(
                    flow.id,
                    flow.line,
                    name=flow_label(flow),
                    first=first,
                    source=node_label(ctx.definitions, flow.source_id),
                    target=node_label(ctx.definitions, flow.target_id),
                )


@rule("gateway-default-missing", "warning")
def gateway_default_missing(ctx: RuleContext) -> None:
    """A choice whose every outgoing flow has a condition needs a default flow."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind not in {"exclusiveGateway", "inclusiveGateway"}:
                continue
            flows = outgoing_flows(process, node)
            # A merge (one way out) cannot get stuck on its conditions.
            if len(flows) < 2 or not all(has_condition(f) for f in flows):
                continue
            if any(f.id == node.default_flow for f in flows):
                continue
            if len(flows) == 2 and complementary(
                flows[0].condition or "", flows[1].condition or ""
            ):
                continue  # "x" and "not x": one of them always holds
            ctx.report(node.id, node.line, name=node.label, count=len(flows))


def _expanded(definitions: Definitions, node_id: str) -> bool | None:
    for diagram in definitions.diagrams:
        shape = diagram.shapes.get(node_id)
        if shape is not None and shape.is_expanded is not None:
            return shape.is_expanded
    return None


def _needs_label(definitions: Definitions, node: FlowNode) -> bool:
    if node.kind in {"parallelGateway", "eventBasedGateway"}:
        return False  # the symbol says it all
    if node.family == "gateway":
        return len(node.outgoing) > 1  # a merge needs no name; a choice needs its question
    if node.is_subprocess:
        # An expanded sub-process shows its content; a collapsed one is only its name.
        expanded = _expanded(definitions, node.id)
        return expanded is False or (expanded is None and not node.child_ids)
    return True


def _blank(name: str | None) -> bool:
    return not (name and name.strip())


@rule("label-required", "warning")
def label_required(ctx: RuleContext) -> None:
    """Flow nodes, choice gateways, conditional flows, pools and lanes carry a name."""
    definitions = ctx.definitions
    for process in ctx.processes():
        for node in process.nodes.values():
            if _blank(node.name) and _needs_label(definitions, node):
                choice = node.kind in CHOICE_GATEWAYS
                ctx.report(
                    node.id,
                    node.line,
                    name=node.label,
                    what=term("choiceGateway" if choice else element_term(node.kind)),
                    advice=term("advice-question" if choice else "advice-none"),
                )
        for flow in process.flows.values():
            if has_condition(flow) and _blank(flow.name):
                ctx.report(
                    flow.id,
                    flow.line,
                    name=flow.id,
                    what=term("conditionalFlow"),
                    advice=term("advice-answer"),
                )
        for lane in process.all_lanes():
            if _blank(lane.name):
                ctx.report(
                    lane.id, lane.line, name=lane.id, what=term("lane"), advice=term("advice-actor")
                )
    for participant in definitions.participants():
        if _blank(participant.name):
            ctx.report(
                participant.id,
                participant.line,
                name=participant.id,
                what=term("participant"),
                advice=term("advice-actor"),
            )
