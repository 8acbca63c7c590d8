"""Addresses no page answers: a browser gets a page in the site's layout (residents' or
staff's), API clients keep the one JSON error shape."""

from __future__ import annotations

from typing import Any

import lxml.html
from fastapi.testclient import TestClient

from engine.messages import render

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_a_mistyped_resident_address_gets_the_residents_page(client: TestClient) -> None:
    response = client.get("/procedure-list", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page: Any = lxml.html.fromstring(response.text)
    assert page.get("lang") == "ja"
    found: list[Any] = page.xpath("//*[@id='error-message']")
    assert found[0].text_content() == render("api.no-route", "ja", http_status=404)
    assert page.xpath("//a[@href='/status']"), "the way to the status look-up is offered"


def test_a_mistyped_staff_address_gets_the_staff_page(client: TestClient) -> None:
    response = client.get("/staff/no-such-page", headers={**BROWSER, "Accept-Language": "en"})
    assert response.status_code == 404
    page = lxml.html.fromstring(response.text)
    assert page.get("lang") == "en"
    assert page.xpath("//h1")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_clients_keep_the_json_shape(client: TestClient) -> None:
    for path in ("/api/nothing-here", "/nothing-here"):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 404
        assert response.json()["code"] == "api.no-route"
    # Even a browser asking under /api gets JSON: that is the API's contract.
    assert client.get("/api/nothing-here", headers=BROWSER).json()["code"] == "api.no-route"
