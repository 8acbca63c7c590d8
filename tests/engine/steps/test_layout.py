"""``machiflow layout`` and the swimlane layout: DI for every element, flow left to right,
nodes inside their lane, the rest of the file untouched, and clear refusals."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from engine.check import check_file
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.model import Definitions, loads
from engine.model.elements import Bounds, Point
from engine.steps.di import HasDiagramError, write_di
from engine.steps.layout import Scope, layout, ranks
from tests.conftest import BUNDLED, CORPUS_FILES
from tests.factories import collaboration, definitions, linear, participant

LANED = definitions(
    collaboration(participant("Pool", "P", name="窓口"), body="")
    + """
<bpmn:process id="P" isExecutable="false">
  <bpmn:laneSet id="LS">
    <bpmn:lane id="L_res" name="保護者"><bpmn:flowNodeRef>S</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>Apply</bpmn:flowNodeRef><bpmn:flowNodeRef>Fix</bpmn:flowNodeRef>
    </bpmn:lane>
    <bpmn:lane id="L_staff" name="受付担当"><bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>G</bpmn:flowNodeRef><bpmn:flowNodeRef>Sub</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>E</bpmn:flowNodeRef><bpmn:flowNodeRef>Timer</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>Late</bpmn:flowNodeRef>
    </bpmn:lane>
  </bpmn:laneSet>
  <bpmn:startEvent id="S" name="申請したい"/>
  <bpmn:userTask id="Apply" name="申請する"/>
  <bpmn:userTask id="Check" name="書類を確認する"/>
  <bpmn:exclusiveGateway id="G" name="そろっているか"/>
  <bpmn:userTask id="Fix" name="補正する"/>
  <bpmn:subProcess id="Sub" name="審査する">
    <bpmn:startEvent id="SubS"/><bpmn:task id="SubT" name="点数を付ける"/>
    <bpmn:endEvent id="SubE"/>
    <bpmn:sequenceFlow id="sf1" sourceRef="SubS" targetRef="SubT"/>
    <bpmn:sequenceFlow id="sf2" sourceRef="SubT" targetRef="SubE"/>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="Timer" name="2週間" attachedToRef="Check">
    <bpmn:timerEventDefinition id="TD"><bpmn:timeDuration>P14D</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:endEvent id="Late" name="期限切れ"/>
  <bpmn:endEvent id="E" name="受付完了"/>
  <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Apply"/>
  <bpmn:sequenceFlow id="f2" sourceRef="Apply" targetRef="Check"/>
  <bpmn:sequenceFlow id="f3" sourceRef="Check" targetRef="G"/>
  <bpmn:sequenceFlow id="f4" name="不足" sourceRef="G" targetRef="Fix"/>
  <bpmn:sequenceFlow id="f5" sourceRef="Fix" targetRef="Check"/>
  <bpmn:sequenceFlow id="f6" name="そろっている" sourceRef="G" targetRef="Sub"/>
  <bpmn:sequenceFlow id="f7" sourceRef="Sub" targetRef="E"/>
  <bpmn:sequenceFlow id="f8" sourceRef="Timer" targetRef="Late"/>
