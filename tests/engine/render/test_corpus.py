"""Every corpus file renders from its DI: valid XML, one drawn shape per DI shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.model import load
from engine.render import render_svg
from tests.conftest import CORPUS_FILES

SVG = "{http://www.w3.org/2000/svg}"


def shape_ids(svg: str) -> list[str]:
    root = etree.fromstring(svg.encode("utf-8"))
    return [
        str(g.get("data-element-id"))
        for g in root.iter(f"{SVG}g")
        if "mf-shape" in str(g.get("class", "")).split()
    ]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_diagram_draws_every_known_shape(path: Path) -> None:
    definitions = load(path)
    assert definitions.diagrams
    for diagram in definitions.diagrams:
        svg = render_svg(definitions, diagram_id=diagram.id)
        root = etree.fromstring(svg.encode("utf-8"))
        assert root.get("data-diagram-id") == diagram.id
        known = sorted(e for e in diagram.shapes if e in definitions.ids)
        assert sorted(shape_ids(svg)) == known


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_view_box_holds_every_shape(path: Path) -> None:
    definitions = load(path)
    diagram = next(d for d in definitions.diagrams if d.shapes)
    root = etree.fromstring(render_svg(definitions).encode("utf-8"))
    x, y, w, h = (float(v) for v in str(root.get("viewBox")).split())
    for shape in diagram.shapes.values():
        b = shape.bounds
        assert x <= b.x, shape.element_id
        assert y <= b.y, shape.element_id
        assert b.x + b.width <= x + w, shape.element_id
        assert b.y + b.height <= y + h, shape.element_id


def test_several_diagrams_default_to_the_first() -> None:
    path = next(p for p in CORPUS_FILES if p.name == "C.4.0.bpmn")
    definitions = load(path)
    assert len(definitions.diagrams) == 4
    root = etree.fromstring(render_svg(definitions).encode("utf-8"))
    assert root.get("data-diagram-id") == definitions.diagrams[0].id
