"""A small Japanese model (保育所の入所申請) with and without diagram coordinates."""

from __future__ import annotations

from tests.factories import definitions

PROCESS = """
<bpmn:collaboration id="Collab">
  <bpmn:participant id="Pool" name="保育所入所申請" processRef="Apply"/>
</bpmn:collaboration>
<bpmn:process id="Apply" name="保育所入所申請" isExecutable="false">
  <bpmn:laneSet id="LaneSet">
    <bpmn:lane id="Lane_parent" name="保護者">
      <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>Fill</bpmn:flowNodeRef>
    </bpmn:lane>
    <bpmn:lane id="Lane_desk" name="受付担当">
      <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>Complete</bpmn:flowNodeRef>
    </bpmn:lane>
    <bpmn:lane id="Lane_review" name="審査担当">
      <bpmn:flowNodeRef>Score</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>End</bpmn:flowNodeRef>
    </bpmn:lane>
  </bpmn:laneSet>
  <bpmn:startEvent id="Start" name="入所を希望"/>
  <bpmn:userTask id="Fill" name="申請書を記入する"/>
  <bpmn:userTask id="Check" name="書類を確認する"/>
  <bpmn:exclusiveGateway id="Complete" name="書類は揃っているか" default="Flow_no"/>
  <bpmn:businessRuleTask id="Score" name="指数を計算する"/>
  <bpmn:endEvent id="End" name="審査完了"/>
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Fill"/>
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Fill" targetRef="Check"/>
  <bpmn:sequenceFlow id="Flow_3" sourceRef="Check" targetRef="Complete"/>
  <bpmn:sequenceFlow id="Flow_yes" name="はい" sourceRef="Complete" targetRef="Score">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">
      ok
    </bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_no" name="いいえ（補正を依頼）"
    sourceRef="Complete" targetRef="Fill"/>
  <bpmn:sequenceFlow id="Flow_4" sourceRef="Score" targetRef="End"/>
</bpmn:process>
"""

_SHAPES = {
    "Pool": (100, 60, 760, 420),
    "Lane_parent": (130, 60, 730, 140),
    "Lane_desk": (130, 200, 730, 140),
    "Lane_review": (130, 340, 730, 140),
    "Start": (182, 112, 36, 36),
    "Fill": (260, 90, 120, 80),
    "Check": (420, 230, 120, 80),
    "Complete": (585, 245, 50, 50),
    "Score": (660, 370, 120, 80),
    "End": (812, 392, 36, 36),
}
_EDGES = {
    "Flow_1": ((218, 130), (260, 130)),
    "Flow_2": ((380, 130), (400, 130), (400, 270), (420, 270)),
    "Flow_3": ((540, 270), (585, 270)),
    "Flow_yes": ((610, 295), (610, 410), (660, 410)),
    "Flow_no": ((610, 245), (610, 130), (380, 130)),
    "Flow_4": ((780, 410), (812, 410)),
}


def _di() -> str:
    parts = ['<bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Collab">']
    for element, (x, y, w, h) in _SHAPES.items():
        horizontal = ' isHorizontal="true"' if element.startswith(("Pool", "Lane")) else ""
        parts.append(
            f'<bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}"{horizontal}>'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>'
        )
    for element, points in _EDGES.items():
        waypoints = "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in points)
        parts.append(
            f'<bpmndi:BPMNEdge id="{element}_di" bpmnElement="{element}">'
            f"{waypoints}</bpmndi:BPMNEdge>"
        )
    parts.append("</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>")
    return "".join(parts)


def japanese(*, with_di: bool) -> bytes:
    """The sample document, with its diagram or without any DI."""
    return definitions(PROCESS + (_di() if with_di else ""))
