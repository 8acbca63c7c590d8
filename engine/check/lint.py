"""Semantic lint rules on the model: bpmnlint's recommended set and machiflow's own.

The rules live in topic modules; importing them here registers them. Codes reuse
bpmnlint's rule names where one exists, so users recognise them.
"""

from __future__ import annotations

from engine.check import (  # noqa: F401  (importing registers their rules)
    lint_bpr,
    lint_diagram,
    lint_flow,
    lint_refs,
    lint_structure,
)