</bpmn:process>"""
)


def _laid_out(data: bytes, name: str = "in.bpmn") -> tuple[bytes, Definitions]:
    out = write_di(data, layout(loads(data, name)), file=name, replace=False)
    return out, loads(out, "out.bpmn")


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        outer.x <= inner.x
        and inner.x + inner.width <= outer.x + outer.width
        and outer.y <= inner.y
        and inner.y + inner.height <= outer.y + outer.height
    )


def test_every_element_is_drawn_and_the_file_validates(tmp_path: Path) -> None:
    out, model = _laid_out(LANED)
    path = tmp_path / "out.bpmn"
    path.write_bytes(out)
    result = check_file(str(path))
    assert result.ok
    assert not [f for f in result.findings if f.code == "no-bpmndi"]
    main_plane, sub_plane = model.diagrams
    assert main_plane.plane_element_id == "Collab_1"
    process = model.processes["P"]
    top = {n.id for n in process.top_nodes()}
    assert top | {"Pool", "L_res", "L_staff"} == set(main_plane.shapes)
    assert {f.id for f in process.flows.values() if f.parent_id is None} == set(main_plane.edges)
    # The collapsed sub-process is drawn small, its content on its own plane (drill-down).
    assert main_plane.shapes["Sub"].is_expanded is False
    assert sub_plane.plane_element_id == "Sub"
    assert set(sub_plane.shapes) == {"SubS", "SubT", "SubE"}
    assert set(sub_plane.edges) == {"sf1", "sf2"}


def test_flow_runs_left_to_right_inside_lanes() -> None:
    _out, model = _laid_out(LANED)
    shapes = model.diagrams[0].shapes
    process = model.processes["P"]
    for lane in process.lanes:
        for ref in lane.flow_node_refs:
            assert _inside(shapes[ref].bounds, shapes[lane.id].bounds), ref
        assert _inside(shapes[lane.id].bounds, shapes["Pool"].bounds)
    assert shapes["L_res"].bounds.y < shapes["L_staff"].bounds.y  # lanes in model order
    for flow in process.flows.values():
        if flow.parent_id is None and flow.id != "f5":  # f5 is the loop back
            source = shapes[flow.source_id].bounds
            target = shapes[flow.target_id].bounds
            assert source.center.x <= target.center.x, flow.id
    # The loop's way back goes right to left; both branches of G sit one column on.
    assert shapes["Fix"].bounds.center.x > shapes["Check"].bounds.center.x
    assert shapes["Fix"].bounds.center.x == shapes["Sub"].bounds.center.x
    # The boundary event sits on its host's lower border.
    timer, host = shapes["Timer"].bounds, shapes["Check"].bounds
    assert timer.center.y == host.y + host.height
    assert host.x <= timer.center.x <= host.x + host.width


def test_edges_are_orthogonal_and_touch_their_shapes() -> None:
    _out, model = _laid_out(LANED)
    diagram = model.diagrams[0]
    for edge in diagram.edges.values():
        points = edge.waypoints
        assert len(points) >= 2
        for a, b in itertools.pairwise(points):
            assert a.x == b.x or a.y == b.y, edge.element_id
    flow = model.processes["P"].flows["f2"]
    first, last = diagram.edges["f2"].waypoints[0], diagram.edges["f2"].waypoints[-1]
    source, target = diagram.shapes[flow.source_id].bounds, diagram.shapes[flow.target_id].bounds
    assert _inside(Bounds(first.x, first.y, 0, 0), source)
    assert _inside(Bounds(last.x, last.y, 0, 0), target)
    assert diagram.edges["f4"].label_bounds is not None  # named flows get a label


def test_loops_do_not_push_ranks() -> None:
    model = loads(LANED, "in.bpmn")
    rank = ranks(Scope.of(model.processes["P"], None))
    assert rank["S"] == 0
    assert rank["Apply"] == 1
    assert rank["Check"] == 2
    assert rank["G"] == 3
    assert rank["Fix"] == rank["Sub"] == 4
    assert rank["E"] == 5
    assert rank["Late"] == 3  # after the boundary event's host


def test_the_rest_of_the_file_stays_byte_for_byte() -> None:
    data = linear("受け付ける", "審査する")
    out, _model = _laid_out(data)
    closing = data.rindex(b"</bpmn:definitions>")
    assert out.startswith(data[:closing])
    assert out.endswith(data[closing:])
    assert b"<bpmndi:BPMNDiagram" in out[closing:]


def test_di_namespaces_are_declared_when_the_root_lacks_them() -> None:
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" '
        b'targetNamespace="t">\n  <process id="P"><startEvent id="S"/><endEvent id="E"/>\n'
        b'    <sequenceFlow id="F" sourceRef="S" targetRef="E"/></process>\n</definitions>\n'
    )
    out, model = _laid_out(data)
    assert b'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"' in out
    assert set(model.diagrams[0].shapes) == {"S", "E"}
    assert set(model.diagrams[0].edges) == {"F"}


def test_existing_diagram_is_kept_unless_replaced(tmp_path: Path) -> None:
    once, _model = _laid_out(LANED)
    with pytest.raises(HasDiagramError) as refused:
        write_di(once, layout(loads(once, "x")), file="x.bpmn", replace=False)
    assert refused.value.code == "steps.layout.has-di"
    twice = write_di(once, layout(loads(once, "x")), file="x.bpmn", replace=True)
    assert twice.count(b"<bpmndi:BPMNDiagram ") == 2  # main plane and sub-process plane
    assert twice == once  # the same layout again, the same ids


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_files_laid_out_again_are_still_valid(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    before = check_file(str(path))
    out = write_di(data, layout(loads(data, path.name)), file=path.name, replace=True)
    target = tmp_path / path.name
    target.write_bytes(out)
    after = check_file(str(target))
    # Only diagram findings may change (a sub-process laid out collapsed wants a name;
    # message flows into collapsed sub-processes have no plane to be drawn on).
    same = {"no-bpmndi", "label-required"}
    assert sorted(f.code for f in after.errors()) == sorted(f.code for f in before.errors())
    assert {f.code for f in after.findings} - {f.code for f in before.findings} <= same


def test_command_writes_the_file_and_refuses_di_without_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.bpmn"
    source.write_bytes(LANED)
    target = tmp_path / "out.bpmn"
    with pytest.raises(SystemExit) as done:
        main(["layout", str(source), "-o", str(target), "--lang", "en"])
    assert done.value.code == EXIT_OK
    assert "Wrote" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["layout", str(target), "-o", str(target), "--lang", "en"])
    assert refused.value.code == EXIT_INPUT
    err = capsys.readouterr().err
    assert "--replace" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as broken:
        main(["layout", str(tmp_path / "missing.bpmn"), "-o", str(target)])
    assert broken.value.code == EXIT_INPUT


def _drawing_problems(model: Definitions) -> list[tuple[str, str]]:
    """(flow, what): a line through a shape it does not connect, or not touching its ends."""
    diagram = model.diagrams[0]
    found: list[tuple[str, str]] = []
    for process in model.processes.values():
        for flow in process.flows.values():
            edge = diagram.edges.get(flow.id)
            if edge is None:
                continue
            ends = {flow.source_id, flow.target_id}
            ends |= {
                n.attached_to for n in process.nodes.values() if n.id in ends and n.attached_to
            }
            first, last = edge.waypoints[0], edge.waypoints[-1]
            for point, end in ((first, flow.source_id), (last, flow.target_id)):
                box = diagram.shapes[end].bounds
                grown = Bounds(box.x - 1, box.y - 1, box.width + 2, box.height + 2)
                if not _inside(Bounds(point.x, point.y, 0, 0), grown):
                    found.append((flow.id, "detached"))
            for a, b in itertools.pairwise(edge.waypoints):
                for node_id, shape in diagram.shapes.items():
                    box = shape.bounds
                    if node_id in ends or node_id not in process.nodes:
                        continue
                    if (
                        min(a.x, b.x) < box.x + box.width - 2
                        and max(a.x, b.x) > box.x + 2
                        and min(a.y, b.y) < box.y + box.height - 2
                        and max(a.y, b.y) > box.y + 2
                    ):
                        found.append((flow.id, node_id))
    return found


BUNDLED_MODELS = sorted(BUNDLED.glob("*/*.bpmn"))


@pytest.mark.parametrize(
    "path", [*CORPUS_FILES, *BUNDLED_MODELS], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_no_line_runs_through_a_shape_it_does_not_connect(path: Path) -> None:
    data = path.read_bytes()
    out = write_di(data, layout(loads(data, path.name)), file=path.name, replace=True)
    assert _drawing_problems(loads(out, path.name)) == []


def test_message_flows_run_between_pools_with_their_labels() -> None:
    data = definitions(
        collaboration(
            participant("City", "P", name="市"),
            '<bpmn:participant id="Resident" name="住民"/>',
            body='<bpmn:messageFlow id="M1" name="申請" sourceRef="Resident" targetRef="T"/>',
        )
        + """
<bpmn:process id="P" isExecutable="false">
  <bpmn:startEvent id="S" name="開始"/><bpmn:receiveTask id="T" name="受け付ける"/>
  <bpmn:endEvent id="E" name="終了"/>
  <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
  <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E"/>
</bpmn:process>"""
    )
    _out, model = _laid_out(data)
    shapes = model.diagrams[0].shapes
    assert shapes["Resident"].bounds.y > shapes["City"].bounds.y  # the black box below
    edge = model.diagrams[0].edges["M1"]
    first, last = edge.waypoints[0], edge.waypoints[-1]
    assert first.y == shapes["Resident"].bounds.y  # leaves the pool's top edge
    task = shapes["T"].bounds
    assert last == Point(task.center.x, task.y + task.height)  # into the task from below
    assert edge.label_bounds is not None
