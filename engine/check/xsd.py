"""Validation against the BPMN 2.0 XSD (OMG's schemas, kept in ``schema/`` beside this file).

lxml reports schema errors as English sentences; each is read into a finding with a stable
code and plain ja/en wording. Problems with one root cause (a vendor attribute on every task)
are collapsed into one finding that lists the other lines.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from lxml import etree

from engine.check.findings import Finding
from engine.messages import CATALOG, LANGS, render
from engine.model.reader import prefixed

SCHEMA_DIR: Final = Path(__file__).with_name("schema")
SCHEMA_FILES: Final = frozenset({"BPMN20.xsd", "Semantic.xsd", "BPMNDI.xsd", "DI.xsd", "DC.xsd"})
MAX_FINDINGS: Final = 50
MAX_EXPECTED: Final = 8
MAX_LINES: Final = 10
_NOTHING: Final = {"ja": "", "en": ""}

XSD_NS: Final = "http://www.w3.org/2001/XMLSchema"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"

_ELEMENT: Final = re.compile(
    r"^Element '(?P<tag>[^']+)'(?:, attribute '(?P<attr>[^']+)')?: (?P<detail>.*)$", re.DOTALL
)
_NOT_EXPECTED: Final = re.compile(
    r"^This element is not expected\.(?: Expected is (?:one of )?\( (?P<expected>.*) \)\.)?$"
)
_MISSING_CHILD: Final = re.compile(
    r"^Missing child element\(s\)\. Expected is (?:one of )?\( (?P<expected>.*) \)\.$"
)
_NOT_ALLOWED: Final = re.compile(r"^The attribute '(?P<name>[^']+)' is not allowed\.$")
_REQUIRED: Final = re.compile(r"^The attribute '(?P<name>[^']+)' is required but missing\.$")
_BAD_VALUE: Final = re.compile(
    r"^'(?P<value>.*)' is not a valid value of the (?:atomic|list|union) type '(?P<type>[^']+)'\.$",
    re.DOTALL,
)
_ENUMERATION: Final = re.compile(
    r"^\[facet 'enumeration'\] The value '(?P<value>.*)' is not an element of the set "
    r"\{(?P<allowed>.*)\}\.$",
    re.DOTALL,
)
_QNAME: Final = re.compile(
    r"^The QName value '(?P<value>[^']*)' has no corresponding namespace declaration in scope\.$"
)
_XSI_TYPE: Final = re.compile(
    r"^The QName value '(?P<value>[^']*)' of the xsi:type attribute does not resolve"
)
_TEXT: Final = re.compile(r"^Character content other than whitespace is not allowed")
_NCNAME: Final = re.compile(r"^[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*$")


class _LocalSchemas(etree.Resolver):
    """Resolves schema imports to the bundled files and refuses everything else."""

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        name = Path(system_url or "").name
        if name not in SCHEMA_FILES:
            raise LookupError(f"schema import outside {SCHEMA_DIR}: {system_url}")
        resolver: Any = self  # lxml-stubs lack resolve_filename
        return resolver.resolve_filename(str(SCHEMA_DIR / name), context)


@dataclass(frozen=True, slots=True)
class _Schema:
    validator: etree.XMLSchema
    elements: frozenset[str]  # Clark names of every element the schemas declare
    namespaces: frozenset[str]  # their target namespaces
    lock: threading.Lock = field(default_factory=threading.Lock)


@cache
def _schema() -> _Schema:
    """The compiled schema; built once per process because it takes tens of milliseconds."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalSchemas())
    elements: set[str] = set()
    namespaces: set[str] = set()
    for name in sorted(SCHEMA_FILES):
        doc = etree.parse(str(SCHEMA_DIR / name), parser)
        target = str(doc.getroot().get("targetNamespace") or "")
        namespaces.add(target)
        # Local declarations count too (bpmn:incoming is local to tFlowNode); the schemas
        # qualify local elements, so every declared name lives in the target namespace.
        for declared in doc.getroot().iter(f"{{{XSD_NS}}}element"):
            if declared.get("name"):
                elements.add(f"{{{target}}}{declared.get('name')}")
    root_doc = etree.parse(str(SCHEMA_DIR / "BPMN20.xsd"), parser)
    return _Schema(etree.XMLSchema(root_doc), frozenset(elements), frozenset(namespaces))


@dataclass(slots=True)
class _Group:
    """Identical problems (same code and cause) at several places."""

    code: str
    line: int | None
    path: str
    tag: str
    params: dict[str, Any]
    places: dict[str, int | None] = field(default_factory=dict)  # error path -> line


def xsd_findings(root: etree._Element, file: str) -> list[Finding]:
    """Schema violations in the document under ``root``, with line numbers."""
    schema = _schema()
    with schema.lock:
        valid = schema.validator.validate(root)
        log: Any = schema.validator.error_log
        errors: list[Any] = [] if valid else list(log)
    groups: dict[tuple[Any, ...], _Group] = {}
    for error in errors:
        classified = _classify(str(error.message), schema)
        if classified is None:
            continue
        code, key, params, tag = classified
        path = str(error.path or "")
        line = error.line if error.line and error.line > 0 else None
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(code, line, path, tag, params)
        group.places.setdefault(path or f"line {line}", line)
    return _findings(list(groups.values()), root, file)


