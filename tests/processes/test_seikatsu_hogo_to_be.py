"""The bundled 生活保護 To-Be model, run as the server runs it: deployed from its folder,
driven through ``Cases`` on SQLite and PostgreSQL, on a clock the tests move by hand.

Main paths: an online application to 保護開始 with every inquiry; a counter consultation
with and without the intent to apply; a rejection with reasons and a mailed notice when
扶養照会 is skipped; a correction the section asks for; approvals sent back. The §24
clock: a decision before day 14 leaves no timer; day 14 asks the caseworker for the reason
of the extension, which the notices state; day 30 without a decision is みなし却下.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import jsonschema  # type: ignore[import-untyped]
import pytest

from api.app import deploy_bundled
from api.settings import Settings
from engine.check import check_bytes
from engine.runtime import ManualClock, build_package, start
from engine.service.cases import Cases, FormInvalidError
from engine.service.casework import Casework
from engine.service.deployments import bundle_files
from engine.service.principals import ForbiddenError, Resident, Staff
from engine.store import Database, InstanceStatus, TaskStatus, token_hash
from tests.conftest import BUNDLED
from tests.engine.runtime.helpers import chain, executable
from tests.processes.support import LANES, BundledCase, clock_at, deployed

FOLDER: Final = BUNDLED / "seikatsu-hogo"
MAIN: Final = "to-be.bpmn"
KEY: Final = "SeikatsuHogo_ToBe"
T0: Final = datetime(2026, 6, 1, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo

INTERVIEWER: Final = Staff("interviewer-1", frozenset({"面接相談員"}))
SECTION: Final = Staff("section-1", frozenset({"保護係"}))
CASEWORKER: Final = Staff("cw-1", frozenset({"ケースワーカー"}))
SUPERVISOR: Final = Staff("sv-1", frozenset({"査察指導員"}))
CHIEF: Final = Staff("chief-1", frozenset({"課長"}))
BANK: Final = Staff("bank-1", frozenset({"金融機関等"}))
PENSION: Final = Staff("pension-1", frozenset({"年金事務所"}))
RELATIVE: Final = Staff("relative-1", frozenset({"扶養義務者"}))
DOCTOR: Final = Staff("doctor-1", frozenset({"医療機関"}))
READER: Final = Staff("admin-1", frozenset({"admin"}))

APPEAL: Final = "3か月以内に、東京都知事に審査請求をすることができます"


def application(**changes: Any) -> dict[str, Any]:
    """A one-person household living on a small pension; ``changes`` replace keys."""
    answers: dict[str, Any] = {
        "applicant": {
            "name": "港 一郎",
            "kana": "ミナト イチロウ",
            "birth_date": "1955-03-02",
            "address": "東京都港区芝公園1-5-25",
            "phone": "03-1234-5678",
        },
        "household": {"members_count": 1, "members": ""},
        "income": {"earned": 0, "pension": 30000, "other": 0},
        "assets": {"savings": 20000},
        "reason": "病気で仕事を辞め、年金だけでは生活できないため。",
        "consent_inquiries": True,
        "consent_electronic_notice": True,
    }
    answers.update(changes)
    return answers


def files() -> dict[str, bytes]:
    """The To-Be bundle exactly as ``machiflow serve`` collects it from its folder."""
    bundles = dict(bundle_files(FOLDER))
    return bundles[MAIN]


# --- the service, on both databases ------------------------------------------------------
@pytest.fixture
def clock() -> Iterator[ManualClock]:
    with clock_at(T0) as manual:
        yield manual


@pytest.fixture
def cases(fresh_db: Database) -> Cases:
    return deployed(fresh_db, files(), main=MAIN, key=KEY)


class Case(BundledCase):
    reader = READER

    def status(self) -> InstanceStatus:
        return self.current_status()


def lanes(case: Case) -> dict[str, str | None]:
    return {element: task.lane for element, task in case.ready().items()}


def online_case(cases: Cases) -> Case:
    """A case a resident starts online: the application form is the first task."""
    case = Case.started(cases, KEY)
    assert lanes(case) == {"Task_Application": "申請者"}
    return case


def registered(case: Case, **visit: Any) -> None:
    """Apply, register the case and record the home visit (``visit`` changes its answers)."""
    case.complete("Task_Application", application(), case.resident)
    assert lanes(case) == {"Task_Register": "保護係"}
    case.complete(
        "Task_Register",
        {
            "case_number": "H2026-0042",
            "district": "north",
            "caseworker": "芝 花子",
        },
        SECTION,
    )
    assert lanes(case) == {"Task_HomeVisit": "ケースワーカー"}
    answers = {
        "visit_date": "2026-06-03",
        "living_conditions": "単身。持病があり通院中。家賃の滞納あり。",
        "support_expected": False,
        "medical_inquiry_needed": False,
    }
    answers.update(visit)
    case.complete("Task_HomeVisit", answers, CASEWORKER)


def replies(case: Case, *, balance: int = 15000, pension: int = 30000) -> None:
    """The bank and the pension office answer their §29 inquiries."""
    case.complete("Task_BankReply", {"bank_balance": balance}, BANK)
    case.complete(
        "Task_PensionReply", {"pension_monthly": pension, "pension_kind": "国民年金"}, PENSION
    )


def decide(case: Case, decision: Mapping[str, Any]) -> None:
    """The caseworker decides, the supervisor and the chief approve."""
    case.complete("Task_NeedDecision", decision, CASEWORKER)
    assert lanes(case)["Task_SupervisorReview"] == "査察指導員"
    case.complete("Task_SupervisorReview", {"review_result": "approve"}, SUPERVISOR)
    assert lanes(case)["Task_ChiefApproval"] == "課長"
    case.complete("Task_ChiefApproval", {"approval_result": "approve"}, CHIEF)


START: Final = {
    "decision": "start",
    "monthly_benefit": 100000,
    "decision_reasons": "収入と資産が最低生活費に満たないため。",
}
REJECT: Final = {
    "decision": "reject",
    "decision_reasons": "預貯金が最低生活費の半分を超えるため",
}


# --- main paths --------------------------------------------------------------------------
def test_an_online_application_with_every_inquiry_ends_in_assistance(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    clock.advance(days=1)
    registered(
        case, support_expected=True, relatives="港 次郎（長男）", medical_inquiry_needed=True
    )
    assert case.data["application_date"] == "2026-06-02"
    assert case.data["decision_due"] == "2026-06-16"
    assert case.data["decision_due_extended"] == "2026-07-02"
    assert case.data["inquiries"] == ["金融機関等", "年金事務所", "扶養義務者", "医療機関"]
    assert lanes(case) == {
        "Task_BankReply": "金融機関等",
        "Task_PensionReply": "年金事務所",
        "Task_SupportReply": "扶養義務者",
        "Task_MedicalReply": "医療機関",
    }
    replies(case, balance=15000, pension=32000)
    case.complete(
        "Task_SupportReply", {"support_answer": "partial", "support_monthly": 10000}, RELATIVE
    )
    assert "Task_NeedDecision" not in case.ready(), "the decision waits for every reply"
    case.complete("Task_MedicalReply", {"work_ability": "limited"}, DOCTOR)

    # The need is computed from the replies: the larger pension, the support, the balance.
    data = case.data
    assert data["minimum_cost_of_living"] == 130000
    assert data["minimum_cost_basis"].startswith("単身世帯")
    assert "members" not in data, "the decision table's input is not left in the case data"
    assert data["recognized_income"] == 32000 + 10000
    assert data["assets_total"] == 20000
    assert data["shortfall"] == 130000 - 42000
    assert data["need_indicated"] is True
    assert data["suggested_benefit"] == 88000
    assert lanes(case) == {"Task_NeedDecision": "ケースワーカー"}

    decide(case, {**START, "monthly_benefit": 88000})
    assert case.status() == InstanceStatus.COMPLETED
    assert "EndEvent_Start" in case.passed
    assert "Script_ElectronicNotice" in case.passed
    assert "Task_MailNotice" not in case.passed
    notice = case.data["decision_notice"]
    assert notice.startswith("生活保護を開始することに決定しました。保護費は月額88,000円です。")
    assert "理由：収入と資産が最低生活費に満たないため。" in notice
    assert "。。" not in notice, "a reason written with its own 。 is not doubled"
    assert APPEAL in notice
    assert "14日を過ぎた" not in notice
    assert case.data["notice_channel"] == "electronic"
    assert case.data["notice_delivered_on"] == "2026-06-02"


def test_a_rejection_states_its_reasons_and_is_mailed_when_not_consented(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    case.complete(
        "Task_Application",
        application(consent_electronic_notice=False, assets={"savings": 400000}),
        case.resident,
    )
    case.complete(
        "Task_Register",
        {
            "case_number": "H2026-0043",
            "district": "south",
            "caseworker": "高輪 次郎",
        },
        SECTION,
    )
    case.complete(
        "Task_HomeVisit",
        {
            "visit_date": "2026-06-04",
            "living_conditions": "単身。親族とは長年音信不通。",
            "support_expected": False,
            "medical_inquiry_needed": False,
        },
        CASEWORKER,
    )
    # 扶養照会 and the medical inquiry are skipped: only the bank and the pension office.
    assert set(case.ready()) == {"Task_BankReply", "Task_PensionReply"}
    assert case.data["inquiries"] == ["金融機関等", "年金事務所"]
    replies(case, balance=380000)
    assert case.data["need_indicated"] is False
    assert case.data["assets_total"] == 400000

    with pytest.raises(FormInvalidError) as refused:
        case.complete("Task_NeedDecision", {"decision": "reject"}, CASEWORKER)
    assert [e["field"] for e in refused.value.params["errors"]] == ["decision_reasons"]
    decide(case, REJECT)

    assert lanes(case) == {"Task_MailNotice": "保護係"}
    case.complete("Task_MailNotice", {"mailed_on": "2026-06-10"}, SECTION)
    assert case.status() == InstanceStatus.COMPLETED
    passed = case.passed
    assert "EndEvent_Reject" in passed
    assert "Task_SupportReply" not in passed
    assert "Task_MedicalReply" not in passed
    notice = case.data["decision_notice"]
    assert notice.startswith("生活保護の申請を却下することに決定しました。")
    assert "理由：預貯金が最低生活費の半分を超えるため。" in notice
    assert APPEAL in notice
    assert case.data["notice_channel"] == "mail"


def test_a_counter_consultation_leads_to_the_application_or_ends_without_one(
    cases: Cases, clock: ManualClock
) -> None:
    started = cases.start(KEY, {"intake": "counter"}, INTERVIEWER)
    case = Case(cases, started.instance.id, Resident(token_hash(started.access_token)))
    assert lanes(case) == {"Task_Consultation": "面接相談員"}
    case.complete(
        "Task_Consultation",
        {"consultation_summary": "失業して家賃が払えない。", "intends_to_apply": True},
        INTERVIEWER,
    )
    assert lanes(case) == {"Task_Application": "申請者"}

    started = cases.start(KEY, {"intake": "counter"}, INTERVIEWER)
    other = Case(cases, started.instance.id, Resident(token_hash(started.access_token)))
    other.complete(
        "Task_Consultation",
        {
            "consultation_summary": "年金の受給手続きを知りたい。",
            "advice_given": "年金事務所での手続きを案内した。",
            "intends_to_apply": False,
        },
        INTERVIEWER,
    )
    assert other.status() == InstanceStatus.COMPLETED
    assert "EndEvent_ConsultationOnly" in other.passed
    assert "decision_notice" not in other.data


def test_the_section_can_ask_for_a_correction_and_the_case_comes_back(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    case.complete("Task_Application", application(), case.resident)
    # The staff page's 補正要求 action finds the correction path from the model.
    casework = Casework(cases.db)
    task = case.ready()["Task_Register"]
    correction = casework.task(task.id, SECTION).correction
    assert correction is not None
    assert (correction.variable, correction.value, correction.resident_task) == (
        "registration_result",
        "correction",
        "Task_Correction",
    )
    casework.request_correction(
        cases,
        task.id,
        reason="世帯の人数と同居の方の記載が合っていません。",
        due=date(2026, 6, 8),
        principal=SECTION,
        today=date(2026, 6, 1),
    )
    assert lanes(case) == {"Task_Correction": "申請者"}
    assert case.data["correction_reason"].startswith("世帯の人数")
    assert case.data["correction_due"] == "2026-06-08"
    with pytest.raises(ForbiddenError):
        case.complete("Task_Correction", application(), SECTION)
    corrected = application(household={"members_count": 2, "members": "港 花子（妻）"})
    case.complete("Task_Correction", corrected, case.resident)
    assert "correction_reason" not in case.data
    assert "correction_due" not in case.data
    assert case.data["household"]["members_count"] == 2
    assert lanes(case) == {"Task_Register": "保護係"}


def test_the_supervisor_and_the_chief_can_send_the_draft_back(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    registered(case)
    replies(case)
    case.complete("Task_NeedDecision", START, CASEWORKER)
    with pytest.raises(FormInvalidError):
        case.complete("Task_SupervisorReview", {"review_result": "return"}, SUPERVISOR)
    case.complete(
        "Task_SupervisorReview",
        {"review_result": "return", "review_comment": "家賃の額を確認してください。"},
        SUPERVISOR,
    )
    assert lanes(case) == {"Task_NeedDecision": "ケースワーカー"}
    case.complete("Task_NeedDecision", START, CASEWORKER)
    case.complete("Task_SupervisorReview", {"review_result": "approve"}, SUPERVISOR)
    case.complete(
        "Task_ChiefApproval",
        {"approval_result": "return", "approval_comment": "理由を具体的に。"},
        CHIEF,
    )
    assert lanes(case) == {"Task_NeedDecision": "ケースワーカー"}
    decide(case, START)
    assert "EndEvent_Start" in case.passed


def test_staff_work_only_in_their_own_lanes(cases: Cases, clock: ManualClock) -> None:
    case = online_case(cases)
    case.complete("Task_Application", application(), case.resident)
    with pytest.raises(ForbiddenError):
        case.complete("Task_Register", {}, CASEWORKER)
    # Completing the task registers the case: the registration answers are required.
    with pytest.raises(FormInvalidError) as refused:
        case.complete("Task_Register", {"case_number": ""}, SECTION)
    fields = {e["field"] for e in refused.value.params["errors"]}
    assert fields == {"case_number", "district", "caseworker"}
    # A correction always says why (the staff page's 補正要求 sends the reason).
    with pytest.raises(FormInvalidError) as refused:
        case.complete("Task_Register", {"registration_result": "correction"}, SECTION)
    assert [e["field"] for e in refused.value.params["errors"]] == ["correction_reason"]
    assert lanes(case) == {"Task_Register": "保護係"}


# --- the §24 clock -------------------------------------------------------------------------
def test_a_decision_within_14_days_leaves_no_timer(cases: Cases, clock: ManualClock) -> None:
    case = online_case(cases)
    registered(case)
    clock.advance(days=13)
    assert case.fire() == 0
    replies(case)
    decide(case, START)
    assert case.status() == InstanceStatus.COMPLETED
    clock.advance(days=40)
    assert case.fire() == 0
    assert "Task_ExtensionReason" not in case.passed


def test_day_14_asks_for_the_reason_of_the_extension_which_the_notice_states(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    registered(case)  # the clock starts when the application is handed in
    clock.advance(days=14, seconds=-1)
    assert case.fire() == 0
    clock.advance(seconds=2)
    assert case.fire() == 1
    ready = lanes(case)
    assert ready == {
        "Task_BankReply": "金融機関等",
        "Task_PensionReply": "年金事務所",
        "Task_ExtensionReason": "ケースワーカー",
    }
    with pytest.raises(FormInvalidError):
        case.complete("Task_ExtensionReason", {"extension_reason": ""}, CASEWORKER)
    reason = "金融機関からの回答を待っているため"
    case.complete("Task_ExtensionReason", {"extension_reason": reason}, CASEWORKER)
    assert case.data["extension_notice"].endswith("延長の理由：" + reason + "。")

    clock.advance(days=5)
    replies(case)
    decide(case, START)
    assert case.status() == InstanceStatus.COMPLETED
    assert "EndEvent_Start" in case.passed
    notice = case.data["decision_notice"]
    assert f"決定が申請の日から14日を過ぎた理由：{reason}。" in notice


def test_the_decision_waits_for_the_extension_reason_once_day_14_has_passed(
    cases: Cases, clock: ManualClock
) -> None:
    case = online_case(cases)
    registered(case)
    replies(case)
    clock.advance(days=14, seconds=1)
    assert case.fire() == 1
    decide(case, START)
    # Decided, but the notice must state why it took longer: the reason comes first.
    assert case.status() == InstanceStatus.RUNNING
    assert lanes(case) == {"Task_ExtensionReason": "ケースワーカー"}
    case.complete(
        "Task_ExtensionReason", {"extension_reason": "親族への照会に時間を要したため"}, CASEWORKER
    )
    assert case.status() == InstanceStatus.COMPLETED
    assert "親族への照会に時間を要したため" in case.data["decision_notice"]


def test_no_decision_within_30_days_is_a_deemed_rejection(cases: Cases, clock: ManualClock) -> None:
    case = online_case(cases)
    registered(case)
    clock.advance(days=14, seconds=1)
    assert case.fire() == 1
    case.complete("Task_ExtensionReason", {"extension_reason": "調査中のため"}, CASEWORKER)
    clock.advance(days=16, seconds=-2)
    assert case.fire() == 0
    assert case.status() == InstanceStatus.RUNNING
    clock.advance(seconds=2)
    assert case.fire() == 1
    assert case.status() == InstanceStatus.COMPLETED
    assert "EndEvent_DeemedRejection" in case.passed
    assert case.ready() == {}
    view = case.cases.instance(case.id, READER)
    cancelled = {t.element_id for t in view.tasks if t.status == TaskStatus.CANCELLED}
    assert cancelled == {"Task_BankReply", "Task_PensionReply"}
    assert case.data["deemed_rejection"] is True
    assert "申請の日から30日を過ぎても" in case.data["decision_notice"]
    clock.advance(days=30)
    assert case.fire() == 0


# --- deployment, validation, forms --------------------------------------------------------
def test_serve_deploys_the_bundled_model(fresh_db: Database) -> None:
    url = str(fresh_db.engine.url.render_as_string(hide_password=False))
    deployed = deploy_bundled(fresh_db, Settings(db_url=url, processes_dir=BUNDLED))
    assert f"{KEY} v1" in deployed


def test_the_model_validates_without_findings() -> None:
    result = check_bytes((FOLDER / MAIN).read_bytes(), MAIN)
    assert [(f.code, f.element_id) for f in result.findings] == []
    assert result.definitions is not None
    process = result.definitions.processes[KEY]
    assert (process.bpr.procedure, process.bpr.variant, process.bpr.area) == (
        "seikatsu-hogo",
        "to-be",
        "生活保護",
    )
    unnamed = [n.id for n in process.nodes.values() if not (n.name or "").strip()]
    assert unnamed == []


def test_every_person_task_has_a_form_and_works_in_a_named_lane() -> None:
    runnable = build_package(files(), main=MAIN).default
    assert runnable.key == KEY
    actors = {lane.name: lane.actor for lane in runnable.lanes}
    assert actors == LANES["seikatsu-hogo"]
    assert all(task.form is not None for task in runnable.tasks)
    assert all(task.lane in actors for task in runnable.tasks)
    assert {t.element_id for t in runnable.tasks if t.lane == "申請者"} == {
        "Task_Application",
        "Task_Correction",
    }


def schema(name: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return value


SCHEMAS: Final = sorted(p.name for p in FOLDER.glob("to-be-*.schema.json"))


def test_the_bundle_has_its_forms_and_decision_table() -> None:
    assert len(SCHEMAS) == 13
    assert "to-be-minimum-cost.dmn" in files()


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


def errors(name: str, answers: Mapping[str, Any]) -> set[str]:
    form = schema(name)
    checker = jsonschema.FormatChecker()
    validator = jsonschema.validators.validator_for(form)(form, format_checker=checker)
    return {
        "/".join(str(p) for p in e.absolute_path) or e.validator
        for e in validator.iter_errors(answers)
    }


def test_the_application_form_refuses_what_a_caseworker_could_not_use() -> None:
    assert errors("to-be-application.schema.json", application()) == set()
    bad = application(
        applicant={**application()["applicant"], "kana": "minato", "birth_date": "1955-02-30"},
        household={"members_count": 0},
        income={"earned": -1, "pension": 0, "other": 0},
    )
    assert errors("to-be-application.schema.json", bad) == {
        "applicant/kana",
        "applicant/birth_date",
        "household/members_count",
        "income/earned",
    }
    missing = application()
    del missing["consent_inquiries"]
    assert errors("to-be-application.schema.json", missing) == {"required"}


def test_the_application_date_is_the_date_in_japan_on_the_runtime_clock(
    clock: ManualClock,
) -> None:
    """The deadlines a dashboard shows agree with the timers (both read the runtime clock),
    and the day is Japan's whatever the server's zone: 23:30 UTC is 08:30 the next day."""
    clock.set(datetime(2026, 12, 24, 23, 30, tzinfo=UTC))
    runnable = build_package(files(), main=MAIN).default
    execution = start(runnable.spec, {})
    [apply] = execution.ready_tasks()
    execution.complete(apply.id, application())
    assert execution.data["application_date"] == "2026-12-25"
    assert execution.data["decision_due"] == "2027-01-08"
    assert execution.data["decision_due_extended"] == "2027-01-24"
    assert "received" not in execution.data
    due = sorted(t.due_at for t in execution.timers())
    assert due == [clock() + timedelta(days=14), clock() + timedelta(days=30)]


# --- the minimum cost of living (decision table) ------------------------------------------
TABLE_MODEL: Final = executable(
    '<bpmn:startEvent id="S"/>'
    '<bpmn:businessRuleTask id="Cost"><bpmn:extensionElements>'
    "<spiffworkflow:calledDecisionId>seikatsu_hogo_minimum_cost</spiffworkflow:calledDecisionId>"
    "</bpmn:extensionElements></bpmn:businessRuleTask>"
    '<bpmn:endEvent id="E"/>' + chain("S", "Cost", "E")
)


@pytest.mark.parametrize(
    ("members", "cost"),
    [(1, 130000), (2, 180000), (3, 230000), (4, 280000), (5, 330000), (6, 365000), (8, 435000)],
)
def test_the_minimum_cost_grows_with_the_household(members: int, cost: int) -> None:
    table = (FOLDER / "to-be-minimum-cost.dmn").read_bytes()
    runnable = build_package(
        {"table.bpmn": TABLE_MODEL, "to-be-minimum-cost.dmn": table}, main="table.bpmn"
    ).default
    execution = start(runnable.spec, {"members": members})
    assert execution.status == "completed"
    assert execution.data["minimum_cost_of_living"] == cost
    assert execution.data["minimum_cost_basis"]
