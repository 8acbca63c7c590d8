"""Writes BPMN DI into a document's text, leaving every other byte of the file as it was.

The new ``bpmndi:BPMNDiagram`` elements go right before the root's closing tag, indented
like the root's children; with ``replace`` the existing ones are cut out first. The DI
namespaces are declared on each new diagram element when the root does not declare them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final
from xml.sax.saxutils import quoteattr

from lxml import etree

from engine.errors import InputError
from engine.model.document import parse_xml
from engine.model.elements import Bounds, Diagram
from engine.model.reader import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS

PREFERRED: Final = ((BPMNDI_NS, "bpmndi"), (DC_NS, "dc"), (DI_NS, "di"))
_ENCODING: Final = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([\w.:-]+)["']""")


class HasDiagramError(InputError):
    """The file already has DI and ``--replace`` was not given."""

    def __init__(self, *, file: str, count: int) -> None:
        super().__init__("steps.layout.has-di", file=file, count=count)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _bounds(prefix: str, box: Bounds) -> str:
    return (
        f'<{prefix}Bounds x="{_number(box.x)}" y="{_number(box.y)}" '
        f'width="{_number(box.width)}" height="{_number(box.height)}" />'
    )


class _Ids:
    """Fresh ids for DI elements: ``<element>_di`` unless the document already uses it."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def new(self, wish: str) -> str:
        candidate, n = wish, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{wish}_{n}"
        self.taken.add(candidate)
        return candidate


def diagram_xml(
    diagrams: list[Diagram],
    prefixes: dict[str, str],
    declare: dict[str, str],
    ids: _Ids,
    indent: str,
    newline: str,
) -> str:
    """The text of the BPMNDiagram elements, first line unindented."""
    bpmndi, dc, di = (f"{prefixes[ns]}:" if prefixes[ns] else "" for ns, _ in PREFERRED)
    xmlns = "".join(f" xmlns:{p}={quoteattr(ns)}" for p, ns in declare.items())
    out: list[str] = []

    def line(depth: int, text: str) -> None:
        out.append(indent * depth + text)

    for number, diagram in enumerate(diagrams, start=1):
        diagram_id = ids.new(f"BPMNDiagram_{number}")
        plane_id = ids.new(f"BPMNPlane_{number}")
        line(1, f'<{bpmndi}BPMNDiagram id="{diagram_id}"{xmlns}>')
        plane = quoteattr(diagram.plane_element_id or "")
        line(2, f'<{bpmndi}BPMNPlane id="{plane_id}" bpmnElement={plane}>')
        for shape in diagram.shapes.values():
            attrs = f"id={quoteattr(ids.new(shape.element_id + '_di'))} "
            attrs += f"bpmnElement={quoteattr(shape.element_id)}"
            if shape.is_horizontal is not None:
                attrs += f' isHorizontal="{str(shape.is_horizontal).lower()}"'
            if shape.is_expanded is not None:
                attrs += f' isExpanded="{str(shape.is_expanded).lower()}"'
            line(3, f"<{bpmndi}BPMNShape {attrs}>")
            line(4, _bounds(dc, shape.bounds))
            if shape.label_bounds is not None:
                line(4, f"<{bpmndi}BPMNLabel>")
                line(5, _bounds(dc, shape.label_bounds))
                line(4, f"</{bpmndi}BPMNLabel>")
            line(3, f"</{bpmndi}BPMNShape>")
        for edge in diagram.edges.values():
            attrs = f"id={quoteattr(ids.new(edge.element_id + '_di'))} "
            attrs += f"bpmnElement={quoteattr(edge.element_id)}"
            line(3, f"<{bpmndi}BPMNEdge {attrs}>")
            for point in edge.waypoints:
                line(4, f'<{di}waypoint x="{_number(point.x)}" y="{_number(point.y)}" />')
            if edge.label_bounds is not None:
                line(4, f"<{bpmndi}BPMNLabel>")
                line(5, _bounds(dc, edge.label_bounds))
                line(4, f"</{bpmndi}BPMNLabel>")
            line(3, f"</{bpmndi}BPMNEdge>")
        line(2, f"</{bpmndi}BPMNPlane>")
        line(1, f"</{bpmndi}BPMNDiagram>")
    return newline.join(out).lstrip(" \t")


def _encoding(data: bytes) -> str:
    found = _ENCODING.match(data)
    return found.group(1).decode("ascii") if found else "utf-8"


def _prefixes(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """The prefix to write for each DI namespace, and the declarations the diagram needs."""
    nsmap = dict(root.nsmap.items())
    prefixes: dict[str, str] = {}
    declare: dict[str, str] = {}
    for ns, wish in PREFERRED:
        known = [p for p, uri in nsmap.items() if uri == ns and p]
        if known:
            prefixes[ns] = known[0]
            continue
        prefix, n = wish, 1
        while prefix in nsmap or prefix in declare:
            n += 1
            prefix = f"{wish}{n}"
        prefixes[ns] = prefix
        declare[prefix] = ns
    return prefixes, declare


def _indent(text: str, root_tag_end: int) -> tuple[str, str]:
    """The indentation unit of the root's children and the file's line break."""
    newline = "\r\n" if "\r\n" in text else "\n"
    found = re.compile(r"\n([ \t]+)<").search(text, root_tag_end)
    return (found.group(1) if found else "  "), newline


def write_di(data: bytes, diagrams: list[Diagram], *, file: str, replace: bool) -> bytes:
    """``data`` with ``diagrams`` as its DI; raises HasDiagramError when it has DI already."""
    root = parse_xml(data, file)
    old = root.findall(f"{{{BPMNDI_NS}}}BPMNDiagram")
    if old and not replace:
        raise HasDiagramError(file=file, count=len(old))
    encoding = _encoding(data)
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode(encoding)
    if bom and text.startswith("\ufeff"):
        text = text[1:]
    for prefix in sorted({e.prefix or "" for e in old}):
        qualified = f"{prefix}:BPMNDiagram" if prefix else "BPMNDiagram"
        name = re.escape(qualified)
        pattern = re.compile(rf"(?:\r?\n[ \t]*)?<{name}\b(?:[^>]*/>|.*?</{name}\s*>)", re.DOTALL)
        text = pattern.sub("", text)
    taken = [
        str(e.get("id")) for e in root.iter() if e.get("id") is not None and not _inside_diagram(e)
    ]
    prefixes, declare = _prefixes(root)
    qname = _qualified(root)
    closing = text.rfind(f"</{qname}")
    # The XSD puts diagrams after the root elements and before any relationship.
    relationship = root.find(f"{{{BPMN_NS}}}relationship")
    if relationship is not None:
        found = re.search(rf"<{re.escape(_qualified(relationship))}\b", text)
        if found is not None:
            closing = found.start()
    start_tag = text.find(f"<{qname}")
    indent, newline = _indent(text, max(start_tag, 0))
    body = diagram_xml(diagrams, prefixes, declare, _Ids(taken), indent, newline)
    head = text[:closing].rstrip(" \t")
    if not head.endswith("\n"):
        head += newline
    result = head + indent + body + newline + text[closing:]
    return (b"\xef\xbb\xbf" if bom else b"") + result.encode(encoding)


def _inside_diagram(element: etree._Element) -> bool:
    current: etree._Element | None = element
    while current is not None:
        if current.tag == f"{{{BPMNDI_NS}}}BPMNDiagram":
            return True
        current = current.getparent()
    return False


def _qualified(element: etree._Element) -> str:
    local = etree.QName(element).localname
    return f"{element.prefix}:{local}" if element.prefix else local
