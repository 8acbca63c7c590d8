"""The direct path for start, fetch and complete (``api.direct``, decision 0016) answers
exactly as the FastAPI routes do, and hands them every request it does not fully
understand."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from api import direct
from engine.service.cases import Cases
from tests.api.conftest import Api, bearer, problem
from tests.api.models import APPLICATION_KEY, DESK_LANE, application_files

APPLY: Final = {"name": "山田太郎", "copies": 2}
# Values that differ between two cases by nature: ids, secrets, receipt numbers, times.
VOLATILE: Final = frozenset(
    {"id", "instance_id", "task_id", "access_token", "receipt_number", "at", "due_at"}
    | {"created_at", "updated_at", "completed_at"}
)


@pytest.fixture
def deployed(api: Api) -> Api:
    api.deployed(application_files())
    return api


@contextmanager
def by_routes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within the block, every request goes to the FastAPI routes."""
    with monkeypatch.context() as patch:
        patch.setattr(direct, "match", lambda scope: None)
        yield


@pytest.fixture
def through_fastapi(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests that reached FastAPI (not answered directly)."""
    reached: list[str] = []
    original = FastAPI.__call__

    async def spy(self: FastAPI, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reached.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(FastAPI, "__call__", spy)
    return reached


def normalized(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "<volatile>" if k in VOLATILE else normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def same_answer(first: httpx.Response, second: httpx.Response, *, exact: bool = True) -> None:
    assert first.status_code == second.status_code, (first.text, second.text)
    for header in ("content-type", "www-authenticate"):
        assert first.headers.get(header) == second.headers.get(header)
    if exact:
        assert first.content == second.content
    else:
        assert normalized(first.json()) == normalized(second.json())


def twice(
    api: Api, monkeypatch: pytest.MonkeyPatch, method: str, path: str, **options: Any
) -> tuple[httpx.Response, httpx.Response]:
    """The same request answered directly, then by the routes (for requests that change
    nothing)."""
    first = api.client.request(method, path, **options)
    with by_routes(monkeypatch):
        second = api.client.request(method, path, **options)
    return first, second


def test_plain_calls_skip_fastapi_and_odd_ones_reach_it(
    deployed: Api, through_fastapi: list[str]
) -> None:
    api = deployed
    case = api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]["id"]
    api.instance(case["id"], resident)
    assert api.complete(apply, APPLY, resident).status_code == 200
    assert through_fastapi == []
    # A query string: the route reads ?version=.
    versioned = api.client.post(
        f"/api/processes/{APPLICATION_KEY}/instances?version=1", json={"data": {}}
    )
    assert versioned.status_code == 201, versioned.text
    # A body sent as text: the route decides what that means.
    check = api.ready(case["id"], "Check")
    as_text = api.client.post(
        f"/api/tasks/{check['id']}/complete",
        content=b'{"data": {"verified": true}}',
        headers={**api.admin, "Content-Type": "text/plain"},
    )
    assert as_text.status_code in {200, 400, 422}
    assert through_fastapi == [
        f"/api/processes/{APPLICATION_KEY}/instances",
        f"/api/tasks/{check['id']}/complete",
    ]


def test_a_case_run_directly_answers_as_one_run_by_the_routes(
    deployed: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = deployed

    def run_case() -> list[httpx.Response]:
        started = api.client.post(
            f"/api/processes/{APPLICATION_KEY}/instances", json={"data": {"copies": 1}}
        )
        body = started.json()
        resident = bearer(body["access_token"])
        apply = body["ready_tasks"][0]["id"]
        shown = api.client.get(f"/api/instances/{body['id']}", headers=resident)
        done = api.client.post(
            f"/api/tasks/{apply}/complete", json={"data": APPLY}, headers=resident
        )
        after = api.client.get(f"/api/instances/{body['id']}", headers=api.admin)
        return [started, shown, done, after]

    directly = run_case()
    with by_routes(monkeypatch):
        routed = run_case()
    assert [r.status_code for r in directly] == [201, 200, 200, 200]
    for first, second in zip(directly, routed, strict=True):
        same_answer(first, second, exact=False)
    assert directly[3].json()["data"] == {"copies": 2, "name": "山田太郎"}


def test_every_refusal_is_the_routes_refusal(
    deployed: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = deployed
    case = api.start(APPLICATION_KEY, headers={})
    other = api.start(APPLICATION_KEY, headers={})
    resident = bearer(case["access_token"])
    apply = case["ready_tasks"][0]["id"]
    done = api.start(APPLICATION_KEY, headers={})
    done_task = done["ready_tasks"][0]["id"]
    assert api.complete(done_task, APPLY, bearer(done["access_token"])).status_code == 200
    english = {**api.admin, "Accept-Language": "en"}
    desk = api.user("desk-1", DESK_LANE)
    complete = f"/api/tasks/{apply}/complete"
    json_type = {"Content-Type": "application/json"}
    cases: list[tuple[str, str, dict[str, Any], int, str]] = [
        ("GET", "/api/instances/no-such-case", {"headers": api.admin}, 404, ""),
        ("GET", "/api/instances/no-such-case", {"headers": english}, 404, ""),
        ("GET", f"/api/instances/{case['id']}", {}, 401, ""),
        ("GET", f"/api/instances/{case['id']}", {"headers": bearer(other["access_token"])}, 0, ""),
        ("GET", "/api/instances/bad%01id", {"headers": api.admin}, 400, "api.bad-request"),
        ("POST", complete, {"json": {"data": {"name": ""}}, "headers": resident}, 422, ""),
        ("POST", complete, {"json": {"data": APPLY}, "headers": desk}, 403, ""),
        ("POST", complete, {"json": {"data": 5}, "headers": resident}, 400, "api.bad-request"),
        (
            "POST",
            complete,
            {"content": b"{not json", "headers": {**resident, **json_type}},
            400,
            "api.bad-request",
        ),
        ("POST", f"/api/tasks/{done_task}/complete", {"json": {"data": APPLY}}, 0, ""),
        (
            "POST",
            f"/api/tasks/{done_task}/complete",
            {"json": {"data": APPLY}, "headers": english},
            409,
            "",
        ),
        ("POST", "/api/processes/NoSuchProcess/instances", {"json": {"data": {}}}, 0, ""),
        (
            "POST",
            "/api/processes/NoSuchProcess/instances",
            {"json": {"data": {}}, "headers": english},
            404,
            "",
        ),
    ]
    for method, path, options, status, code in cases:
        first, second = twice(api, monkeypatch, method, path, **options)
        same_answer(first, second)
        assert first.status_code >= 400, (method, path, first.text)
        if status:
            body = problem(first, status, code or first.json()["code"])
            assert body["message"]
    # Nothing above changed the case: its application is still to be made.
    assert [t["id"] for t in api.instance(case["id"])["ready_tasks"]] == [apply]


def test_an_unexpected_failure_is_the_routes_500_without_a_traceback(
    deployed: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    api = deployed
    case = api.start(APPLICATION_KEY, headers={})
    apply = case["ready_tasks"][0]["id"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Cases, "complete", broken)
    # The same started app, through a client that gives back a 500 instead of raising.
    api.client = TestClient(api.client.app, raise_server_exceptions=False)
    with caplog.at_level("ERROR", logger="machiflow.api"):
        first, second = twice(
            api,
            monkeypatch,
            "POST",
            f"/api/tasks/{apply}/complete",
            json={"data": APPLY},
            headers=bearer(case["access_token"]),
        )
    same_answer(first, second)
    body = problem(first, 500, "api.internal")
    assert body["params"] == {"error": "RuntimeError"}
    assert "secret detail" not in first.text
    logged = [r for r in caplog.records if r.exc_info and "secret detail" in str(r.exc_info[1])]
    assert len(logged) >= 2  # once per path, with the traceback


def test_a_client_that_leaves_before_its_body_gets_nothing_and_changes_nothing() -> None:
    sent: list[Message] = []
    reached: list[Scope] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    async def routes(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope)

    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/tasks/t-1/complete",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
    }
    call = direct.match(scope)
    assert call == direct.Call("complete", "t-1")
    app = FastAPI()  # its state is never read: nothing is run
    asyncio.run(direct.answer_call(app, call, scope, receive, send, routes))
    assert sent == []
    assert reached == []


@pytest.mark.parametrize(
    ("method", "path", "query", "expected"),
    [
        ("GET", "/api/instances/i-1", b"", direct.Call("fetch", "i-1")),
        ("POST", "/api/tasks/t-1/complete", b"", direct.Call("complete", "t-1")),
        ("POST", "/api/processes/P/instances", b"", direct.Call("start", "P")),
        ("POST", "/api/processes/P/instances", b"version=2", None),
        ("GET", "/api/instances/", b"", None),
        ("GET", "/api/instances/i-1/", b"", None),
        ("HEAD", "/api/instances/i-1", b"", None),
        ("POST", "/api/instances/i-1", b"", None),
        ("GET", "/api/tasks/t-1", b"", None),
        ("POST", "/api/tasks/t-1/claim", b"", None),
        ("GET", "/api/instances/a\x7fb", b"", None),
        ("GET", "/staff/instances/i-1", b"", None),
    ],
)
def test_only_the_three_plain_calls_match(
    method: str, path: str, query: bytes, expected: direct.Call | None
) -> None:
    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    assert direct.match(scope) == expected
    assert direct.match({**scope, "root_path": "/machiflow"}) is None
