"""Runtime tests run on a clock they move by hand, never on the wall clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from engine.runtime import ManualClock, using

START = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    manual = ManualClock(START)
    with using(manual):
        yield manual
