"""The public API: highlight classes, choosing diagrams and processes, escaping, errors."""

from __future__ import annotations

import pytest
from lxml import etree

import engine.render
from engine.errors import UsageError
from engine.model import loads
from engine.render import render_svg
from tests import factories
from tests.engine.render.samples import japanese
from tests.engine.render.test_corpus import SVG, shape_ids


def by_id(svg: str) -> dict[str, etree._Element]:
    root = etree.fromstring(svg.encode("utf-8"))
    return {
        str(g.get("data-element-id")): g for g in root.iter(f"{SVG}g") if g.get("data-element-id")
    }


def test_public_api_is_pinned() -> None:
    assert sorted(engine.render.__all__) == [
        "GraphvizMissingError",
        "HIGHLIGHT_STATES",
        "PNG_SIGNATURE",
        "render_png",
        "render_svg",
    ]


def test_highlight_classes_land_on_the_right_elements() -> None:
    definitions = loads(japanese(with_di=True))
    marks = {"Check": "active", "Fill": "done", "Flow_2": "done", "Score": "added", "End": "error"}
    elements = by_id(render_svg(definitions, highlight=marks))
    for element_id, state in marks.items():
        assert f"mf-state-{state}" in str(elements[element_id].get("class")).split()
        assert elements[element_id].get("data-state") == state
    plain = [g for eid, g in elements.items() if eid not in marks]
    assert plain
    assert not any("mf-state-" in str(g.get("class")) for g in plain)
    assert "mf-edge" in str(elements["Flow_2"].get("class"))


def test_unknown_highlight_state_is_a_usage_error() -> None:
    definitions = loads(japanese(with_di=True))
    with pytest.raises(UsageError) as caught:
        render_svg(definitions, highlight={"Check": "purple"})
    assert caught.value.code == "render.unknown-state"


def test_japanese_text_is_in_the_svg_verbatim() -> None:
    svg = render_svg(loads(japanese(with_di=True)))
    for name in (
        "保護者",
        "受付担当",
        "審査担当",
        "申請書を記入する",
        "書類を確認する",
        "指数を計算する",
    ):
        assert name in svg
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert "IPAGothic" in str(root.get("font-family"))


def test_markup_in_names_is_escaped() -> None:
    doc = factories.linear("A &amp; B &lt;script&gt; &quot;q&quot;")
    svg = render_svg(loads(doc))
    assert "<script>" not in svg
    root = etree.fromstring(svg.encode("utf-8"))
    assert 'A & B <script> "q"' in " ".join(str(t) for t in root.itertext())


def test_unknown_diagram_and_process_are_usage_errors() -> None:
    definitions = loads(japanese(with_di=True))
    with pytest.raises(UsageError, match="Diagram"):
        render_svg(definitions, diagram_id="nope")
    with pytest.raises(UsageError) as caught:
        render_svg(definitions, process_id="nope")
    assert caught.value.code == "render.process-not-found"


def test_shapes_pointing_nowhere_are_skipped() -> None:
    body = (
        '<bpmn:process id="P" isExecutable="false"><bpmn:task id="T" name="t"/></bpmn:process>'
        '<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="PL" bpmnElement="P">'
        '<bpmndi:BPMNShape id="T_di" bpmnElement="T">'
        '<dc:Bounds x="-200" y="-50" width="100" height="80"/></bpmndi:BPMNShape>'
        '<bpmndi:BPMNShape id="X_di" bpmnElement="Ghost">'
        '<dc:Bounds x="0" y="0" width="100" height="80"/></bpmndi:BPMNShape>'
        '<bpmndi:BPMNEdge id="E_di" bpmnElement="Nothing">'
        '<di:waypoint x="0" y="0"/><di:waypoint x="5" y="5"/></bpmndi:BPMNEdge>'
        "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>"
    )
    svg = render_svg(loads(factories.definitions(body)))
    assert shape_ids(svg) == ["T"]
    root = etree.fromstring(svg.encode("utf-8"))
    x, y, _w, _h = (float(v) for v in str(root.get("viewBox")).split())
    assert x <= -200  # negative coordinates stay in view
    assert y <= -50
