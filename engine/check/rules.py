"""The rule registry: each rule has a stable code, a severity and a function over a model.

A rule is a function ``(ctx: RuleContext) -> None`` registered with ``@rule(code, severity,
scope)``; it calls ``ctx.report(...)`` for each problem it finds. ``scope`` "model" runs on
every document; "executable" runs only on processes marked executable (engine support).
Every code needs an entry in the message catalogue (engine.messages) and the handbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.check.findings import Finding, Severity
from engine.model.elements import Definitions, Process

Scope = Literal["model", "executable"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    scope: Scope
    check: Callable[[RuleContext], None]
    summary: str  # one English line for the rule reference


@dataclass(slots=True)
class RuleContext:
    """What a rule sees: the whole document, and where its findings go."""

    definitions: Definitions
    rule: Rule
    findings: list[Finding] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.definitions.source

    def processes(self) -> Iterable[Process]:
        """Processes in scope: all of them, or only executable ones for engine rules."""
        for process in self.definitions.processes.values():
            if self.rule.scope == "model" or process.is_executable:
                yield process

    def report(
        self,
        element_id: str | None,
        line: int | None,
        *,
        severity: Severity | None = None,
        **params: Any,
    ) -> None:
        self.findings.append(
            Finding(
                file=self.file,
                line=line,
                element_id=element_id,
                code=self.rule.code,
                severity=severity or self.rule.severity,
                params={"file": self.file, "id": element_id, **params},
            )
        )


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, scope: Scope = "model"
) -> Callable[[Callable[[RuleContext], None]], Callable[[RuleContext], None]]:
    """Register a rule; the function's docstring first line is its summary."""

    def register(check: Callable[[RuleContext], None]) -> Callable[[RuleContext], None]:
        if code in REGISTRY:
            raise ValueError(f"rule code registered twice: {code}")
        summary = (check.__doc__ or code).strip().splitlines()[0]
        REGISTRY[code] = Rule(code, severity, scope, check, summary)
        return check

    return register


def run_rules(definitions: Definitions, codes: Iterable[str] | None = None) -> list[Finding]:
    selected = REGISTRY.values() if codes is None else [REGISTRY[c] for c in codes]
    findings: list[Finding] = []
    for item in selected:
        ctx = RuleContext(definitions, item)
        item.check(ctx)
        findings.extend(ctx.findings)
    return findings
