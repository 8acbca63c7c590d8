"""The runtime's one source of "now": the wall clock, or a clock that tests move by hand.

SpiffWorkflow reads the wall clock for timers; ``engine.runtime.library`` points its timer
code here, so arming, refreshing and listing timers all agree with ``now()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The wall clock, timezone-aware UTC."""
    return datetime.now(UTC)


_lock = threading.Lock()
_current: Clock = system_clock


def now() -> datetime:
    """The current time of the runtime, timezone-aware UTC."""
    value = _current()
    if value.tzinfo is None:
        raise ValueError("the runtime clock must return timezone-aware datetimes")
    return value.astimezone(UTC)


def set_clock(clock: Clock | None) -> None:
    """Use ``clock`` for "now" from here on; None goes back to the wall clock."""
    global _current  # noqa: PLW0603  (the one seam; tests swap it)
    with _lock:
        _current = clock or system_clock


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Use ``clock`` inside the block, then whatever was used before."""
    previous = _current
    set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)


class ManualClock:
    """A clock that stands still until told to move: ``set(at)`` or ``advance(...)``."""

    def __init__(self, start: datetime) -> None:
        self._now = _aware(start)

    def __call__(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = _aware(at)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)``; returns the new time."""
        self._now += delta if delta is not None else timedelta(**parts)
        return self._now


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give the clock a timezone-aware datetime")
    return value.astimezone(UTC)
