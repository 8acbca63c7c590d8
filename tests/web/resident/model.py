"""A small executable 学童 procedure for the resident page tests: the guardian applies
(text, date, enum, boolean, file fields), staff review with a correction path (補正), the
guardian answers the correction, a chief approves, a script writes the decision notice."""

from __future__ import annotations

import json
from typing import Any, Final

from tests.api.models import lane, lanes, user
from tests.engine.runtime.helpers import chain, flow, script
from tests.factories import process

KEY: Final = "Gakudo_Resident"
NAME: Final = "学童クラブ入所申請"
RESIDENT_LANE: Final = "保護者"
DECISION: Final = "内定しました。"
APPLY_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["child_name", "birth_date", "grade", "needs_care", "certificate"],
    "properties": {
        "child_name": {
            "type": "string",
            "title": "児童の氏名",
            "description": "例）山田 花子",
            "maxLength": 30,
        },
        "birth_date": {"type": "string", "format": "date", "title": "児童の生年月日"},
        "grade": {
            "type": "string",
            "title": "学年",
            "enum": ["1", "2", "3"],
            "enumNames": ["1年生", "2年生", "3年生"],
        },
        "needs_care": {"type": "boolean", "title": "放課後に保護者が家にいない"},
        "certificate": {"type": "string", "format": "data-url", "title": "就労証明書"},
        "note": {"type": "string", "title": "連絡事項"},
    },
}
APPLY_UI: Final = {
    "note": {"ui:widget": "textarea"},
    "certificate": {"ui:options": {"accept": ".pdf,.jpg,.jpeg,.png", "maxSize": 1048576}},
}
FIX_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["certificate"],
    "properties": {
        "certificate": {"type": "string", "format": "data-url", "title": "就労証明書"},
        "note": {"type": "string", "title": "補正についての連絡事項"},
    },
}


def _forms(schema: str, ui: str | None = None) -> str:
    ui_property = (
        f'<spiffworkflow:property name="formUiSchemaFilename" value="{ui}"/>' if ui else ""
    )
    return (
        "<spiffworkflow:properties>"
        f'<spiffworkflow:property name="formJsonSchemaFilename" value="{schema}"/>'
        f"{ui_property}</spiffworkflow:properties>"
    )


def bpmn() -> bytes:
    body = "\n".join(
        [
            lanes(
                lane("Lane_guardian", RESIDENT_LANE, "S", "Apply", "Fix", actor="resident"),
                lane("Lane_review", "審査担当", "Reset", "Review", "Fixed"),
                lane("Lane_chief", "係長", "Approve", "Notice", "E"),
            ),
            '<bpmn:startEvent id="S" name="申請したい"/>',
            user("Apply", "申請内容の入力", _forms("apply.schema.json", "apply.uischema.json")),
            # The staff page's 補正要求 sets review_result; a plain completion of the review
            # does not, so each round starts from "no correction asked".
            script("Reset", 'review_result = "ok"', name="審査の準備"),
            user("Review", "書類の審査"),
            '<bpmn:exclusiveGateway id="Fixed" name="補正が必要か"/>',
            user("Fix", "申請内容の補正", _forms("fix.schema.json")),
            user("Approve", "決裁"),
            script("Notice", f'decision_notice = "{DECISION}"', name="結果の通知文"),
            '<bpmn:endEvent id="E" name="入所が決まった"/>',
            chain("S", "Apply", "Reset", "Review", "Fixed"),
            flow("F_fix", "Fixed", "Fix", 'review_result == "fix"'),
            flow("F_ok", "Fixed", "Approve", 'review_result != "fix"'),
            flow("F_back", "Fix", "Reset"),
            chain("Approve", "Notice", "E", prefix="G"),
        ]
    )
    attrs = (
        f'name="{NAME}" bpr:procedure="gakudo-test" bpr:variant="to-be" '
        'bpr:area="子ども・子育て支援"'
    )
    return process(body, process_id=KEY, executable=True, attrs=attrs)


def files() -> dict[str, bytes]:
    return {
        "gakudo.bpmn": bpmn(),
        "apply.schema.json": json.dumps(APPLY_SCHEMA, ensure_ascii=False).encode(),
        "apply.uischema.json": json.dumps(APPLY_UI, ensure_ascii=False).encode(),
        "fix.schema.json": json.dumps(FIX_SCHEMA, ensure_ascii=False).encode(),
    }
