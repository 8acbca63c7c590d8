"""What each DI bpmnElement id refers to, resolved once per document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.model.elements import (
    Association,
    DataAssociation,
    DataItem,
    Definitions,
    FlowNode,
    Lane,
    MessageFlow,
    Participant,
    SequenceFlow,
)

ShapeRole = Literal["pool", "lane", "node", "data", "annotation", "group"]
EdgeRole = Literal["sequence", "message", "association", "data-association"]


@dataclass(frozen=True, slots=True)
class ShapeTarget:
    role: ShapeRole
    name: str
    process_id: str | None
    node: FlowNode | None = None
    item: DataItem | None = None
    collection: bool = False


@dataclass(frozen=True, slots=True)
class EdgeTarget:
    role: EdgeRole
    name: str
    process_id: str | None
    flow: SequenceFlow | None = None
    association: Association | None = None


class ElementIndex:
    """Every drawable element of a document by id."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self.shapes: dict[str, ShapeTarget] = {}
        self.edges: dict[str, EdgeTarget] = {}
        self.nodes: dict[str, FlowNode] = {}
        for participant in definitions.participants():
            self._participant(participant)
        for collaboration in definitions.collaborations:
            for message in collaboration.message_flows:
                self._message(message)
            for assoc in collaboration.associations:
                self.edges[assoc.id] = EdgeTarget("association", "", None, association=assoc)
            for note in collaboration.annotations:
                self.shapes[note.id] = ShapeTarget("annotation", note.text, None)
            for grp in collaboration.groups:
                self.shapes[grp.id] = ShapeTarget("group", "", None)
        for root in definitions.root_elements.values():
            if root.kind == "dataStore":
                store = DataItem(root.id, "dataStore", root.name, None, None, root.line)
                self.shapes[root.id] = ShapeTarget(
                    "data", (root.name or "").strip(), None, item=store
                )
        for process in definitions.processes.values():
            pid = process.id
            for lane in process.all_lanes():
                self._lane(lane, pid)
            for node in process.nodes.values():
                self.nodes[node.id] = node
                self.shapes[node.id] = ShapeTarget("node", (node.name or "").strip(), pid, node)
            for flow in process.flows.values():
                self.edges[flow.id] = EdgeTarget("sequence", (flow.name or "").strip(), pid, flow)
            for item in process.data.values():
                ref = process.data.get(item.ref) if item.ref else None
                collection = item.is_collection or (ref is not None and ref.is_collection)
                root_store = definitions.root_elements.get(item.ref or "")
                name = (item.name or (ref.name if ref else None) or "").strip()
                if not name and root_store is not None:
                    name = (root_store.name or "").strip()
                self.shapes[item.id] = ShapeTarget(
                    "data", name, pid, item=item, collection=collection
                )
            for assoc in process.associations:
                self.edges[assoc.id] = EdgeTarget("association", "", pid, association=assoc)
            for data_assoc in process.data_associations:
                self._data_association(data_assoc, pid)
            for note in process.annotations:
                self.shapes[note.id] = ShapeTarget("annotation", note.text, pid)
            for grp in process.groups:
                self.shapes[grp.id] = ShapeTarget("group", "", pid)

    def _participant(self, participant: Participant) -> None:
        name = (participant.name or "").strip()
        self.shapes[participant.id] = ShapeTarget("pool", name, participant.process_ref)

    def _lane(self, lane: Lane, process_id: str) -> None:
        self.shapes[lane.id] = ShapeTarget("lane", (lane.name or "").strip(), process_id)

    def _message(self, message: MessageFlow) -> None:
        self.edges[message.id] = EdgeTarget("message", (message.name or "").strip(), None)

    def _data_association(self, assoc: DataAssociation, process_id: str) -> None:
        if assoc.id:
            self.edges[assoc.id] = EdgeTarget("data-association", "", process_id)
