"""Rendering BPMN models to SVG (from DI, or by graphviz layout) and PNG."""

from __future__ import annotations

from engine.model.elements import Definitions


def render_svg(
    definitions: Definitions, *, diagram_id: str | None = None, process_id: str | None = None
) -> str:
    """The model drawn as a standalone SVG document."""
    raise NotImplementedError


def render_png(svg: str) -> bytes:
    """An SVG document rasterised to PNG, with Japanese glyphs."""
    raise NotImplementedError
