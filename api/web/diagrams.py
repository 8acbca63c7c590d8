"""Diagrams drawn by ``engine.render`` made ready to sit inside a page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from lxml import etree
from markupsafe import Markup

from engine.model.elements import Definitions
from engine.render import render_svg

_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True, slots=True)
class Drawing:
    svg: Markup
    width: float  # in the renderer's units: drawings of one page share a scale by it


def inline_svg(
    document: Definitions,
    process_id: str,
    *,
    label: str,
    lang: str,
    highlight: Mapping[str, str] | None = None,
) -> Drawing:
    """The process drawn as an ``<svg>`` element for HTML: no XML declaration or namespace,
    sized by CSS (its viewBox keeps the proportions), named for screen readers."""
    svg = render_svg(document, process_id=process_id, highlight=highlight)
    root = etree.fromstring(svg.encode("utf-8"), _PARSER)
    try:
        width = float((root.get("viewBox") or "").split()[2])
    except (IndexError, ValueError):
        width = float(root.get("width") or 0) or 1.0
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    for attribute in ("width", "height", _XML_LANG):
        if attribute in root.attrib:
            del root.attrib[attribute]
    root.set("lang", lang)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    root.set("preserveAspectRatio", "xMinYMin meet")
    # The renderer writes well-formed SVG and escapes every name from the model; lxml
    # re-serialises it, so nothing in a model's text can become markup of the page.
    return Drawing(Markup(etree.tostring(root, encoding="unicode")), width)  # noqa: S704
