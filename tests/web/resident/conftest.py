"""Resident page fixtures: the API tests' app and databases (SQLite and PostgreSQL), the
test procedure deployed, and a browser-like resident that keeps cookies."""

from __future__ import annotations

from typing import Any, Final

import httpx
import lxml.html
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Api
from tests.web import conftest as web_fixtures
from tests.web.resident.model import files

_postgresql_database = web_fixtures._postgresql_database
api_db_url = web_fixtures.api_db_url
settings = web_fixtures.settings
client = web_fixtures.client
_no_secret_from_the_environment = web_fixtures._no_secret_from_the_environment

PDF: Final = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG: Final = b"\x89PNG\r\n\x1a\n" + bytes(32)


def html(response: httpx.Response) -> Any:
    return lxml.html.fromstring(response.text)


def one(page: Any, xpath: str) -> Any:
    """The one element ``xpath`` finds on a page (a page test's usual first step)."""
    found = page.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


class Resident:
    """A browser on the resident pages (the test client keeps its cookies)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def csrf(self, path: str) -> str:
        return web_fixtures.csrf_of(self.client.get(path).text)

    def post(
        self, path: str, data: dict[str, Any] | list[tuple[str, Any]] | None = None,
        *, page: str | None = None, files: Any = None,
    ) -> httpx.Response:  # fmt: skip
        """POST ``data`` with the CSRF value of the form on ``page`` (default: ``path``)."""
        token = self.csrf(page or path)
        items = list(data.items()) if isinstance(data, dict) else list(data or [])
        fields: dict[str, list[Any]] = {"csrf": [token]}
        for name, value in items:
            fields.setdefault(name, []).append(value)
        response: httpx.Response = self.client.post(
            path, data=fields, files=files, follow_redirects=False
        )
        return response

    def start(self, key: str) -> str:
        """Start an application; the address of its first form."""
        response = self.post(f"/procedures/{key}/start", page=f"/procedures/{key}")
        assert response.status_code == 303, response.text
        location: str = response.headers["location"]
        assert location.startswith("/cases/")
        return location


@pytest.fixture
def api(client: TestClient) -> Api:
    found = Api(client)
    found.deployed(files())
    return found


@pytest.fixture
def resident(api: Api) -> Resident:
    return Resident(api.client)
