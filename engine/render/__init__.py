"""Rendering BPMN models to SVG (from DI, or by graphviz layout) and PNG.

``render_svg`` draws a diagram of the file (the first, or ``diagram_id``); when the file has
no diagram, or ``process_id`` names a process no diagram draws, it lays the process out with
Graphviz. ``highlight`` maps element ids to states; each drawn element carries
``data-element-id`` and, when highlighted, the class ``mf-state-<state>``.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.errors import UsageError
from engine.model.elements import Definitions, Diagram
from engine.render.di import draw
from engine.render.layout import GraphvizMissingError, compute_layout
from engine.render.png import PNG_SIGNATURE, to_png
from engine.render.theme import HIGHLIGHT_STATES

__all__ = [
    "HIGHLIGHT_STATES",
    "PNG_SIGNATURE",
    "GraphvizMissingError",
    "render_png",
    "render_svg",
]


def _check_highlight(highlight: Mapping[str, str]) -> None:
    for element_id, state in highlight.items():
        if state not in HIGHLIGHT_STATES:
            raise UsageError(
                "render.unknown-state",
                state=state,
                element=element_id,
                known=", ".join(sorted(HIGHLIGHT_STATES)),
            )


def _draws(diagram: Diagram, definitions: Definitions, process_id: str) -> bool:
    process = definitions.processes[process_id]
    return any(node_id in diagram.shapes for node_id in process.nodes)


def _choose(
    definitions: Definitions, diagram_id: str | None, process_id: str | None
) -> Diagram | None:
    """The diagram to draw, or None when a layout has to be computed."""
    if process_id is not None and process_id not in definitions.processes:
        raise UsageError(
            "render.process-not-found",
            process=process_id,
            known=", ".join(definitions.processes) or "-",
        )
    if diagram_id is not None:
        for diagram in definitions.diagrams:
            if diagram.id == diagram_id:
                return diagram
        raise UsageError(
            "render.diagram-not-found",
            diagram=diagram_id,
            known=", ".join(d.id or "-" for d in definitions.diagrams) or "-",
        )
    if process_id is not None:
        return next((d for d in definitions.diagrams if _draws(d, definitions, process_id)), None)
    return next((d for d in definitions.diagrams if d.shapes), None)


def render_svg(
    definitions: Definitions,
    *,
    diagram_id: str | None = None,
    process_id: str | None = None,
    highlight: Mapping[str, str] | None = None,
) -> str:
    """The model drawn as a standalone SVG document."""
    marks = dict(highlight or {})
    _check_highlight(marks)
    diagram = _choose(definitions, diagram_id, process_id)
    if diagram is None and diagram_id is None and definitions.diagrams and process_id is None:
        diagram = (
            definitions.diagrams[0]
            if not any(p.nodes for p in definitions.processes.values())
            else None
        )
    if diagram is None:
        diagram = compute_layout(definitions, process_id=process_id)
    title = definitions.name or (definitions.processes[process_id].label if process_id else None)
    return draw(definitions, diagram, highlight=marks, process_id=process_id, title=title)


def render_png(svg: str, *, scale: float = 2.0) -> bytes:
    """An SVG document rasterised to PNG, with Japanese glyphs."""
    return to_png(svg, scale=scale)
