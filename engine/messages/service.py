"""Messages of the use cases (engine.service) and of authentication."""

MESSAGES: dict[str, dict[str, str]] = {
    "service.deploy.invalid": {
        "ja": "{file} に検証エラーが {count} 件あるため、配備できません。params.findings の内容を直してから、もう一度配備してください。",
        "en": "{file} has {count} validation error(s), so it was not deployed. Fix what params.findings lists and deploy again.",
    },
    "service.deploy.no-model": {
        "ja": "BPMN ファイル（.bpmn）がありません。配備するモデルを添付してください。",
        "en": "There is no BPMN file (.bpmn). Attach the model to deploy.",
    },
    "service.not-executable": {
        "ja": "手続き「{key}」は実行可能なプロセスではない（isExecutable が true でない）ため、開始できません。分析や比較にだけ使えます。",
        "en": "Procedure '{key}' is not an executable process (isExecutable is not true), so it cannot be started. It can be analysed and compared.",
    },
    "service.form-invalid": {
        "ja": "入力内容に問題が {count} 件あります。params.errors の項目を直してください。",
        "en": "The answers have {count} problem(s). Fix the fields listed in params.errors.",
    },
    "service.instance-closed": {
        "ja": "この申請はすでに終わっています（状態: {status}）。",
        "en": "This case is already closed (status: {status}).",
    },
    "service.task-done": {
        "ja": "このタスクはすでに処理されています（状態: {status}）。受付箱を読み込み直してください。",
        "en": "This task has already been handled (status: {status}). Reload the inbox.",
    },
    "service.task-claimed": {
        "ja": "このタスクは {assignee} さんが担当しています。",
        "en": "This task is claimed by {assignee}.",
    },
    "auth.unauthorized": {
        "ja": "認証が必要です。Authorization: Bearer <トークン> を付けてください。",
        "en": "Authentication is required: send Authorization: Bearer <token>.",
    },
    "auth.forbidden": {
        "ja": "この操作をする権限がありません。",
        "en": "You are not allowed to do this.",
    },
    "auth.staff-only": {
        "ja": "この操作は職員だけができます。",
        "en": "Only staff can do this.",
    },
    "auth.admin-only": {
        "ja": "この操作は管理者（admin ロール）だけができます。",
        "en": "Only an admin can do this.",
    },
    "auth.lane-forbidden": {
        "ja": "レーン「{lane}」のタスクを扱う権限（ロール）がありません。",
        "en": "You do not hold the role for lane '{lane}'.",
    },
}
