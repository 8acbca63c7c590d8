"""Plain typed objects for a BPMN 2.0 document, independent of any runtime.

Everything a BPMN file can say that machiflow uses is here, executable or not: processes,
pools, lanes, every flow node, flows, data, artifacts, and every DI diagram. Each element
keeps the line it came from so that findings can point into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Flow node kinds are BPMN's element local names.
TASK_KINDS = frozenset(
    {
        "task",
        "userTask",
        "manualTask",
        "serviceTask",
        "scriptTask",
        "sendTask",
        "receiveTask",
        "businessRuleTask",
    }
)
SUBPROCESS_KINDS = frozenset({"subProcess", "transaction", "adHocSubProcess"})
ACTIVITY_KINDS = TASK_KINDS | SUBPROCESS_KINDS | {"callActivity"}
EVENT_KINDS = frozenset(
    {
        "startEvent",
        "endEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "boundaryEvent",
        "implicitThrowEvent",
    }
)
GATEWAY_KINDS = frozenset(
    {
        "exclusiveGateway",
        "inclusiveGateway",
        "parallelGateway",
        "eventBasedGateway",
        "complexGateway",
    }
)
FLOW_NODE_KINDS = ACTIVITY_KINDS | EVENT_KINDS | GATEWAY_KINDS

Family = Literal["activity", "event", "gateway"]
Actor = Literal["resident", "staff", "external", "system"]
ACTORS: tuple[Actor, ...] = ("resident", "staff", "external", "system")
CHANNELS = ("counter", "mail", "phone", "online", "visit", "system")
LIFTS = ("law", "ordinance", "guideline", "form", "system", "agency", "budget")
VARIANTS = ("as-is", "can-be", "to-be")


def family_of(kind: str) -> Family:
    if kind in ACTIVITY_KINDS:
        return "activity"
    if kind in GATEWAY_KINDS:
        return "gateway"
    return "event"


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> Point:
        return Point(self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True, slots=True)
class BprProblem:
    """An annotation value that could not be read; the default was used instead."""

    key: str
    value: str
    expected: str


@dataclass(slots=True)
class Bpr:
    """BPR annotations of one element (see handbook: annotations contract).

    Durations are in seconds. ``present`` lists the keys the model actually set, so the
    KPI report can name what is missing; ``problems`` lists values that could not be read.
    """

    duration: float = 0.0
    wait: float = 0.0
    channel: str | None = None
    paper: int = 0
    seal: bool = False
    rekey: bool = False
    approval: bool = False
    lifts: tuple[str, ...] = ()
    probability: float | None = None
    actor: Actor | None = None
    procedure: str | None = None
    variant: str | None = None
    area: str | None = None
    present: frozenset[str] = frozenset()
    raw: dict[str, str] = field(default_factory=dict)
    problems: list[BprProblem] = field(default_factory=list)


@dataclass(slots=True)
class Extensions:
    """What vendor extension elements say, flattened.

    ``properties`` merges camunda:/zeebe:/spiffworkflow: name-value properties.
    ``tags`` holds every extension element found, as "prefix:localName" using the usual
    prefix of its namespace (camunda, zeebe, spiffworkflow, signavio, bizagi, ...) or the
    namespace URI in braces when unknown.
    """

    properties: dict[str, str] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    form_fields: list[FormField] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FormField:
    """One camunda:formField (Camunda 7 generated forms)."""

    id: str
    label: str | None
    type: str
    default: str | None
    required: bool
    constraints: dict[str, str]
    enum_values: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True, slots=True)
class EventDefinition:
    """An event definition; ``kind`` is the local name without "EventDefinition"."""

    kind: str  # timer, message, signal, error, escalation, conditional, link, terminate, ...
    id: str | None
    line: int
    ref: str | None = None  # messageRef, signalRef, errorRef, escalationRef
    timer_type: Literal["timeDate", "timeDuration", "timeCycle"] | None = None
    expression: str | None = None  # timer value or condition text
    link_name: str | None = None
    expression_line: int | None = None  # line of the timeDate/.../condition element


@dataclass(frozen=True, slots=True)
class Loop:
    kind: Literal["standard", "multi-instance"]
    sequential: bool
    line: int
    cardinality: str | None = None
    collection: str | None = None
    element_variable: str | None = None
    completion_condition: str | None = None
    loop_condition: str | None = None


@dataclass(slots=True)
class FlowNode:
    id: str
    kind: str  # a member of FLOW_NODE_KINDS
    name: str | None
    process_id: str
    parent_id: str | None  # enclosing sub-process, or None at process level
    line: int
    lane_id: str | None = None  # innermost lane listing this node (resolved at load)
    incoming: list[str] = field(default_factory=list)  # sequence flow ids (from the flows)
    outgoing: list[str] = field(default_factory=list)
    declared_incoming: list[str] = field(default_factory=list)  # <incoming> children
    declared_outgoing: list[str] = field(default_factory=list)
    default_flow: str | None = None
    event_definitions: list[EventDefinition] = field(default_factory=list)
    attached_to: str | None = None  # boundary events
    cancel_activity: bool = True
    is_for_compensation: bool = False
    triggered_by_event: bool = False  # event sub-process
    is_interrupting: bool = True  # start events of event sub-processes
    instantiate: bool = False
    gateway_direction: str | None = None
    event_gateway_type: str | None = None
    called_element: str | None = None  # call activities
    implementation: str | None = None
    script: str | None = None
    script_format: str | None = None
    script_line: int | None = None  # line of the <script> element
    loop: Loop | None = None
    # Ids of the dataInputs / dataOutputs that the activity's own ioSpecification requires
    # (listed by its inputSets / outputSets), in file order.
    io_inputs: list[str] = field(default_factory=list)
    io_outputs: list[str] = field(default_factory=list)
    completion_condition: str | None = None  # ad-hoc sub-processes
    child_ids: list[str] = field(default_factory=list)  # sub-process content
    documentation: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)  # all XML attributes, Clark keys
    extensions: Extensions = field(default_factory=Extensions)
    bpr: Bpr = field(default_factory=Bpr)

    @property
    def family(self) -> Family:
        return family_of(self.kind)

    @property
    def is_activity(self) -> bool:
        return self.kind in ACTIVITY_KINDS

    @property
    def is_subprocess(self) -> bool:
        return self.kind in SUBPROCESS_KINDS

    @property
    def label(self) -> str:
        """Name for messages: the name when there is one, else the id."""
        return self.name.strip() if self.name and self.name.strip() else self.id


@dataclass(slots=True)
class SequenceFlow:
    id: str
    name: str | None
    source_id: str
    target_id: str
    process_id: str
    parent_id: str | None
    line: int
    condition: str | None = None
    condition_language: str | None = None
    condition_line: int | None = None  # line of the <conditionExpression> element
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: Extensions = field(default_factory=Extensions)
    bpr: Bpr = field(default_factory=Bpr)


@dataclass(slots=True)
class Lane:
    id: str
    name: str | None
    line: int
    parent_id: str | None  # enclosing lane
    flow_node_refs: list[str] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)  # child lanes
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: Extensions = field(default_factory=Extensions)
    bpr: Bpr = field(default_factory=Bpr)

    @property
    def actor(self) -> Actor:
        return self.bpr.actor or "staff"

    @property
    def label(self) -> str:
        return self.name.strip() if self.name and self.name.strip() else self.id


DataKind = Literal[
    "dataObject",
    "dataObjectReference",
    "dataStore",
    "dataStoreReference",
    "dataInput",
    "dataOutput",
]


@dataclass(slots=True)
class DataItem:
    id: str
    kind: DataKind
    name: str | None
    process_id: str | None  # None for definitions-level data stores
    parent_id: str | None
    line: int
    ref: str | None = None  # dataObjectRef / dataStoreRef
    is_collection: bool = False


@dataclass(frozen=True, slots=True)
class DataAssociation:
    id: str | None
    direction: Literal["input", "output"]
    activity_id: str  # the flow node that owns it
    source_ids: tuple[str, ...]
    target_id: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Association:
    id: str
    source_id: str
    target_id: str
    direction: str | None
    process_id: str | None
    line: int


@dataclass(frozen=True, slots=True)
class TextAnnotation:
    id: str
    text: str
    process_id: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    category_value_ref: str | None
    process_id: str | None
    line: int


@dataclass(slots=True)
class Process:
    id: str
    name: str | None
    is_executable: bool | None  # None when the attribute is absent
    line: int
    nodes: dict[str, FlowNode] = field(default_factory=dict)  # all levels, in file order
    flows: dict[str, SequenceFlow] = field(default_factory=dict)
    lanes: list[Lane] = field(default_factory=list)  # top-level lanes of all lane sets
    lane_set_ids: list[str] = field(default_factory=list)
    data: dict[str, DataItem] = field(default_factory=dict)
    data_associations: list[DataAssociation] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    annotations: list[TextAnnotation] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    documentation: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: Extensions = field(default_factory=Extensions)
    bpr: Bpr = field(default_factory=Bpr)

    @property
    def label(self) -> str:
        return self.name.strip() if self.name and self.name.strip() else self.id

    def all_lanes(self) -> list[Lane]:
        """Every lane, parents before children."""
        out: list[Lane] = []
        stack = list(reversed(self.lanes))
        while stack:
            lane = stack.pop()
            out.append(lane)
            stack.extend(reversed(lane.lanes))
        return out

    def top_nodes(self) -> list[FlowNode]:
        """Nodes directly in the process (not inside sub-processes)."""
        return [n for n in self.nodes.values() if n.parent_id is None]


@dataclass(slots=True)
class Participant:
    id: str
    name: str | None
    process_ref: str | None
    line: int
    attributes: dict[str, str] = field(default_factory=dict)
    extensions: Extensions = field(default_factory=Extensions)
    bpr: Bpr = field(default_factory=Bpr)

    @property
    def label(self) -> str:
        return self.name.strip() if self.name and self.name.strip() else self.id


@dataclass(frozen=True, slots=True)
class MessageFlow:
    id: str
    name: str | None
    source_id: str
    target_id: str
    message_ref: str | None
    line: int


@dataclass(slots=True)
class Collaboration:
    id: str
    name: str | None
    line: int
    participants: list[Participant] = field(default_factory=list)
    message_flows: list[MessageFlow] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    annotations: list[TextAnnotation] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RootElement:
    """A definitions-level element other than process/collaboration (message, error, ...)."""

    id: str
    kind: str  # message, error, signal, escalation, itemDefinition, dataStore, ...
    name: str | None
    line: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shape:
    id: str | None
    element_id: str
    bounds: Bounds
    line: int
    is_horizontal: bool | None = None
    is_expanded: bool | None = None
    label_bounds: Bounds | None = None
    is_marker_visible: bool | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    id: str | None
    element_id: str
    waypoints: tuple[Point, ...]
    line: int
    label_bounds: Bounds | None = None


@dataclass(slots=True)
class Diagram:
    id: str | None
    name: str | None
    plane_element_id: str | None
    line: int
    shapes: dict[str, Shape] = field(default_factory=dict)  # by element id
    edges: dict[str, Edge] = field(default_factory=dict)  # by element id


@dataclass(frozen=True, slots=True)
class ElementRef:
    """Where an id was declared: for reference checks and "did you mean" hints."""

    id: str
    tag: str  # Clark-free "prefix:local" such as "bpmn:task"
    line: int


@dataclass(slots=True)
class Definitions:
    """A whole BPMN document."""

    source: str  # file name (for messages)
    id: str | None
    name: str | None
    target_namespace: str | None
    exporter: str | None
    exporter_version: str | None
    line: int
    processes: dict[str, Process] = field(default_factory=dict)
    collaborations: list[Collaboration] = field(default_factory=list)
    root_elements: dict[str, RootElement] = field(default_factory=dict)
    diagrams: list[Diagram] = field(default_factory=list)
    ids: dict[str, ElementRef] = field(default_factory=dict)  # first declaration of each id
    duplicate_ids: list[ElementRef] = field(default_factory=list)  # later declarations
    namespaces: dict[str, str] = field(default_factory=dict)  # prefix -> URI on the root

    # --- lookups -----------------------------------------------------------------------
    def node(self, node_id: str) -> FlowNode | None:
        for process in self.processes.values():
            found = process.nodes.get(node_id)
            if found is not None:
                return found
        return None

    def process_of(self, element_id: str) -> Process | None:
        for process in self.processes.values():
            if element_id in process.nodes or element_id in process.flows:
                return process
        return None

    def participants(self) -> list[Participant]:
        return [p for c in self.collaborations for p in c.participants]

    def participant_for(self, process_id: str) -> Participant | None:
        for participant in self.participants():
            if participant.process_ref == process_id:
                return participant
        return None

    def message_flows(self) -> list[MessageFlow]:
        return [m for c in self.collaborations for m in c.message_flows]

    def lane_of(self, node: FlowNode) -> Lane | None:
        if node.lane_id is None:
            return None
        process = self.processes.get(node.process_id)
        if process is None:
            return None
        for lane in process.all_lanes():
            if lane.id == node.lane_id:
                return lane
        return None

    def actor_of(self, node: FlowNode) -> Actor:
        """Who works a node, per the contract: innermost lane, else pool, else staff."""
        lane = self.lane_of(node)
        if lane is not None:
            return lane.actor
        participant = self.participant_for(node.process_id)
        if participant is not None and participant.bpr.actor is not None:
            return participant.bpr.actor
        return "staff"
