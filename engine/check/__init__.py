"""Validation of BPMN files: XML syntax, the BPMN 2.0 XSD, lint rules and engine support.

``check_file`` never raises for a bad input: every problem becomes a Finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.check import lint, support  # noqa: F401  (importing registers their rules)
from engine.check.findings import Finding, Severity, sort_key
from engine.check.rules import REGISTRY, Rule, run_rules
from engine.check.xsd import xsd_findings
from engine.errors import ModelLoadError
from engine.model.document import parse_xml, read_bytes
from engine.model.elements import Definitions
from engine.model.reader import read_definitions

__all__ = ["REGISTRY", "CheckResult", "Finding", "Rule", "Severity", "check_bytes", "check_file"]


@dataclass(slots=True)
class CheckResult:
    file: str
    definitions: Definitions | None  # None when the file could not be read as BPMN
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not any(f.severity == "error" for f in self.findings)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _load_finding(exc: ModelLoadError) -> Finding:
    return Finding(
        file=exc.file,
        line=exc.line,
        element_id=None,
        code=exc.code,
        severity="error",
        params=dict(exc.params),
    )


def check_bytes(
    data: bytes, name: str, *, limit: int | None = None, xsd: bool = True
) -> CheckResult:
    try:
        root = parse_xml(data, name, limit)
        definitions = read_definitions(root, name)
    except ModelLoadError as exc:
        return CheckResult(name, None, [_load_finding(exc)])
    findings = xsd_findings(root, name) if xsd else []
    findings.extend(run_rules(definitions))
    findings.sort(key=sort_key)
    return CheckResult(name, definitions, findings)


def check_file(path: str | Path, *, limit: int | None = None, xsd: bool = True) -> CheckResult:
    name = str(path)
    try:
        data = read_bytes(path, limit)
    except ModelLoadError as exc:
        return CheckResult(name, None, [_load_finding(exc)])
    return check_bytes(data, name, limit=limit, xsd=xsd)
