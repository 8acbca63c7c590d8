"""Reads a parsed BPMN 2.0 element tree into ``engine.model.elements`` objects.

Lenient by design: whatever a modeler wrote is read as far as it goes, so that validation
can report precise findings (dangling references, duplicate ids, bad numbers) instead of
the reader failing on the first oddity. Only a root that is not BPMN is refused here.
"""

from __future__ import annotations

from typing import Final, Literal, cast

from lxml import etree

from engine.errors import NotBpmnError
from engine.model.bpr import read_bpr
from engine.model.elements import (
    FLOW_NODE_KINDS,
    SUBPROCESS_KINDS,
    Association,
    Bounds,
    Collaboration,
    DataAssociation,
    DataItem,
    DataKind,
    Definitions,
    Diagram,
    Edge,
    ElementRef,
    EventDefinition,
    Extensions,
    FlowNode,
    FormField,
    Group,
    Lane,
    Loop,
    MessageFlow,
    Participant,
    Point,
    Process,
    RootElement,
    SequenceFlow,
    Shape,
    TextAnnotation,
)

BPMN_NS: Final = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS: Final = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS: Final = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS: Final = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"
CAMUNDA_NS: Final = "http://camunda.org/schema/1.0/bpmn"
ZEEBE_NS: Final = "http://camunda.org/schema/zeebe/1.0"
SPIFF_NS: Final = "http://spiffworkflow.org/bpmn/schema/1.0/core"

# Usual prefixes of namespaces seen in real exports, for Extensions.tags.
KNOWN_PREFIXES: Final = {
    BPMN_NS: "bpmn",
    BPMNDI_NS: "bpmndi",
    DC_NS: "dc",
    DI_NS: "di",
    CAMUNDA_NS: "camunda",
    ZEEBE_NS: "zeebe",
    SPIFF_NS: "spiffworkflow",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
    "http://www.signavio.com": "signavio",
    "http://www.bizagi.com/bpmn20": "bizagi",
    "http://www.trisotech.com/2015/triso/modeling": "triso",
    "http://www.trisotech.com/to": "trisoTo",
    "urn:machiflow:bpr:1": "bpr",
}
PROPERTY_CONTAINERS: Final = frozenset(
    {(CAMUNDA_NS, "property"), (ZEEBE_NS, "property"), (SPIFF_NS, "property")}
)
ID_NAMESPACES: Final = tuple(f"{{{ns}}}*" for ns in (BPMN_NS, BPMNDI_NS, DI_NS, DC_NS))
DATA_KINDS: Final = frozenset(
    {"dataObject", "dataObjectReference", "dataStoreReference", "dataInput", "dataOutput"}
)


def _q(local: str) -> str:
    return f"{{{BPMN_NS}}}{local}"


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def prefixed(tag: object) -> str:
    """ "prefix:local" for a Clark tag, with the usual prefix for known namespaces."""
    ns, local = _split(tag)
    if not ns:
        return local
    prefix = KNOWN_PREFIXES.get(ns)
    return f"{prefix}:{local}" if prefix else f"{{{ns}}}{local}"


