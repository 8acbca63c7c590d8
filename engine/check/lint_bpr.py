"""Lint rules on BPR annotations (urn:machiflow:bpr:1): readable values, probabilities."""

from __future__ import annotations

from collections.abc import Iterator

from engine.check.findings import Severity
from engine.check.lint_scope import element_term, flow_label
from engine.check.rules import RuleContext, rule
from engine.messages.lint import expected, term
from engine.model.elements import Bpr, Definitions

# Gateways whose outgoing flows may carry bpr:probability (see the annotations contract).
PROBABILITY_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway", "eventBasedGateway"})
# Gateways where a case takes exactly one flow, so the probabilities share out the cases.
# Out of an inclusive gateway each is the independent chance of its flow and need not sum to
# 1 (handbook/decisions/0001-inclusive-gateway-probabilities.md).
ONE_WAY_GATEWAYS = frozenset({"exclusiveGateway", "eventBasedGateway"})
TOLERANCE = 1e-6


def _annotated(definitions: Definitions) -> Iterator[tuple[str, str, str, int, Bpr]]:
    """(id, label, kind, line, bpr) of every element that can carry annotations."""
    for process in definitions.processes.values():
        yield process.id, process.label, "process", process.line, process.bpr
        for lane in process.all_lanes():
            yield lane.id, lane.label, "lane", lane.line, lane.bpr
        for node in process.nodes.values():
            yield node.id, node.label, node.kind, node.line, node.bpr
        for flow in process.flows.values():
            yield flow.id, flow_label(flow), "sequenceFlow", flow.line, flow.bpr
    for participant in definitions.participants():
        yield participant.id, participant.label, "participant", participant.line, participant.bpr


@rule("bpr-invalid-value", "warning")
def bpr_invalid_value(ctx: RuleContext) -> None:
    """Every BPR annotation has a known key and a readable value."""
    for element_id, label, kind, line, bpr in _annotated(ctx.definitions):
        for problem in bpr.problems:
            ctx.report(
                element_id,
                line,
                name=label,
                what=term(element_term(kind)),
                key=problem.key,
                value=problem.value,
                expected=expected(problem.expected),
            )


@rule("bpr-probability-sum", "warning")
def bpr_probability_sum(ctx: RuleContext) -> None:
    """Probabilities out of an exclusive/event-based gateway sum to 1 (at most 1 if partial)."""
    for process in ctx.processes():
        for node in process.nodes.values():
            if node.kind not in ONE_WAY_GATEWAYS:
                continue
            flows = [process.flows[f] for f in node.outgoing if f in process.flows]
            given = [f.bpr.probability for f in flows if f.bpr.probability is not None]
            if not given:
                continue
            total = sum(given)
            complete = len(given) == len(flows)
            severity: Severity
            if total > 1 + TOLERANCE:
                # More than every case: the KPIs cannot be computed from this.
                severity = "error"
            elif complete and abs(total - 1) > TOLERANCE:
                severity = "warning"
            else:
                continue
            ctx.report(
                node.id,
                node.line,
                severity=severity,
                name=node.label,
                what=term(node.kind),
                total=f"{total:g}",
                given=len(given),
                count=len(flows),
            )


@rule("bpr-probability-misplaced", "warning")
def bpr_probability_misplaced(ctx: RuleContext) -> None:
    """bpr:probability belongs on flows out of a choice, on boundary and start events."""
    for process in ctx.processes():
        for flow in process.flows.values():
            if flow.bpr.probability is None:
                continue
            source = process.nodes.get(flow.source_id)
            # Conditional flows out of an activity are an inclusive choice (handbook: KPIs).
            conditional = source is not None and (flow.condition or source.default_flow == flow.id)
            if source is not None and source.kind not in PROBABILITY_GATEWAYS and not conditional:
                ctx.report(
                    flow.id,
                    flow.line,
                    name=flow_label(flow),
                    what=term("sequenceFlow"),
                )
        for node in process.nodes.values():
            # Start events share the cases among several starts, or say how often an event
            # sub-process runs; boundary events say how often they fire.
            if node.bpr.probability is not None and node.kind not in {
                "boundaryEvent",
                "startEvent",
            }:
                ctx.report(
                    node.id,
                    node.line,
                    name=node.label,
                    what=term(element_term(node.kind)),
                )


@rule("bpr-variant-missing", "warning")
def bpr_variant_missing(ctx: RuleContext) -> None:
    """A process that names its bpr:procedure also says which bpr:variant it is."""
    for process in ctx.processes():
        # A variant set to an unreadable value is reported by bpr-invalid-value instead.
        if "procedure" in process.bpr.present and "variant" not in process.bpr.raw:
            ctx.report(
                process.id, process.line, name=process.label, procedure=process.bpr.procedure
            )
