"""Small executable models the API tests deploy: lanes with actors, forms, a decision table,
a message, a timer and a failing script. Built with the runtime tests' helpers.

Element ids avoid ``Start``/``End``: SpiffWorkflow gives its own task specs those names.
"""

from __future__ import annotations

import json
from typing import Final

from tests.engine.runtime.helpers import chain, executable, flow, script, timer
from tests.engine.runtime.test_models import DMN
from tests.factories import process

S: Final = '<bpmn:startEvent id="S" name="開始"/>'
E: Final = '<bpmn:endEvent id="E" name="終了"/>'
RESIDENT_LANE: Final = "申請者"
DESK_LANE: Final = "受付担当"
REVIEW_LANE: Final = "審査担当"


def user(element_id: str, name: str, extra: str = "") -> str:
    inner = f"<bpmn:extensionElements>{extra}</bpmn:extensionElements>" if extra else ""
    return f'<bpmn:userTask id="{element_id}" name="{name}">{inner}</bpmn:userTask>'


def lane(lane_id: str, name: str, *refs: str, actor: str = "") -> str:
    who = f' bpr:actor="{actor}"' if actor else ""
    nodes = "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
    return f'<bpmn:lane id="{lane_id}" name="{name}"{who}>{nodes}</bpmn:lane>'


def lanes(*items: str) -> str:
    return '<bpmn:laneSet id="LaneSet_1">' + "".join(items) + "</bpmn:laneSet>"


def json_form(filename: str) -> str:
    return (
        "<spiffworkflow:properties>"
        f'<spiffworkflow:property name="formJsonSchemaFilename" value="{filename}"/>'
        "</spiffworkflow:properties>"
    )


# --- 転入届: a resident applies, the desk checks (Camunda form), review, fee -------------
APPLY_FORM: Final = {
    "type": "object",
    "required": ["name", "copies"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "title": "氏名"},
        "copies": {"type": "integer", "minimum": 1, "title": "部数"},
        "address": {
            "type": "object",
            "required": ["city"],
            "properties": {"city": {"type": "string"}, "street": {"type": "string"}},
        },
    },
}
CHECK_FIELDS: Final = (
    "<camunda:formData>"
    '<camunda:formField id="verified" label="本人確認" type="boolean">'
    '<camunda:validation><camunda:constraint name="required"/></camunda:validation>'
    "</camunda:formField>"
    '<camunda:formField id="note" label="備考" type="string">'
    '<camunda:validation><camunda:constraint name="maxlength" config="10"/></camunda:validation>'
    "</camunda:formField>"
    "</camunda:formData>"
)
APPLICATION_KEY: Final = "Tennyu"
APPLICATION_ATTRS: Final = (
    'name="転入届" bpr:procedure="tennyu" bpr:variant="to-be" bpr:area="住民記録"'
)


def application(*, check_name: str = "書類の確認") -> bytes:
    body = "\n".join(
        [
            lanes(
                lane("Lane_resident", RESIDENT_LANE, "S", "Apply", actor="resident"),
                lane("Lane_desk", DESK_LANE, "Check", "Fee", "E"),
                lane("Lane_review", REVIEW_LANE, "Review"),
            ),
            S,
            user("Apply", "申請書の入力", json_form("apply.schema.json")),
            user("Check", check_name, CHECK_FIELDS),
            user("Review", "審査"),
            script("Fee", "fee = 300 * copies", name="手数料の計算"),
            E,
            chain("S", "Apply", "Check", "Review", "Fee", "E"),
        ]
    )
    return process(body, process_id=APPLICATION_KEY, executable=True, attrs=APPLICATION_ATTRS)


def application_files(*, check_name: str = "書類の確認") -> dict[str, bytes]:
    return {
        "tennyu.bpmn": application(check_name=check_name),
        "apply.schema.json": json.dumps(APPLY_FORM, ensure_ascii=False).encode(),
    }


# --- 介護認定: staff only (no resident lane) ----------------------------------------------
STAFF_ONLY_KEY: Final = "Kaigo"
STAFF_ONLY: Final = process(
    "\n".join(
        [
            lanes(lane("Lane_desk", DESK_LANE, "S", "Intake", "E")),
            S,
            user("Intake", "聞き取り"),
            E,
            chain("S", "Intake", "E"),
        ]
    ),
    process_id=STAFF_ONLY_KEY,
    executable=True,
    attrs='name="介護認定"',
)

