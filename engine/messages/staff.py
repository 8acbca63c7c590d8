"""Messages of the staff work pages (inbox, task, case): the correction request (補正要求).

Page words (titles, labels, field errors) live in ``api/locale/*/LC_MESSAGES/staff.po``;
this module holds only the coded errors, documented in the reference through ``DOCS``.
"""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "staff.correction-unavailable": {
        "ja": "この作業（{task}）からは補正を求めることができません。手続きのモデルに、申請者へ差し戻す流れがありません。",
        "en": "This task ({task}) cannot ask for a correction: the procedure's model has no path back to the applicant.",
    },
    "staff.correction-invalid": {
        "ja": "補正要求の内容を確かめてください（作業 {task}）。補正の理由を入力し、期限は今日以降の日付にしてください。",
        "en": "Check the correction request (task {task}): give the reason, and a deadline of today or later.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "staff.correction-unavailable": {
        "ja": _ja(
            "この作業からは補正を求められません。",
            '職員用ページの補正要求（`POST /staff/tasks/{id}/correction`）が、申請者へ差し戻す流れのない作業に送られました（422）。補正を求められるのは、作業の次に排他ゲートウェイがあり、その出口の 1 つが `名前 == "値"` の条件で申請者レーン（`bpr:actor="resident"`）のユーザータスクへつながる作業だけです。',
            "作業の画面を開き直してください。補正の流れが必要なら、モデルにその分岐を加えて登録し直してください。",
        ),
        "en": _en(
            'A correction request (`POST /staff/tasks/{id}/correction`) was sent for a task with no path back to the applicant (422). Only a task followed by an exclusive gateway with a flow conditioned `name == "value"` that leads to a user task in a resident lane (`bpr:actor="resident"`) can ask for one.',
            "Open the task page again. If the procedure needs a correction step, add that branch to the model and deploy it again.",
            "This task cannot ask for a correction.",
        ),
    },
    "staff.correction-invalid": {
        "ja": _ja(
            "補正要求の理由か期限に問題があります。",
            "補正要求に理由がないか長すぎる、または期限がないか今日より前の日付です（422）。",
            "補正の理由を 2,000 文字以内で入力し、期限に今日以降の日付を入力してください。",
        ),
        "en": _en(
            "A correction request came without a reason (or with one that is too long), or without a deadline or with one in the past (422).",
            "Give the reason in at most 2,000 characters and a deadline of today or later.",
            "The correction request's reason or deadline is wrong.",
        ),
    },
}
