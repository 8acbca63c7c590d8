"""Messages of the runtime: deploying executable models, and running instances."""

from __future__ import annotations

import re
from typing import Any, Final

MESSAGES: dict[str, dict[str, str]] = {
    # --- deploy ----------------------------------------------------------------------
    "runtime.deploy.no-main": {
        "ja": "起点のファイル {file} が、登録するファイルの中にありません。",
        "en": "the main file {file} is not among the files to deploy.",
    },
    "runtime.deploy.no-executable": {
        "ja": '実行できるプロセスがありません。実行するプロセスに isExecutable="true" を付けてください。',
        "en": 'there is no executable process: mark the process to run with isExecutable="true".',
    },
    "runtime.deploy.invalid": {
        "ja": "実行エンジンがモデルを受け付けません（要素 {element}）: {detail}",
        "en": "the engine does not accept the model (element {element}): {detail}",
    },
    "runtime.deploy.missing-process": {
        "ja": "呼び出しアクティビティ {element} が呼ぶプロセス {called} が、登録するどのファイルにもありません。",
        "en": "call activity {element} calls the process {called}, which none of the files defines.",
    },
    "runtime.deploy.missing-decision": {
        "ja": "ビジネスルールタスク {element} が使う決定 {decision} が、登録するどの DMN ファイルにもありません。",
        "en": "business rule task {element} uses the decision {decision}, which no deployed DMN file defines.",
    },
    "runtime.deploy.several-decisions": {
        "ja": "ビジネスルールタスク {element} が使う決定 {decision} の DMN ファイル {dmn} には決定が {count} 個あります。実行エンジンは1つの DMN ファイルから決定を1つしか読めないため、決定ごとにファイルを分けてください。",
        "en": "business rule task {element} uses the decision {decision} from the DMN file {dmn}, which holds {count} decisions; the engine reads one decision per DMN file: put each decision in a file of its own.",
    },
    "runtime.deploy.reserved-id": {
        "ja": "要素 ID「{element}」は実行エンジンが内部で使う名前と同じため使えません。別の ID にしてください。",
        "en": 'the element id "{element}" is a name the engine uses internally: choose another id.',
    },
    "runtime.deploy.form-missing": {
        "ja": "タスク {element} のフォーム {form} が、登録するファイルの中にありません。",
        "en": "task {element} uses the form {form}, which is not among the deployed files.",
    },
    "runtime.deploy.form-invalid": {
        "ja": "タスク {element} のフォーム {form} を使えません: {detail}",
        "en": "the form {form} of task {element} cannot be used: {detail}",
    },
    "runtime.deploy.unsafe": {
        "ja": "制限された実行環境で動かせない式が {count} 件あります。式を直してから登録してください:",
        "en": "{count} expression(s) cannot run in the restricted environment; fix them and deploy again:",
    },
    # --- running ---------------------------------------------------------------------
    "runtime.script-error": {
        "ja": "「{name}」の{what}でエラーが起きました: {detail}",
        "en": 'the {what} of "{name}" failed: {detail}',
    },
    "runtime.script-timeout": {
        "ja": "「{name}」の{what}が制限時間（{seconds} 秒）を超えたため止めました。終わらないループがないか確認してください。",
        "en": 'the {what} of "{name}" ran past its time limit ({seconds} s) and was stopped: look for a loop that never ends.',
    },
    "runtime.forbidden-code": {
        "ja": "「{name}」の{what}は、制限された実行環境では動かせません: {detail}",
        "en": 'the {what} of "{name}" cannot run in the restricted environment: {detail}',
    },
    "runtime.script-limit": {
        "ja": "「{name}」の{what}が、大きすぎて計算できない値を作ろうとしました: {detail}",
        "en": 'the {what} of "{name}" asked for a value too large to compute: {detail}',
    },
    "runtime.no-path": {
        "ja": "分岐「{name}」で、どの条件も満たされず、既定のフローもありません。",
        "en": 'no condition of the gateway "{name}" holds, and it has no default flow.',
    },
    "runtime.data-not-json": {
        "ja": "「{name}」のあと、変数 {variable} に保存できない値（{kind}）が入っています。文字列・数値・真偽値・リスト・辞書にしてください。",
        "en": 'after "{name}", the variable {variable} holds a value that cannot be saved ({kind}): use text, numbers, booleans, lists or dicts.',
    },
    "runtime.data-reserved-key": {
        "ja": "「{name}」のあと、{variable} に「typename」という名前が使われています。この名前は申請の状態を保存する形式が予約しているため、保存すると申請を読み込み直せなくなります。変数や項目の名前を変えてください。",
        "en": 'after "{name}", the name "typename" is used at {variable}: the format of saved instance states reserves it, and the instance could not be loaded again. Rename the variable or field.',
    },
    "runtime.engine-error": {
        "ja": "「{name}」を実行できませんでした: {detail}",
        "en": 'the engine could not run "{name}": {detail}',
    },
    "runtime.task-not-ready": {
        "ja": "タスク {task}（{element}）は今は完了できません（状態: {state}）。画面を読み込み直してください。",
        "en": "task {task} ({element}) cannot be completed now (state: {state}). Reload the page.",
    },
    "runtime.task-not-found": {
        "ja": "この申請にタスク {task} はありません。",
        "en": "the instance has no task {task}.",
    },
    "runtime.message-not-expected": {
        "ja": "この申請は今、メッセージ「{message}」を待っていません。",
        "en": 'the instance is not waiting for the message "{message}" now.',
    },
    "runtime.invalid-data": {
        "ja": "{path} の値（{kind}）は保存できません。文字列・数値・真偽値・リスト・辞書で渡してください。",
        "en": "the value at {path} ({kind}) cannot be saved: give text, numbers, booleans, lists or dicts.",
    },
    "runtime.reserved-key": {
        "ja": "{path} に「typename」という名前が使われています。この名前は申請の状態を保存する形式が予約しているため使えません。項目の名前を変えてください。",
        "en": 'the name "typename" is used at {path}: the format of saved instance states reserves it. Rename the field.',
    },
    "runtime.state-invalid": {
        "ja": "保存された申請の状態を復元できません: {detail}",
        "en": "the saved state of the instance cannot be restored: {detail}",
    },
}

