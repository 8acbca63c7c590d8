"""Objects the pages share for the life of the app, made on first use and kept on
``app.state`` (the app factory need not know every page's helpers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final, TypeVar

from fastapi import Request

from engine.service.casework import Casework

T = TypeVar("T")
_LOCK: Final = threading.RLock()  # one shared object may be made from another


def shared(request: Request, name: str, make: Callable[[Any], T]) -> T:
    """``app.state.<name>``, made once by ``make(app.state)``: page handlers run on
    several threads, and two of a lookup guard or a cache would each see half the calls."""
    state = request.app.state
    found: T | None = getattr(state, name, None)
    if found is None:
        with _LOCK:
            found = getattr(state, name, None)
            if found is None:
                found = make(state)
                setattr(state, name, found)
    return found


def casework(request: Request) -> Casework:
    """The app's ``Casework``, made on first use: its caches (models, and the specs it
    shares with the app's ``Cases``) live as long as the app."""
    return shared(request, "casework", lambda state: Casework(state.db, state.cases.specs))
