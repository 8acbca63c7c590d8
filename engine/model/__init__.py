"""Our own BPMN 2.0 model: any file, executable or not, read with lxml into typed objects."""

from __future__ import annotations

from pathlib import Path

from engine.model.document import DEFAULT_LIMIT, parse_xml, read_bytes
from engine.model.elements import (
    ACTIVITY_KINDS,
    EVENT_KINDS,
    FLOW_NODE_KINDS,
    GATEWAY_KINDS,
    SUBPROCESS_KINDS,
    TASK_KINDS,
    Bounds,
    Bpr,
    Collaboration,
    Definitions,
    Diagram,
    Edge,
    EventDefinition,
    FlowNode,
    Lane,
    MessageFlow,
    Participant,
    Point,
    Process,
    SequenceFlow,
    Shape,
)
from engine.model.reader import read_definitions

__all__ = [
    "ACTIVITY_KINDS",
    "DEFAULT_LIMIT",
    "EVENT_KINDS",
    "FLOW_NODE_KINDS",
    "GATEWAY_KINDS",
    "SUBPROCESS_KINDS",
    "TASK_KINDS",
    "Bounds",
    "Bpr",
    "Collaboration",
    "Definitions",
    "Diagram",
    "Edge",
    "EventDefinition",
    "FlowNode",
    "Lane",
    "MessageFlow",
    "Participant",
    "Point",
    "Process",
    "SequenceFlow",
    "Shape",
    "load",
    "loads",
    "parse_xml",
    "read_definitions",
]


def loads(data: bytes, name: str = "<memory>", *, limit: int | None = None) -> Definitions:
    """A BPMN document from bytes; raises ``engine.errors.ModelLoadError`` subclasses."""
    return read_definitions(parse_xml(data, name, limit), name)


def load(path: str | Path, *, limit: int | None = None) -> Definitions:
    """A BPMN document from a file; the file name is used in every message."""
    name = str(path)
    return loads(read_bytes(path, limit), name, limit=limit)