# What part of an element an expression is; used inside messages, not codes of their own.
WHERE: Final[dict[str, dict[str, str]]] = {
    "script": {"ja": "スクリプト", "en": "script"},
    "pre-script": {"ja": "事前スクリプト（preScript）", "en": "pre-script"},
    "post-script": {"ja": "事後スクリプト（postScript）", "en": "post-script"},
    "condition": {"ja": "分岐条件", "en": "condition"},
    "timer": {"ja": "タイマーの値", "en": "timer value"},
    "conditional-event": {"ja": "条件イベントの条件", "en": "event condition"},
    "loop-condition": {"ja": "繰り返しの条件", "en": "loop condition"},
    "cardinality": {"ja": "繰り返し回数（loopCardinality）", "en": "loop cardinality"},
    "completion-condition": {"ja": "完了条件", "en": "completion condition"},
    "message-payload": {"ja": "メッセージの内容", "en": "message payload"},
    "correlation": {"ja": "相関キーの式", "en": "correlation expression"},
    "event-payload": {"ja": "イベントの内容", "en": "event payload"},
    "service-parameter": {"ja": "サービスのパラメーター", "en": "service parameter"},
    "decision-input": {"ja": "決定表の入力式", "en": "decision input expression"},
    "decision-rule": {"ja": "決定表の規則の入力", "en": "decision rule input"},
    "decision-output": {"ja": "決定表の規則の出力", "en": "decision rule output"},
    "decision": {"ja": "決定表", "en": "decision"},
    "gateway": {"ja": "分岐", "en": "gateway"},
    "task": {"ja": "処理", "en": "task"},
}

