"""A checked step table as a BPMN 2.0 document: one pool, a lane per actor, DI included.

Each step becomes a task in its lane. The start event comes before the first step; a step
with no next step (or a 終了 / end marker) flows into an end event; a step with several
next steps flows into an exclusive gateway whose flows carry the conditions as names and
the probabilities as ``bpr:probability``; a step reached from several places is entered
through a merging exclusive gateway, so that no task joins flows on its own. The output is
the same for the same table (no dates, no versions), so committed models can be checked
against a fresh import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from engine.model import loads
from engine.model.bpr import BPR_NS
from engine.model.reader import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS
from engine.steps.di import write_di
from engine.steps.layout import layout
from engine.steps.table import Step, StepTable

NSMAP: Final = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "bpr": BPR_NS}
TARGET_NAMESPACE: Final = "urn:machiflow:processes"
BPR_ORDER: Final = ("duration", "wait", "channel", "paper", "seal", "rekey", "approval")
_PREFIXES: Final = ("Activity_", "Gateway_", "Event_")


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """What the options say about the process as a whole."""

    id: str
    name: str
    procedure: str | None = None
    variant: str | None = None
    area: str | None = None
    start_name: str = "開始"
    end_name: str = "終了"


def _q(local: str) -> str:
    return f"{{{BPMN_NS}}}{local}"


def _bpr(local: str) -> str:
    return f"{{{BPR_NS}}}{local}"


@dataclass(slots=True)
class _Builder:
    info: ProcessInfo
    process: etree._Element
    lanes: dict[str, list[str]] = field(default_factory=dict)  # lane name -> node ids
    flows: list[etree._Element] = field(default_factory=list)
    flow_ids: set[str] = field(default_factory=set)
    ends: dict[str, int] = field(default_factory=dict)  # step id -> end events so far

    def node(self, kind: str, node_id: str, name: str | None, lane: str) -> etree._Element:
        element = etree.SubElement(self.process, _q(kind), id=node_id)
        if name:
            element.set("name", name)
        self.lanes.setdefault(lane, []).append(node_id)
        return element

    def flow(
        self,
        source: str,
        target: str,
        *,
        name: str | None = None,
        probability: float | None = None,
    ) -> None:
        base = f"Flow_{_short(source)}_{_short(target)}"
        flow_id, n = base, 1
        while flow_id in self.flow_ids:
            n += 1
            flow_id = f"{base}_{n}"
        self.flow_ids.add(flow_id)
        element = etree.Element(_q("sequenceFlow"), id=flow_id)
        if name:
            element.set("name", name)
        element.set("sourceRef", source)
        element.set("targetRef", target)
        if probability is not None:
            element.set(_bpr("probability"), f"{probability:g}")
        self.flows.append(element)

    def end(self, step: Step, name: str | None) -> str:
        count = self.ends[step.id] = self.ends.get(step.id, 0) + 1
        end_id = f"Event_{step.id}_end" + (f"_{count}" if count > 1 else "")
        self.node("endEvent", end_id, name or self.info.end_name, step.lane)
        return end_id


def _short(element_id: str) -> str:
    for prefix in _PREFIXES:
        if element_id.startswith(prefix):
            return element_id.removeprefix(prefix)
    return element_id


def _incoming(table: StepTable) -> dict[str, int]:
    count = dict.fromkeys((s.id for s in table.steps), 0)
    count[table.steps[0].id] += 1  # from the start event
    for step in table.steps:
        for branch in step.branches:
            if branch.target is not None:
                count[branch.target] += 1
    return count


def semantic_xml(table: StepTable, info: ProcessInfo) -> bytes:
    """The BPMN document without DI."""
    root = etree.Element(_q("definitions"), nsmap=NSMAP)
    root.set("id", f"Definitions_{info.id}")
    root.set("targetNamespace", TARGET_NAMESPACE)
    root.set("exporter", "machiflow import-steps")
    collaboration = etree.SubElement(root, _q("collaboration"), id=f"Collaboration_{info.id}")
    etree.SubElement(
        collaboration,
        _q("participant"),
        id=f"Participant_{info.id}",
        name=info.name,
        processRef=info.id,
    )
    process = etree.SubElement(root, _q("process"), id=info.id, name=info.name)
    process.set("isExecutable", "false")
    for key, value in (
        ("procedure", info.procedure),
        ("variant", info.variant),
        ("area", info.area),
    ):
        if value:
            process.set(_bpr(key), value)
    lane_set = etree.SubElement(process, _q("laneSet"), id=f"LaneSet_{info.id}")
    builder = _Builder(info, process)
    first = table.steps[0]
    start_id = "StartEvent_1"
    builder.node("startEvent", start_id, info.start_name, first.lane)
    incoming = _incoming(table)
    entry = {
        s.id: f"Gateway_{s.id}_merge" if incoming[s.id] > 1 else f"Activity_{s.id}"
        for s in table.steps
    }
    builder.flow(start_id, entry[first.id])
    for step in table.steps:
        task_id = f"Activity_{step.id}"
        if incoming[step.id] > 1:
            builder.node("exclusiveGateway", entry[step.id], None, step.lane)
            builder.flow(entry[step.id], task_id)
        task = builder.node(step.kind, task_id, step.name, step.lane)
        if step.note:
            etree.SubElement(task, _q("documentation")).text = step.note
        for key in BPR_ORDER:
            if key in step.bpr:
                task.set(_bpr(key), step.bpr[key])
        source = task_id
        if len(step.branches) > 1:
            source = f"Gateway_{step.id}"
            gateway = builder.node(
                "exclusiveGateway", source, step.gateway or f"{step.name}の結果", step.lane
            )
            gateway.set("gatewayDirection", "Diverging")
            builder.flow(task_id, source)
        for branch in step.branches:
            target = entry[branch.target] if branch.target else builder.end(step, branch.end_name)
            several = len(step.branches) > 1
            builder.flow(
                source,
                target,
                name=branch.condition if several else None,
                probability=branch.probability if several else None,
            )
    for number, (lane, actor) in enumerate(table.actors.items(), start=1):
        element = etree.SubElement(lane_set, _q("lane"), id=f"Lane_{number}", name=lane)
        element.set(_bpr("actor"), actor)
        for node_id in builder.lanes.get(lane, []):
            etree.SubElement(element, _q("flowNodeRef")).text = node_id
    # Nodes first, then flows: the order modelers write and people read.
    for flow in builder.flows:
        process.append(flow)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def to_bpmn(table: StepTable, info: ProcessInfo, *, file: str) -> bytes:
    """The whole document: semantic XML plus DI laid out by ``engine.steps.layout``."""
    data = semantic_xml(table, info)
    return write_di(data, layout(loads(data, file)), file=file, replace=False)
