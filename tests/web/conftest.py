"""Staff page fixtures: the API's app and databases (SQLite and PostgreSQL), a staff user,
the 学童クラブ procedure deployed in three variants, and a browser-like sign-in."""

from __future__ import annotations

import re

import httpx
import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement

from api.web import keys
from tests.api import conftest as api_fixtures
from tests.api.conftest import Api, add_user
from tests.web.procedure import files

# The API tests' databases (SQLite and PostgreSQL) and started app, shared by name.
_postgresql_database = api_fixtures._postgresql_database
api_db_url = api_fixtures.api_db_url
settings = api_fixtures.settings
client = api_fixtures.client

CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The hidden CSRF field's value in a page (staff or resident)."""
    found = CSRF_FIELD.search(html)
    assert found is not None, html
    return found.group(1)


def parse(response: httpx.Response) -> HtmlElement:
    """An HTML answer as a tree (the answer must be HTML)."""
    assert response.headers["content-type"].startswith("text/html"), response.text
    page: HtmlElement = lxml.html.fromstring(response.text)
    return page


class Staff:
    """A browser on the staff pages: a test client (it keeps cookies) and a staff token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.api = Api(client)
        self.token = add_user(self.api.db, "kato", "受付担当")

    def deploy(self, *variants: str) -> None:
        for bundle in files(*variants).values():
            self.api.deployed(bundle)

    def csrf(self, path: str = "/staff/sign-in") -> str:
        """The hidden CSRF field of the form on ``path`` (its cookie is now in the client)."""
        return csrf_of(self.client.get(path).text)

    def sign_in(self, token: str | None = None, after: str = "") -> httpx.Response:
        response: httpx.Response = self.client.post(
            "/staff/sign-in",
            data={
                "token": self.token if token is None else token,
                "csrf": self.csrf(),
                "next": after,
            },
            follow_redirects=False,
        )
        return response


@pytest.fixture(autouse=True)
def _no_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The key comes from the file beside each test database (or one per process).
    monkeypatch.delenv(keys.ENV_VAR, raising=False)


@pytest.fixture
def staff(client: TestClient) -> Staff:
    return Staff(client)


@pytest.fixture
def signed_in(staff: Staff) -> Staff:
    """Signed in, with the three variants deployed."""
    staff.deploy()
    response = staff.sign_in()
    assert response.status_code == 303, response.text
    return staff
