"""The bundled 学童 To-Be model, run as the server runs it: deployed from its folder, driven
through ``Cases`` on SQLite and PostgreSQL, on a clock the tests move by hand.

Main paths: a complete application to 内定 / 保留 / 不承認; the automatic completeness check
asking for a correction and the resident's answer; a correction the reviewer asks for; the
14-day deadline passing (deemed withdrawn); an approver sending the draft back; withdrawal.
The index (指数) is checked on households whose numbers follow from the decision tables.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

import jsonschema  # type: ignore[import-untyped]
import pytest

from api.app import deploy_bundled
from api.settings import Settings
from engine.check import check_bytes
from engine.model import parse_xml, read_definitions
from engine.runtime import ManualClock, Runnable, build_package, start, using
from engine.service.cases import Cases, FormInvalidError
from engine.service.casework import Casework, correction_path
from engine.service.deployments import bundle_files
from engine.service.principals import Staff
from engine.store import (
    AttachmentRepository,
    Database,
    InstanceStatus,
)
from tests.api.conftest import Api, app_client
from tests.conftest import BUNDLED
from tests.processes.support import BundledCase, clock_at, deployed
from tests.web.resident.conftest import Resident as Browser
from tests.web.resident.conftest import html

FOLDER: Final = BUNDLED / "gakudo"
MAIN: Final = "to-be.bpmn"
KEY: Final = "Gakudo_ToBe"
# Application season: November for the school year starting next April.
T0: Final = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
PDF: Final = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

REVIEWER: Final = Staff("reviewer-1", frozenset({"審査担当"}))
CHIEF: Final = Staff("chief-1", frozenset({"係長"}))
MANAGER: Final = Staff("manager-1", frozenset({"課長"}))


def guardian(
    name: str, situation: str, days: int, hours: float, *, afternoon: bool = True
) -> dict[str, Any]:
    return {
        "name": name,
        "relation": "mother" if name.endswith("子") else "father",
        "situation": situation,
        "employer": "株式会社みなと",
        "work_days_per_month": days,
        "work_hours_per_day": hours,
        "covers_afternoon": afternoon,
    }


def application(**changes: Any) -> dict[str, Any]:
    """A complete two-guardian application for a first-grader; ``changes`` replace keys."""
    answers: dict[str, Any] = {
        "child": {
            "name": "港 はな",
            "kana": "ミナト ハナ",
            "birth_date": "2020-06-01",  # grade 1 in April 2027
            "school": "港第一小学校",
            "grade": 1,
        },
        "wishes": {"first_choice": "midori", "second_choice": "sakura"},
        "single_parent": False,
        "sibling_in_club": False,
        "guardian1": guardian("港 太郎", "work", 20, 8),
        "guardian2": guardian("港 花子", "work", 16, 6),
    }
    answers.update(changes)
    return answers


def files() -> dict[str, bytes]:
    """The To-Be bundle exactly as ``machiflow serve`` collects it."""
    ours = (FOLDER / MAIN).read_bytes()
    found = [f for main, f in bundle_files(BUNDLED) if main == MAIN and f[MAIN] == ours]
    assert len(found) == 1, "the 学童 To-Be bundle is not collected"
    return found[0]


# --- the service, on both databases ------------------------------------------------------
@pytest.fixture
def clock() -> Iterator[ManualClock]:
    with clock_at(T0) as manual:
        yield manual


@pytest.fixture
def cases(fresh_db: Database) -> Cases:
    return deployed(fresh_db, files(), main=MAIN, key=KEY)


class Case(BundledCase):
    reader = REVIEWER

    def attach(self, field: str) -> str:
        """A stored PDF for ``field``; its id is what a file field holds."""
        with self.cases.db.transaction() as session:
            record = AttachmentRepository(session).add(
                instance_id=self.id,
                task_id=None,
                field=field,
                filename=f"{field}.pdf",
                media_type="application/pdf",
                content=PDF,
                created_by="resident",
            )
        return record.id

    def apply(self, answers: Mapping[str, Any], *, certificates: tuple[str, ...] = ()) -> None:
        data = dict(answers)
        for field in certificates:
            data[field] = self.attach(field)
        self.complete("Task_Apply", data, self.resident)

    @property
    def status(self) -> InstanceStatus:
        return self.current_status()


BOTH: Final = ("guardian1_certificate", "guardian2_certificate")


def new_case(cases: Cases) -> Case:
    case = Case.started(cases, KEY)
    ready = case.ready()
    assert list(ready) == ["Task_Apply"]
    assert ready["Task_Apply"].lane == "保護者"
    return case


def approve(case: Case) -> None:
    case.complete("Task_ApproveChief", {"approval": "approve"}, CHIEF)
    case.complete("Task_ApproveManager", {"approval": "approve"}, MANAGER)


# --- main paths --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("review", "end", "notice"),
    [
        (
            {"decision": "provisional", "assigned_club": "sakura"},
            "End_Provisional",
            "さくら学童クラブへの入所が内定しました",
        ),
        ({"decision": "waitlist"}, "End_Waitlist", "みどり学童クラブは定員に達しているため、保留"),
        (
            {"decision": "reject", "decision_reason": "区外にお住まいのため"},
            "End_Rejected",
            "入所は不承認となりました。理由：区外にお住まいのため",
        ),
    ],
    ids=["provisional", "waitlist", "reject"],
)
def test_a_complete_application_goes_straight_to_review_and_ends_as_decided(
    cases: Cases, clock: ManualClock, review: dict[str, Any], end: str, notice: str
) -> None:
    case = new_case(cases)
    case.apply(application(), certificates=BOTH)

    ready = case.ready()
    assert list(ready) == ["Task_Review"]
    assert ready["Task_Review"].lane == "審査担当"
    data = case.data
    assert data["application_complete"] is True
    assert "correction_reason" not in data
    assert data["index"] == 9 + 2  # lower guardian (9) + grade 1-3 (2)

    case.complete("Task_Review", review, REVIEWER)
    assert list(case.ready()) == ["Task_ApproveChief"]
    approve(case)

    assert case.status == InstanceStatus.COMPLETED
    assert end in case.passed
    assert notice in case.data["decision_notice"]
    assert case.data["notified_on"] == "2026-11-20"


def test_a_rejection_needs_a_reason(cases: Cases, clock: ManualClock) -> None:
    case = new_case(cases)
    case.apply(application(), certificates=BOTH)
    with pytest.raises(FormInvalidError):
        case.complete("Task_Review", {"decision": "reject"}, REVIEWER)
    assert list(case.ready()) == ["Task_Review"]


def test_the_automatic_check_asks_for_what_is_missing_and_continues_after_the_answer(
    cases: Cases, clock: ManualClock
) -> None:
    case = new_case(cases)
    case.apply(
        application(wishes={"first_choice": "hikari", "second_choice": "hikari"}),
        certificates=("guardian1_certificate",),
    )

    ready = case.ready()
    assert list(ready) == ["Task_Correct"]
    assert ready["Task_Correct"].lane == "保護者"
    data = case.data
    assert data["application_complete"] is False
    reason = data["correction_reason"]
    assert "保護者2の就労証明書" in reason
    assert "第1希望と第2希望に同じ学童クラブ" in reason
    assert "保護者1" not in reason  # what was given is not asked for
    assert data["correction_due"] == "2026-12-04"  # 14 days on

    clock.advance(days=13)
    assert cases.fire_due_timers() == 0  # the deadline has not passed
    case.complete(
        "Task_Correct",
        {
            "guardian2_certificate": case.attach("guardian2_certificate"),
            "wishes": {"second_choice": "none"},
            "correction_answer": "証明書を添付しました。",
        },
        case.resident,
    )

    assert list(case.ready()) == ["Task_Review"]
    data = case.data
    assert data["application_complete"] is True
    assert "correction_reason" not in data
    assert "correction_due" not in data
    assert data["wishes"] == {"first_choice": "hikari", "second_choice": "none"}
    clock.advance(days=2)
    assert cases.fire_due_timers() == 0  # the answered correction's timer is gone
    assert list(case.ready()) == ["Task_Review"]


def test_an_inconsistent_birth_date_and_a_missing_guardian_are_asked_for(
    cases: Cases, clock: ManualClock
) -> None:
    case = new_case(cases)
    child = {**application()["child"], "grade": 4}
    case.apply(application(child=child, guardian2={}), certificates=BOTH)
    reason = case.data["correction_reason"]
    assert "生年月日と学年が合っていません" in reason
    assert "保護者2の氏名" in reason
    assert "保護者2の保育が必要な理由" in reason

    # The household was a single-parent one after all: the answer says so.
    case.complete(
        "Task_Correct",
        {"household_change": "single_parent", "child": {"grade": 1}},
        case.resident,
    )
    assert list(case.ready()) == ["Task_Review"]
    data = case.data
    assert data["single_parent"] is True
    assert data["index"] == 10 + 3 + 2  # guardian 1 alone, single parent, grade 1-3


def test_the_reviewer_can_ask_for_a_correction_and_the_case_comes_back(
    cases: Cases, clock: ManualClock
) -> None:
    case = new_case(cases)
    case.apply(application(), certificates=BOTH)
    casework = Casework(cases.db)
    review = case.ready()["Task_Review"]
    correction = casework.task(review.id, REVIEWER).correction
    assert correction is not None  # the staff page offers 補正要求 on this task
    assert (correction.variable, correction.value, correction.resident_task) == (
        "decision",
        "correction",
        "Task_Correct",
    )
    casework.request_correction(
        cases,
        review.id,
        reason="就労証明書の勤務時間が読み取れません。",
        due=date(2026, 12, 10),
        principal=REVIEWER,
        today=clock().date(),
    )

    assert list(case.ready()) == ["Task_Correct"]
    assert case.data["correction_reason"] == "就労証明書の勤務時間が読み取れません。"
    assert case.data["correction_due"] == "2026-12-10"

    # The timer follows the reviewer's deadline, not a fixed 14 days.
    clock.set(datetime(2026, 12, 10, 14, 0, tzinfo=UTC))  # 23:00 on the 10th in Tokyo
    assert cases.fire_due_timers() == 0
    assert list(case.ready()) == ["Task_Correct"]

    case.complete(
        "Task_Correct",
        {
            "guardian1_certificate": case.attach("guardian1_certificate"),
            "guardian1": {"work_hours_per_day": 6},
        },
        case.resident,
    )
    assert list(case.ready()) == ["Task_Review"]
    data = case.data
    assert "correction_reason" not in data
    assert data["guardian1"]["name"] == "港 太郎"  # the answer merged into the application
    assert data["guardian1_index"] == 9  # recomputed with 6 hours a day


def test_no_answer_within_14_days_ends_the_case_as_withdrawn(
    cases: Cases, clock: ManualClock
) -> None:
    case = new_case(cases)
    case.apply(application())  # no certificates at all
    assert list(case.ready()) == ["Task_Correct"]

    # The deadline is the end of 2026-12-04 in Tokyo (14:59:59 UTC).
    clock.set(datetime(2026, 12, 4, 14, 59, 59, tzinfo=UTC))
    assert cases.fire_due_timers() == 0
    assert list(case.ready()) == ["Task_Correct"]
    clock.advance(seconds=2)
    assert cases.fire_due_timers() == 1

    assert case.status == InstanceStatus.COMPLETED
    assert case.ready() == {}
    assert "End_DeemedWithdrawn" in case.passed
    notice = case.data["decision_notice"]
    assert "期限（2026-12-04）までに補正がなかったため" in notice
    assert "取下げとして扱いました" in notice


def test_an_approver_can_send_the_draft_back_to_the_reviewer(
    cases: Cases, clock: ManualClock
) -> None:
    case = new_case(cases)
    case.apply(application(), certificates=BOTH)
    case.complete("Task_Review", {"decision": "waitlist"}, REVIEWER)
    case.complete("Task_ApproveChief", {"approval": "approve"}, CHIEF)
    case.complete(
        "Task_ApproveManager",
        {"approval": "return", "approval_comment": "第2希望の空きを確認してください。"},
        MANAGER,
    )
    assert list(case.ready()) == ["Task_Review"]
    case.complete("Task_Review", {"decision": "provisional", "assigned_club": "sakura"}, REVIEWER)
    approve(case)
    assert "End_Provisional" in case.passed
    assert case.status == InstanceStatus.COMPLETED


def test_the_resident_can_withdraw_while_the_case_is_open(cases: Cases, clock: ManualClock) -> None:
    case = new_case(cases)
    case.apply(application(), certificates=BOTH)
    cases.withdraw(case.id, case.resident)
    assert case.status == InstanceStatus.WITHDRAWN
    assert case.ready() == {}


# --- the pages -------------------------------------------------------------------------------
PAGE_ANSWERS: Final = {
    "child.name": "港 はな",
    "child.kana": "ミナト ハナ",
    "child.birth_date-year": "2020",
    "child.birth_date-month": "6",
    "child.birth_date-day": "1",
    "child.school": "港第一小学校",
    "child.grade": "1",
    "wishes.first_choice": "midori",
    "wishes.second_choice": "sakura",
    "single_parent": "false",
    "sibling_in_club": "false",
    "guardian1.name": "港 太郎",
    "guardian1.relation": "father",
    "guardian1.situation": "work",
    "guardian1.work_days_per_month": "20",
    "guardian1.work_hours_per_day": "8",
    "guardian1.covers_afternoon": "true",
    "guardian2.name": "港 花子",
    "guardian2.relation": "mother",
    "guardian2.situation": "work",
    "guardian2.work_days_per_month": "16",
    "guardian2.work_hours_per_day": "6",
    "guardian2.covers_afternoon": "true",
}


def only(page: Any, xpath: str) -> Any:
    found = page.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


def test_the_pages_carry_an_application_through_a_correction_to_the_notice(
    tmp_path: Path, clock: ManualClock
) -> None:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'pages.db'}", processes_dir=BUNDLED, run_timers=False
    )
    with app_client(settings) as client:
        api = Api(client)
        browser = Browser(client)
        form = browser.start(KEY)
        case_id = form.split("/")[2]
        certificate = ("guardian1_certificate", ("就労証明書1.pdf", PDF, "application/pdf"))
        sent = browser.post(form, PAGE_ANSWERS, files=[certificate])
        assert sent.status_code == 303, sent.text
        assert browser.post(f"{form}/confirm").status_code == 303

        # The automatic check asks for guardian 2's certificate on the status page.
        status = html(client.get(f"/status/cases/{case_id}"))
        assert "保護者2の就労証明書" in only(status, "//p[@id='correction-reason']").text_content()
        assert "2026年12月4日" in only(status, "//p[@id='correction-due']").text_content()
        fix = only(status, "//ul[@id='next-tasks']//a").get("href")
        assert only(html(client.get(fix)), "//div[@id='correction-banner']") is not None
        second = ("guardian2_certificate", ("就労証明書2.pdf", PDF, "application/pdf"))
        answered = browser.post(fix, {"correction_answer": "添付しました。"}, files=[second])
        assert answered.status_code == 303, answered.text
        assert browser.post(f"{fix}/confirm").status_code == 303

        status = html(client.get(f"/status/cases/{case_id}"))
        assert not status.xpath("//div[@id='correction-banner']")
        data = api.instance(case_id)["data"]
        assert data["guardian1"]["name"] == "港 太郎"  # the answer did not wipe the application
        assert data["index"] == 11

        review = api.ready(case_id, "Task_Review")
        done = api.complete(review["id"], {"decision": "provisional"})
        assert done.status_code == 200, done.text
        for element in ("Task_ApproveChief", "Task_ApproveManager"):
            approved = api.complete(api.ready(case_id, element)["id"], {"approval": "approve"})
            assert approved.status_code == 200, approved.text
        result = html(client.get(f"/status/cases/{case_id}"))
        assert (
            only(result, "//p[@id='case-result']").text_content()
            == (api.instance(case_id)["data"]["decision_notice"])
        )
        assert "みどり学童クラブへの入所が内定しました" in result.text_content()


# --- deployment --------------------------------------------------------------------------
def test_serve_deploys_the_bundled_model(fresh_db: Database) -> None:
    url = str(fresh_db.engine.url.render_as_string(hide_password=False))
    deployed = deploy_bundled(fresh_db, Settings(db_url=url, processes_dir=BUNDLED))
    assert f"{KEY} v1" in deployed


def test_the_bundle_carries_the_forms_and_decisions() -> None:
    bundle = files()
    assert {
        "to-be-base-index.dmn",
        "to-be-adjustment.dmn",
        "to-be-application.schema.json",
        "to-be-correction.schema.json",
        "to-be-review.schema.json",
        "to-be-approval.schema.json",
    } <= set(bundle)
    runnable = package()
    assert runnable.key == KEY
    actors = {lane.name: lane.actor for lane in runnable.lanes}
    assert actors == {
        "保護者": "resident",
        "システム": "system",
        "審査担当": "staff",
        "係長": "staff",
        "課長": "staff",
    }
    forms = {task.element_id: task.form for task in runnable.tasks}
    assert set(forms) == {
        "Task_Apply",
        "Task_Correct",
        "Task_Review",
        "Task_ApproveChief",
        "Task_ApproveManager",
    }
    assert all(form is not None for form in forms.values())


def test_the_model_validates_without_findings() -> None:
    result = check_bytes((FOLDER / MAIN).read_bytes(), MAIN)
    assert [(f.code, f.element_id) for f in result.findings] == []
    process = result.definitions.processes[KEY] if result.definitions else None
    assert process is not None
    assert (process.bpr.procedure, process.bpr.variant, process.bpr.area) == (
        "gakudo",
        "to-be",
        "子ども・子育て支援",
    )


def test_only_the_review_task_sends_the_case_back_to_the_resident() -> None:
    document = read_definitions(parse_xml((FOLDER / MAIN).read_bytes(), MAIN), MAIN)
    offers = {
        task: correction_path(document, task, {})
        for task in ("Task_Review", "Task_ApproveChief", "Task_ApproveManager")
    }
    assert offers["Task_Review"] is not None
    assert offers["Task_ApproveChief"] is None  # their "return" goes to the reviewer
    assert offers["Task_ApproveManager"] is None


DI: Final = "http://www.omg.org/spec/BPMN/20100524/DI"
DC: Final = "http://www.omg.org/spec/DD/20100524/DC"
DD: Final = "http://www.omg.org/spec/DD/20100524/DI"


def drawing_problems(content: bytes) -> list[tuple[str, str]]:
    """(flow, what): a flow's line runs through a shape it does not connect, leaves the
    pool ("outside"), or does not start at its source and end at its target ("detached")."""
    document = read_definitions(parse_xml(content, MAIN), MAIN)
    process = document.processes[KEY]
    boxes: dict[str, tuple[float, float, float, float]] = {}
    root = parse_xml(content, MAIN)
    for shape in root.iter(f"{{{DI}}}BPMNShape"):
        element = str(shape.get("bpmnElement"))
        bounds = shape.find(f"{{{DC}}}Bounds")
        if bounds is not None:
            x, y, w, h = (float(str(bounds.get(k))) for k in ("x", "y", "width", "height"))
            boxes[element] = (x, y, x + w, y + h)
    pool = boxes["Participant_City"]
    assert set(process.nodes) <= set(boxes)
    found = []
    for edge in root.iter(f"{{{DI}}}BPMNEdge"):
        flow = process.flows[str(edge.get("bpmnElement"))]
        ends = {flow.source_id, flow.target_id}
        for end in list(ends):
            attached = process.nodes[end].attached_to
            if attached is not None:
                ends.add(attached)
        points = [
            (float(str(p.get("x"))), float(str(p.get("y")))) for p in edge.iter(f"{{{DD}}}waypoint")
        ]
        if any(not within(point, pool) for point in points):
            found.append((flow.id, "outside"))
        if not (within(points[0], boxes[flow.source_id], 1)) or not (
            within(points[-1], boxes[flow.target_id], 1)
        ):
            found.append((flow.id, "detached"))
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            for element in process.nodes:
                left, top, right, bottom = boxes[element]
                inside = (  # the border may be touched
                    min(x1, x2) < right - 2
                    and max(x1, x2) > left + 2
                    and min(y1, y2) < bottom - 2
                    and max(y1, y2) > top + 2
                )
                if inside and element not in ends:
                    found.append((flow.id, element))
    return found


def within(
    point: tuple[float, float], box: tuple[float, float, float, float], margin: float = 0
) -> bool:
    x, y = point
    left, top, right, bottom = box
    return left - margin <= x <= right + margin and top - margin <= y <= bottom + margin


def test_no_edge_of_the_diagram_runs_through_a_shape_it_does_not_connect() -> None:
    assert drawing_problems((FOLDER / MAIN).read_bytes()) == []


# --- forms ---------------------------------------------------------------------------------
def schema(name: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return value


SCHEMAS: Final = sorted(p.name for p in FOLDER.glob("to-be-*.schema.json"))


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_form_is_valid_json_schema_and_its_ui_schema_names_real_fields(name: str) -> None:
    form = schema(name)
    jsonschema.validators.validator_for(form).check_schema(form)
    ui = schema(name.replace(".schema.json", ".uischema.json"))
    fields = set(form["properties"])
    assert set(ui["ui:order"]) == fields
    assert {k for k in ui if not k.startswith("ui:")} <= fields
    for key, options in ui.items():
        if isinstance(options, dict) and "ui:order" in options:
            assert set(options["ui:order"]) == set(form["properties"][key]["properties"])


def validator(name: str) -> Any:
    form = schema(name)
    checker = jsonschema.FormatChecker()
    return jsonschema.validators.validator_for(form)(form, format_checker=checker)


def test_the_application_form_accepts_a_full_application_and_refuses_bad_answers() -> None:
    form = validator("to-be-application.schema.json")
    full = application(guardian1_certificate="a" * 32, guardian2_certificate="b" * 32)
    assert list(form.iter_errors(full)) == []
    single = application(single_parent=True)
    del single["guardian2"]
    assert list(form.iter_errors(single)) == []  # guardian 2 is optional

    bad = copy.deepcopy(full)
    bad["child"]["grade"] = 7
    bad["guardian1"]["situation"] = "holiday"
    bad["wishes"]["first_choice"] = "none"  # "none" is only a second choice
    bad["child"]["birth_date"] = "2020-13-01"
    del bad["single_parent"]
    problems = {
        "/".join(str(p) for p in e.absolute_path) or e.validator for e in form.iter_errors(bad)
    }
    assert problems == {
        "child/grade",
        "guardian1/situation",
        "wishes/first_choice",
        "child/birth_date",
        "required",
    }


def test_the_correction_form_offers_the_application_fields_without_requiring_any() -> None:
    apply_form = schema("to-be-application.schema.json")
    correct_form = schema("to-be-correction.schema.json")
    assert "required" not in correct_form
    only_here = set(correct_form["properties"]) - set(apply_form["properties"])
    assert only_here == {"correction_answer", "household_change"}
    for key, prop in correct_form["properties"].items():
        assert "required" not in prop
        if key in only_here:
            continue
        original = apply_form["properties"][key]
        if prop.get("type") == "object":
            # Every field kept is the application's field unchanged (only checkboxes left
            # out: an unticked box cannot tell "no" from "unchanged").
            for name, field in prop["properties"].items():
                assert field == original["properties"][name]
            left_out = set(original["properties"]) - set(prop["properties"])
            assert all(original["properties"][n]["type"] == "boolean" for n in left_out)
        else:
            assert prop == original
    assert list(validator("to-be-correction.schema.json").iter_errors({})) == []


def test_the_review_form_accepts_the_correction_request_of_the_staff_page() -> None:
    form = validator("to-be-review.schema.json")
    request = {"decision": "correction", "correction_reason": "…", "correction_due": "2026-12-10"}
    assert list(form.iter_errors(request)) == []
    assert list(form.iter_errors({"decision": "reject", "decision_reason": ""})) != []


# --- the index ---------------------------------------------------------------------------
@cache
def package() -> Runnable:
    return build_package(files(), main=MAIN).default


def scored(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The case data when the reviewer's task is ready, for a complete application."""
    with using(ManualClock(T0)):
        execution = start(package().spec)
        task = execution.ready_tasks()[0]
        certificates = dict.fromkeys(BOTH, "c" * 32)
        execution.complete(task.id, {**answers, **certificates})
        assert [t.element_id for t in execution.ready_tasks()] == ["Task_Review"]
        return execution.data


