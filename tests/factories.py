"""Builders for small BPMN documents in tests: write only the interesting part."""

from __future__ import annotations

import itertools

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
    'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:bpr="urn:machiflow:bpr:1" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
)


def definitions(body: str, *, root_id: str = "Definitions_1") -> bytes:
    """A complete document around ``body`` (processes, collaborations, diagrams)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions {NAMESPACES} id="{root_id}" '
        'targetNamespace="http://example.org/machiflow-tests">\n'
        f"{body}\n"
        "</bpmn:definitions>\n"
    ).encode()


def process(
    body: str, *, process_id: str = "Process_1", executable: bool = False, attrs: str = ""
) -> bytes:
    """A document with one process whose content is ``body``."""
    flag = "true" if executable else "false"
    return definitions(
        f'<bpmn:process id="{process_id}" isExecutable="{flag}" {attrs}>\n{body}\n</bpmn:process>'
    )


def linear(*names: str, executable: bool = False) -> bytes:
    """start -> task(names...) -> end, ids Start, Task_1.., End, flows Flow_1..

    For models that are not run. SpiffWorkflow 3.2.0 uses ``Start`` and ``End`` as names of
    its own tasks, so an executable model must not use those ids: validation reports them
    (engine-reserved-id) and deploy refuses them (runtime.deploy.reserved-id). Build models
    to run with other ids (e.g. StartEvent_1, EndEvent_1).
    """
    ids = ["Start", *[f"Task_{i}" for i in range(1, len(names) + 1)], "End"]
    parts = ['<bpmn:startEvent id="Start"/>']
    parts += [f'<bpmn:task id="Task_{i}" name="{n}"/>' for i, n in enumerate(names, 1)]
    parts.append('<bpmn:endEvent id="End"/>')
    parts += [
        f'<bpmn:sequenceFlow id="Flow_{i}" sourceRef="{a}" targetRef="{b}"/>'
        for i, (a, b) in enumerate(itertools.pairwise(ids), 1)
    ]
    return process("\n".join(parts), executable=executable)


def collaboration(*participants: str, body: str = "", collaboration_id: str = "Collab_1") -> str:
    """A collaboration element around participant elements (see ``participant``)."""
    inner = "\n".join(participants)
    return f'<bpmn:collaboration id="{collaboration_id}">\n{inner}\n{body}\n</bpmn:collaboration>'


def participant(participant_id: str, process_ref: str, *, name: str = "", attrs: str = "") -> str:
    label = f' name="{name}"' if name else ""
    return f'<bpmn:participant id="{participant_id}"{label} processRef="{process_ref}" {attrs}/>'


def shape(element_id: str, x: float, y: float, w: float, h: float, *, attrs: str = "") -> str:
    """A BPMNShape for ``element_id`` (add ``attrs`` such as isHorizontal="true")."""
    return (
        f'<bpmndi:BPMNShape id="{element_id}_di" bpmnElement="{element_id}" {attrs}>'
        f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>'
    )


def edge(element_id: str, *points: tuple[float, float]) -> str:
    """A BPMNEdge for ``element_id`` through ``points``."""
    waypoints = "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in points)
    return (
        f'<bpmndi:BPMNEdge id="{element_id}_di" bpmnElement="{element_id}">'
        f"{waypoints}</bpmndi:BPMNEdge>"
    )


def diagram(plane_element: str, *items: str, diagram_id: str = "Diagram_1", name: str = "") -> str:
    """A BPMNDiagram whose plane shows ``plane_element`` with the given shapes and edges."""
    label = f' name="{name}"' if name else ""
    inner = "\n".join(items)
    return (
        f'<bpmndi:BPMNDiagram id="{diagram_id}"{label}>'
        f'<bpmndi:BPMNPlane id="{diagram_id}_plane" bpmnElement="{plane_element}">\n{inner}\n'
        "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>"
    )
