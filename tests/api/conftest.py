"""API fixtures: an app per test on a fresh SQLite or PostgreSQL database, staff users,
deployments, and the one error shape every failing response must have."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.settings import Settings
from engine.runtime.clock import ManualClock, using
from engine.store import Database, UserRepository, create_engine, new_token, token_hash
from engine.store.tables import metadata
from tests.conftest import DatabaseMaker
from tests.pg import free_port

T0: Final = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
WAIT_SECONDS: Final = 15.0  # a bound for things that happen in the background, not a speed


# One TLS context for every real HTTP client: building one per client costs ~0.1 s.
_TLS: Final = ssl.create_default_context()


def http_client(base: str, **options: Any) -> httpx.Client:
    """A client of a server on a loopback port (``with`` it to close it)."""
    options.setdefault("timeout", WAIT_SECONDS)
    return httpx.Client(base_url=base, verify=_TLS, **options)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert the one JSON error shape with ``status`` and ``code``; return the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "params"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str)
    assert body["message"].strip()
    assert isinstance(body["params"], dict)
    return body


def wait_until(condition: Callable[[], bool], *, timeout: float = WAIT_SECONDS) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes; whether it held."""
    done = threading.Event()
    deadline = time.monotonic() + timeout
    while not done.is_set() and time.monotonic() < deadline:
        if condition():
            done.set()
        else:
            done.wait(0.02)
    return done.is_set()


def _no_server_error(response: httpx.Response) -> None:
    if response.status_code >= 500:
        response.read()
        raise AssertionError(
            f"{response.request.method} {response.request.url} answered "
            f"{response.status_code}: {response.text}"
        )


def add_user(db: Database, name: str, *roles: str) -> str:
    """A staff user with ``roles``; returns their bearer token."""
    token = new_token()
    with db.transaction() as session:
        UserRepository(session).add(name, roles=list(roles), token_hash=token_hash(token))
    return token


class Api:
    """A test client with an admin, and the calls most tests make."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.db: Database = client.app.state.db  # type: ignore[attr-defined]
        self.admin = self.user("admin-1", "admin")

    def user(self, name: str, *roles: str) -> dict[str, str]:
        """Headers of a new staff user holding ``roles``."""
        return bearer(add_user(self.db, name, *roles))

    def deploy(
        self, files: Mapping[str, bytes], headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """POST the files (the .bpmn first) as repeated multipart ``file`` fields."""
        upload = [("file", (name, content)) for name, content in files.items()]
        response: httpx.Response = self.client.post(
            "/api/processes", files=upload, headers=self.admin if headers is None else headers
        )
        return response

    def deployed(self, files: Mapping[str, bytes]) -> dict[str, Any]:
        response = self.deploy(files)
        assert response.status_code in {200, 201}, response.text
        body: dict[str, Any] = response.json()
        return body

    def start(
        self,
        key: str,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Start a case (as admin unless ``headers``); 201 expected."""
        response = self.client.post(
            f"/api/processes/{key}/instances",
            json={"data": dict(data or {})},
            headers=self.admin if headers is None else headers,
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def instance(self, instance_id: str, headers: Mapping[str, str] | None = None) -> Any:
        response = self.client.get(
            f"/api/instances/{instance_id}", headers=self.admin if headers is None else headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    def ready(self, instance_id: str, element_id: str) -> dict[str, Any]:
        """The one ready task of ``element_id`` in the case."""
        found = [
            t for t in self.instance(instance_id)["ready_tasks"] if t["element_id"] == element_id
        ]
        assert len(found) == 1, found
        task: dict[str, Any] = found[0]
        return task

    def complete(
        self,
        task_id: str,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        response: httpx.Response = self.client.post(
            f"/api/tasks/{task_id}/complete",
            json={"data": dict(data or {})},
            headers=self.admin if headers is None else headers,
        )
        return response


@pytest.fixture(scope="session")
def _postgresql_database(db_maker: DatabaseMaker) -> Iterator[tuple[str, Engine]]:
    url = db_maker.create()
    engine = create_engine(url)
    yield url, engine
    engine.dispose()
    db_maker.drop(url)


@pytest.fixture
def api_db_url(db_maker: DatabaseMaker, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database with no rows (SQLite file or PostgreSQL), for this test.

    SQLite: a fresh copy of the template file. PostgreSQL: creating a database costs about
    half a second, so one database per session is emptied before each test with TRUNCATE
    (the audit log's append-only trigger guards rows, not TRUNCATE). Every app of the
    previous test has closed its connections by then.
    """
    if db_maker.kind != "postgresql":
        url = db_maker.create()
        yield url
        db_maker.drop(url)
        return
    url, engine = request.getfixturevalue("_postgresql_database")
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    yield url


@pytest.fixture
def settings(api_db_url: str) -> Settings:
    return Settings(db_url=api_db_url, processes_dir=None, run_timers=False)


@contextmanager
def app_client(settings: Settings) -> Iterator[TestClient]:
    """A started app whose client fails the test on any 5xx answer."""
    with TestClient(create_app(settings)) as client:
        client.event_hooks = {"request": [], "response": [_no_server_error]}
        yield client


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with app_client(settings) as started:
        yield started


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    """The runtime's clock, stopped at ``T0`` until the test moves it."""
    manual = ManualClock(T0)
    with using(manual):
        yield manual


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: server.started or not thread.is_alive()), "server did not start"
        assert server.started, "server stopped while starting"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(WAIT_SECONDS)