def _classify(
    message: str, schema: _Schema
) -> tuple[str, tuple[Any, ...], dict[str, Any], str] | None:
    """Finding code, collapse key, message params and failing tag for one lxml message.

    None for a duplicate id: libxml2 words it like a malformed id, and the lint rule
    ``duplicate-id`` already reports it with the line of the first declaration.
    """
    head = _ELEMENT.match(message.strip())
    if head is None:
        return "xsd", ("xsd", message), {"element": "", "detail": message.strip()}, ""
    tag, attr, detail = head.group("tag"), head.group("attr"), head.group("detail").strip()
    element = prefixed(tag)
    attribute = _attribute_name(attr) if attr else ""
    params: dict[str, Any] = {"element": element, "attribute": attribute}
    ns = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    if match := _NOT_EXPECTED.match(detail):
        expected = match.group("expected") or ""
        params["expected"] = _expected(expected)
        if ns not in schema.namespaces:
            return "xsd-foreign-element", ("foreign", tag), params, tag
        if tag not in schema.elements:
            return "xsd-unknown-element", ("unknown", tag), params, tag
        return "xsd-unexpected-element", ("unexpected", tag, expected), params, tag
    if match := _MISSING_CHILD.match(detail):
        params["expected"] = _expected(match.group("expected"))
        return "xsd-missing-element", ("missing", tag, match.group("expected")), params, tag
    if match := _NOT_ALLOWED.match(detail):
        return "xsd-attribute-not-allowed", ("attr", attr), params, tag
    if match := _REQUIRED.match(detail):
        params["attribute"] = match.group("name")
        return "xsd-attribute-required", ("required", tag, match.group("name")), params, tag
    if (match := _BAD_VALUE.match(detail)) and match.group("type") == "xs:ID":
        value = match.group("value")
        if _NCNAME.match(value):
            return None
        params["value"] = value
        return "xsd-invalid-id", ("id", value), params, tag
    if match := _ENUMERATION.match(detail):
        value = match.group("value")
        params["value"] = value
        _hint(params, "xsd.hint.enumeration", allowed=match.group("allowed"))
        return "xsd-invalid-value", ("value", tag, attr, value), params, tag
    if match := _QNAME.match(detail):
        value = match.group("value")
        params["value"] = value
        _hint(params, "xsd.hint.qname", prefix=value.partition(":")[0])
        return "xsd-invalid-value", ("value", tag, attr, value), params, tag
    if match := _BAD_VALUE.match(detail):
        value, type_name = match.group("value"), match.group("type")
        params["value"] = value
        hint = f"xsd.hint.{type_name}"
        _hint(params, hint if _has_message(hint) else "xsd.hint.other", type=type_name)
        return "xsd-invalid-value", ("value", tag, attr, value), params, tag
    if match := _XSI_TYPE.match(detail):
        value = match.group("value")
        params["value"] = value
        _hint(params, "xsd.hint.xsi-type", value=value)
        return "xsd-invalid-value", ("value", tag, attr, value), params, tag
    if _TEXT.match(detail):
        return "xsd-text-not-allowed", ("text", tag), params, tag
    params["detail"] = detail
    return "xsd", ("xsd", tag, attr, detail), params, tag


def _findings(groups: list[_Group], root: etree._Element, file: str) -> list[Finding]:
    findings: list[Finding] = []
    for group in groups[:MAX_FINDINGS]:
        element = _locate(root, group.path, group.tag, group.line)
        parent = element.getparent() if element is not None else None
        element_id = None if element is None else element.get("id")
        others = sorted({line for line in group.places.values() if line} - {group.line})
        extra = len(group.places) - 1
        params = {
            "file": file,
            "id": element_id,
            "parent": prefixed(parent.tag) if parent is not None else "",
            "count": 1 + extra,
            "expected": "",
            "value": "",
            "detail": "",
            "hint": _NOTHING,
            **group.params,
        }
        repeated = "xsd.repeated" if others else "xsd.repeated-same-line"
        params["more"] = (
            _localized(repeated, count=extra, lines=_lines(others)) if extra else _NOTHING
        )
        findings.append(
            Finding(
                file=file,
                line=group.line,
                element_id=None if element_id is None else str(element_id),
                code=group.code,
                severity="error",
                params=params,
            )
        )
    if len(groups) > MAX_FINDINGS:
        findings.append(
            Finding(
                file=file,
                line=groups[MAX_FINDINGS].line,  # where the omitted problems begin
                element_id=None,
                code="xsd-truncated",
                severity="error",
                params={"file": file, "count": len(groups) - MAX_FINDINGS},
            )
        )
    return findings


def _locate(root: etree._Element, path: str, tag: str, line: int | None) -> etree._Element | None:
    """The element an error is about: by its path, else the first such tag on that line."""
    if path:
        try:
            namespaces = {k: v for k, v in root.nsmap.items() if k}
            found: Any = root.getroottree().xpath(path, namespaces=namespaces)
        except etree.XPathError:
            found = None
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            return found[0]
    if tag and line:
        for candidate in root.iter(tag):
            source_line: object = candidate.sourceline
            if source_line == line:
                return candidate
    return None


def _attribute_name(attr: str) -> str:
    if attr.startswith(f"{{{XSI_NS}}}"):
        return "xsi:" + attr.partition("}")[2]
    return prefixed(attr)


def _expected(text: str) -> str:
    names = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item.startswith("##other"):
            names.append("##other")
        else:
            names.append(prefixed(item))
    shown = ", ".join(names[:MAX_EXPECTED])
    return shown + (", …" if len(names) > MAX_EXPECTED else "")


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:MAX_LINES])
    return shown + (", …" if len(lines) > MAX_LINES else "")


def _hint(params: dict[str, Any], code: str, **values: Any) -> None:
    params["hint"] = _localized(code, **values)


def _localized(code: str, **values: Any) -> dict[str, str]:
    return {lang: render(code, lang, **values) for lang in LANGS}


def _has_message(code: str) -> bool:
    return code in CATALOG
