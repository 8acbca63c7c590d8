"""Real BPMN files written by other tools (../shared/corpus): they all load, and load right.

The per-file facts below were read off the XML by hand, so a reader change that loses
lanes, timers or diagrams fails here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from engine.check import check_file
from engine.messages import CATALOG
from engine.model import Definitions, load
from engine.model.reader import BPMNDI_NS
from tests.conftest import CORPUS, CORPUS_FILES

MIWG_FILES = [f for f in CORPUS_FILES if f.parent.name == "miwg"]
VENDOR = CORPUS / "miwg-vendor-exports"
MIWG = CORPUS / "miwg"

# DI elements without a usable bpmnElement, as found in the files: (file, line).
# C.7.0 (Trisotech export) has a BPMNEdge that names no element at all.
DI_DEFECTS = {"C.7.0.bpmn": [428]}


@cache
def loaded(path: Path) -> Definitions:
    return load(path)


def test_the_corpus_is_there() -> None:
    assert len(CORPUS_FILES) == 27, f"expected the 27 corpus files under {CORPUS}"
    assert len(MIWG_FILES) == 21


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_file_loads_with_a_process_or_collaboration(path: Path) -> None:
    defs = loaded(path)
    assert defs.source == str(path)
    assert defs.processes or defs.collaborations
    assert defs.diagrams, "every corpus file carries DI"
    for process in defs.processes.values():
        for node in process.nodes.values():
            assert node.line > 0
            assert defs.ids[node.id].line == node.line


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_sequence_flows_resolve_and_are_linked(path: Path) -> None:
    defs = loaded(path)
    for process in defs.processes.values():
        for flow in process.flows.values():
            assert flow.source_id in process.nodes, (flow.id, flow.source_id)
            assert flow.target_id in process.nodes, (flow.id, flow.target_id)
            assert flow.id in process.nodes[flow.source_id].outgoing
            assert flow.id in process.nodes[flow.target_id].incoming
        for node in process.nodes.values():
            if node.default_flow is not None:
                assert node.default_flow in node.outgoing, (node.id, node.default_flow)
            if node.attached_to is not None:
                assert node.attached_to in process.nodes, (node.id, node.attached_to)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_di_refers_to_declared_ids(path: Path) -> None:
    defs = loaded(path)
    for diagram in defs.diagrams:
        assert diagram.plane_element_id in defs.ids
        for element_id in [*diagram.shapes, *diagram.edges]:
            assert element_id in defs.ids, element_id
    # In the raw XML, every DI element names an element, but for the known file defects.
    root = etree.parse(str(path)).getroot()
    tags = (f"{{{BPMNDI_NS}}}BPMNShape", f"{{{BPMNDI_NS}}}BPMNEdge")
    unnamed = [e.sourceline for e in root.iter(*tags) if not e.get("bpmnElement")]
    assert unnamed == DI_DEFECTS.get(path.name, [])


@pytest.mark.parametrize("path", MIWG_FILES, ids=lambda p: p.name)
def test_reference_files_have_no_duplicate_ids(path: Path) -> None:
    assert loaded(path).duplicate_ids == []


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_check_file_reports_only_catalogued_findings(path: Path) -> None:
    result = check_file(path)
    assert result.definitions is not None  # every corpus file loads
    for finding in result.findings:
        assert finding.code in CATALOG, finding.code
        assert finding.file == str(path)
        assert finding.severity in {"error", "warning"}
        if finding.element_id is not None:
            assert finding.line is not None, finding
        assert finding.message("ja").strip()
        assert finding.message("en").strip()
    assert result.ok == (not result.errors())


# --- facts read off the XML --------------------------------------------------------------


def test_signavio_c_1_0_pools_and_lanes() -> None:
    defs = loaded(VENDOR / "signavio-C.1.0-export.bpmn")
    assert defs.exporter == "Signavio Process Editor, http://www.signavio.com"
    assert defs.exporter_version == "19.9.0"
    team, engine = defs.processes.values()
    assert team.name == "Team-Assistant"
    assert [(lane.name, len(lane.flow_node_refs)) for lane in team.all_lanes()] == [(None, 11)]
    assert engine.name == "Process Engine - Invoice Receipt"
    assert [(lane.name, len(lane.flow_node_refs)) for lane in engine.all_lanes()] == [
        ("Approver", 2),
        ("Team Assistant", 5),
        ("Accountant", 3),
    ]
    approve = engine.nodes["sid-3D32F965-45BE-4805-8961-8775C07C2C84"]
    assert approve.kind == "userTask"
    lane = defs.lane_of(approve)
    assert lane is not None
    assert lane.name == "Approver"
    assert len(defs.message_flows()) == 5
    assert [p.name for p in defs.participants()] == [
        "Team-Assistant",
        "Process Engine - Invoice Receipt",
    ]
    assert "signavio:signavioMetaData" in approve.extensions.tags


def test_c_9_1_timer_cycle_and_duration() -> None:
    defs = loaded(MIWG / "C.9.1.bpmn")
    daily = defs.node("BoundaryEvent_1")
    week = defs.node("BoundaryEvent_2")
    assert daily is not None
    assert week is not None
    (cycle,) = daily.event_definitions
    assert (cycle.kind, cycle.timer_type, cycle.expression) == ("timer", "timeCycle", "R6/P1D")
    assert daily.attached_to == "ReceiveTask_WaitForDocument"
    assert daily.cancel_activity is False
    (duration,) = week.event_definitions
    assert (duration.timer_type, duration.expression) == ("timeDuration", "P7D")
    assert week.cancel_activity is True
    assert defs.processes["requestDocument_en"].is_executable is True


def test_c_4_0_four_diagrams_one_per_collaboration() -> None:
    defs = loaded(MIWG / "C.4.0.bpmn")
    assert [d.name for d in defs.diagrams] == ["Onboarding employee", "IT", "Payroll", "Facilities"]
    assert [d.plane_element_id for d in defs.diagrams] == [c.id for c in defs.collaborations]
    assert [len(d.shapes) for d in defs.diagrams] == [27, 11, 9, 6]
    loop = next(
        n for n in defs.processes["_da743a6f-d9e5-4fcf-8a96-d2fd5cfb73d4"].nodes.values() if n.loop
    )
    assert (loop.kind, loop.name) == ("manualTask", "Clarify missing points")
    assert loop.loop is not None
    assert loop.loop.kind == "standard"


def test_camunda_c_3_0_second_diagram_is_the_collapsed_sub_process() -> None:
    defs = loaded(VENDOR / "camunda-modeler-C.3.0-export.bpmn")
    assert (defs.exporter, defs.exporter_version) == ("Camunda Modeler", "5.23.0")
    main, drill_down = defs.diagrams
    assert main.name == "Fridge Repair Process (1)"
    assert drill_down.plane_element_id == "Activity_14jt63w"
    assert drill_down.shapes == {}
    sub = defs.node("Activity_14jt63w")
    assert sub is not None
    assert (sub.kind, sub.name) == ("subProcess", "Perform emergency repair")
    assert main.shapes["Activity_14jt63w"].id == "Activity_1u549i5_di"


def test_c_8_0_vendor_extension_ids_are_not_duplicates() -> None:
    defs = loaded(MIWG / "C.8.0.bpmn")
    assert defs.ids["VacationRequestProcess"].tag == "bpmn:process"
    assert defs.ids["VacationRequestProcess"].line == 5
    assert defs.duplicate_ids == []


def test_c_1_0_non_ascii_names_and_activiti_attributes() -> None:
    defs = loaded(MIWG / "C.1.0.bpmn")
    review = defs.node("reviewInvoice")
    assert review is not None
    assert review.name == "Rechnung klären"
    assert review.attributes["{http://activiti.org/bpmn}assignee"] == "demo"
    lane = defs.lane_of(review)
    assert lane is not None
    assert lane.name == "Team Assistant"


def test_iso_8859_1_reference_files_load() -> None:
    defs = loaded(MIWG / "A.1.0.bpmn")
    (process,) = defs.processes.values()
    assert [(n.kind, n.name) for n in process.nodes.values()] == [
        ("startEvent", "Start Event"),
        ("task", "Task 1"),
        ("task", "Task 2"),
        ("task", "Task 3"),
        ("endEvent", "End Event"),
    ]
    assert len(process.flows) == 4


def test_bizagi_b_2_0_roundtrip_processes() -> None:
    defs = loaded(VENDOR / "bizagi-B.2.0-roundtrip.bpmn")
    assert [(p.id, len(p.nodes)) for p in defs.processes.values()] == [
        ("WFP-6-1", 24),
        ("WFP-6-2", 59),
        ("Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450", 8),
        ("WFP-0-", 3),
        ("Id_29b0020b-c1fe-41ee-9de0-b2c8e0c9f8b2", 0),
    ]