GRADE4_BIRTH: Final = "2017-06-01"  # grade 4 in April 2027


@pytest.mark.parametrize(
    ("answers", "guardians", "base", "adjustment", "index"),
    [
        # Two full-time workers: 10 and 10; grade 1-3 +2.
        (application(guardian2=guardian("港 花子", "work", 22, 8)), (10, 10), 10, 2, 12),
        # The lower guardian counts: 10 and 8 (12 days, 4 hours) -> 8.
        (application(guardian2=guardian("港 花子", "work", 12, 4)), (10, 8), 8, 2, 10),
        # Without the 15-17h window the work does not meet the requirement: 0.
        (
            application(guardian2=guardian("港 花子", "work", 20, 8, afternoon=False)),
            (10, 0),
            0,
            2,
            2,
        ),
        # Single parent job seeking: 5; single parent +3, grade 1-3 +2.
        (
            application(single_parent=True, guardian1=guardian("港 花子", "job_seeking", 0, 0)),
            (5, None),
            5,
            5,
            10,
        ),
        # Grade 4 with a sibling in the club and special needs: +1 +2; illness 9, study 8.
        (
            application(
                child={
                    "name": "港 そら",
                    "kana": "ミナト ソラ",
                    "birth_date": GRADE4_BIRTH,
                    "school": "港第一小学校",
                    "grade": 4,
                    "needs_support": True,
                },
                sibling_in_club=True,
                guardian1=guardian("港 太郎", "illness", 0, 0),
                guardian2=guardian("港 花子", "study", 15, 5),
            ),
            (9, 8),
            8,
            3,
            11,
        ),
    ],
    ids=["two-full-time", "lower-counts", "no-afternoon", "single-parent", "grade-4"],
)
def test_the_index_is_the_lower_base_index_plus_the_adjustments(
    answers: dict[str, Any],
    guardians: tuple[int, int | None],
    base: int,
    adjustment: int,
    index: int,
) -> None:
    data = scored(answers)
    assert data["guardian1_index"] == guardians[0]
    if guardians[1] is not None:
        assert data["guardian2_index"] == guardians[1]
    else:
        assert "guardian2_index" not in data
    assert data["base_index"] == base
    assert data["adjustment_index"] == adjustment
    assert sum(item["points"] for item in data["adjustments"]) == adjustment
    assert data["index"] == index
    assert data["meets_requirements"] is (base > 0)
    assert data["proposed_decision"] == ("provisional" if base > 0 else "reject")


