"""Lint rules on diagram interchange (BPMN DI): every visible element is drawn."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from engine.check.lint_scope import element_term
from engine.check.rules import RuleContext, rule
from engine.messages.lint import term
from engine.model.elements import Definitions, Process

# Data objects are drawn through their references; ioSpecification data is never drawn.
_UNDRAWN_DATA = frozenset({"dataObject", "dataInput", "dataOutput"})


@dataclass(frozen=True, slots=True)
class _Drawable:
    id: str
    label: str
    kind: str
    line: int
    parent_id: str | None = None  # enclosing sub-process, for grouping findings


def _in_process(process: Process) -> Iterator[_Drawable]:
    for node in process.nodes.values():
        yield _Drawable(node.id, node.label, node.kind, node.line, node.parent_id)
    for flow in process.flows.values():
        yield _Drawable(flow.id, flow.name or flow.id, "sequenceFlow", flow.line, flow.parent_id)
    for lane in process.all_lanes():
        yield _Drawable(lane.id, lane.label, "lane", lane.line)
    for item in process.data.values():
        if item.kind not in _UNDRAWN_DATA:
            yield _Drawable(item.id, item.name or item.id, item.kind, item.line, item.parent_id)
    for assoc in process.associations:
        yield _Drawable(assoc.id, assoc.id, "association", assoc.line)
    for note in process.annotations:
        yield _Drawable(note.id, note.text or note.id, "textAnnotation", note.line)
    for group in process.groups:
        yield _Drawable(group.id, group.id, "group", group.line)


def _in_collaborations(definitions: Definitions) -> Iterator[_Drawable]:
    for collaboration in definitions.collaborations:
        for participant in collaboration.participants:
            yield _Drawable(participant.id, participant.label, "participant", participant.line)
        for message_flow in collaboration.message_flows:
            label = message_flow.name or message_flow.id
            yield _Drawable(message_flow.id, label, "messageFlow", message_flow.line)
        for assoc in collaboration.associations:
            yield _Drawable(assoc.id, assoc.id, "association", assoc.line)
        for note in collaboration.annotations:
            yield _Drawable(note.id, note.text or note.id, "textAnnotation", note.line)
        for group in collaboration.groups:
            yield _Drawable(group.id, group.id, "group", group.line)


def _outermost_undrawn_subprocess(process: Process, item: _Drawable, drawn: set[str]) -> str | None:
    """The outermost sub-process around ``item`` whose whole content is undrawn."""
    found = None
    parent = item.parent_id
    while parent is not None:
        if not _any_drawn_inside(process, parent, drawn):
            found = parent
        owner = process.nodes.get(parent)
        parent = owner.parent_id if owner is not None else None
    return found


def _any_drawn_inside(process: Process, subprocess_id: str, drawn: set[str]) -> bool:
    owner = process.nodes.get(subprocess_id)
    if owner is None:
        return False
    for child_id in owner.child_ids:
        if child_id in drawn:
            return True
        child = process.nodes.get(child_id)
        if (
            child is not None
            and child.is_subprocess
            and _any_drawn_inside(process, child_id, drawn)
        ):
            return True
    return False


@rule("no-bpmndi", "warning")
def no_bpmndi(ctx: RuleContext) -> None:
    """Every visible element has a shape or an edge in some diagram."""
    definitions = ctx.definitions
    # One finding per undrawn whole (file, process, sub-process content), so that one
    # missing diagram does not bury everything else under a finding per element.
    if not definitions.diagrams:
        if definitions.processes or definitions.collaborations:
            name = definitions.name or definitions.id or definitions.source
            ctx.report(definitions.id, definitions.line, name=name, what=term("definitions"))
        return
    drawn: set[str] = set()
    for diagram in definitions.diagrams:
        drawn.update(diagram.shapes)
        drawn.update(diagram.edges)
        if diagram.plane_element_id:
            drawn.add(diagram.plane_element_id)
    for process in definitions.processes.values():
        items = list(_in_process(process))
        if items and not any(i.id in drawn for i in items):
            ctx.report(process.id, process.line, name=process.label, what=term("process"))
            continue
        reported: set[str] = set()
        for item in items:
            if item.id in drawn:
                continue
            group = _outermost_undrawn_subprocess(process, item, drawn)
            if group is None:
                ctx.report(item.id, item.line, name=item.label, what=term(element_term(item.kind)))
            elif group not in reported:
                reported.add(group)
                if group not in drawn:
                    continue  # the sub-process's own finding covers its content
                owner = process.nodes[group]
                ctx.report(owner.id, owner.line, name=owner.label, what=term("subProcessContent"))
    for item in _in_collaborations(definitions):
        if item.id not in drawn:
            ctx.report(item.id, item.line, name=item.label, what=term(element_term(item.kind)))
