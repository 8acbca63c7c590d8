"""The runtime's public names, and SpiffWorkflow staying inside engine/runtime."""

from __future__ import annotations

import ast
import subprocess
import sys

import engine.runtime
from tests.conftest import ROOT

PUBLIC = [
    "DEFAULT_STEP_SECONDS",
    "Execution",
    "Form",
    "HumanTask",
    "LaneInfo",
    "ManualClock",
    "PendingTimer",
    "ProcessPackage",
    "Progress",
    "ReadyTask",
    "Runnable",
    "SentMessage",
    "Spec",
    "SpecCache",
    "Status",
    "Trail",
    "build_package",
    "digest_of",
    "load_spec",
    "now",
    "set_clock",
    "start",
    "trail_of",
    "using",
]


def test_public_names_are_pinned_and_all_resolve() -> None:
    assert engine.runtime.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(engine.runtime, name) is not None


def test_the_sandbox_and_clock_do_not_load_spiffworkflow() -> None:
    code = (
        "import sys, engine.runtime.sandbox, engine.runtime.clock;"
        "print(any(m.startswith('SpiffWorkflow') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_only_engine_runtime_imports_spiffworkflow() -> None:
    offenders = []
    for folder in ("engine", "api"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.is_relative_to(ROOT / "engine" / "runtime"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name.split(".")[0] == "SpiffWorkflow" for name in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
