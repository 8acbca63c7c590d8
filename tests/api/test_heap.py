"""A server process settles its heap after start-up; an app made in a test does not."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from api.app import YOUNG_COLLECTION_THRESHOLD
from api.settings import Settings
from engine.cli import cli

# Run apart: freezing and thresholds are per process, and the test process must keep its own.
SETTLE = (
    "import gc, json; from api.app import settle_heap; settle_heap(); "
    "print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))"
)


def test_settling_freezes_the_start_up_heap_and_collects_less_often() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SETTLE], capture_output=True, text=True, timeout=60, check=True
    )
    threshold, frozen = json.loads(done.stdout)
    assert threshold == [YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:]]
    assert frozen > 1000  # the imported application, out of the collector's sight


def test_the_server_command_asks_for_it_and_apps_made_elsewhere_do_not(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    db = f"sqlite:///{tmp_path / 'heap.db'}"
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--no-deploy"])
    assert result.exit_code == 0, result.output
    (app,) = served
    assert app.state.settings.settle_heap is True
    assert Settings().settle_heap is False
