"""The small 学童 model the staff page tests deploy: a resident applies, 審査担当 reviews and
may send the application back for correction (補正), 係長 approves.

The correction path follows the shared convention: the review's outgoing flow reaches an
exclusive gateway whose flow ``result == "correction"`` leads to a user task in the resident
lane; that task flows back to the review. A second model has no such path.
"""

from __future__ import annotations

import json
from typing import Final

from tests.api.models import json_form, lane, lanes, user
from tests.engine.runtime.helpers import chain, flow
from tests.factories import process

KEY: Final = "StaffPages_ToBe"
PLAIN_KEY: Final = "StaffPages_Plain"
RESIDENT: Final = "保護者"
REVIEW: Final = "審査担当"
APPROVAL: Final = "係長"
CORRECTION_VARIABLE: Final = "result"
CORRECTION_VALUE: Final = "correction"

APPLY_FORM: Final = {
    "type": "object",
    "required": ["child_name", "grade"],
    "properties": {
        "child_name": {"type": "string", "minLength": 1, "title": "児童の氏名"},
        "grade": {"type": "integer", "minimum": 1, "maximum": 6, "title": "学年"},
        "note": {"type": "string", "title": "備考"},
        "certificate": {"type": "string", "format": "data-url", "title": "就労証明書"},
    },
}
REVIEW_FORM: Final = {
    "type": "object",
    "required": ["result"],
    "properties": {
        "result": {
            "type": "string",
            "title": "審査の結果",
            "oneOf": [
                {"const": "ok", "title": "要件を満たす"},
                {"const": "correction", "title": "補正が必要"},
            ],
        },
        "points": {"type": "integer", "minimum": 0, "maximum": 100, "title": "指数"},
    },
}
APPROVE_FORM: Final = {
    "type": "object",
    "required": ["approved"],
    "properties": {
        "approved": {"type": "boolean", "title": "承認"},
        "letter": {"type": "string", "format": "data-url", "title": "決定通知書の控え"},
    },
}

_ATTRS: Final = 'name="学童クラブ入会申請（試験）" bpr:procedure="staff-pages" bpr:variant="to-be"'


def _model(*, correction: bool) -> bytes:
    nodes = [
        '<bpmn:startEvent id="Begin" name="申請の開始"/>',
        user("Apply", "入会申請書の入力", json_form("apply.schema.json")),
        user("Review", "申請内容の審査", json_form("review.schema.json")),
        user("Approve", "入会の決定", json_form("approve.schema.json")),
        '<bpmn:endEvent id="Done" name="入会決定"/>',
    ]
    resident_nodes = ["Begin", "Apply"]
    if correction:
        nodes += [
            '<bpmn:exclusiveGateway id="Checked" name="補正が必要か" default="ToApprove"/>',
            user("Fix", "申請内容の補正", json_form("apply.schema.json")),
        ]
        resident_nodes.append("Fix")
        flows = [
            chain("Begin", "Apply", "Review", "Checked"),
            flow("ToFix", "Checked", "Fix", f'{CORRECTION_VARIABLE} == "{CORRECTION_VALUE}"'),
            flow("ToApprove", "Checked", "Approve"),
            flow("Back", "Fix", "Review"),
            flow("Last", "Approve", "Done"),
        ]
    else:
        flows = [chain("Begin", "Apply", "Review", "Approve", "Done")]
    body = "\n".join(
        [
            lanes(
                lane("Lane_resident", RESIDENT, *resident_nodes, actor="resident"),
                lane("Lane_review", REVIEW, "Review", *(["Checked"] if correction else [])),
                lane("Lane_approval", APPROVAL, "Approve", "Done"),
            ),
            *nodes,
            *flows,
        ]
    )
    key = KEY if correction else PLAIN_KEY
    name = _ATTRS if correction else _ATTRS.replace("to-be", "can-be")
    return process(body, process_id=key, executable=True, attrs=name)


def _forms() -> dict[str, bytes]:
    return {
        "apply.schema.json": json.dumps(APPLY_FORM, ensure_ascii=False).encode(),
        "review.schema.json": json.dumps(REVIEW_FORM, ensure_ascii=False).encode(),
        "approve.schema.json": json.dumps(APPROVE_FORM, ensure_ascii=False).encode(),
    }


def files() -> dict[str, bytes]:
    """The model with the correction path, and its forms."""
    return {"staff-pages.bpmn": _model(correction=True), **_forms()}


def plain_files() -> dict[str, bytes]:
    """The same flow without a correction path."""
    return {"staff-pages-plain.bpmn": _model(correction=False), **_forms()}
