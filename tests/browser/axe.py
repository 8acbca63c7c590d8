"""Accessibility checks with axe-core (from ``npm ci`` in tests/browser) injected into the
page under test: WCAG 2.0/2.1 A and AA rules, and no ``serious`` or ``critical`` finding.

A test records every page and state it visits and asserts once at its end, so one run
names every problem of every page, with what a page owner needs to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from playwright.sync_api import Page

AXE_SCRIPT: Final = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS: Final = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING: Final = frozenset({"serious", "critical"})
# Only violations are wanted: axe then skips the details of the passes, about half its time.
RUN: Final = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""


@dataclass(frozen=True, slots=True)
class Violation:
    """One rule broken on one page: what, how bad, and where."""

    page: str
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]

    def describe(self) -> str:
        where = "\n".join(f"      {target}" for target in self.targets)
        return (
            f"  [{self.page}] {self.url}\n"
            f"    {self.rule} ({self.impact}): {self.help}\n"
            f"    {self.help_url}\n{where}"
        )


def _targets(node: dict[str, Any]) -> str:
    # A target is a list of selectors (more than one inside iframes or shadow roots).
    return " >> ".join(str(part) for part in node.get("target", []))


@dataclass
class Audit:
    """The axe-core results of the pages one test visited."""

    script: str
    checked: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    def check(self, page: Page, name: str) -> list[Violation]:
        """Run axe-core on ``page`` as it is now (``name`` says which page and state)."""
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(content=self.script)
        result: dict[str, Any] = page.evaluate(RUN, list(TAGS))
        found = [
            Violation(
                page=name,
                url=page.url,
                rule=str(item["id"]),
                impact=str(item.get("impact")),
                help=str(item["help"]),
                help_url=str(item.get("helpUrl", "")),
                targets=tuple(_targets(node) for node in item.get("nodes", [])),
            )
            for item in result["violations"]
            if item.get("impact") in BLOCKING
        ]
        self.checked.append(name)
        self.violations.extend(found)
        return found

    def report(self) -> str:
        lines = [f"axe-core: {len(self.violations)} serious or critical violation(s)"]
        lines += [violation.describe() for violation in self.violations]
        return "\n".join(lines)

    def assert_clean(self, *expected: str) -> None:
        """Every page named in ``expected`` was checked, and none broke a rule badly."""
        missing = [name for name in expected if name not in self.checked]
        assert not missing, f"pages not checked: {missing}"
        assert not self.violations, self.report()
