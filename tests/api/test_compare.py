"""GET/POST /api/compare: KPIs and diffs of deployed variants or uploaded files, JSON or HTML."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from lxml.html import HtmlElement

from engine.analysis.diff import diff
from engine.analysis.kpi import KPI_KEYS, kpis
from engine.model import loads
from tests.api.conftest import Api, bearer, problem
from tests.factories import process
from tests.web.procedure import KEYS, NAMES, PROCEDURE, files, model

DIFF_KEYS = {"added", "removed", "changed", "layout_changed", "matched", "kpis"}
VARIANT_KEYS = {
    "key", "version", "variant", "name", "file", "process", "deployed_at", "kpis", "missing",
    "kpi_error",
}  # fmt: skip


def deploy_all(api: Api, *variants: str) -> None:
    for bundle in files(*variants).values():
        api.deployed(bundle)


def compared(api: Api, query: str, **headers: str) -> dict[str, Any]:
    response = api.client.get(f"/api/compare?{query}", headers={**api.admin, **headers})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def upload(api: Api, *names: str, query: str = "", headers: dict[str, str] | None = None) -> Any:
    parts = [("file", (f"{v}.bpmn", model(v))) for v in names]
    return api.client.post(
        f"/api/compare{query}", files=parts, headers=api.admin if headers is None else headers
    )


# --- by procedure ---------------------------------------------------------------------------


def test_procedure_compares_the_newest_of_each_variant_in_order(api: Api) -> None:
    deploy_all(api, "to-be", "as-is", "can-be")  # deployed out of order on purpose
    body = compared(api, f"procedure={PROCEDURE}")
    assert set(body) == {"variants", "diffs"}
    variants = body["variants"]
    assert [v["variant"] for v in variants] == ["as-is", "can-be", "to-be"]
    assert [v["key"] for v in variants] == [KEYS["as-is"], KEYS["can-be"], KEYS["to-be"]]
    assert [v["name"] for v in variants] == [NAMES[v["variant"]] for v in variants]
    for item in variants:
        assert set(item) == VARIANT_KEYS
        assert item["version"] == 1
        assert item["file"] == f"{item['variant']}.bpmn"
        assert item["kpi_error"] is None
        assert set(item["kpis"]) == set(KPI_KEYS)
    steps = body["diffs"]
    assert len(steps) == 2
    for step in steps:
        assert set(step) >= DIFF_KEYS
    assert (steps[0]["old"]["variant"], steps[0]["new"]["variant"]) == ("as-is", "can-be")
    assert (steps[1]["old"]["variant"], steps[1]["new"]["variant"]) == ("can-be", "to-be")


def test_kpis_and_diffs_are_those_of_the_command_line(api: Api) -> None:
    deploy_all(api)
    body = compared(api, f"procedure={PROCEDURE}")
    documents = [loads(model(v), f"{v}.bpmn") for v in ("as-is", "can-be", "to-be")]
    for item, document in zip(body["variants"], documents, strict=True):
        expected = kpis(document)[0].to_json()  # what `machiflow kpi --json` prints
        assert {"kpis": item["kpis"], "missing": item["missing"]} == {
            "kpis": expected["kpis"],
            "missing": expected["missing"],
        }
    # `machiflow diff --json OLD NEW` for each consecutive pair
    assert body["diffs"][0] == diff(documents[0], documents[1]).to_json()
    assert body["diffs"][1] == diff(documents[1], documents[2]).to_json()
    as_is = body["variants"][0]
    assert as_is["kpis"]["resident_visits"] == 2.0
    assert [m["key"] for m in as_is["missing"]] == ["bpr:channel"]


def test_a_new_version_replaces_the_old_one_in_the_procedure(api: Api) -> None:
    deploy_all(api, "as-is", "to-be")
    api.deployed({"to-be.bpmn": model("to-be", name="学童クラブ入所申請（あるべき姿・改訂）")})
    body = compared(api, f"procedure={PROCEDURE}")
    assert [(v["variant"], v["version"]) for v in body["variants"]] == [
        ("as-is", 1),
        ("to-be", 2),
    ]
    assert body["variants"][1]["name"] == "学童クラブ入所申請（あるべき姿・改訂）"
    assert len(body["diffs"]) == 1


def test_a_procedure_with_one_variant_has_kpis_and_no_diff(api: Api) -> None:
    deploy_all(api, "as-is")
    body = compared(api, f"procedure={PROCEDURE}")
    assert [v["variant"] for v in body["variants"]] == ["as-is"]
    assert body["diffs"] == []
    response = api.client.get(f"/api/compare?procedure={PROCEDURE}&format=html", headers=api.admin)
    body = problem(response, 422, "compare.too-few")
    assert body["params"] == {"procedure": PROCEDURE, "count": 1}


# --- by keys ----------------------------------------------------------------------------------


def test_any_deployed_versions_by_key_and_version(api: Api) -> None:
    deploy_all(api)
    edited = model("to-be").replace("電子決裁する".encode(), "電子で決裁する".encode())
    api.deployed({"to-be.bpmn": edited})
    body = compared(api, f"left={KEYS['to-be']}:1&right={KEYS['to-be']}:2")
    assert [(v["key"], v["version"]) for v in body["variants"]] == [
        (KEYS["to-be"], 1),
        (KEYS["to-be"], 2),
    ]
    (step,) = body["diffs"]
    assert [(e["name"], [c["attribute"] for c in e["changes"]]) for e in step["changed"]] == [
        ("電子で決裁する", ["name"])
    ]
    body = compared(api, f"left={KEYS['as-is']}&right={KEYS['can-be']}&third={KEYS['to-be']}")
    assert [(v["variant"], v["version"]) for v in body["variants"]] == [
        ("as-is", 1),
        ("can-be", 1),
        ("to-be", 2),  # no version: the newest
    ]
    assert len(body["diffs"]) == 2


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("procedure=nothing-here", 404, "compare.unknown-procedure"),
        ("left=Nope&right=Gakudo_ToBe", 404, "store.not-found.definition"),
        ("left=Gakudo_AsIs:9&right=Gakudo_ToBe", 404, "store.not-found.definition"),
        ("left=Gakudo_AsIs:x&right=Gakudo_ToBe", 422, "compare.bad-reference"),
        ("left=Gakudo_AsIs:0&right=Gakudo_ToBe", 422, "compare.bad-reference"),
        ("left=:1&right=Gakudo_ToBe", 422, "compare.bad-reference"),
        ("", 422, "compare.no-input"),
        ("left=Gakudo_AsIs", 422, "compare.no-input"),
        ("procedure=gakudo&left=Gakudo_AsIs", 422, "compare.mixed-input"),
        ("procedure=gakudo&format=pdf", 422, "compare.bad-format"),
    ],
)
def test_bad_or_unknown_references(api: Api, query: str, status: int, code: str) -> None:
    deploy_all(api)
    response = api.client.get(f"/api/compare?{query}", headers=api.admin)
    body = problem(response, status, code)
    if code == "compare.bad-reference":
        assert body["params"]["parameter"] == "left"
        assert "left=" in body["message"]


# --- uploads ----------------------------------------------------------------------------------


def test_uploaded_files_are_compared_without_deploying(api: Api) -> None:
    response = upload(api, "as-is", "to-be")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(v["key"], v["version"], v["file"]) for v in body["variants"]] == [
        (KEYS["as-is"], None, "as-is.bpmn"),
        (KEYS["to-be"], None, "to-be.bpmn"),
    ]
    assert [v["variant"] for v in body["variants"]] == ["as-is", "to-be"]
    assert len(body["diffs"]) == 1
    assert set(body["diffs"][0]) >= DIFF_KEYS
    listed = api.client.get("/api/processes", headers=api.admin)
    assert listed.json() == []
    three = upload(api, "as-is", "can-be", "to-be")
    assert three.status_code == 200, three.text
    assert len(three.json()["diffs"]) == 2


@pytest.mark.parametrize("count", [0, 1, 4])
def test_two_or_three_files_are_needed(api: Api, count: int) -> None:
    names = ["as-is", "can-be", "to-be", "as-is"][:count]
    body = problem(upload(api, *names), 422, "compare.file-count")
    assert body["params"]["count"] == count


def test_a_file_that_is_not_bpmn_is_named_with_its_problem(api: Api) -> None:
    parts = [
        ("file", ("as-is.bpmn", model("as-is"))),
        ("file", ("broken.bpmn", b"<bpmn:definitions")),
    ]
    response = api.client.post("/api/compare", files=parts, headers=api.admin)
    body = problem(response, 422, "model.xml-syntax")
    assert body["params"]["file"] == "broken.bpmn"
    assert body["message"].startswith("broken.bpmn:1")
    parts[1] = ("file", ("notes.bpmn", b"<notes/>"))
    response = api.client.post("/api/compare", files=parts, headers=api.admin)
    assert problem(response, 422, "model.not-bpmn")["params"]["file"] == "notes.bpmn"


def test_a_variant_without_kpis_still_has_its_diff(api: Api) -> None:
    endless = process(
        '<bpmn:startEvent id="S"/><bpmn:task id="A" name="確認する"/>'
        '<bpmn:exclusiveGateway id="G"/><bpmn:endEvent id="E"/>'
        '<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="A"/>'
        '<bpmn:sequenceFlow id="F2" sourceRef="A" targetRef="G"/>'
        '<bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="A" bpr:probability="1"/>'
        '<bpmn:sequenceFlow id="F4" sourceRef="G" targetRef="E" bpr:probability="0"/>',
        process_id="Loop",
    )
    parts = [("file", ("as-is.bpmn", model("as-is"))), ("file", ("loop.bpmn", endless))]
    response = api.client.post("/api/compare", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text
    looping = response.json()["variants"][1]
    assert looping["kpis"] is None
    assert looping["kpi_error"]["code"] == "kpi.no-exit"
    assert response.json()["diffs"][0]["kpis"]["new"] is None


# --- HTML ---------------------------------------------------------------------------------------


def test_html_is_the_self_contained_report(api: Api) -> None:
    deploy_all(api)
    response = api.client.get(f"/api/compare?procedure={PROCEDURE}&format=html", headers=api.admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page: HtmlElement = lxml.html.fromstring(response.text)
    assert page.get("lang") == "ja"
    assert len(page.findall(".//h1")) == 1
    assert len(page.xpath("//figure//svg")) == 3
    assert not page.xpath("//script | //link | //img[@src] | //*[starts-with(@href, 'http')]")
    english = upload(api, "as-is", "to-be", query="?format=html",
                     headers={**api.admin, "Accept-Language": "en-US,en;q=0.9"})  # fmt: skip
    assert english.status_code == 200, english.text
    page = lxml.html.fromstring(english.text)
    assert page.get("lang") == "en"
    assert len(page.xpath("//figure//svg")) == 2


# --- who may compare ----------------------------------------------------------------------------


def test_staff_token_required(api: Api) -> None:
    deploy_all(api, "as-is", "to-be")
    anonymous = api.client.get(f"/api/compare?procedure={PROCEDURE}")
    problem(anonymous, 401, "auth.unauthorized")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    stranger = bearer("not-a-staff-token")
    problem(api.client.get(f"/api/compare?procedure={PROCEDURE}", headers=stranger), 403,
            "auth.staff-only")  # fmt: skip
    problem(upload(api, "as-is", "to-be", headers={}), 401, "auth.unauthorized")
    problem(upload(api, "as-is", "to-be", headers=stranger), 403, "auth.staff-only")
    # Any staff role may compare; it is not limited to admins.
    clerk = api.user("clerk-1", "受付担当")
    assert api.client.get(f"/api/compare?procedure={PROCEDURE}", headers=clerk).status_code == 200


def test_unauthorized_before_any_input_check(api: Api) -> None:
    problem(api.client.get("/api/compare?format=pdf"), 401, "auth.unauthorized")
    problem(api.client.get("/api/compare?procedure=nothing"), 401, "auth.unauthorized")