def test_the_tie_break_key_sorts_by_the_priority_list() -> None:
    households = {
        # 10 and 10 -> 10, grade 1-3 +2: 12
        "two-guardians": application(guardian2=guardian("港 花子", "work", 22, 8)),
        # single parent working full time: 10 + 3 + 2 = 15
        "single-higher": application(single_parent=True),
        # single parent job seeking: 5 + 3 + 2 = 10
        "single-lower": application(
            single_parent=True, guardian1=guardian("港 花子", "job_seeking", 0, 0)
        ),
        # 9 and 9 -> 9, sibling in the club +1, grade 1-3 +2: 12, ties with two-guardians
        "sibling": application(
            sibling_in_club=True,
            guardian1=guardian("港 太郎", "illness", 0, 0),
            guardian2=guardian("港 花子", "work", 16, 6),
        ),
    }
    keys = {name: scored(answers) for name, answers in households.items()}
    assert {name: data["index"] for name, data in keys.items()} == {
        "two-guardians": 12,
        "single-higher": 15,
        "single-lower": 10,
        "sibling": 12,
    }
    order = sorted(keys, key=lambda name: keys[name]["tie_break_key"])
    # Highest index first; at 12 the sibling in the club wins over the higher base index.
    assert order == ["single-higher", "sibling", "two-guardians", "single-lower"]


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (datetime(2027, 1, 30, 3, 0, tzinfo=UTC), "2027-02-13"),  # noon in Tokyo
        (datetime(2027, 1, 30, 20, 0, tzinfo=UTC), "2027-02-14"),  # already the 31st there
    ],
)
def test_the_correction_deadline_is_14_days_on_in_tokyo_by_the_runtime_clock(
    now: datetime, due: str
) -> None:
    with using(ManualClock(now)):
        execution = start(package().spec)
        execution.complete(execution.ready_tasks()[0].id, application())
        assert execution.data["correction_due"] == due
        (timer,) = execution.timers()
    assert timer.element_id == "Boundary_CorrectionDue"
    assert timer.due_at == datetime.fromisoformat(f"{due}T23:59:59+09:00")


def test_a_correction_needs_a_reason_and_a_deadline_on_the_review_form() -> None:
    form = validator("to-be-review.schema.json")
    assert list(form.iter_errors({"decision": "correction"})) != []
    missing_due = {"decision": "correction", "correction_reason": "証明書が古いです。"}
    assert list(form.iter_errors(missing_due)) != []


def test_the_documented_rules_are_in_the_readme() -> None:
    text = (FOLDER / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## To-Be") :]
    for phrase in ("基準指数", "調整指数", "順位キー", "to-be-base-index.dmn", "T23:59:59+09:00"):
        assert phrase in section
    assert Path(FOLDER / "to-be-base-index.dmn").is_file()
