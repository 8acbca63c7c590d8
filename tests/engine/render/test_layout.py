"""Automatic layout with Graphviz: lanes as clusters, then swimlane bands, same shapes as DI."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from engine.messages import render as message
from engine.model import loads
from engine.model.elements import Bounds
from engine.render import GraphvizMissingError, render_svg
from engine.render.layout import compute_layout, run_dot
from tests import factories
from tests.engine.render.samples import japanese
from tests.engine.render.test_corpus import shape_ids

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and inner.x + inner.width <= outer.x + outer.width
        and inner.y + inner.height <= outer.y + outer.height
    )


@needs_dot
def test_lanes_become_clusters_and_then_ordered_bands() -> None:
    definitions = loads(japanese(with_di=False))
    sources: list[str] = []

    def recording(source: str) -> str:
        sources.append(source)
        return run_dot(source)

    diagram = compute_layout(definitions, runner=recording)
    assert sources[0].count("subgraph cluster_") == 1 + 3  # the pool and its three lanes
    process = definitions.processes["Apply"]
    assert set(process.nodes) <= set(diagram.shapes)
    lanes = [diagram.shapes[lane.id].bounds for lane in process.lanes]
    assert [b.y for b in lanes] == sorted(b.y for b in lanes)  # model order, top to bottom
    for lane in process.lanes:
        for node_id in lane.flow_node_refs:
            assert inside(diagram.shapes[node_id].bounds, diagram.shapes[lane.id].bounds)
    assert inside(lanes[0], diagram.shapes["Pool"].bounds)
    for flow_id in process.flows:
        assert len(diagram.edges[flow_id].waypoints) >= 2


@needs_dot
def test_a_model_without_di_draws_a_shape_per_flow_node() -> None:
    definitions = loads(japanese(with_di=False))
    svg = render_svg(definitions)
    expected = {"Pool", "Lane_parent", "Lane_desk", "Lane_review"} | set(
        definitions.processes["Apply"].nodes
    )
    assert set(shape_ids(svg)) == expected
    etree.fromstring(svg.encode("utf-8"))


@needs_dot
def test_process_without_diagram_is_laid_out_even_when_the_file_has_one() -> None:
    second = (
        '<bpmn:process id="Other" isExecutable="false"><bpmn:startEvent id="S2"/>'
        '<bpmn:task id="T2" name="別の手続き"/>'
        '<bpmn:sequenceFlow id="F2" sourceRef="S2" targetRef="T2"/>'
        "</bpmn:process>"
    )
    body = (
        japanese(with_di=True)
        .decode()
        .replace("</bpmn:definitions>", second + "</bpmn:definitions>")
    )
    definitions = loads(body.encode())
    assert set(shape_ids(render_svg(definitions, process_id="Other"))) == {"S2", "T2"}
    assert "Pool" in shape_ids(render_svg(definitions, process_id="Apply"))


@needs_dot
def test_boundary_events_and_sub_processes_are_placed() -> None:
    doc = factories.process(
        '<bpmn:startEvent id="S"/><bpmn:subProcess id="Sub" name="審査">'
        '<bpmn:startEvent id="In"/></bpmn:subProcess>'
        '<bpmn:boundaryEvent id="B" attachedToRef="Sub">'
        "<bpmn:timerEventDefinition/></bpmn:boundaryEvent>"
        '<bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>'
        '<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Sub"/>'
        '<bpmn:sequenceFlow id="F2" sourceRef="Sub" targetRef="E1"/>'
        '<bpmn:sequenceFlow id="F3" sourceRef="B" targetRef="E2"/>'
    )
    diagram = compute_layout(loads(doc))
    assert {"S", "Sub", "B", "E1", "E2"} <= set(diagram.shapes)
    assert "In" not in diagram.shapes  # sub-process content stays collapsed
    assert diagram.shapes["Sub"].is_expanded is False
    host, boundary = diagram.shapes["Sub"].bounds, diagram.shapes["B"].bounds
    assert boundary.center.y == pytest.approx(host.y + host.height)


def test_missing_graphviz_says_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.render.layout.shutil.which", lambda _name: None)
    with pytest.raises(GraphvizMissingError) as caught:
        render_svg(loads(japanese(with_di=False)))
    assert "Graphviz" in caught.value.message("ja")
    assert "インストール" in caught.value.message("ja")
    assert "Install Graphviz" in caught.value.message("en")
    assert message("render.graphviz-missing", "en") == caught.value.message("en")
