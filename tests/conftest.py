"""Shared fixtures: where the third-party corpus lives, and small-model builders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MACHIFLOW_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.bpmn"))
BUNDLED = ROOT / "processes" / "bpmn"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    assert CORPUS_FILES, f"no corpus under {CORPUS}: set MACHIFLOW_SHARED"
    return CORPUS_FILES