# --- As-Is: documentation of today's flow; cannot run ------------------------------------
AS_IS_KEY: Final = "Tennyu_asis"
AS_IS: Final = process(
    "\n".join(
        [
            lanes(
                lane("Lane_resident", RESIDENT_LANE, "S", "Write", actor="resident"),
                lane("Lane_desk", DESK_LANE, "Stamp", "E"),
            ),
            S,
            '<bpmn:task id="Write" name="申請書を手書き"/>',
            '<bpmn:task id="Stamp" name="押印"/>',
            E,
            chain("S", "Write", "Stamp", "E"),
        ]
    ),
    process_id=AS_IS_KEY,
    attrs='name="転入届（現行）" bpr:procedure="tennyu" bpr:variant="as-is" bpr:area="住民記録"',
)

# --- 手数料: a decision table in a DMN file beside the model ------------------------------
DECISION_KEY: Final = "Fees"
DECISION: Final = executable(
    "\n".join(
        [
            S,
            user("Ask", "種別と部数"),
            '<bpmn:businessRuleTask id="Decide" name="手数料の決定"><bpmn:extensionElements>'
            "<spiffworkflow:calledDecisionId>fee_decision</spiffworkflow:calledDecisionId>"
            "</bpmn:extensionElements></bpmn:businessRuleTask>",
            user("Pay", "支払い"),
            E,
            chain("S", "Ask", "Decide", "Pay", "E"),
        ]
    ),
    process_id=DECISION_KEY,
    name="手数料",
)
DECISION_FILES: Final = {"fees.bpmn": DECISION, "fees.dmn": DMN}

# --- 入金待ち: a message catch event ------------------------------------------------------
MESSAGE_KEY: Final = "Payment"
MESSAGE: Final = executable(
    "\n".join(
        [
            S,
            '<bpmn:intermediateCatchEvent id="Paid" name="入金"><bpmn:messageEventDefinition'
            ' messageRef="Msg_paid"><bpmn:extensionElements><spiffworkflow:messageVariable>'
            "payment</spiffworkflow:messageVariable></bpmn:extensionElements>"
            "</bpmn:messageEventDefinition></bpmn:intermediateCatchEvent>",
            user("Issue", "交付"),
            E,
            chain("S", "Paid", "Issue", "E"),
        ]
    ),
    process_id=MESSAGE_KEY,
    name="入金待ち",
    roots='<bpmn:message id="Msg_paid" name="paid"/>',
)

# --- 審査期限: an interrupting boundary timer of three days -------------------------------
TIMER_KEY: Final = "Deadline"
TIMER_DAYS: Final = 3
TIMER: Final = executable(
    "\n".join(
        [
            S,
            user("Work", "審査"),
            '<bpmn:boundaryEvent id="Overdue" name="期限切れ" attachedToRef="Work"'
            ' cancelActivity="true">'
            + timer("timeDuration", f'"P{TIMER_DAYS}D"')
            + "</bpmn:boundaryEvent>",
            script("Remind", "reminded = True", name="督促の準備"),
            user("Late", "督促"),
            E,
            '<bpmn:endEvent id="E2" name="督促済み"/>',
            flow("F1", "S", "Work"),
            flow("F2", "Work", "E"),
            flow("F3", "Overdue", "Remind"),
            flow("F4", "Remind", "Late"),
            flow("F5", "Late", "E2"),
        ]
    ),
    process_id=TIMER_KEY,
    name="審査期限",
)

# --- 計算: a script that fails on the data it is given ------------------------------------
FAILING_KEY: Final = "Ratio"
FAILING: Final = executable(
    "\n".join(
        [
            S,
            user("Form", "入力"),
            script("Divide", "ratio = 1 / divisor", name="割合の計算"),
            user("After", "確認"),
            E,
            chain("S", "Form", "Divide", "After", "E"),
        ]
    ),
    process_id=FAILING_KEY,
    name="割合",
)
