"""Findings: what validation reports, one per problem, pointing into the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from engine.messages import render

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file. ``code`` is stable and documented in the handbook."""

    file: str
    line: int | None
    element_id: str | None
    code: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "ja") -> str:
        return render(self.code, lang, **self.params)

    def to_json(self, lang: str = "ja") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "element_id": self.element_id,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }

    def format(self, lang: str = "ja") -> str:
        """``file:line: severity code [element] message`` for terminals and logs."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        element = f" [{self.element_id}]" if self.element_id else ""
        label = {"ja": {"error": "エラー", "warning": "警告"}, "en": {}}
        severity = label.get(lang, {}).get(self.severity, self.severity)
        return f"{where}: {severity} {self.code}{element} {self.message(lang)}"


def sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.file, finding.line or 0, finding.code, finding.element_id or "")
