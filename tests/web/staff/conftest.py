"""Staff work page fixtures: the test procedure deployed, staff users of each lane, and a
browser per user (its own cookies) that signs in and posts forms with their CSRF value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from sqlalchemy import update

from engine.store import Database
from engine.store.tables import TASKS
from tests.api.conftest import Api, add_user
from tests.web.conftest import csrf_of, parse
from tests.web.staff.models import APPROVAL, KEY, REVIEW, files, plain_files


class Browser:
    """One staff user's browser: signed in on its own test client."""

    def __init__(self, app: Any, token: str) -> None:
        self.client = TestClient(app)
        self.client.event_hooks = {"request": [], "response": [_no_server_error]}
        page = self.client.get("/staff/sign-in")
        response = self.client.post(
            "/staff/sign-in",
            data={"token": token, "csrf": csrf_of(page.text), "next": ""},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def get(self, path: str) -> httpx.Response:
        response: httpx.Response = self.client.get(path, follow_redirects=False)
        return response

    def page(self, path: str) -> HtmlElement:
        response = self.get(path)
        assert response.status_code == 200, response.text
        return parse(response)

    def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        csrf_from: str | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> httpx.Response:
        """POST ``data`` (and ``files``, multipart) with the CSRF value of the page
        ``csrf_from`` (default: the inbox)."""
        form = dict(data or {})
        form.setdefault("csrf", csrf_of(self.get(csrf_from or "/staff/inbox").text))
        response: httpx.Response = self.client.post(
            path, data=form, files=files, follow_redirects=False
        )
        return response


def _no_server_error(response: httpx.Response) -> None:
    if response.status_code >= 500:
        response.read()
        raise AssertionError(f"{response.request.url} answered {response.status_code}")


class Office:
    """The procedure deployed, an admin API client, and browsers of staff by lane."""

    def __init__(self, client: TestClient) -> None:
        self.api = Api(client)
        self.app = client.app
        self.db: Database = self.api.db
        self.api.deployed(files())
        self.api.deployed(plain_files())

    def browser(self, name: str, *roles: str) -> Browser:
        return Browser(self.app, add_user(self.db, name, *roles))

    def start(self, key: str = KEY, **answers: Any) -> dict[str, Any]:
        """A case whose application is filled in: the review task is ready."""
        started = self.api.start(key)
        apply = self.api.ready(started["id"], "Apply")
        data = {"child_name": "山田 太郎", "grade": 2, **answers}
        response = self.api.complete(apply["id"], data)
        assert response.status_code == 200, response.text
        return started

    def task(self, instance_id: str, element_id: str) -> str:
        task_id: str = self.api.ready(instance_id, element_id)["id"]
        return task_id

    def set_due(self, task_id: str, due: datetime) -> None:
        with self.db.transaction() as session:
            session.execute(
                update(TASKS).where(TASKS.c.id == task_id).values(due_at=due.astimezone(UTC))
            )


@pytest.fixture
def office(client: TestClient) -> Office:
    return Office(client)


@pytest.fixture
def reviewer(office: Office) -> Browser:
    return office.browser("sato", REVIEW)


@pytest.fixture
def approver(office: Office) -> Browser:
    return office.browser("suzuki", APPROVAL)
