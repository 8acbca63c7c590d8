"""Scopes (a process or a sub-process) and flow helpers shared by the lint rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from engine.model.elements import (
    ACTIVITY_KINDS,
    EVENT_KINDS,
    GATEWAY_KINDS,
    Definitions,
    FlowNode,
    Process,
    SequenceFlow,
)

# Gateways whose outgoing flows are a choice (conditions, defaults, probabilities).
CHOICE_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway", "complexGateway"})


@dataclass(frozen=True, slots=True)
class Scope:
    """Where flow nodes live together: a process, or the inside of one sub-process."""

    process: Process
    owner: FlowNode | None  # the sub-process, or None for the process itself
    nodes: tuple[FlowNode, ...]

    @property
    def id(self) -> str:
        return self.process.id if self.owner is None else self.owner.id

    @property
    def line(self) -> int:
        return self.process.line if self.owner is None else self.owner.line

    @property
    def label(self) -> str:
        return self.process.label if self.owner is None else self.owner.label

    @property
    def kind(self) -> str:
        return "process" if self.owner is None else self.owner.kind

    @property
    def is_event_subprocess(self) -> bool:
        return self.owner is not None and self.owner.triggered_by_event

    @property
    def is_ad_hoc(self) -> bool:
        return self.owner is not None and self.owner.kind == "adHocSubProcess"

    def of_kind(self, kind: str) -> list[FlowNode]:
        return [n for n in self.nodes if n.kind == kind]


def scopes(processes: Iterable[Process]) -> Iterator[Scope]:
    """Every process and every sub-process in it, with its direct content."""
    for process in processes:
        yield Scope(process, None, tuple(process.top_nodes()))
        for node in process.nodes.values():
            if node.is_subprocess:
                children = tuple(process.nodes[c] for c in node.child_ids if c in process.nodes)
                yield Scope(process, node, children)


def in_ad_hoc(process: Process, node: FlowNode) -> bool:
    """Inside an ad-hoc sub-process, activities need no flows at all."""
    parent = process.nodes.get(node.parent_id) if node.parent_id else None
    return parent is not None and parent.kind == "adHocSubProcess"


def has_condition(flow: SequenceFlow) -> bool:
    """An empty conditionExpression (some exporters write one) decides nothing."""
    return bool(flow.condition and flow.condition.strip())


def _bare(condition: str) -> str:
    text = condition.strip()
    for opener in ("${", "#{"):
        if text.startswith(opener) and text.endswith("}"):
            text = text[len(opener) : -1].strip()
    text = text.removeprefix("=").strip()  # FEEL expressions in Camunda 8
    return " ".join(text.split())


def _negated(text: str) -> str | None:
    """The inner expression when ``text`` is a plain negation, else None."""
    for prefix in ("not(", "!("):
        if text.startswith(prefix) and text.endswith(")"):
            return text[len(prefix) : -1].strip()
    if text.startswith("!"):
        return text[1:].strip()
    if text.startswith("not "):
        return text[4:].strip()
    return None


def complementary(first: str, second: str) -> bool:
    """True when one condition is written as the plain negation of the other (x / not x)."""
    a, b = _bare(first), _bare(second)
    return _negated(a) == b or _negated(b) == a


def outgoing_flows(process: Process, node: FlowNode) -> list[SequenceFlow]:
    return [process.flows[f] for f in node.outgoing if f in process.flows]


def definition_kinds(node: FlowNode) -> list[str]:
    return [d.kind for d in node.event_definitions]


def is_only(node: FlowNode, kind: str) -> bool:
    """True when the node has event definitions and all of them are of ``kind``."""
    kinds = definition_kinds(node)
    return bool(kinds) and all(k == kind for k in kinds)


def flow_label(flow: SequenceFlow) -> str:
    return flow.name.strip() if flow.name and flow.name.strip() else flow.id


def node_label(definitions: Definitions, node_id: str) -> str:
    node = definitions.node(node_id)
    return node.label if node is not None else node_id


def compensation_linked(node: FlowNode) -> bool:
    """Compensation boundary events and handlers are linked by association, not flow."""
    if node.is_for_compensation:
        return True
    return node.kind == "boundaryEvent" and is_only(node, "compensate")


def scope_term(scope: Scope) -> str:
    """The message term (engine.messages.lint.TERMS) for what kind of scope this is."""
    if scope.owner is None:
        return "process"
    if scope.owner.triggered_by_event:
        return "eventSubProcess"
    return element_term(scope.owner.kind)


def element_term(kind: str) -> str:
    """The message term for a BPMN element kind: specific where wording differs."""
    if kind in TERM_KINDS:
        return kind
    if kind in ACTIVITY_KINDS:
        return "activity"
    if kind in GATEWAY_KINDS:
        return "gateway"
    if kind in EVENT_KINDS:
        return "event"
    return "element"


TERM_KINDS = frozenset(
    {
        "process",
        "subProcess",
        "transaction",
        "adHocSubProcess",
        "callActivity",
        "startEvent",
        "endEvent",
        "boundaryEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "exclusiveGateway",
        "inclusiveGateway",
        "parallelGateway",
        "eventBasedGateway",
        "complexGateway",
        "sequenceFlow",
        "messageFlow",
        "association",
        "lane",
        "participant",
        "message",
        "error",
        "signal",
        "escalation",
        "dataObjectReference",
        "dataStoreReference",
        "textAnnotation",
        "group",
    }
)
