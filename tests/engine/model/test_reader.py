"""What the reader must get right, on small hand-written models."""

from __future__ import annotations

import pytest

from engine.model import (
    ACTIVITY_KINDS,
    EVENT_KINDS,
    FLOW_NODE_KINDS,
    GATEWAY_KINDS,
    TASK_KINDS,
    Bounds,
    Definitions,
    FlowNode,
    Point,
    loads,
)
from tests.factories import collaboration, definitions, diagram, edge, participant, process, shape


def _node(defs: Definitions, node_id: str) -> FlowNode:
    node = defs.node(node_id)
    assert node is not None, f"{node_id} not read"
    return node


def _line_of(data: bytes, needle: str) -> int:
    """1-based line of the first line containing ``needle``: the expected ``line``."""
    for number, text in enumerate(data.decode().splitlines(), 1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in the document")


# --- flow node kinds ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(FLOW_NODE_KINDS))
def test_every_flow_node_kind_is_read_with_its_family(kind: str) -> None:
    defs = loads(process(f'<bpmn:{kind} id="N" name="名前"/>'))
    node = _node(defs, "N")
    assert node.kind == kind
    assert node.name == "名前"
    assert node.process_id == "Process_1"
    assert node.parent_id is None
    expected = (
        "activity" if kind in ACTIVITY_KINDS else "gateway" if kind in GATEWAY_KINDS else "event"
    )
    assert node.family == expected
    assert node.is_activity == (kind in ACTIVITY_KINDS)


def test_kind_sets_cover_bpmn() -> None:
    assert {"userTask", "manualTask", "serviceTask", "scriptTask", "sendTask"} <= TASK_KINDS
    assert {"receiveTask", "businessRuleTask", "task"} <= TASK_KINDS
    assert {"boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent"} <= EVENT_KINDS
    assert "complexGateway" in GATEWAY_KINDS
    assert "callActivity" in ACTIVITY_KINDS


def test_non_flow_elements_are_not_nodes() -> None:
    defs = loads(
        process(
            '<bpmn:task id="T"/><bpmn:dataObject id="DO"/><bpmn:textAnnotation id="A"/>'
            '<bpmn:sequenceFlow id="F" sourceRef="T" targetRef="T"/>'
        )
    )
    assert list(defs.processes["Process_1"].nodes) == ["T"]


def test_script_task_script_and_format() -> None:
    defs = loads(
        process(
            '<bpmn:scriptTask id="S" scriptFormat="python">'
            "<bpmn:script>x = 1\ny = x + 1</bpmn:script></bpmn:scriptTask>"
        )
    )
    node = _node(defs, "S")
    assert node.script == "x = 1\ny = x + 1"
    assert node.script_format == "python"


def test_call_activity_called_element_accepts_qname() -> None:
    defs = loads(
        process(
            '<bpmn:callActivity id="C1" calledElement="Sub_Process"/>'
            '<bpmn:callActivity id="C2" calledElement="tns:Other"/>'
        )
    )
    assert _node(defs, "C1").called_element == "Sub_Process"
    assert _node(defs, "C2").called_element == "Other"


@pytest.mark.parametrize("kind", ["subProcess", "transaction", "adHocSubProcess"])
def test_sub_process_content_is_nested(kind: str) -> None:
    defs = loads(
        process(
            f'<bpmn:{kind} id="SP">'
            '<bpmn:startEvent id="SP_Start"/><bpmn:task id="SP_Task"/>'
            f'<bpmn:subProcess id="Inner"><bpmn:task id="Deep"/></bpmn:subProcess>'
            '<bpmn:sequenceFlow id="SP_F" sourceRef="SP_Start" targetRef="SP_Task"/>'
            f"</bpmn:{kind}>"
            '<bpmn:task id="After"/>'
        )
    )
    proc = defs.processes["Process_1"]
    sub = proc.nodes["SP"]
    assert sub.kind == kind
    assert sub.is_subprocess
    assert sub.child_ids == ["SP_Start", "SP_Task", "Inner"]
    assert proc.nodes["SP_Task"].parent_id == "SP"
    assert proc.nodes["Deep"].parent_id == "Inner"
    assert proc.nodes["Inner"].child_ids == ["Deep"]
    assert [n.id for n in proc.top_nodes()] == ["SP", "After"]
    flow = proc.flows["SP_F"]
    assert flow.parent_id == "SP"
    assert proc.nodes["SP_Start"].outgoing == ["SP_F"]
    assert proc.nodes["SP_Task"].incoming == ["SP_F"]


def test_event_sub_process_and_non_interrupting_start() -> None:
    defs = loads(
        process(
            '<bpmn:subProcess id="ESP" triggeredByEvent="true">'
            '<bpmn:startEvent id="ESP_Start" isInterrupting="false">'
            "<bpmn:messageEventDefinition/></bpmn:startEvent>"
            "</bpmn:subProcess>"
            '<bpmn:subProcess id="Plain"/>'
        )
    )
    assert _node(defs, "ESP").triggered_by_event is True
    assert _node(defs, "Plain").triggered_by_event is False
    assert _node(defs, "ESP_Start").is_interrupting is False


# --- events ------------------------------------------------------------------------------


EVENTS = """
<bpmn:startEvent id="TimerDate">
  <bpmn:timerEventDefinition id="TD">
  <bpmn:timeDate xsi:type="bpmn:tFormalExpression">2025-04-01T09:00:00+09:00</bpmn:timeDate>
</bpmn:timerEventDefinition></bpmn:startEvent>
<bpmn:intermediateCatchEvent id="TimerDuration">
  <bpmn:timerEventDefinition>
  <bpmn:timeDuration xsi:type="bpmn:tFormalExpression"> P14D </bpmn:timeDuration>
</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:startEvent id="TimerCycle">
  <bpmn:timerEventDefinition>
  <bpmn:timeCycle>R6/P1D</bpmn:timeCycle>
</bpmn:timerEventDefinition></bpmn:startEvent>
<bpmn:intermediateCatchEvent id="TimerEmpty">
  <bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="Msg">
  <bpmn:messageEventDefinition messageRef="tns:Message_1"/></bpmn:intermediateCatchEvent>
<bpmn:intermediateThrowEvent id="Sig">
  <bpmn:signalEventDefinition signalRef="Signal_1"/></bpmn:intermediateThrowEvent>
<bpmn:endEvent id="Err">
  <bpmn:errorEventDefinition errorRef="Error_1"/></bpmn:endEvent>
<bpmn:endEvent id="Esc">
  <bpmn:escalationEventDefinition escalationRef="Escalation_1"/></bpmn:endEvent>
<bpmn:intermediateCatchEvent id="Cond">
  <bpmn:conditionalEventDefinition>
  <bpmn:condition xsi:type="bpmn:tFormalExpression">amount &gt; 1000</bpmn:condition>
</bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:intermediateThrowEvent id="LinkOut">
  <bpmn:linkEventDefinition name="toB"/></bpmn:intermediateThrowEvent>
<bpmn:intermediateCatchEvent id="LinkIn">
  <bpmn:linkEventDefinition name="toB"/></bpmn:intermediateCatchEvent>
<bpmn:endEvent id="Term">
  <bpmn:terminateEventDefinition/></bpmn:endEvent>
<bpmn:endEvent id="Comp">
  <bpmn:compensateEventDefinition/></bpmn:endEvent>
<bpmn:startEvent id="Multi">
  <bpmn:messageEventDefinition/><bpmn:signalEventDefinition/></bpmn:startEvent>
<bpmn:startEvent id="ByRef">
  <bpmn:eventDefinitionRef>tns:Shared_Timer</bpmn:eventDefinitionRef></bpmn:startEvent>
<bpmn:endEvent id="None"/>
"""


@pytest.fixture(scope="module")
def events() -> Definitions:
    return loads(process(EVENTS))


@pytest.mark.parametrize(
    ("node_id", "timer_type", "expression"),
    [
        ("TimerDate", "timeDate", "2025-04-01T09:00:00+09:00"),
        ("TimerDuration", "timeDuration", "P14D"),
        ("TimerCycle", "timeCycle", "R6/P1D"),
        ("TimerEmpty", None, None),
    ],
)
def test_timer_definitions_keep_type_and_expression_text(
    events: Definitions, node_id: str, timer_type: str | None, expression: str | None
) -> None:
    (definition,) = _node(events, node_id).event_definitions
    assert definition.kind == "timer"
    assert definition.timer_type == timer_type
    assert definition.expression == expression


def test_timer_definition_id_and_line(events: Definitions) -> None:
    (definition,) = _node(events, "TimerDate").event_definitions
    assert definition.id == "TD"
    assert definition.line == _line_of(process(EVENTS), 'id="TD"')


@pytest.mark.parametrize(
    ("node_id", "kind", "ref"),
    [
        ("Msg", "message", "Message_1"),  # QName prefix dropped
        ("Sig", "signal", "Signal_1"),
        ("Err", "error", "Error_1"),
        ("Esc", "escalation", "Escalation_1"),
        ("Term", "terminate", None),
        ("Comp", "compensate", None),
        ("ByRef", "ref", "Shared_Timer"),
    ],
)
def test_event_definition_kinds_and_refs(
    events: Definitions, node_id: str, kind: str, ref: str | None
) -> None:
    (definition,) = _node(events, node_id).event_definitions
    assert definition.kind == kind
    assert definition.ref == ref


def test_conditional_link_multiple_and_none(events: Definitions) -> None:
    (cond,) = _node(events, "Cond").event_definitions
    assert cond.kind == "conditional"
    assert cond.expression is not None
    assert cond.expression.strip() == "amount > 1000"
    for node_id in ("LinkOut", "LinkIn"):
        (link,) = _node(events, node_id).event_definitions
        assert (link.kind, link.link_name) == ("link", "toB")
    assert [d.kind for d in _node(events, "Multi").event_definitions] == ["message", "signal"]
    assert _node(events, "None").event_definitions == []


def test_boundary_events_attached_to_and_cancel_activity() -> None:
    defs = loads(
        process(
            '<bpmn:userTask id="Review"/>'
            '<bpmn:boundaryEvent id="Late" attachedToRef="Review" cancelActivity="false">'
            "<bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration>"
            "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
            '<bpmn:boundaryEvent id="Fail" attachedToRef="tns:Review">'
            '<bpmn:errorEventDefinition errorRef="E"/></bpmn:boundaryEvent>'
        )
    )
    late = _node(defs, "Late")
    assert late.attached_to == "Review"
    assert late.cancel_activity is False
    fail = _node(defs, "Fail")
    assert fail.attached_to == "Review"
    assert fail.cancel_activity is True  # the BPMN default
    assert _node(defs, "Review").attached_to is None


# --- gateways and flows ------------------------------------------------------------------


GATEWAYS = """
<bpmn:startEvent id="Start"/>
<bpmn:exclusiveGateway id="Xor" name="OK?" default="F_no" gatewayDirection="Diverging"/>
<bpmn:task id="Yes"/>
<bpmn:task id="No"/>
<bpmn:eventBasedGateway id="Ebg" instantiate="true" eventGatewayType="Exclusive"/>
<bpmn:inclusiveGateway id="Or" default="F_or"/>
<bpmn:sequenceFlow id="F_start" sourceRef="Start" targetRef="Xor"/>
<bpmn:sequenceFlow id="F_yes" name="はい" sourceRef="Xor" targetRef="Yes">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="python"
    >approved == True</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="F_no" sourceRef="Xor" targetRef="No"/>
<bpmn:sequenceFlow id="F_loop" sourceRef="No" targetRef="Xor">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${retry}</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="F_or" sourceRef="Or" targetRef="Yes"/>
<bpmn:sequenceFlow id="F_dangling" sourceRef="Yes" targetRef="Nowhere"/>
"""


@pytest.fixture(scope="module")
def gateways() -> Definitions:
    return loads(process(GATEWAYS))


def test_gateway_defaults_and_attributes(gateways: Definitions) -> None:
    xor = _node(gateways, "Xor")
    assert xor.default_flow == "F_no"
    assert xor.gateway_direction == "Diverging"
    assert xor.incoming == ["F_start", "F_loop"]
    assert xor.outgoing == ["F_yes", "F_no"]
    assert _node(gateways, "Or").default_flow == "F_or"
    ebg = _node(gateways, "Ebg")
    assert ebg.instantiate is True
    assert ebg.event_gateway_type == "Exclusive"


def test_sequence_flow_conditions_with_language(gateways: Definitions) -> None:
    flows = gateways.processes["Process_1"].flows
    assert flows["F_yes"].name == "はい"
    assert flows["F_yes"].condition == "approved == True"
    assert flows["F_yes"].condition_language == "python"
    assert flows["F_loop"].condition == "${retry}"
    assert flows["F_loop"].condition_language is None
    assert flows["F_no"].condition is None
    assert (flows["F_no"].source_id, flows["F_no"].target_id) == ("Xor", "No")


def test_dangling_flow_is_kept_for_validation(gateways: Definitions) -> None:
    flow = gateways.processes["Process_1"].flows["F_dangling"]
    assert flow.target_id == "Nowhere"
    assert "F_dangling" in _node(gateways, "Yes").outgoing


def test_declared_incoming_outgoing_children_are_kept_apart() -> None:
    defs = loads(
        process(
            '<bpmn:task id="A"><bpmn:outgoing>F1</bpmn:outgoing>'
            "<bpmn:outgoing> Ghost </bpmn:outgoing></bpmn:task>"
            '<bpmn:task id="B"><bpmn:incoming>F1</bpmn:incoming></bpmn:task>'
            '<bpmn:sequenceFlow id="F1" sourceRef="A" targetRef="B"/>'
        )
    )
    a = _node(defs, "A")
    assert a.declared_outgoing == ["F1", "Ghost"]
    assert a.outgoing == ["F1"]
    assert _node(defs, "B").declared_incoming == ["F1"]


def test_multi_instance_and_standard_loops() -> None:
    defs = loads(
        process(
            '<bpmn:userTask id="Each"><bpmn:multiInstanceLoopCharacteristics isSequential="true">'
            "<bpmn:loopCardinality>3</bpmn:loopCardinality>"
            "<bpmn:loopDataInputRef>applicants</bpmn:loopDataInputRef>"
            '<bpmn:inputDataItem id="item_in" name="applicant"/>'
            "<bpmn:completionCondition>done</bpmn:completionCondition>"
            "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>"
            '<bpmn:task id="Par"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>'
            '<bpmn:task id="Again"><bpmn:standardLoopCharacteristics>'
            "<bpmn:loopCondition>not ok</bpmn:loopCondition>"
            "</bpmn:standardLoopCharacteristics></bpmn:task>"
            '<bpmn:task id="Once"/>'
        )
    )
    each = _node(defs, "Each").loop
    assert each is not None
    assert (each.kind, each.sequential) == ("multi-instance", True)
    assert each.cardinality == "3"
    assert each.collection == "applicants"
    assert each.element_variable == "applicant"
    assert each.completion_condition == "done"
    par = _node(defs, "Par").loop
    assert par is not None
    assert (par.kind, par.sequential, par.cardinality) == ("multi-instance", False, None)
    again = _node(defs, "Again").loop
    assert again is not None
    assert (again.kind, again.loop_condition) == ("standard", "not ok")
    assert _node(defs, "Once").loop is None


# --- collaboration, pools, lanes ---------------------------------------------------------


LANES = """
<bpmn:laneSet id="LS">
  <bpmn:lane id="Office" name="窓口" bpr:actor="staff">
    <bpmn:flowNodeRef>Receive</bpmn:flowNodeRef>
    <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
    <bpmn:flowNodeRef>SP</bpmn:flowNodeRef>
    <bpmn:childLaneSet id="CLS">
      <bpmn:lane id="Chief" name="課長">
        <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:childLaneSet>
  </bpmn:lane>
  <bpmn:lane id="Resident" name="住民" bpr:actor="resident">
    <bpmn:flowNodeRef>Apply</bpmn:flowNodeRef>
    <bpmn:flowNodeRef>Listed</bpmn:flowNodeRef>
  </bpmn:lane>
  <bpmn:lane id="Vendor">
    <bpmn:extensionElements><camunda:properties>
      <camunda:property name="bpr:actor" value="external"/>
    </camunda:properties></bpmn:extensionElements>
    <bpmn:flowNodeRef>Deliver</bpmn:flowNodeRef>
  </bpmn:lane>
</bpmn:laneSet>
<bpmn:task id="Apply"/>
<bpmn:task id="Receive"/>
<bpmn:task id="Check"/>
<bpmn:task id="Deliver"/>
<bpmn:subProcess id="SP">
  <bpmn:task id="Inherits"/>
  <bpmn:task id="Listed"/>
  <bpmn:subProcess id="InnerSP"><bpmn:task id="DeepInherits"/></bpmn:subProcess>
</bpmn:subProcess>
"""


@pytest.fixture(scope="module")
def lanes() -> Definitions:
    body = (
        collaboration(
            participant("Pool_City", "Process_1", name="区役所"),
            participant("Pool_Resident", "Process_2", name="住民", attrs='bpr:actor="resident"'),
            participant("Pool_Plain", "tns:Process_3"),
            body='<bpmn:messageFlow id="MF" name="申請書" sourceRef="Apply2" '
            'targetRef="Receive" messageRef="tns:Message_1"/>',
        )
        + f'<bpmn:process id="Process_1" isExecutable="false">{LANES}</bpmn:process>'
        + '<bpmn:process id="Process_2" isExecutable="false">'
        '<bpmn:task id="Apply2"/></bpmn:process>'
        + '<bpmn:process id="Process_3"><bpmn:task id="Plain"/></bpmn:process>'
        + '<bpmn:message id="Message_1" name="申請"/>'
    )
    return loads(definitions(body))


def test_participants_and_message_flows(lanes: Definitions) -> None:
    (collab,) = lanes.collaborations
    assert collab.id == "Collab_1"
    assert [(p.id, p.name, p.process_ref) for p in collab.participants] == [
        ("Pool_City", "区役所", "Process_1"),
        ("Pool_Resident", "住民", "Process_2"),
        ("Pool_Plain", None, "Process_3"),  # "tns:" dropped
    ]
    (flow,) = lanes.message_flows()
    assert (flow.id, flow.name, flow.source_id, flow.target_id) == (
        "MF",
        "申請書",
        "Apply2",
        "Receive",
    )
    assert flow.message_ref == "Message_1"
    assert lanes.root_elements["Message_1"].kind == "message"
    assert lanes.processes["Process_3"].is_executable is None
    assert lanes.processes["Process_1"].is_executable is False
    participant_3 = lanes.participant_for("Process_3")
    assert participant_3 is not None
    assert participant_3.id == "Pool_Plain"


def test_nested_lanes_are_a_tree(lanes: Definitions) -> None:
    proc = lanes.processes["Process_1"]
    assert proc.lane_set_ids == ["LS"]
    assert [lane.id for lane in proc.lanes] == ["Office", "Resident", "Vendor"]
    assert [lane.id for lane in proc.all_lanes()] == ["Office", "Chief", "Resident", "Vendor"]
    chief = proc.lanes[0].lanes[0]
    assert (chief.id, chief.name, chief.parent_id) == ("Chief", "課長", "Office")
    assert proc.lanes[2].label == "Vendor"


@pytest.mark.parametrize(
    ("node_id", "lane_id"),
    [
        ("Receive", "Office"),
        ("Check", "Chief"),  # listed by both: the innermost lane wins
        ("Apply", "Resident"),
        ("Deliver", "Vendor"),
        ("SP", "Office"),
        ("Inherits", "Office"),  # inside SP, not listed: the sub-process's lane
        ("DeepInherits", "Office"),  # two levels down
        ("Listed", "Resident"),  # inside SP but listed itself
    ],
)
def test_lane_of_each_node(lanes: Definitions, node_id: str, lane_id: str) -> None:
    node = _node(lanes, node_id)
    assert node.lane_id == lane_id
    lane = lanes.lane_of(node)
    assert lane is not None
    assert lane.id == lane_id


@pytest.mark.parametrize(
    ("node_id", "actor"),
    [
        ("Receive", "staff"),  # lane says staff
        ("Check", "staff"),  # lane without bpr:actor: default staff, not the parent's
        ("Apply", "resident"),
        ("Deliver", "external"),  # from a camunda property
        ("Inherits", "staff"),
        ("Listed", "resident"),
        ("Apply2", "resident"),  # no lanes: the participant's bpr:actor
        ("Plain", "staff"),  # no lanes, participant without actor
    ],
)
def test_actor_of_follows_the_contract(lanes: Definitions, node_id: str, actor: str) -> None:
    assert lanes.actor_of(_node(lanes, node_id)) == actor


def test_actor_without_collaboration_is_staff() -> None:
    defs = loads(process('<bpmn:task id="T"/>'))
    assert defs.actor_of(_node(defs, "T")) == "staff"
    assert defs.lane_of(_node(defs, "T")) is None


def test_node_in_no_lane_of_a_laned_pool_gets_the_pool_actor() -> None:
    body = collaboration(participant("Pool", "Process_1", attrs='bpr:actor="system"')) + (
        '<bpmn:process id="Process_1"><bpmn:laneSet><bpmn:lane id="L" bpr:actor="resident">'
        "<bpmn:flowNodeRef>In</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
        '<bpmn:task id="In"/><bpmn:task id="Out"/></bpmn:process>'
    )
    defs = loads(definitions(body))
    assert defs.actor_of(_node(defs, "In")) == "resident"
    assert defs.actor_of(_node(defs, "Out")) == "system"


# --- data and artifacts ------------------------------------------------------------------


DATA = """
<bpmn:dataObject id="DO_Form" name="申請書" isCollection="true"/>
<bpmn:dataObjectReference id="DOR_Form" name="申請書（控）" dataObjectRef="DO_Form"/>
<bpmn:dataStoreReference id="DSR" name="住民記録" dataStoreRef="tns:DS_Registry"/>
<bpmn:task id="Enter">
  <bpmn:dataInputAssociation id="DIA">
    <bpmn:sourceRef>DOR_Form</bpmn:sourceRef>
    <bpmn:targetRef>Enter_in</bpmn:targetRef>
  </bpmn:dataInputAssociation>
  <bpmn:dataOutputAssociation id="DOA">
    <bpmn:targetRef>DSR</bpmn:targetRef>
  </bpmn:dataOutputAssociation>
</bpmn:task>
<bpmn:textAnnotation id="Note"><bpmn:text>押印が必要</bpmn:text></bpmn:textAnnotation>
<bpmn:association id="Assoc" sourceRef="Enter" targetRef="Note" associationDirection="None"/>
<bpmn:group id="Grp" categoryValueRef="tns:CV_1"/>
"""


@pytest.fixture(scope="module")
def data() -> Definitions:
    body = (
        '<bpmn:dataStore id="DS_Registry" name="住民基本台帳"/>'
        f'<bpmn:process id="Process_1">{DATA}</bpmn:process>'
        + collaboration(
            participant("P", "Process_1"),
            body='<bpmn:textAnnotation id="CNote"><bpmn:text>共通</bpmn:text></bpmn:textAnnotation>'
            '<bpmn:association id="CAssoc" sourceRef="P" targetRef="CNote"/>'
            '<bpmn:group id="CGroup"/>',
        )
    )
    return loads(definitions(body))


def test_data_objects_stores_and_references(data: Definitions) -> None:
    items = data.processes["Process_1"].data
    assert items["DO_Form"].kind == "dataObject"
    assert items["DO_Form"].is_collection is True
    assert items["DOR_Form"].kind == "dataObjectReference"
    assert items["DOR_Form"].ref == "DO_Form"
    assert items["DSR"].kind == "dataStoreReference"
    assert items["DSR"].ref == "DS_Registry"
    assert items["DSR"].name == "住民記録"
    store = data.root_elements["DS_Registry"]
    assert (store.kind, store.name) == ("dataStore", "住民基本台帳")


def test_data_associations(data: Definitions) -> None:
    inputs, outputs = data.processes["Process_1"].data_associations
    assert (inputs.id, inputs.direction, inputs.activity_id) == ("DIA", "input", "Enter")
    assert inputs.source_ids == ("DOR_Form",)
    assert inputs.target_id == "Enter_in"
    assert (outputs.direction, outputs.source_ids, outputs.target_id) == ("output", (), "DSR")


def test_annotations_associations_groups(data: Definitions) -> None:
    proc = data.processes["Process_1"]
    (note,) = proc.annotations
    assert (note.id, note.text, note.process_id) == ("Note", "押印が必要", "Process_1")
    (assoc,) = proc.associations
    assert (assoc.source_id, assoc.target_id, assoc.direction) == ("Enter", "Note", "None")
    (group,) = proc.groups
    assert group.category_value_ref == "CV_1"
    (collab,) = data.collaborations
    assert [a.text for a in collab.annotations] == ["共通"]
    assert [(a.source_id, a.target_id, a.process_id) for a in collab.associations] == [
        ("P", "CNote", None)
    ]
    assert [g.id for g in collab.groups] == ["CGroup"]


def test_io_specification_inputs_are_data(data: Definitions) -> None:
    defs = loads(
        process(
            '<bpmn:ioSpecification><bpmn:dataInput id="In_1" name="申請内容"/>'
            '<bpmn:dataOutput id="Out_1"/><bpmn:inputSet/><bpmn:outputSet/>'
            "</bpmn:ioSpecification>"
        )
    )
    items = defs.processes["Process_1"].data
    assert (items["In_1"].kind, items["In_1"].name) == ("dataInput", "申請内容")
    assert items["Out_1"].kind == "dataOutput"


def test_task_io_specification_records_what_its_sets_require() -> None:
    defs = loads(
        process(
            '<bpmn:scriptTask id="Calc"><bpmn:ioSpecification>'
            '<bpmn:dataInput id="In_1" name="申請内容"/><bpmn:dataInput id="In_2"/>'
            '<bpmn:dataInput id="Unlisted"/><bpmn:dataOutput id="Out_1"/>'
            "<bpmn:inputSet><bpmn:dataInputRefs>In_2</bpmn:dataInputRefs>"
            "<bpmn:dataInputRefs>In_1</bpmn:dataInputRefs>"
            "<bpmn:dataInputRefs>Ghost</bpmn:dataInputRefs></bpmn:inputSet>"
            "<bpmn:inputSet><bpmn:dataInputRefs>In_1</bpmn:dataInputRefs></bpmn:inputSet>"
            "<bpmn:outputSet><bpmn:dataOutputRefs> Out_1 </bpmn:dataOutputRefs></bpmn:outputSet>"
            "</bpmn:ioSpecification></bpmn:scriptTask>"
            '<bpmn:task id="Plain"/>'
            '<bpmn:task id="Empty"><bpmn:ioSpecification><bpmn:dataInput id="In_3"/>'
            "<bpmn:inputSet/><bpmn:outputSet/></bpmn:ioSpecification></bpmn:task>"
        )
    )
    calc = _node(defs, "Calc")
    # Listed by a set and declared in this ioSpecification; each once, in the sets' order.
    assert calc.io_inputs == ["In_2", "In_1"]
    assert calc.io_outputs == ["Out_1"]
    assert (_node(defs, "Plain").io_inputs, _node(defs, "Plain").io_outputs) == ([], [])
    assert (_node(defs, "Empty").io_inputs, _node(defs, "Empty").io_outputs) == ([], [])
    # A task's own data inputs are not process data (those of the process are).
    assert "In_1" not in defs.processes["Process_1"].data


def test_sub_process_io_specification_is_its_own() -> None:
    defs = loads(
        process(
            '<bpmn:subProcess id="Sub"><bpmn:ioSpecification><bpmn:dataOutput id="Result"/>'
            "<bpmn:inputSet/><bpmn:outputSet><bpmn:dataOutputRefs>Result</bpmn:dataOutputRefs>"
            '</bpmn:outputSet></bpmn:ioSpecification><bpmn:task id="In"/></bpmn:subProcess>'
        )
    )
    sub = _node(defs, "Sub")
    assert (sub.io_inputs, sub.io_outputs) == ([], ["Result"])
    assert _node(defs, "In").io_outputs == []


def test_ad_hoc_completion_condition() -> None:
    defs = loads(
        process(
            '<bpmn:adHocSubProcess id="Docs"><bpmn:task id="A"/>'
            "<bpmn:completionCondition>\n  a_done and b_done\n</bpmn:completionCondition>"
            "</bpmn:adHocSubProcess>"
            '<bpmn:adHocSubProcess id="Open"><bpmn:task id="B"/></bpmn:adHocSubProcess>'
            '<bpmn:adHocSubProcess id="Blank">'
            "<bpmn:completionCondition> </bpmn:completionCondition></bpmn:adHocSubProcess>"
            '<bpmn:userTask id="Each"><bpmn:multiInstanceLoopCharacteristics>'
            "<bpmn:completionCondition>done</bpmn:completionCondition>"
            "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>"
        )
    )
    assert _node(defs, "Docs").completion_condition == "a_done and b_done"
    assert _node(defs, "Open").completion_condition is None
    assert _node(defs, "Blank").completion_condition is None
    # A multi-instance completion condition belongs to the loop, not to the node.
    each = _node(defs, "Each")
    assert each.completion_condition is None
    assert each.loop is not None
    assert each.loop.completion_condition == "done"


# --- diagrams ----------------------------------------------------------------------------


def test_several_diagrams_with_shapes_edges_labels() -> None:
    body = (
        collaboration(participant("Pool", "Process_1", name="区"))
        + '<bpmn:process id="Process_1"><bpmn:task id="T"/><bpmn:subProcess id="SP"/>'
        '<bpmn:sequenceFlow id="F" sourceRef="T" targetRef="SP"/></bpmn:process>'
        + diagram(
            "Collab_1",
            shape("Pool", 0, 0, 800, 250, attrs='isHorizontal="true"'),
            shape("T", 100, 80, 100, 80),
            shape("SP", 300, 60, 350, 200, attrs='isExpanded="true"'),
            '<bpmndi:BPMNEdge id="F_di" bpmnElement="F"><di:waypoint x="200" y="120"/>'
            '<di:waypoint x="300.5" y="120"/><bpmndi:BPMNLabel>'
            '<dc:Bounds x="230" y="100" width="40" height="14"/></bpmndi:BPMNLabel>'
            "</bpmndi:BPMNEdge>",
            name="全体",
        )
        + diagram(
            "SP",
            '<bpmndi:BPMNShape id="T2_di" bpmnElement="T" isMarkerVisible="true">'
            '<dc:Bounds x="1" y="2" width="3" height="4"/><bpmndi:BPMNLabel>'
            '<dc:Bounds x="5" y="6" width="7" height="8"/></bpmndi:BPMNLabel></bpmndi:BPMNShape>',
            shape("SP", 0, 0, 10, 10, attrs='isExpanded="false"'),
            '<bpmndi:BPMNShape id="NoBounds_di" bpmnElement="F"/>',
            diagram_id="Diagram_2",
        )
    )
    data = definitions(body)
    defs = loads(data)
    first, second = defs.diagrams
    assert (first.id, first.name, first.plane_element_id) == ("Diagram_1", "全体", "Collab_1")
    assert set(first.shapes) == {"Pool", "T", "SP"}
    assert first.shapes["Pool"].is_horizontal is True
    assert first.shapes["T"].is_horizontal is None
    assert first.shapes["T"].bounds == Bounds(100, 80, 100, 80)
    assert first.shapes["T"].bounds.center == Point(150, 120)
    assert first.shapes["SP"].is_expanded is True
    assert first.shapes["T"].line == _line_of(data, 'id="T_di"')
    flow_edge = first.edges["F"]
    assert flow_edge.waypoints == (Point(200, 120), Point(300.5, 120))
    assert flow_edge.label_bounds == Bounds(230, 100, 40, 14)
    assert flow_edge.id == "F_di"
    assert (second.id, second.plane_element_id) == ("Diagram_2", "SP")
    assert second.shapes["SP"].is_expanded is False
    assert second.shapes["T"].label_bounds == Bounds(5, 6, 7, 8)
    assert second.shapes["T"].is_marker_visible is True
    assert "F" not in second.shapes  # a shape without bounds cannot be drawn


def test_di_references_may_be_qnames() -> None:
    body = '<bpmn:process id="Process_1"><bpmn:task id="T"/></bpmn:process>' + diagram(
        "tns:Process_1", shape("tns:T", 0, 0, 1, 1), edge("tns:F", (0, 0), (1, 1))
    )
    (diag,) = loads(definitions(body)).diagrams
    assert diag.plane_element_id == "Process_1"
    assert set(diag.shapes) == {"T"}
    assert set(diag.edges) == {"F"}


# --- ids, lines, definitions -------------------------------------------------------------


def test_definitions_attributes_and_namespaces() -> None:
    data = definitions("").replace(
        b'id="Definitions_1"',
        b'id="Definitions_1" name="N" exporter="Camunda Modeler" exporterVersion="5.20.0"',
    )
    defs = loads(data, name="x.bpmn")
    assert defs.source == "x.bpmn"
    assert (defs.id, defs.name) == ("Definitions_1", "N")
    assert (defs.exporter, defs.exporter_version) == ("Camunda Modeler", "5.20.0")
    assert defs.target_namespace == "http://example.org/machiflow-tests"
    assert defs.namespaces["bpr"] == "urn:machiflow:bpr:1"
    assert defs.line == 2


def test_line_numbers_of_elements() -> None:
    data = process(GATEWAYS)
    defs = loads(data)
    proc = defs.processes["Process_1"]
    assert proc.line == _line_of(data, "<bpmn:process ")
    assert _node(defs, "Xor").line == _line_of(data, 'id="Xor"')
    assert proc.flows["F_loop"].line == _line_of(data, 'id="F_loop"')
    assert defs.ids["F_yes"].line == _line_of(data, 'id="F_yes"')
    assert defs.ids["F_yes"].tag == "bpmn:sequenceFlow"


def test_duplicate_ids_are_recorded_and_first_wins() -> None:
    data = process(
        '<bpmn:task id="Same" name="first"/>\n'
        '<bpmn:userTask id="Same" name="second"/>\n'
        '<bpmn:sequenceFlow id="Same" sourceRef="Same" targetRef="Same"/>'
    )
    defs = loads(data)
    assert _node(defs, "Same").name == "first"
    assert defs.ids["Same"].tag == "bpmn:task"
    assert [(r.id, r.tag) for r in defs.duplicate_ids] == [
        ("Same", "bpmn:userTask"),
        ("Same", "bpmn:sequenceFlow"),
    ]
    assert [r.line for r in defs.duplicate_ids] == [
        _line_of(data, "<bpmn:userTask"),
        _line_of(data, "<bpmn:sequenceFlow"),
    ]


def test_ids_inside_vendor_extensions_are_not_bpmn_ids() -> None:
    # ADONIS (MIWG C.8.0) repeats the process id on an element of its own inside
    # extensionElements; that is not a second declaration of the BPMN id.
    data = process(
        '<bpmn:extensionElements><x:target xmlns:x="urn:vendor" id="Process_1"/>'
        "</bpmn:extensionElements>"
        '<bpmn:task id="T"/>'
    )
    defs = loads(data)
    assert defs.duplicate_ids == []
    assert defs.ids["Process_1"].tag == "bpmn:process"


def test_documentation_and_root_elements() -> None:
    defs = loads(
        definitions(
            '<bpmn:signal id="Signal_1" name="転入"/><bpmn:error id="Error_1" errorCode="E1"/>'
            '<bpmn:process id="Process_1"><bpmn:documentation>手続の説明</bpmn:documentation>'
            '<bpmn:task id="T"><bpmn:documentation>確認する</bpmn:documentation></bpmn:task>'
            "</bpmn:process>"
        )
    )
    assert defs.root_elements["Signal_1"].kind == "signal"
    assert defs.root_elements["Error_1"].attributes["errorCode"] == "E1"
    assert defs.processes["Process_1"].documentation == "手続の説明"
    assert _node(defs, "T").documentation == "確認する"


# --- extensions --------------------------------------------------------------------------


def test_extension_properties_of_each_vendor_and_tags() -> None:
    defs = loads(
        process(
            '<bpmn:userTask id="Cam" camunda:assignee="clerk"><bpmn:extensionElements>'
            '<camunda:properties><camunda:property name="owner" value="住民課"/>'
            "</camunda:properties>"
            '<camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter>'
            "</camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>"
            '<bpmn:serviceTask id="Zee"><bpmn:extensionElements>'
            '<zeebe:taskDefinition type="mail"/>'
            '<zeebe:properties><zeebe:property name="owner" value="情報課"/></zeebe:properties>'
            "</bpmn:extensionElements></bpmn:serviceTask>"
            '<bpmn:task id="Spiff"><bpmn:extensionElements>'
            '<spiffworkflow:properties><spiffworkflow:property name="owner" value="総務課"/>'
            "</spiffworkflow:properties>"
            "<spiffworkflow:instructionsForEndUser>書類を確認</spiffworkflow:instructionsForEndUser>"
            '<sig:signavioMetaData xmlns:sig="http://www.signavio.com" metaKey="k"/>'
            '<o:other xmlns:o="urn:other"/>'
            "</bpmn:extensionElements></bpmn:task>"
            '<bpmn:task id="Bare"/>'
        )
    )
    cam = _node(defs, "Cam")
    assert cam.extensions.properties == {"owner": "住民課"}
    assert {"camunda:properties", "camunda:property", "camunda:inputParameter"} <= (
        cam.extensions.tags
    )
    assert cam.attributes["{http://camunda.org/schema/1.0/bpmn}assignee"] == "clerk"
    zee = _node(defs, "Zee")
    assert zee.extensions.properties == {"owner": "情報課"}
    assert "zeebe:taskDefinition" in zee.extensions.tags
    spiff = _node(defs, "Spiff")
    assert spiff.extensions.properties == {"owner": "総務課"}
    assert spiff.extensions.texts == {"spiffworkflow:instructionsForEndUser": "書類を確認"}
    assert "signavio:signavioMetaData" in spiff.extensions.tags
    assert "{urn:other}other" in spiff.extensions.tags
    bare = _node(defs, "Bare")
    assert bare.extensions.properties == {}
    assert bare.extensions.tags == frozenset()


def test_camunda_form_fields() -> None:
    data = process(
        '<bpmn:userTask id="Form"><bpmn:extensionElements><camunda:formData>\n'
        '<camunda:formField id="name" label="氏名" type="string" defaultValue="山田">\n'
        "<camunda:validation>"
        '<camunda:constraint name="required"/>'
        '<camunda:constraint name="maxlength" config="40"/>'
        "</camunda:validation></camunda:formField>\n"
        '<camunda:formField id="kind" label="種別" type="enum">'
        '<camunda:value id="new" name="新規"/><camunda:value id="renew" name="更新"/>'
        "</camunda:formField>\n"
        '<camunda:formField id="age"/>\n'
        "</camunda:formData></bpmn:extensionElements></bpmn:userTask>"
    )
    name, kind, age = _node(loads(data), "Form").extensions.form_fields
    assert (name.id, name.label, name.type, name.default) == ("name", "氏名", "string", "山田")
    assert name.required is True
    assert name.constraints == {"maxlength": "40"}
    assert name.enum_values == ()
    assert name.line == _line_of(data, 'id="name"')
    assert kind.type == "enum"
    assert kind.enum_values == (("new", "新規"), ("renew", "更新"))
    assert kind.required is False
    assert (age.type, age.label, age.default, age.constraints) == ("string", None, None, {})


def test_bpr_annotations_reach_every_element_kind(lanes: Definitions) -> None:
    body = (
        collaboration(participant("Pool", "Process_1", attrs='bpr:actor="resident"'))
        + '<bpmn:process id="Process_1" bpr:procedure="gakudo-admission" bpr:variant="to-be">'
        '<bpmn:laneSet><bpmn:lane id="L" bpr:actor="system"/></bpmn:laneSet>'
        '<bpmn:task id="T" bpr:duration="PT9M" bpr:paper="2"/>'
        '<bpmn:sequenceFlow id="F" sourceRef="T" targetRef="T" bpr:probability="0.25"/>'
        "</bpmn:process>"
    )
    defs = loads(definitions(body))
    proc = defs.processes["Process_1"]
    assert (proc.bpr.procedure, proc.bpr.variant) == ("gakudo-admission", "to-be")
    assert proc.lanes[0].bpr.actor == "system"
    assert (proc.nodes["T"].bpr.duration, proc.nodes["T"].bpr.paper) == (540.0, 2)
    assert proc.flows["F"].bpr.probability == 0.25
    assert defs.participants()[0].bpr.actor == "resident"


def test_lines_of_scripts_conditions_and_timer_values() -> None:
    body = (
        '<bpmn:scriptTask id="S">\n<bpmn:script>x = 1</bpmn:script>\n</bpmn:scriptTask>\n'
        '<bpmn:task id="T"/>\n'
        '<bpmn:sequenceFlow id="F" sourceRef="S" targetRef="T">\n'
        "<bpmn:conditionExpression>x == 1</bpmn:conditionExpression>\n</bpmn:sequenceFlow>\n"
        '<bpmn:sequenceFlow id="Plain" sourceRef="T" targetRef="S"/>\n'
        '<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:timerEventDefinition>\n'
        "<bpmn:timeCycle>R6/P1D</bpmn:timeCycle>\n</bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
        '<bpmn:intermediateCatchEvent id="C"><bpmn:conditionalEventDefinition>\n'
        "<bpmn:condition>ready</bpmn:condition>\n"
        "</bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>"
    )
    data = process(body)
    defs = loads(data)
    flows = defs.processes["Process_1"].flows
    assert _node(defs, "S").script_line == _line_of(data, "<bpmn:script>")
    assert _node(defs, "T").script_line is None
    assert flows["F"].condition_line == _line_of(data, "<bpmn:conditionExpression>")
    assert flows["Plain"].condition_line is None
    (timer,) = _node(defs, "B").event_definitions
    assert timer.expression_line == _line_of(data, "<bpmn:timeCycle>")
    (condition,) = _node(defs, "C").event_definitions
    assert condition.expression_line == _line_of(data, "<bpmn:condition>")
