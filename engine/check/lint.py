"""Semantic lint rules on the model (at least bpmnlint's recommended set)."""

from __future__ import annotations

from engine.check.rules import RuleContext, rule


@rule("start-event-required", "error")
def start_event_required(ctx: RuleContext) -> None:
    """A process (and each sub-process) needs a start event."""
    for process in ctx.processes():
        if not any(n.kind == "startEvent" and n.parent_id is None for n in process.nodes.values()):
            ctx.report(process.id, process.line, name=process.label)
