"""``api.web.state.shared``: one object per app, also when one is made from another."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from fastapi import Request

from api.web.state import casework, shared
from engine.service.cases import Cases
from engine.store import Database


def _request() -> Request:
    return cast(Request, SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace())))


def test_the_object_is_made_once_and_kept_on_the_app() -> None:
    request = _request()
    made: list[object] = []

    def make(_state: Any) -> object:
        made.append(object())
        return made[-1]

    first = shared(request, "thing", make)
    assert shared(request, "thing", make) is first
    assert made == [first]
    assert request.app.state.thing is first


def test_an_object_may_be_made_from_another_shared_one() -> None:
    request = _request()
    inner = shared(request, "outer", lambda _s: ("outer", shared(request, "inner", lambda _t: 1)))
    assert inner == ("outer", 1)
    assert request.app.state.inner == 1


def test_the_staff_pages_read_specs_through_the_cases_own_cache(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'specs.db'}")
    try:
        cases = Cases(db)
        request = cast(Request, SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace())))
        request.app.state.db, request.app.state.cases = db, cases
        assert casework(request)._specs is cases.specs  # one parsed spec per version
    finally:
        db.dispose()