def _line(element: etree._Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 0


def _attrs(element: etree._Element) -> dict[str, str]:
    return {str(k): str(v) for k, v in element.attrib.items()}


def _get(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    return None if value is None else str(value)


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() == "true"


def _opt_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def _float(value: str | None) -> float:
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(str(t) for t in element.itertext())
    return text if text.strip() else None


def _child(element: etree._Element, local: str, ns: str = BPMN_NS) -> etree._Element | None:
    return element.find(f"{{{ns}}}{local}")


def _children(element: etree._Element, local: str, ns: str = BPMN_NS) -> list[etree._Element]:
    return list(element.iterfind(f"{{{ns}}}{local}"))


def _ref_text(element: etree._Element, local: str) -> list[str]:
    return [t.strip() for c in _children(element, local) if (t := c.text) and t.strip()]


def _strip_prefix(ref: str | None) -> str | None:
    """References may be QNames ("tns:Message_1"); ids never contain a colon."""
    if ref is None:
        return None
    ref = ref.strip()
    return ref.rsplit(":", 1)[-1] if ":" in ref else ref


class _Reader:
    def __init__(self, root: etree._Element, file: str) -> None:
        self.root = root
        self.file = file

    def read(self) -> Definitions:
        root = self.root
        ns, local = _split(root.tag)
        if ns != BPMN_NS or local != "definitions":
            shown = f"{local} ({ns})" if ns and ns != BPMN_NS else local or "?"
            raise NotBpmnError(file=self.file, line=_line(root), root=shown)
        defs = Definitions(
            source=self.file,
            id=_get(root, "id"),
            name=_get(root, "name"),
            target_namespace=_get(root, "targetNamespace"),
            exporter=_get(root, "exporter"),
            exporter_version=_get(root, "exporterVersion"),
            line=_line(root),
            namespaces={str(k or ""): str(v) for k, v in root.nsmap.items()},
        )
        self._index_ids(defs)
        for child in root:
            cns, clocal = _split(child.tag)
            if cns == BPMN_NS:
                if clocal == "process":
                    process = self._process(child)
                    defs.processes.setdefault(process.id, process)
                elif clocal == "collaboration":
                    defs.collaborations.append(self._collaboration(child))
                elif clocal not in {"documentation", "extensionElements", "import"}:
                    element_id = _get(child, "id")
                    if element_id:
                        defs.root_elements.setdefault(
                            element_id,
                            RootElement(
                                id=element_id,
                                kind=clocal,
                                name=_get(child, "name"),
                                line=_line(child),
                                attributes=_attrs(child),
                            ),
                        )
            elif cns == BPMNDI_NS and clocal == "BPMNDiagram":
                defs.diagrams.append(self._diagram(child))
        return defs

    # --- ids ---------------------------------------------------------------------------
    def _index_ids(self, defs: Definitions) -> None:
        # Only BPMN and DI elements declare ids; vendor extension elements may reuse one
        # (ADONIS repeats the process id inside extensionElements) without a conflict.
        for element in self.root.iter(*ID_NAMESPACES):
            element_id = element.get("id")
            if element_id is None:
                continue
            ref = ElementRef(str(element_id), prefixed(element.tag), _line(element))
            if ref.id in defs.ids:
                defs.duplicate_ids.append(ref)
            else:
                defs.ids[ref.id] = ref

    # --- extensions --------------------------------------------------------------------
    def _extensions(self, element: etree._Element) -> Extensions:
        ext = Extensions()
        holder = _child(element, "extensionElements")
        if holder is None:
            return ext
        tags: set[str] = set()
        for item in holder.iter():
            if item is holder or not isinstance(item.tag, str):
                continue
            ns, local = _split(item.tag)
            tags.add(prefixed(item.tag))
            if (ns, local) in PROPERTY_CONTAINERS:
                name = _get(item, "name")
                value = _get(item, "value")
                if value is None:
                    value = (item.text or "").strip()
                if name:
                    ext.properties.setdefault(name, value)
            elif ns == CAMUNDA_NS and local == "formField":
                ext.form_fields.append(self._form_field(item))
            elif ns == SPIFF_NS and len(item) == 0 and item.text and item.text.strip():
                ext.texts[prefixed(item.tag)] = item.text.strip()
        ext.tags = frozenset(tags)
        return ext

    def _form_field(self, item: etree._Element) -> FormField:
        constraints: dict[str, str] = {}
        required = False
        for constraint in item.iter(f"{{{CAMUNDA_NS}}}constraint"):
            name = _get(constraint, "name") or ""
            config = _get(constraint, "config") or ""
            if name == "required":
                required = True
            elif name:
                constraints[name] = config
        values = tuple(
            (_get(v, "id") or "", _get(v, "name") or _get(v, "id") or "")
            for v in item.iter(f"{{{CAMUNDA_NS}}}value")
        )
        return FormField(
            id=_get(item, "id") or "",
            label=_get(item, "label"),
            type=_get(item, "type") or "string",
            default=_get(item, "defaultValue"),
            required=required,
            constraints=constraints,
            enum_values=values,
            line=_line(item),
        )

    # --- process -----------------------------------------------------------------------
    def _process(self, element: etree._Element) -> Process:
        attrs = _attrs(element)
        ext = self._extensions(element)
        process = Process(
            id=_get(element, "id") or f"process@{_line(element)}",
            name=_get(element, "name"),
            is_executable=_opt_bool(_get(element, "isExecutable")),
            line=_line(element),
            documentation=_text(_child(element, "documentation")),
            attributes=attrs,
            extensions=ext,
            bpr=read_bpr(attrs, ext.properties),
        )
        self._container(element, process, None)
        self._link_flows(process)
        self._assign_lanes(process)
        return process

    def _container(self, element: etree._Element, process: Process, parent: str | None) -> None:
        for child in element:
            ns, local = _split(child.tag)
            if ns != BPMN_NS:
                continue
            if local in FLOW_NODE_KINDS:
                node = self._node(child, local, process.id, parent)
                if node.id in process.nodes:
                    continue  # a duplicate id: reported by validation, first one wins
                process.nodes[node.id] = node
                process.data_associations.extend(self._data_associations(child, node.id))
                if parent is not None:
                    process.nodes[parent].child_ids.append(node.id)
                if local in SUBPROCESS_KINDS:
                    self._container(child, process, node.id)
            elif local == "sequenceFlow":
                flow = self._flow(child, process.id, parent)
                process.flows.setdefault(flow.id, flow)
            elif local == "laneSet":
                process.lane_set_ids.append(_get(child, "id") or "")
                process.lanes.extend(self._lane(lane, None) for lane in _children(child, "lane"))
            elif local in DATA_KINDS:
                item = self._data_item(child, local, process.id, parent)
                process.data.setdefault(item.id, item)
            elif local == "ioSpecification":
                for io in child:
                    _, io_local = _split(io.tag)
                    if io_local in {"dataInput", "dataOutput"}:
                        item = self._data_item(io, io_local, process.id, parent)
                        process.data.setdefault(item.id, item)
            elif local == "association":
                process.associations.append(self._association(child, process.id))
            elif local == "textAnnotation":
                process.annotations.append(self._annotation(child, process.id))
            elif local == "group":
                process.groups.append(self._group(child, process.id))

    def _node(
        self, element: etree._Element, kind: str, process_id: str, parent: str | None
    ) -> FlowNode:
        attrs = _attrs(element)
        ext = self._extensions(element)
        node = FlowNode(
            id=_get(element, "id") or f"{kind}@{_line(element)}",
            kind=kind,
            name=_get(element, "name"),
            process_id=process_id,
            parent_id=parent,
            line=_line(element),
            declared_incoming=_ref_text(element, "incoming"),
            declared_outgoing=_ref_text(element, "outgoing"),
            default_flow=_get(element, "default"),
            attached_to=_strip_prefix(_get(element, "attachedToRef")),
            cancel_activity=_bool(_get(element, "cancelActivity"), True),
            is_for_compensation=_bool(_get(element, "isForCompensation"), False),
            triggered_by_event=_bool(_get(element, "triggeredByEvent"), False),
            is_interrupting=_bool(_get(element, "isInterrupting"), True),
            instantiate=_bool(_get(element, "instantiate"), False),
            gateway_direction=_get(element, "gatewayDirection"),
            event_gateway_type=_get(element, "eventGatewayType"),
            called_element=_strip_prefix(_get(element, "calledElement")),
            implementation=_get(element, "implementation"),
            script_format=_get(element, "scriptFormat"),
            script=_text(script := _child(element, "script")),
            script_line=None if script is None else _line(script),
            documentation=_text(_child(element, "documentation")),
            attributes=attrs,
            extensions=ext,
            bpr=read_bpr(attrs, ext.properties),
        )
        for child in element:
            ns, local = _split(child.tag)
            if ns != BPMN_NS:
                continue
            if local.endswith("EventDefinition"):
                node.event_definitions.append(self._event_definition(child, local))
            elif local == "eventDefinitionRef" and child.text:
                ref = _strip_prefix(child.text)
                node.event_definitions.append(EventDefinition("ref", None, _line(child), ref=ref))
            elif local in {"standardLoopCharacteristics", "multiInstanceLoopCharacteristics"}:
                node.loop = self._loop(child, local)
            elif local == "ioSpecification":
                node.io_inputs = _io_refs(child, "dataInput", "inputSet", "dataInputRefs")
                node.io_outputs = _io_refs(child, "dataOutput", "outputSet", "dataOutputRefs")
            elif local == "completionCondition" and kind == "adHocSubProcess":
                condition = _text(child)
                node.completion_condition = None if condition is None else condition.strip()
        return node

    def _event_definition(self, element: etree._Element, local: str) -> EventDefinition:
        kind = local.removesuffix("EventDefinition")
        ref = None
        for attr in ("messageRef", "signalRef", "errorRef", "escalationRef"):
            if element.get(attr) is not None:
                ref = _strip_prefix(_get(element, attr))
        timer_type: Literal["timeDate", "timeDuration", "timeCycle"] | None = None
        expression = None
        expression_line = None
        if kind == "timer":
            candidates: tuple[Literal["timeDate", "timeDuration", "timeCycle"], ...] = (
                "timeDate",
                "timeDuration",
                "timeCycle",
            )
            for candidate in candidates:
                found = _child(element, candidate)
                if found is not None:
                    timer_type = candidate
                    expression = (found.text or "").strip()
                    expression_line = _line(found)
                    break
        elif kind == "conditional":
            condition = _child(element, "condition")
            expression = _text(condition)
            expression_line = None if condition is None else _line(condition)
        return EventDefinition(
            kind=kind,
            id=_get(element, "id"),
            line=_line(element),
            ref=ref,
            timer_type=timer_type,
            expression=expression,
            link_name=_get(element, "name") if kind == "link" else None,
            expression_line=expression_line,
        )

    def _loop(self, element: etree._Element, local: str) -> Loop:
        if local == "standardLoopCharacteristics":
            return Loop(
                kind="standard",
                sequential=True,
                line=_line(element),
                loop_condition=_text(_child(element, "loopCondition")),
            )
        element_variable = None
        input_item = _child(element, "inputDataItem")
        if input_item is not None:
            element_variable = _get(input_item, "name") or _get(input_item, "id")
        return Loop(
            kind="multi-instance",
            sequential=_bool(_get(element, "isSequential"), False),
            line=_line(element),
            cardinality=_text(_child(element, "loopCardinality")),
            collection=(_text(_child(element, "loopDataInputRef")) or "").strip() or None,
            element_variable=element_variable,
            completion_condition=_text(_child(element, "completionCondition")),
        )

    def _flow(self, element: etree._Element, process_id: str, parent: str | None) -> SequenceFlow:
        attrs = _attrs(element)
        ext = self._extensions(element)
        condition = _child(element, "conditionExpression")
        return SequenceFlow(
            id=_get(element, "id") or f"flow@{_line(element)}",
            name=_get(element, "name"),
            source_id=(_get(element, "sourceRef") or "").strip(),
            target_id=(_get(element, "targetRef") or "").strip(),
            process_id=process_id,
            parent_id=parent,
            line=_line(element),
            condition=None if condition is None else (_text(condition) or "").strip(),
            condition_language=None if condition is None else _get(condition, "language"),
            condition_line=None if condition is None else _line(condition),
            attributes=attrs,
            extensions=ext,
            bpr=read_bpr(attrs, ext.properties),
        )

    def _lane(self, element: etree._Element, parent: str | None) -> Lane:
        attrs = _attrs(element)
        ext = self._extensions(element)
        lane = Lane(
            id=_get(element, "id") or f"lane@{_line(element)}",
            name=_get(element, "name"),
            line=_line(element),
            parent_id=parent,
            flow_node_refs=_ref_text(element, "flowNodeRef"),
            attributes=attrs,
            extensions=ext,
            bpr=read_bpr(attrs, ext.properties),
        )
        for child_set in _children(element, "childLaneSet"):
            lane.lanes.extend(self._lane(child, lane.id) for child in _children(child_set, "lane"))
        return lane

    def _data_item(
        self, element: etree._Element, kind: str, process_id: str, parent: str | None
    ) -> DataItem:
        ref = _get(element, "dataObjectRef") or _get(element, "dataStoreRef")
        return DataItem(
            id=_get(element, "id") or f"{kind}@{_line(element)}",
            kind=cast(DataKind, kind),
            name=_get(element, "name"),
            process_id=process_id,
            parent_id=parent,
            line=_line(element),
            ref=_strip_prefix(ref),
            is_collection=_bool(_get(element, "isCollection"), False),
        )

    def _association(self, element: etree._Element, process_id: str | None) -> Association:
        return Association(
            id=_get(element, "id") or f"association@{_line(element)}",
            source_id=_strip_prefix(_get(element, "sourceRef")) or "",
            target_id=_strip_prefix(_get(element, "targetRef")) or "",
            direction=_get(element, "associationDirection"),
            process_id=process_id,
            line=_line(element),
        )

    def _annotation(self, element: etree._Element, process_id: str | None) -> TextAnnotation:
        return TextAnnotation(
            id=_get(element, "id") or f"annotation@{_line(element)}",
            text=(_text(_child(element, "text")) or "").strip(),
            process_id=process_id,
            line=_line(element),
        )

    def _group(self, element: etree._Element, process_id: str | None) -> Group:
        return Group(
            id=_get(element, "id") or f"group@{_line(element)}",
            category_value_ref=_strip_prefix(_get(element, "categoryValueRef")),
            process_id=process_id,
            line=_line(element),
        )

    def _link_flows(self, process: Process) -> None:
        for flow in process.flows.values():
            source = process.nodes.get(flow.source_id)
            if source is not None:
                source.outgoing.append(flow.id)
            target = process.nodes.get(flow.target_id)
            if target is not None:
                target.incoming.append(flow.id)

    def _data_associations(self, element: etree._Element, node_id: str) -> list[DataAssociation]:
        found: list[DataAssociation] = []
        for local, direction in (
            ("dataInputAssociation", "input"),
            ("dataOutputAssociation", "output"),
        ):
            for assoc in _children(element, local):
                found.append(
                    DataAssociation(
                        id=_get(assoc, "id"),
                        direction=cast(Literal["input", "output"], direction),
                        activity_id=node_id,
                        source_ids=tuple(
                            s
                            for s in (_strip_prefix(t) for t in _ref_text(assoc, "sourceRef"))
                            if s
                        ),
                        target_id=next(
                            (_strip_prefix(t) for t in _ref_text(assoc, "targetRef")), None
                        ),
                        line=_line(assoc),
                    )
                )
        return found

    def _assign_lanes(self, process: Process) -> None:
        # Parents come before children in all_lanes(), so the innermost lane wins.
        for lane in process.all_lanes():
            for ref in lane.flow_node_refs:
                node = process.nodes.get(ref)
                if node is not None:
                    node.lane_id = lane.id
        # Nodes inside a sub-process work in the sub-process's lane unless listed themselves.
        for node in process.nodes.values():
            if node.lane_id is None and node.parent_id is not None:
                parent = process.nodes.get(node.parent_id)
                if parent is not None:
                    node.lane_id = parent.lane_id

    # --- collaboration -----------------------------------------------------------------
    def _collaboration(self, element: etree._Element) -> Collaboration:
        collab = Collaboration(
            id=_get(element, "id") or f"collaboration@{_line(element)}",
            name=_get(element, "name"),
            line=_line(element),
        )
        for child in element:
            ns, local = _split(child.tag)
            if ns != BPMN_NS:
                continue
            if local == "participant":
                attrs = _attrs(child)
                ext = self._extensions(child)
                collab.participants.append(
                    Participant(
                        id=_get(child, "id") or f"participant@{_line(child)}",
                        name=_get(child, "name"),
                        process_ref=_strip_prefix(_get(child, "processRef")),
                        line=_line(child),
                        attributes=attrs,
                        extensions=ext,
                        bpr=read_bpr(attrs, ext.properties),
                    )
                )
            elif local == "messageFlow":
                collab.message_flows.append(
                    MessageFlow(
                        id=_get(child, "id") or f"messageFlow@{_line(child)}",
                        name=_get(child, "name"),
                        source_id=_strip_prefix(_get(child, "sourceRef")) or "",
                        target_id=_strip_prefix(_get(child, "targetRef")) or "",
                        message_ref=_strip_prefix(_get(child, "messageRef")),
                        line=_line(child),
                    )
                )
            elif local == "association":
                collab.associations.append(self._association(child, None))
            elif local == "textAnnotation":
                collab.annotations.append(self._annotation(child, None))
            elif local == "group":
                collab.groups.append(self._group(child, None))
        return collab

    # --- diagram interchange -----------------------------------------------------------
    def _diagram(self, element: etree._Element) -> Diagram:
        plane = element.find(f"{{{BPMNDI_NS}}}BPMNPlane")
        diagram = Diagram(
            id=_get(element, "id"),
            name=_get(element, "name"),
            plane_element_id=None if plane is None else _strip_prefix(_get(plane, "bpmnElement")),
            line=_line(element),
        )
        if plane is None:
            return diagram
        for child in plane:
            ns, local = _split(child.tag)
            if ns != BPMNDI_NS:
                continue
            element_id = _strip_prefix(_get(child, "bpmnElement"))
            if not element_id:
                continue
            if local == "BPMNShape":
                bounds = _bounds(child.find(f"{{{DC_NS}}}Bounds"))
                if bounds is None:
                    continue
                diagram.shapes.setdefault(
                    element_id,
                    Shape(
                        id=_get(child, "id"),
                        element_id=element_id,
                        bounds=bounds,
                        line=_line(child),
                        is_horizontal=_opt_bool(_get(child, "isHorizontal")),
                        is_expanded=_opt_bool(_get(child, "isExpanded")),
                        label_bounds=_label_bounds(child),
                        is_marker_visible=_opt_bool(_get(child, "isMarkerVisible")),
                    ),
                )
            elif local == "BPMNEdge":
                points = tuple(
                    Point(_float(_get(w, "x")), _float(_get(w, "y")))
                    for w in child.iterfind(f"{{{DI_NS}}}waypoint")
                )
                diagram.edges.setdefault(
                    element_id,
                    Edge(
                        id=_get(child, "id"),
                        element_id=element_id,
                        waypoints=points,
                        line=_line(child),
                        label_bounds=_label_bounds(child),
                    ),
                )
        return diagram


def _io_refs(io_spec: etree._Element, item: str, group: str, ref: str) -> list[str]:
    """Ids of the ``item``s (dataInput/dataOutput) that some ``group`` (inputSet/...) lists.

    A data input or output no set lists is declared but not required of the activity.
    """
    declared = {_get(e, "id") for e in _children(io_spec, item)}
    listed: list[str] = []
    for holder in _children(io_spec, group):
        for text in _ref_text(holder, ref):
            if text in declared and text not in listed:
                listed.append(text)
    return listed


def _bounds(element: etree._Element | None) -> Bounds | None:
    if element is None:
        return None
    return Bounds(
        _float(_get(element, "x")),
        _float(_get(element, "y")),
        _float(_get(element, "width")),
        _float(_get(element, "height")),
    )


def _label_bounds(element: etree._Element) -> Bounds | None:
    label = element.find(f"{{{BPMNDI_NS}}}BPMNLabel")
    if label is None:
        return None
    return _bounds(label.find(f"{{{DC_NS}}}Bounds"))


def read_definitions(root: etree._Element, file: str) -> Definitions:
    """The document under ``root`` (from ``parse_xml``) as typed objects."""
    return _Reader(root, file).read()
