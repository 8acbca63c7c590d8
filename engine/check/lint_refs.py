"""Lint rules on ids and references: duplicates, references to nothing, unused globals."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from engine.check.lint_scope import element_term
from engine.check.rules import RuleContext, rule
from engine.messages.lint import did_you_mean, term
from engine.model.elements import ACTIVITY_KINDS, Definitions, Edge, Shape

# Event definition kind -> the root element kind its ref must name.
_REF_KINDS = {
    "message": "message",
    "signal": "signal",
    "error": "error",
    "escalation": "escalation",
}
GLOBAL_KINDS = frozenset({"message", "signal", "error", "escalation"})


@rule("duplicate-id", "error")
def duplicate_id(ctx: RuleContext) -> None:
    """Every id in the file is unique."""
    for ref in ctx.definitions.duplicate_ids:
        first = ctx.definitions.ids.get(ref.id)
        ctx.report(
            ref.id,
            ref.line,
            name=ref.id,
            tag=ref.tag,
            first_line=first.line if first is not None else "?",
        )


@dataclass(frozen=True, slots=True)
class _Reference:
    """One reference that does not resolve: who holds it, in which attribute, to what."""

    holder_id: str
    holder_label: str
    holder_kind: str
    line: int
    attribute: str
    target: str
    candidates: Collection[str]  # ids the reference could sensibly name
    problem: str  # term key: missing, or exists but is the wrong kind of element


def _check(
    holder: tuple[str, str, str, int],
    attribute: str,
    target: str | None,
    valid: Collection[str],
    known: Collection[str],
    *,
    wrong: str = "ref-wrong-kind",
) -> Iterator[_Reference]:
    if target is None or target in valid:
        return
    problem = wrong if target in known else "ref-missing"
    holder_id, label, kind, line = holder
    yield _Reference(holder_id, label, kind, line, attribute, target, valid, problem)


def _dangling(definitions: Definitions) -> Iterator[_Reference]:
    ids = definitions.ids
    all_nodes = {n for p in definitions.processes.values() for n in p.nodes}
    roots = definitions.root_elements
    for process in definitions.processes.values():
        nodes = process.nodes
        for flow in process.flows.values():
            holder = (flow.id, flow.name or flow.id, "sequenceFlow", flow.line)
            yield from _check(holder, "sourceRef", flow.source_id, nodes, ids)
            yield from _check(holder, "targetRef", flow.target_id, nodes, ids)
        for node in nodes.values():
            holder = (node.id, node.label, node.kind, node.line)
            if node.default_flow is not None:
                yield from _check(
                    holder,
                    "default",
                    node.default_flow,
                    node.outgoing,
                    ids,
                    wrong="ref-not-outgoing",
                )
            if node.kind == "boundaryEvent":
                activities = [n.id for n in nodes.values() if n.kind in ACTIVITY_KINDS]
                yield from _check(holder, "attachedToRef", node.attached_to, activities, ids)
            for definition in node.event_definitions:
                wanted = _REF_KINDS.get(definition.kind)
                if wanted is not None and definition.ref is not None:
                    valid = [r.id for r in roots.values() if r.kind == wanted]
                    attribute = f"{definition.kind}Ref"
                    yield from _check(holder, attribute, definition.ref, valid, ids)
            message_ref = node.attributes.get("messageRef")
            if node.kind in {"sendTask", "receiveTask"} and message_ref:
                valid = [r.id for r in roots.values() if r.kind == "message"]
                target = message_ref.rsplit(":", 1)[-1]
                yield from _check(holder, "messageRef", target, valid, ids)
        for lane in process.all_lanes():
            holder = (lane.id, lane.label, "lane", lane.line)
            for ref in lane.flow_node_refs:
                yield from _check(holder, "flowNodeRef", ref, nodes, ids)
        for item in process.data.values():
            if item.ref is not None:
                holder = (item.id, item.name or item.id, item.kind, item.line)
                wanted_kind = "dataObject" if item.kind == "dataObjectReference" else "dataStore"
                valid = [d.id for d in process.data.values() if d.kind == wanted_kind]
                valid += [r.id for r in roots.values() if r.kind == wanted_kind]
                yield from _check(holder, f"{wanted_kind}Ref", item.ref, valid, ids)
        for assoc in process.associations:
            holder = (assoc.id, assoc.id, "association", assoc.line)
            yield from _check(holder, "sourceRef", assoc.source_id, ids, ids)
            yield from _check(holder, "targetRef", assoc.target_id, ids, ids)
    for collaboration in definitions.collaborations:
        for participant in collaboration.participants:
            holder = (participant.id, participant.label, "participant", participant.line)
            yield from _check(
                holder, "processRef", participant.process_ref, definitions.processes, ids
            )
        endpoints = {p.id for p in collaboration.participants} | all_nodes
        for message_flow in collaboration.message_flows:
            label = message_flow.name or message_flow.id
            holder = (message_flow.id, label, "messageFlow", message_flow.line)
            yield from _check(holder, "sourceRef", message_flow.source_id, endpoints, ids)
            yield from _check(holder, "targetRef", message_flow.target_id, endpoints, ids)
            messages = [r.id for r in roots.values() if r.kind == "message"]
            yield from _check(holder, "messageRef", message_flow.message_ref, messages, ids)
        for assoc in collaboration.associations:
            holder = (assoc.id, assoc.id, "association", assoc.line)
            yield from _check(holder, "sourceRef", assoc.source_id, ids, ids)
            yield from _check(holder, "targetRef", assoc.target_id, ids, ids)
    for diagram in definitions.diagrams:
        holder_id = diagram.id or "BPMNDiagram"
        holder = (holder_id, diagram.name or holder_id, "diagram", diagram.line)
        yield from _check(holder, "bpmnElement", diagram.plane_element_id, ids, ids)
        drawn: list[Shape | Edge] = [*diagram.shapes.values(), *diagram.edges.values()]
        for di in drawn:
            di_holder = (di.id or di.element_id, di.id or di.element_id, "diagram", di.line)
            yield from _check(di_holder, "bpmnElement", di.element_id, ids, ids)


@rule("dangling-reference", "error")
def dangling_reference(ctx: RuleContext) -> None:
    """Every reference (flow ends, default, lanes, attachments, events, DI) names a real id."""
    for ref in _dangling(ctx.definitions):
        # Prefer ids of the right kind; any id is better than none for a typo.
        close = difflib.get_close_matches(ref.target, list(ref.candidates), n=1, cutoff=0.75)
        ctx.report(
            ref.holder_id,
            ref.line,
            name=ref.holder_label,
            what=term(element_term(ref.holder_kind)),
            attribute=ref.attribute,
            target=ref.target,
            problem=term(ref.problem),
            hint=did_you_mean(close[0] if close else None),
        )


def _referenced(definitions: Definitions) -> set[str]:
    used: set[str] = set()
    for process in definitions.processes.values():
        for node in process.nodes.values():
            used.update(d.ref for d in node.event_definitions if d.ref)
            message_ref = node.attributes.get("messageRef")
            if message_ref:
                used.add(message_ref.rsplit(":", 1)[-1])
    used.update(m.message_ref for m in definitions.message_flows() if m.message_ref)
    return used


@rule("global", "warning")
def global_elements(ctx: RuleContext) -> None:
    """Messages, signals, errors and escalations are named, used, and named uniquely."""
    definitions = ctx.definitions
    globals_ = [r for r in definitions.root_elements.values() if r.kind in GLOBAL_KINDS]
    used = _referenced(definitions)
    # Interface operations refer to messages too (inMessageRef), and the model does not
    # keep them: with an interface in the file, "unused" cannot be decided for messages.
    has_interface = any(r.kind == "interface" for r in definitions.root_elements.values())
    names = Counter((r.kind, (r.name or "").strip()) for r in globals_ if (r.name or "").strip())
    for element in globals_:
        name = (element.name or "").strip()
        problems: list[str] = []
        if not name:
            problems.append("global-unnamed")
        elif names[(element.kind, name)] > 1:
            problems.append("global-name-twice")
        if element.id not in used and not (has_interface and element.kind == "message"):
            problems.append("global-unused")
        for problem in problems:
            ctx.report(
                element.id,
                element.line,
                name=name or element.id,
                what=term(element.kind),
                problem=term(problem),
            )
