"""One JSON error shape for everything, in Japanese unless English is asked for; the OpenAPI
description lists every route."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from engine.messages import render
from tests.api.conftest import Api, problem
from tests.api.models import APPLICATION_KEY, application_files

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shape of answers does not depend on the database: SQLite only here."""
    return Settings(db_url=f"sqlite:///{tmp_path / 'api.db'}", processes_dir=None, run_timers=False)


def test_an_unknown_route_is_404_in_the_shape(client: TestClient) -> None:
    body = problem(client.get("/api/nothing-here"), 404, "api.no-route")
    assert body["params"] == {"http_status": 404}
    assert body["message"] == render("api.no-route", "ja")


def test_a_wrong_method_is_405_in_the_shape(client: TestClient) -> None:
    body = problem(client.delete("/api/processes"), 405, "api.method-not-allowed")
    assert body["message"] == render("api.method-not-allowed", "ja")


@pytest.mark.parametrize(
    ("content", "where"),
    [(b'{"data": {', ["body", "10"]), (b"[1, 2]", ["body"]), (b'{"data": 3}', ["body", "data"])],
)
def test_a_malformed_json_body_is_400(api: Api, content: bytes, where: list[str]) -> None:
    api.deployed(application_files())
    response = api.client.post(
        f"/api/processes/{APPLICATION_KEY}/instances",
        content=content,
        headers={**api.admin, "content-type": "application/json"},
    )
    body = problem(response, 400, "api.bad-request")
    [error] = body["params"]["errors"]
    assert error["loc"] == where
    assert error["type"]
    assert api.client.get("/api/instances", headers=api.admin).json() == []


def test_a_deploy_without_files_is_400(api: Api) -> None:
    body = problem(api.client.post("/api/processes", headers=api.admin), 400, "api.bad-request")
    assert body["params"]["errors"] == [{"loc": ["body", "file"], "type": "missing"}]


@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        (None, "ja"),
        ("ja", "ja"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("ja-JP,ja;q=0.9,en;q=0.5", "ja"),
        ("fr", "ja"),
    ],
)
def test_messages_follow_accept_language(client: TestClient, accept: str | None, lang: str) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    body = problem(client.get("/api/processes", headers=headers), 401, "auth.unauthorized")
    assert body["message"] == render("auth.unauthorized", lang)
    assert bool(JAPANESE.search(body["message"])) is (lang == "ja")


def test_model_findings_follow_the_language_too(api: Api) -> None:
    english = api.client.post(
        "/api/processes",
        files=[("file", ("x.bpmn", b"<oops"))],
        headers={**api.admin, "Accept-Language": "en"},
    )
    body = problem(english, 422, "service.deploy.invalid")
    assert not JAPANESE.search(body["message"])
    assert not JAPANESE.search(body["params"]["findings"][0]["message"])
    japanese = problem(
        api.client.post(
            "/api/processes", files=[("file", ("x.bpmn", b"<oops"))], headers=api.admin
        ),
        422,
        "service.deploy.invalid",
    )
    assert JAPANESE.search(japanese["message"])
    assert JAPANESE.search(japanese["params"]["findings"][0]["message"])


def test_unauthorized_answers_say_how_to_authenticate(client: TestClient) -> None:
    response = client.get("/api/tasks")
    problem(response, 401, "auth.unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    malformed = client.get("/api/tasks", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    problem(malformed, 401, "auth.unauthorized")


ROUTES = {
    ("/api/processes", "post"),
    ("/api/processes", "get"),
    ("/api/processes/{key}", "get"),
    ("/api/processes/{key}/instances", "post"),
    ("/api/instances", "get"),
    ("/api/instances/{instance_id}", "get"),
    ("/api/instances/{instance_id}/messages/{name}", "post"),
    ("/api/instances/{instance_id}/withdraw", "post"),
    ("/api/tasks", "get"),
    ("/api/tasks/{task_id}", "get"),
    ("/api/tasks/{task_id}/complete", "post"),
    ("/api/tasks/{task_id}/claim", "post"),
    ("/api/tasks/{task_id}/unclaim", "post"),
    ("/api/compare", "get"),
    ("/api/compare", "post"),
    ("/api/health", "get"),
}


def test_openapi_lists_every_route(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    listed = {(path, method) for path, methods in paths.items() for method in methods}
    assert listed == ROUTES
    deploy = paths["/api/processes"]["post"]
    assert "multipart/form-data" in deploy["requestBody"]["content"]
    assert set(deploy["responses"]) >= {"201"}


def test_docs_answer(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]
    assert "/openapi.json" in docs.text


def test_health_needs_no_token(client: TestClient) -> None:
    response = client.get("/api/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