_DMN_CELL: Final = {
    "ja": "（決定 {decision} の規則 {rule}、列「{column}」）",
    "en": " (decision {decision}, rule {rule}, column {column!r})",
}
_DMN_COLUMN: Final = {
    "ja": "（決定 {decision} の列「{column}」）",
    "en": " (decision {decision}, column {column!r})",
}
_FLOW: Final = {"ja": "（フロー {flow}）", "en": " (flow {flow})"}
_PROBLEM: Final = {
    "ja": "{where}: 要素 {element} の{what}{cell}: {text} — {reason}",
    "en": "{where}: {what} of {element}{cell}: {text} — {reason}",
}

# The sandbox explains refusals in English; the usual ones in Japanese too.
_REASONS: Final[list[tuple[re.Pattern[str], str]]] = [
    (
        re.compile(r'"(?P<name>[^"]+)" is an invalid (variable|attribute) name because it starts'),
        "「_」で始まる名前（{name}）は使えません",
    ),
    (re.compile(r'"(?P<name>[^"]+)" is not available in a model'), "「{name}」は使えません"),
    (re.compile(r"import is not allowed"), "import は使えません"),
    (re.compile(r"class definitions are not allowed"), "class の定義は使えません"),
    (re.compile(r"(Eval|Exec) calls are not allowed"), "eval / exec は使えません"),
    (
        re.compile(r'"(?P<name>[^"]+)" is a built-in name and cannot be'),
        "組み込みの名前（{name}）は書き換えられません",
    ),
    (re.compile(r"except must name specific errors"), "except には具体的な例外名を書いてください"),
    (re.compile(r"try \.\.\. (finally|except\*) is not allowed"), "この形の try は使えません"),
]


def reason(kind: str, detail: str, lang: str) -> str:
    """Why the sandbox refuses a text, in ``lang``."""
    if lang != "ja":
        return f"syntax error: {detail}" if kind == "syntax" else detail
    if kind == "syntax":
        return f"構文エラー: {detail}"
    for pattern, text in _REASONS:
        match = pattern.search(detail)
        if match is not None:
            return text.format(**match.groupdict())
    return detail


def where_word(where: str | None, lang: str) -> str:
    """The words for a part of an element (script, condition, ...) in ``lang``."""
    texts = WHERE.get(where or "task", WHERE["task"])
    return texts.get(lang) or texts["en"]


def at_line(line: int | None, source: str | None, lang: str) -> str:
    """The failing line after a script error, e.g. " (line 3: x = y / 0)"; or nothing."""
    if not line:
        return ""
    shown = f": {source.strip()}" if source and source.strip() else ""
    return f"（{line} 行目{shown}）" if lang == "ja" else f" (line {line}{shown})"


def describe_problem(problem: dict[str, Any], lang: str) -> str:
    """One line of an unsafe-model error: where, which element and part, the text, why."""
    place = str(problem["file"])
    if problem.get("line"):
        place += f":{problem['line']}"
    cell = ""
    if problem.get("decision") and problem.get("rule"):
        cell = _DMN_CELL[lang if lang in _DMN_CELL else "en"].format(**problem)
    elif problem.get("decision"):
        cell = _DMN_COLUMN[lang if lang in _DMN_COLUMN else "en"].format(**problem)
    elif problem.get("flow"):
        cell = _FLOW[lang if lang in _FLOW else "en"].format(**problem)
    text = " ".join(str(problem["text"]).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return _PROBLEM[lang if lang in _PROBLEM else "en"].format(
        where=place,
        element=problem["element"],
        what=where_word(problem.get("where"), lang),
        cell=cell,
        text=text,
        reason=_reasons(problem, lang),
    )


def _reasons(problem: dict[str, Any], lang: str) -> str:
    given = problem.get("reasons") or [
        {"kind": problem.get("kind", "forbidden"), "detail": problem["reason"]}
    ]
    texts = [reason(str(r["kind"]), str(r["detail"]), lang) for r in given]
    return ("、" if lang == "ja" else "; ").join(dict.fromkeys(texts))
