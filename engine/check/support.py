"""Engine-support rules: what SpiffWorkflow cannot run in a process marked executable."""

from __future__ import annotations
