"""Where the API runs its use cases: on SQLite the process's one engine thread, on
PostgreSQL the shared pool (decision 0014); either way off the event loop, and the answers
are the same."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest

from api.routes.answers import engine_executor
from api.settings import Settings
from engine.service.cases import Cases
from tests.api.conftest import Api, app_client
from tests.api.models import APPLICATION_KEY, application_files


@pytest.fixture
def threads_seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the threads ``Cases.start``, ``instance`` and ``complete`` ran on."""
    seen: list[str] = []
    for name in ("start", "instance", "complete"):
        original = getattr(Cases, name)

        def recorded(self: Cases, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            seen.append(threading.current_thread().name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Cases, name, recorded)
    return seen


def run_a_case(api: Api) -> dict[str, Any]:
    api.deployed(application_files())
    case = api.start(APPLICATION_KEY, {"city": "千代田区"})
    task = api.ready(case["id"], "Apply")
    assert api.complete(task["id"], {"name": "山田太郎", "copies": 2}).status_code == 200
    shown: dict[str, Any] = api.instance(case["id"])
    return shown


def test_use_cases_run_on_one_engine_thread_on_sqlite_and_the_pool_otherwise(
    api: Api, threads_seen: list[str]
) -> None:
    shown = run_a_case(api)
    assert shown["data"]["name"] == "山田太郎"
    assert threads_seen  # every call went through a use case
    loop_thread = threading.main_thread().name
    assert loop_thread not in threads_seen  # never on the event loop
    if api.db.dialect == "sqlite":
        assert set(threads_seen) == {"machiflow-engine_0"}
    else:
        assert not any(name.startswith("machiflow-engine") for name in threads_seen)


def test_a_set_number_of_engine_threads_answers_the_same(
    settings: Settings, threads_seen: list[str]
) -> None:
    with app_client(replace(settings, engine_threads=3)) as client:
        shown = run_a_case(Api(client))
        executor = client.app.state.engine  # type: ignore[attr-defined]
    assert shown["status"] == "running"
    assert shown["data"]["copies"] == 2
    assert {name.rsplit("_", 1)[0] for name in threads_seen} == {"machiflow-engine"}
    assert executor._shutdown  # stopped with the app


def test_the_executor_by_database() -> None:
    sqlite = engine_executor("sqlite")
    assert sqlite is not None
    assert sqlite._max_workers == 1
    sqlite.shutdown()
    assert engine_executor("postgresql") is None
    assert engine_executor("sqlite", 0) is None
    two = engine_executor("postgresql", 2)
    assert two is not None
    assert two._max_workers == 2
    two.shutdown()
