"""A process flattened for comparison: each element's meaning apart from its drawing.

Every element the diff compares (pool, lanes, flow nodes at every level, data, text
annotations, sequence flows, associations) becomes an ``Element`` with its semantic
attributes (``attrs``: compared by value), its references to other elements (``refs``:
compared through the matching) and its layout (DI bounds or waypoints), kept apart so that
a moved shape is never a semantic change.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from engine.analysis.names import name_key
from engine.errors import InputError
from engine.model.bpr import BPR_NS, READERS
from engine.model.elements import (
    Bounds,
    DataAssociation,
    Definitions,
    Diagram,
    EventDefinition,
    FlowNode,
    Loop,
    Point,
    Process,
)

Category = Literal["pool", "lane", "node", "data", "annotation", "flow", "association"]
CATEGORIES: Final[tuple[Category, ...]] = (
    "pool",
    "lane",
    "node",
    "data",
    "annotation",
    "flow",
    "association",
)
VERTEX_CATEGORIES: Final = frozenset({"node", "data", "annotation"})
EDGE_CATEGORIES: Final = frozenset({"flow", "association"})

_BPMN_NS: Final = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_SKIPPED_NS: Final = frozenset({_BPMN_NS, BPR_NS, "http://www.w3.org/2001/XMLSchema-instance"})
_IMPLEMENTATION_DEFAULTS: Final = frozenset({"", "##WebService", "##unspecified"})

Value = tuple[str, str]  # (what is compared, what is shown)


@dataclass(slots=True)
class Element:
    """One comparable element of a process."""

    id: str
    category: Category
    family: str  # activity, event, gateway for nodes; the category otherwise
    kind: str  # BPMN local name: userTask, sequenceFlow, lane, participant, ...
    name: str  # as written, stripped ("" when unnamed)
    key: str  # engine.analysis.names.name_key(name)
    order: int  # position in the file, for stable output
    attrs: dict[str, Value] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # lane, parent, source, target, ...
    bounds: Bounds | None = None
    waypoints: tuple[Point, ...] | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(slots=True)
class Inventory:
    """The elements of one process, with the graph the matching walks."""

    source: str
    process: Process
    elements: dict[str, Element]
    predecessors: dict[str, list[str]]  # vertex id -> vertex ids (flows, attachments, data)
    successors: dict[str, list[str]]
    _by_category: dict[str, list[Element]] = field(default_factory=dict, repr=False)

    def of(self, *categories: Category) -> list[Element]:
        if not self._by_category:
            grouped: dict[str, list[Element]] = {}
            for element in self.elements.values():
                grouped.setdefault(element.category, []).append(element)
            self._by_category = grouped
        if len(categories) == 1:
            return list(self._by_category.get(categories[0], []))
        return [e for e in self.elements.values() if e.category in categories]


def main_process(definitions: Definitions) -> Process:
    """The process a file is about: one marked with bpr:procedure or bpr:variant, else the
    one with the most flow nodes (the first on a tie)."""
    processes = list(definitions.processes.values())
    if not processes:
        raise InputError("diff.no-process", file=definitions.source)
    marked = [p for p in processes if {"procedure", "variant"} & p.bpr.present]
    return max(marked or processes, key=lambda p: len(p.nodes))


def process_of(definitions: Definitions, process_id: str | None) -> Process:
    """``process_id`` of the file, or its main process when None."""
    if process_id is None:
        return main_process(definitions)
    process = definitions.processes.get(process_id)
    if process is None:
        raise InputError(
            "diff.process-not-found",
            file=definitions.source,
            process=process_id,
            known=", ".join(definitions.processes) or "-",
        )
    return process


def inventory(definitions: Definitions, process: Process) -> Inventory:
    """Every comparable element of ``process`` in ``definitions``."""
    builder = _Builder(definitions, process)
    builder.collect()
    return Inventory(
        definitions.source, process, builder.elements, builder.predecessors, builder.successors
    )


def _diagram_of(definitions: Definitions, process: Process) -> Diagram | None:
    """The diagram that draws the process (most of its nodes), as the renderer chooses."""
    best: Diagram | None = None
    drawn = 0
    for diagram in definitions.diagrams:
        count = sum(1 for node_id in process.nodes if node_id in diagram.shapes)
        if count > drawn:
            best, drawn = diagram, count
    return best


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


class _Builder:
    def __init__(self, definitions: Definitions, process: Process) -> None:
        self.definitions = definitions
        self.process = process
        self.diagram = _diagram_of(definitions, process)
        self.elements: dict[str, Element] = {}
        self.predecessors: dict[str, list[str]] = {}
        self.successors: dict[str, list[str]] = {}
        self.prefixes = {uri: prefix for prefix, uri in definitions.namespaces.items() if prefix}

    def add(self, element: Element) -> None:
        if element.id in self.elements:  # a duplicate id: the file is broken, keep the first
            return
        element.order = len(self.elements)
        if self.diagram is not None:
            shape = self.diagram.shapes.get(element.id)
            edge = self.diagram.edges.get(element.id)
            element.bounds = shape.bounds if shape is not None else None
            element.waypoints = edge.waypoints if edge is not None else None
        self.elements[element.id] = element
        if element.category in VERTEX_CATEGORIES:
            self.predecessors.setdefault(element.id, [])
            self.successors.setdefault(element.id, [])

    def link(self, source: str, target: str) -> None:
        if source in self.successors and target in self.predecessors:
            self.successors[source].append(target)
            self.predecessors[target].append(source)

    def element(self, element_id: str, category: Category, kind: str, name: str | None) -> Element:
        shown = (name or "").strip()
        family = category
        return Element(element_id, category, family, kind, shown, name_key(shown), 0)

    def collect(self) -> None:
        process = self.process
        participant = self.definitions.participant_for(process.id)
        if participant is not None:
            pool = self.element(participant.id, "pool", "participant", participant.name)
            pool.attrs |= self.vendor(participant.attributes) | self.bpr(participant.bpr.raw)
            self.add(pool)
        for lane in process.all_lanes():
            item = self.element(lane.id, "lane", "lane", lane.name)
            item.attrs |= self.vendor(lane.attributes) | self.bpr(lane.bpr.raw)
            if lane.parent_id:
                item.refs["parent"] = lane.parent_id
            self.add(item)
        for node in process.nodes.values():
            self.add(self.node(node))
        for node in process.nodes.values():
            if node.attached_to:  # a boundary event follows its activity
                self.link(node.attached_to, node.id)
        for data in process.data.values():
            if data.kind == "dataObject" and (
                self.diagram is None or data.id not in self.diagram.shapes
            ):
                continue  # drawn through its references
            ref = process.data.get(data.ref or "") or self.definitions.root_elements.get(
                data.ref or ""
            )
            item = self.element(data.id, "data", data.kind, data.name or (ref.name if ref else ""))
            collection = data.is_collection or bool(getattr(ref, "is_collection", False))
            if collection:
                item.attrs["collection"] = ("true", "true")
            self.add(item)
        annotations = list(process.annotations)
        associations = list(process.associations)
        for collaboration in self.definitions.collaborations:
            ours = [
                a for a in collaboration.associations if self._touches(a.source_id, a.target_id)
            ]
            associations += ours
            ends = {a.source_id for a in ours} | {a.target_id for a in ours}
            annotations += [n for n in collaboration.annotations if n.id in ends]
        for note in annotations:
            self.add(self.element(note.id, "annotation", "textAnnotation", note.text))
        for flow in process.flows.values():
            self.add(self.flow(flow.id))
        for assoc in associations:
            item = self.element(assoc.id, "association", "association", None)
            item.refs |= {"source": assoc.source_id, "target": assoc.target_id}
            direction = (assoc.direction or "None").strip()
            if direction != "None":
                item.attrs["direction"] = (direction, direction)
            self.add(item)
            self.link(assoc.source_id, assoc.target_id)
        for index, data_assoc in enumerate(process.data_associations):
            self.data_association(index, data_assoc)

    def _touches(self, *ids: str) -> bool:
        return any(i in self.process.nodes for i in ids)

    def data_association(self, index: int, assoc: DataAssociation) -> None:
        """Data flowing into an activity (data → activity) or out of it (activity → data)."""
        direction, activity, target = assoc.direction, assoc.activity_id, assoc.target_id
        sources = assoc.source_ids
        ends = (
            [(s, activity) for s in sources if s in self.elements]
            if direction == "input"
            else [(activity, target)]
            if target in self.elements
            else []
        )
        for number, (source, sink) in enumerate(ends):
            base = assoc.id or f"dataAssociation:{index}"
            item_id = base if number == 0 else f"{base}:{number}"
            kind = "dataInputAssociation" if direction == "input" else "dataOutputAssociation"
            item = self.element(item_id, "association", kind, None)
            item.refs |= {"source": source, "target": sink}
            self.add(item)
            self.link(source, sink)

    def node(self, node: FlowNode) -> Element:
        item = self.element(node.id, "node", node.kind, node.name)
        item.family = node.family
        attrs = item.attrs
        if node.event_definitions:
            shown = "; ".join(self.event_definition(d) for d in node.event_definitions)
            attrs["events"] = (" ".join(sorted(shown.split("; "))), shown)
        if node.loop is not None:
            text = _loop(node.loop)
            attrs["loop"] = (text, text)
        if node.kind == "boundaryEvent" and not node.cancel_activity:
            attrs["interrupting"] = ("false", "false")
        if node.triggered_by_event:
            attrs["event_subprocess"] = ("true", "true")
        if not node.is_interrupting:
            attrs["interrupting"] = ("false", "false")
        if node.is_for_compensation:
            attrs["compensation"] = ("true", "true")
        if node.instantiate:
            attrs["instantiate"] = ("true", "true")
        texts: tuple[tuple[str, str | None], ...] = (
            ("called_element", self.referenced(node.called_element)),
            ("script_format", node.script_format),
            ("completion_condition", node.completion_condition),
            ("event_gateway_type", node.event_gateway_type),
        )
        for key, given in texts:
            if given and given.strip():
                attrs[key] = (_collapse(given), given.strip())
        if node.script and node.script.strip():
            attrs["script"] = (_collapse(node.script), node.script.strip())
        implementation = (node.implementation or "").strip()
        if implementation not in _IMPLEMENTATION_DEFAULTS:
            attrs["implementation"] = (implementation, implementation)
        if node.documentation and node.documentation.strip():
            attrs["documentation"] = (_collapse(node.documentation), node.documentation.strip())
        for key, value in node.extensions.properties.items():
            if not key.startswith("bpr:"):
                attrs[f"property:{key}"] = (value, value)
        if node.extensions.form_fields:
            fields = ", ".join(f.id for f in node.extensions.form_fields)
            attrs["form"] = (fields, fields)
        attrs |= self.vendor(node.attributes) | self.bpr(node.bpr.raw)
        if node.lane_id:
            item.refs["lane"] = node.lane_id
        if node.parent_id:
            item.refs["parent"] = node.parent_id
        if node.attached_to:
            item.refs["attached_to"] = node.attached_to
        return item

    def flow(self, flow_id: str) -> Element:
        flow = self.process.flows[flow_id]
        item = self.element(flow.id, "flow", "sequenceFlow", flow.name)
        item.refs |= {"source": flow.source_id, "target": flow.target_id}
        if flow.condition and flow.condition.strip():
            item.attrs["condition"] = (_collapse(flow.condition), flow.condition.strip())
        source = self.process.nodes.get(flow.source_id)
        if source is not None and source.default_flow == flow.id:
            item.attrs["default"] = ("true", "true")
        item.attrs |= self.vendor(flow.attributes) | self.bpr(flow.bpr.raw)
        self.link(flow.source_id, flow.target_id)
        return item

    def event_definition(self, definition: EventDefinition) -> str:
        detail = definition.expression or definition.link_name or ""
        if definition.ref:
            detail = self.referenced(definition.ref) or ""
        if definition.timer_type:
            detail = f"{definition.timer_type}={_collapse(detail)}"
        return f"{definition.kind}({_collapse(detail)})" if detail else definition.kind

    def referenced(self, ref: str | None) -> str | None:
        """A reference to a process, message, signal, ... by its name: ids differ between
        separately drawn files. An unnamed target is just "there"; an unknown one its id."""
        if not ref:
            return ref
        target = self.definitions.processes.get(ref) or self.definitions.root_elements.get(ref)
        if target is None:
            return ref
        return (target.name or "").strip()

    def vendor(self, attributes: Mapping[str, str]) -> dict[str, Value]:
        """Attributes of other namespaces (camunda:assignee, zeebe:..., signavio ...)."""
        found: dict[str, Value] = {}
        for name, value in attributes.items():
            if not name.startswith("{"):
                continue
            uri, local = name[1:].split("}", 1)
            if uri in _SKIPPED_NS:
                continue
            found[f"{self.prefixes.get(uri, '{' + uri + '}')}:{local}"] = (value, value)
        return found

    def bpr(self, raw: Mapping[str, str]) -> dict[str, Value]:
        """bpr: annotations, compared by their value (PT60M equals PT1H), shown as written."""
        return {f"bpr:{key}": _bpr_value(key, text) for key, text in raw.items()}


@functools.lru_cache(maxsize=4096)
def _bpr_value(key: str, text: str) -> Value:
    """(value as read, as written); the same few values repeat on every task."""
    compared = text.strip()
    reader = READERS.get(key)
    if reader is not None:
        with contextlib.suppress(ValueError):
            compared = repr(reader(text))
    return compared, text.strip()


def _loop(loop: Loop) -> str:
    parts: list[str] = [loop.kind]
    if loop.kind != "standard":
        parts.append("sequential" if loop.sequential else "parallel")
    for label, text in (
        ("cardinality", loop.cardinality),
        ("collection", loop.collection),
        ("element", loop.element_variable),
        ("completion", loop.completion_condition),
        ("condition", loop.loop_condition),
    ):
        if text and text.strip():
            parts.append(f"{label}={_collapse(text)}")
    return " ".join(parts)


def walk(inventory: Inventory) -> Iterator[Element]:
    """Elements in output order: by category, then in file order."""
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    yield from sorted(inventory.elements.values(), key=lambda e: (rank[e.category], e.order))
