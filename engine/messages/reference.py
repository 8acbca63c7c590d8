"""Texts of the rule and error-code reference (handbook/{ja,en}/reference/rules.md).

Per code: what it means and how to fix it, in plain words (``DOCS``), and a tiny example
where one helps (``EXAMPLES``, language-neutral BPMN with NG/OK comments). ``PAGE`` holds
the words of the page itself. ``engine.check.reference`` lays them out; wording lives here.

``Doc.summary`` is the one-line lead of an entry. English entries of registered rules leave
it empty: the rule's own summary (its docstring) is used, so it is written once.
``severity_note`` says when a rule reports another severity than its usual one.
"""

from __future__ import annotations

from typing import Final

from engine.messages import catalog_modules
from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

__all__ = ["DOCS", "EXAMPLES", "PAGE", "Doc"]


PAGE: Final[dict[str, dict[str, str]]] = {
    "ja": {
        "generated": "このファイルは生成物です。手で編集せず、engine/messages/reference.py を直してから `machiflow rules --write handbook` で作り直してください。",
        "title": "ルールとエラーコード一覧",
        "other_language": "[English](../../en/reference/rules.md)",
        "intro": "`machiflow validate` と `machiflow render` が出すコードの一覧です。検証結果の各行（`--json` では `code`）に出るコードから、意味と直し方を引けます。リンクは `rules.md#コード` の形で張れます（例: `rules.md#engine-timer-literal`）。",
        "how_to_read": "見方",
        "how_to_read_text": '- **重大度** — エラー: `machiflow validate` は終了コード 1 で終わります。警告: 直したほうがよい点ですが、警告だけなら終了コードは 0 です。\n- **対象** — すべてのモデル: 実行しないモデル（As-Is の業務フローなど）も含めて検査します。実行可能なプロセスのみ: `isExecutable="true"` のプロセスだけを、machiflow の実行エンジン（SpiffWorkflow 3.2.0）で動かせるかの観点で検査します。\n- 終了コードは `machiflow` のすべてのコマンドで共通です。',
        "exit_codes": "終了コード",
        "exit_header": "| 終了コード | 意味 |\n|---|---|",
        "exit_0": "成功（警告だけのときも含む）",
        "exit_1": "ファイルにエラーがある（読めない、BPMN として誤り、描けないなど）",
        "exit_2": "コマンドの使い方の誤り（オプションや引数）",
        "exit_3": "内部エラー、または環境の準備不足（Graphviz がないなど）",
        "contents": "目次",
        "table_header": "| コード | 重大度 | 対象 | 概要 |\n|---|---|---|---|",
        "command_table_header": "| コード | コマンド | 終了コード | 概要 |\n|---|---|---|---|",
        "severity": "重大度",
        "scope": "対象",
        "command": "コマンド",
        "exit": "終了コード",
        "meaning": "意味",
        "fix": "直し方",
        "example": "例",
        "error": "エラー",
        "warning": "警告",
        "scope.model": "すべてのモデル",
        "scope.executable": "実行可能なプロセスのみ",
        "no_exit": "—（コマンドからは出ません）",
        "undocumented": "（説明がまだありません）",
        "group.load": "読み込みエラー（model.*）",
        "group.load.intro": "ファイルを BPMN として読めないときのエラーです。`validate` では検証結果の 1 行として、`render` ではメッセージとして出ます。ほかの検査はこのエラーを直すまで行われません。",
        "group.xsd": "BPMN 2.0 スキーマ（xsd*）",
        "group.xsd.intro": "OMG の BPMN 2.0 XSD に合わない箇所です。同じ原因の問題はまとめて 1 件にし、ほかの行番号を添えて出します。",
        "group.structure": "プロセスの構成",
        "group.structure.intro": "開始・終了イベントや特別なイベント、サブプロセスの中身についてのルールです（bpmnlint の推奨ルールと同じ名前）。",
        "group.flow": "シーケンスフロー",
        "group.flow.intro": "つながり、分岐・合流、条件、名前についてのルールです（bpmnlint の推奨ルールと同じ名前）。",
        "group.refs": "id と参照",
        "group.refs.intro": "id の重複、存在しない要素への参照、使われていないメッセージなどのルールです。",
        "group.diagram": "図（BPMN DI）",
        "group.diagram.intro": "図の情報（形と線）についてのルールです。",
        "group.bpr": "BPR の注釈（bpr:*）",
        "group.bpr.intro": 'BPR の比較に使う注釈（`xmlns:bpr="urn:machiflow:bpr:1"`）の値についてのルールです。包含ゲートウェイの確率の考え方は [決定 0001](../../decisions/0001-inclusive-gateway-probabilities.md)、期間の単位は [決定 0002](../../decisions/0002-bpr-calendar-units.md) を見てください。',
        "group.engine": "実行エンジンの対応（engine-*）",
        "group.engine.intro": '実行可能なプロセス（`isExecutable="true"`）を machiflow の実行エンジン SpiffWorkflow 3.2.0 が動かせるかの検査です。エラーは読み込みで拒否されるか実行中に失敗するもの、警告は動くものの作者の意図どおりにならないものです。どの項目も SpiffWorkflow を実際に動かして確かめています（tests/engine/check/test_support.py）。',
        "group.render": "図の描画（render.*）",
        "group.render.intro": "`machiflow render` が出すエラーです。",
        "group.cli": "コマンドライン（cli.*）",
        "group.cli.intro": "`machiflow` のコマンドが出すメッセージとエラーです。",
        "group.other": "その他",
        "group.other.intro": "",
    },
    "en": {
        "generated": "This file is generated. Do not edit it: change engine/messages/reference.py and run `machiflow rules --write handbook`.",
        "title": "Rules and error codes",
        "other_language": "[日本語](../../ja/reference/rules.md)",
        "intro": "Every code `machiflow validate` and `machiflow render` report. Look up the code a finding shows (`code` in `--json`) to see what it means and how to fix it. Link to a code as `rules.md#code` (for example `rules.md#engine-timer-literal`).",
        "how_to_read": "How to read this page",
        "how_to_read_text": '- **Severity** — error: `machiflow validate` exits with 1. Warning: worth fixing, but warnings alone exit with 0.\n- **Applies to** — every model: checked on any model, including ones never run (As-Is maps). Executable processes only: checked only on processes with `isExecutable="true"`, for what machiflow\'s engine (SpiffWorkflow 3.2.0) can run.\n- Exit codes are the same for every `machiflow` command.',
        "exit_codes": "Exit codes",
        "exit_header": "| exit code | meaning |\n|---|---|",
        "exit_0": "success (warnings allowed)",
        "exit_1": "a file has an error (unreadable, wrong as BPMN, cannot be drawn, ...)",
        "exit_2": "usage error (options or arguments)",
        "exit_3": "internal error, or the machine lacks something (Graphviz, ...)",
        "contents": "Contents",
        "table_header": "| code | severity | applies to | summary |\n|---|---|---|---|",
        "command_table_header": "| code | command | exit code | summary |\n|---|---|---|---|",
        "severity": "Severity",
        "scope": "Applies to",
        "command": "Command",
        "exit": "Exit code",
        "meaning": "What it means",
        "fix": "How to fix it",
        "example": "Example",
        "error": "error",
        "warning": "warning",
        "scope.model": "every model",
        "scope.executable": "executable processes only",
        "no_exit": "— (not from the command line)",
        "undocumented": "(not documented yet)",
        "group.load": "Load errors (model.*)",
        "group.load.intro": "The file cannot be read as BPMN. `validate` reports it as a finding, `render` as a message. No other check runs until it is fixed.",
        "group.xsd": "BPMN 2.0 schema (xsd*)",
        "group.xsd.intro": "Places that do not match OMG's BPMN 2.0 XSD. Problems with one cause are reported once, with the other lines listed.",
        "group.structure": "What a process contains",
        "group.structure.intro": "Rules on start and end events, special events and sub-process content (named as bpmnlint's recommended rules).",
        "group.flow": "Sequence flow",
        "group.flow.intro": "Rules on connections, splits and joins, conditions and names (named as bpmnlint's recommended rules).",
        "group.refs": "Ids and references",
        "group.refs.intro": "Rules on duplicate ids, references to missing elements, and unused messages and signals.",
        "group.diagram": "Diagram (BPMN DI)",
        "group.diagram.intro": "Rules on the diagram information (shapes and edges).",
        "group.bpr": "BPR annotations (bpr:*)",
        "group.bpr.intro": 'Rules on the values of the BPR annotations (`xmlns:bpr="urn:machiflow:bpr:1"`). See [decision 0001](../../decisions/0001-inclusive-gateway-probabilities.md) for probabilities at inclusive gateways and [decision 0002](../../decisions/0002-bpr-calendar-units.md) for duration units.',
        "group.engine": "Engine support (engine-*)",
        "group.engine.intro": 'Whether machiflow\'s engine, SpiffWorkflow 3.2.0, can run an executable process (`isExecutable="true"`). Errors are refused at load or fail while running; warnings run, but not as the author meant. Each claim was checked by running SpiffWorkflow (tests/engine/check/test_support.py).',
        "group.render": "Drawing (render.*)",
        "group.render.intro": "Errors of `machiflow render`.",
        "group.cli": "Command line (cli.*)",
        "group.cli.intro": "Messages and errors of the `machiflow` commands.",
        "group.other": "Other",
        "group.other.intro": "",
    },
}


DOCS: Final[dict[str, dict[str, Doc]]] = {
    # --- load errors -------------------------------------------------------------------
    "model.empty": {
        "ja": _ja(
            "ファイルが空です。",
            "ファイルの中身がない（または空白だけ）ため、BPMN として読めません。",
            "モデラーで保存し直したファイルを指定してください。書き出しが途中で止まっていないかも確かめます。",
        ),
        "en": _en(
            "The file has no content (or only white space), so it cannot be read as BPMN.",
            "Give the file the modeler saved; check that the export did not stop halfway.",
            "The file is empty.",
        ),
    },
    "model.too-large": {
        "ja": _ja(
            "ファイルが大きすぎます。",
            "上限（既定 20 MB）を超えるファイルは、サーバーを守るため読み込みません。",
            "埋め込まれた画像や不要な拡張要素を除くか、プロセスを分割してください。上限は環境変数 `MACHIFLOW_MAX_MODEL_BYTES` で変えられます。",
        ),
        "en": _en(
            "Files above the limit (20 MB by default) are refused to protect the server.",
            "Remove embedded images or unneeded extension data, or split the process. The environment variable `MACHIFLOW_MAX_MODEL_BYTES` changes the limit.",
            "The file is too large.",
        ),
    },
    "model.xml-syntax": {
        "ja": _ja(
            "XML の構文エラーです。",
            "タグの閉じ忘れ、`&` や `<` のエスケープ漏れなどで、XML として読めません。メッセージの行・列が最初に読めなくなった位置です。",
            "示された行・列を直してください。`&` は `&amp;`、`<` は `&lt;` と書きます。手で編集したなら、モデラーで開き直して保存するのが確実です。",
        ),
        "en": _en(
            "The file is not well-formed XML: an unclosed tag, an unescaped `&` or `<`, ... The line and column are where reading stopped.",
            "Fix the place shown. Write `&` as `&amp;` and `<` as `&lt;`. After hand edits, opening and saving the file in a modeler is the safest fix.",
            "XML syntax error.",
        ),
    },
    "model.doctype": {
        "ja": _ja(
            "DOCTYPE を含む XML は読み込みません。",
            "DTD やエンティティ宣言は外部ファイルの読み込みや巨大な展開に悪用できるため、安全のため拒否します。BPMN ファイルには不要です。",
            "ファイル先頭の `<!DOCTYPE ...>` 宣言を削除してください。",
        ),
        "en": _en(
            "DTDs and entity declarations can be abused to read other files or to expand without limit, so they are refused. BPMN files never need one.",
            "Delete the `<!DOCTYPE ...>` declaration at the top of the file.",
            "XML with a DOCTYPE is refused.",
        ),
    },
    "model.not-bpmn": {
        "ja": _ja(
            "BPMN 2.0 のファイルではありません。",
            "XML としては読めましたが、ルート要素が BPMN 2.0 の `definitions`（名前空間 `http://www.omg.org/spec/BPMN/20100524/MODEL`）ではありません。DMN や独自形式のファイル、BPMN 1.x などです。",
            "BPMN 2.0 の形式で書き出してください（モデラーの「BPMN 2.0 XML で保存」など）。",
        ),
        "en": _en(
            "The file is XML, but its root is not BPMN 2.0's `definitions` (namespace `http://www.omg.org/spec/BPMN/20100524/MODEL`): a DMN file, a vendor format, BPMN 1.x, ...",
            "Export the model as BPMN 2.0 XML from the modeler.",
            "Not a BPMN 2.0 file.",
        ),
    },
    "model.read-error": {
        "ja": _ja(
            "ファイルを読み込めません。",
            "ファイルがない、読む権限がない、ディレクトリであるなど、OS がファイルを開けませんでした。",
            "パスと権限を確かめてください。",
        ),
        "en": _en(
            "The operating system could not open the file: it does not exist, it is not readable, it is a directory, ...",
            "Check the path and the permissions.",
            "The file cannot be read.",
        ),
    },
    # --- XSD -----------------------------------------------------------------------------
    "xsd": {
        "ja": _ja(
            "BPMN 2.0 のスキーマに合いません。",
            "下の個別のコードに当てはまらないスキーマ違反です。メッセージにスキーマ検証器の説明をそのまま添えています。",
            "示された要素を BPMN 2.0 の仕様どおりに直してください。モデラーで開いて保存し直すと直ることがあります。",
        ),
        "en": _en(
            "A schema violation that none of the codes below describes; the message quotes the schema validator.",
            "Correct the element as BPMN 2.0 defines it. Opening and saving the file in a modeler often fixes it.",
            "Does not match the BPMN 2.0 schema.",
        ),
    },
    "xsd-unknown-element": {
        "ja": _ja(
            "BPMN 2.0 にない要素です。",
            "BPMN の名前空間に、BPMN 2.0 が定義していない要素があります。ツール独自の情報を BPMN の名前空間で書いたときや、綴りの誤りで起こります。",
            "綴りを直すか、ツール独自の情報なら独自の名前空間を付けて `bpmn:extensionElements` の中に移してください。",
        ),
        "en": _en(
            "An element in the BPMN namespace that BPMN 2.0 does not define: a typo, or tool data written in the BPMN namespace.",
            "Fix the spelling, or give tool data its own namespace and move it into `bpmn:extensionElements`.",
            "Not a BPMN 2.0 element.",
        ),
    },
    "xsd-foreign-element": {
        "ja": _ja(
            "BPMN の要素ではないため、ここには置けません。",
            "ほかの名前空間の要素が、BPMN の要素の間に直接置かれています。",
            "ツール独自の要素は `bpmn:extensionElements` の中に置いてください。",
        ),
        "en": _en(
            "An element of another namespace stands directly among BPMN elements.",
            "Put tool-specific elements inside `bpmn:extensionElements`.",
            "A foreign element where only BPMN elements are allowed.",
        ),
    },
    "xsd-unexpected-element": {
        "ja": _ja(
            "要素の順序か置き場所が違います。",
            "BPMN 2.0 は子要素の順序を決めています（例: `documentation` → `extensionElements` → `incoming` → `outgoing`）。その順序に合わないか、ここに置けない要素です。",
            "メッセージの「ここに置けるのは」に従って、要素を正しい位置に移してください。",
        ),
        "en": _en(
            "BPMN 2.0 fixes the order of child elements (for example `documentation`, `extensionElements`, `incoming`, `outgoing`). This element breaks the order or does not belong here.",
            'Move it to where the message\'s "allowed here" list says.',
            "An element in the wrong place or order.",
        ),
    },
    "xsd-missing-element": {
        "ja": _ja(
            "必要な子要素がありません。",
            "BPMN 2.0 が必須とする子要素がありません（例: `ioSpecification` の `inputSet`）。",
            "メッセージに挙げた子要素のどれかを追加してください。",
        ),
        "en": _en(
            "A child element BPMN 2.0 requires is missing (for example the `inputSet` of an `ioSpecification`).",
            "Add one of the child elements the message lists.",
            "A required child element is missing.",
        ),
    },
    "xsd-attribute-not-allowed": {
        "ja": _ja(
            "この要素に使えない属性です。",
            "BPMN 2.0 にない属性が名前空間なしで書かれています。ツール独自の属性の接頭辞が抜けたときに起こります。",
            "不要なら削除し、ツール独自の属性なら名前空間（接頭辞）を付けてください。",
        ),
        "en": _en(
            "An attribute BPMN 2.0 does not define, written without a namespace; often a tool attribute that lost its prefix.",
            "Delete it, or give a tool-specific attribute its namespace prefix.",
            "Attribute not allowed on this element.",
        ),
    },
    "xsd-attribute-required": {
        "ja": _ja(
            "必須の属性がありません。",
            "BPMN 2.0 が必須とする属性がありません（例: `sequenceFlow` の `sourceRef` と `targetRef`）。",
            "属性を追加してください。フローなら、モデラーで両端をつなぎ直します。",
        ),
        "en": _en(
            "An attribute BPMN 2.0 requires is missing (for example `sourceRef` and `targetRef` of a `sequenceFlow`).",
            "Add the attribute; for a flow, reconnect both ends in the modeler.",
            "A required attribute is missing.",
        ),
    },
    "xsd-invalid-id": {
        "ja": _ja(
            "XML の ID として使えない id です。",
            "id は英字か `_` で始まり、空白や `:` を含まない名前でなければなりません。数字で始まる id や日本語の空白入りの id が該当します。",
            "id を `Task_1` のような名前に変え、それを参照している箇所も合わせて直してください。",
        ),
        "en": _en(
            "An id must start with a letter or `_` and contain no spaces or colons; ids starting with a digit or containing spaces are refused.",
            "Rename it (for example `Task_1`) and update every reference to it.",
            "Not a valid XML ID.",
        ),
    },
    "xsd-invalid-value": {
        "ja": _ja(
            "属性の値が正しくありません。",
            "属性の値が BPMN 2.0 の型に合いません（真偽値に `yes`、数値に文字、決まった値以外など）。",
            "メッセージのヒント（使える値や型）に合わせて値を直してください。",
        ),
        "en": _en(
            "An attribute value does not fit its BPMN 2.0 type (`yes` for a boolean, text for a number, a value outside the allowed set, ...).",
            "Correct the value as the message's hint says (allowed values or type).",
            "An attribute value is not valid.",
        ),
    },
    "xsd-text-not-allowed": {
        "ja": _ja(
            "この要素には文字を直接書けません。",
            "子要素だけを持つ要素の中に、文字が直接書かれています。",
            "文字は `bpmn:documentation` などの中に移してください。",
        ),
        "en": _en(
            "Text stands directly inside an element that may only contain child elements.",
            "Move the text into `bpmn:documentation` or a similar element.",
            "Text is not allowed here.",
        ),
    },
    "xsd-truncated": {
        "ja": _ja(
            "スキーマ違反が多すぎるため、残りを省略しました。",
            "スキーマ違反が 50 種類を超えたため、それ以降は表示していません。",
            "表示された問題を直してから、もう一度検証してください。",
        ),
        "en": _en(
            "More than 50 kinds of schema violation were found; the rest are not shown.",
            "Fix the ones shown and validate again.",
            "Too many schema violations: the rest are not shown.",
        ),
    },
    # --- structure -----------------------------------------------------------------------
    "start-event-required": {
        "ja": _ja(
            "プロセスとサブプロセスには開始イベントが必要です。",
            "中身のあるプロセス（またはサブプロセス）に開始イベントがないため、どこから始まるか分かりません。",
            "流れの始まりに開始イベントを置き、最初の手順へつないでください。",
        ),
        "en": _en(
            "A process (or sub-process) with content has no start event, so it is unclear where it begins.",
            "Add a start event where the flow begins and connect it to the first step.",
        ),
    },
    "end-event-required": {
        "ja": _ja(
            "プロセスとサブプロセスには終了イベントが必要です。",
            "中身のあるプロセス（またはサブプロセス）に終了イベントがないため、どこで終わるか分かりません。",
            "流れの終わりに終了イベントを置いてください。",
        ),
        "en": _en(
            "A process (or sub-process) with content has no end event, so it is unclear where it ends.",
            "Add an end event where the flow ends.",
        ),
    },
    "single-blank-start-event": {
        "ja": _ja(
            "種類のない開始イベントは 1 つだけにします。",
            "トリガーのない開始イベントが 2 つ以上あると、どこから始まるのか読み手にも実行エンジンにも分かりません。",
            "1 つにまとめてください。始まり方が違うなら、メッセージ・タイマーなどの種類を付けます。",
        ),
        "en": _en(
            "Several blank start events leave readers and engines guessing where the flow starts.",
            "Merge them into one; if they start differently, give them triggers (message, timer, ...).",
        ),
    },
    "sub-process-blank-start-event": {
        "ja": _ja(
            "サブプロセスの開始イベントにはトリガーを付けません。",
            "通常のサブプロセスは前の手順から始まるので、その開始イベントにメッセージやタイマーなどのトリガーは付けられません。",
            "トリガーを外してください。イベントで始まる処理なら、イベント・サブプロセスにします。",
        ),
        "en": _en(
            "An ordinary sub-process starts when the flow reaches it, so its start event cannot have a trigger.",
            "Remove the trigger, or make it an event sub-process if an event starts it.",
        ),
    },
    "event-sub-process-typed-start-event": {
        "ja": _ja(
            "イベント・サブプロセスの開始イベントには種類が必要です。",
            "イベント・サブプロセスはイベントで始まるため、開始イベントに何で始まるか（メッセージ・タイマー・エラーなど）が必要です。",
            "開始イベントに種類を設定してください。",
        ),
        "en": _en(
            "An event sub-process is started by an event, so its start event must say which (message, timer, error, ...).",
            "Set the trigger of the start event.",
        ),
    },
    "ad-hoc-sub-process": {
        "ja": _ja(
            "アドホック・サブプロセスに開始・終了イベントは置けません。",
            "アドホック・サブプロセスの中の作業は順不同で行うもので、開始イベントも終了イベントも持ちません。",
            "中の開始イベント・終了イベントを削除してください。",
        ),
        "en": _en(
            "The tasks of an ad-hoc sub-process are done in any order; it has neither start nor end events.",
            "Delete the start and end events inside it.",
        ),
    },
    "single-event-definition": {
        "ja": _ja(
            "1 つのイベントに種類は 1 つだけです。",
            "1 つのイベントに複数のイベント定義（メッセージとタイマーなど）があると、何で起きるのか分かりにくくなります。",
            "1 つだけ残し、ほかは別のイベントに分けてください（待ち合わせならイベントベース・ゲートウェイを使います）。",
        ),
        "en": _en(
            "An event with several event definitions (message and timer, ...) is hard to read.",
            "Keep one and model the others as separate events (an event-based gateway waits for the first of several).",
        ),
    },
    "link-event-name": {
        "ja": _ja(
            "リンクイベントにはリンク名が必要です。",
            "リンクイベントは投げる側と受ける側を同じリンク名で結びます。名前がないと対が分かりません。",
            "`linkEventDefinition` の `name` に、対になる両方で同じ名前を書いてください。",
        ),
        "en": _en(
            "Link events pair a throwing and a catching event by their link name; without a name there is no pair.",
            "Write the same `name` on the `linkEventDefinition` of both events.",
        ),
    },
    "link-event": {
        "ja": _ja(
            "リンクイベントが対になっていません。",
            "同じスコープに、同じリンク名の受けイベントがちょうど 1 つ必要です（投げイベントは複数でもかまいません）。",
            "受けイベントを 1 つにし、リンク名の綴りをそろえてください。",
        ),
        "en": _en(
            "Each link name needs exactly one catching event in the same scope (several throwing events are fine).",
            "Keep one catching event and make the link names match.",
        ),
    },
    "superfluous-termination": {
        "ja": _ja(
            "不要な停止（terminate）終了イベントです。",
            "停止終了イベントは、ほかに進行中の流れを止めるためのものです。ここに来たときに止める流れが残らないなら意味がありません。",
            "通常の終了イベントに変えてください。",
        ),
        "en": _en(
            "A terminate end event stops the other paths still running; here none can be.",
            "Use a plain end event.",
        ),
    },
    "no-complex-gateway": {
        "ja": _ja(
            "複合ゲートウェイは使わないでください。",
            "複合ゲートウェイの意味は図からは読み取れず、machiflow の実行エンジンも実行できません。",
            "排他・包含・並列のゲートウェイと条件の組み合わせで書き直してください。",
        ),
        "en": _en(
            "A complex gateway's meaning cannot be read from the diagram, and machiflow's engine cannot run it.",
            "Model it with exclusive, inclusive or parallel gateways and conditions.",
        ),
    },
    "event-based-gateway": {
        "ja": _ja(
            "イベントベース・ゲートウェイには条件のないフローが 2 本以上必要です。",
            "イベントベース・ゲートウェイは、後ろのイベントのうち最初に起きたものへ進みます。フローに条件は付けられず、待つイベントが 2 つ以上必要です。",
            "待つイベント（メッセージ・タイマーなど）ごとに条件のないフローを引いてください。",
        ),
        "en": _en(
            "An event-based gateway follows whichever event after it happens first; its flows carry no conditions and it waits for two or more events.",
            "Draw one plain flow to each event it waits for (message, timer, ...).",
        ),
    },
    # --- flow ----------------------------------------------------------------------------
    "no-disconnected": {
        "ja": _ja(
            "どのフローにもつながっていない要素です。",
            "シーケンスフローが 1 本も出入りしていない要素は、流れの中で一度も通りません。",
            "前後の手順とつなぐか、不要なら削除してください。",
        ),
        "en": _en(
            "An element without any sequence flow in or out is never reached.",
            "Connect it to the steps before and after, or delete it.",
        ),
    },
    "no-implicit-start": {
        "ja": _ja(
            "入ってくるフローがない要素です（暗黙の開始）。",
            "開始イベント以外の要素に入ってくるフローがないと、そこから暗黙に始まることになり、流れが読めません。",
            "開始イベントか前の手順からフローをつないでください。",
        ),
        "en": _en(
            "An element other than a start event has no incoming flow, so the process implicitly starts there too.",
            "Connect it from a start event or from the step before it.",
        ),
    },
    "no-implicit-end": {
        "ja": _ja(
            "出ていくフローがない要素です（暗黙の終了）。",
            "終了イベント以外の要素から出ていくフローがないと、そこで暗黙に終わることになり、終わり方が読めません。",
            "次の手順か終了イベントへフローをつないでください。",
        ),
        "en": _en(
            "An element other than an end event has no outgoing flow, so the process implicitly ends there.",
            "Connect it to the next step or to an end event.",
        ),
    },
    "no-implicit-split": {
        "ja": _ja(
            "タスクやイベントから直接分岐しています。",
            "タスクやイベントから条件のないフローが複数出ると、すべてが同時に進む（暗黙の並列分岐）ことになり、読み手が誤解しやすくなります。",
            "後ろにゲートウェイを置いて、そこから分けてください。",
        ),
        "en": _en(
            "Several unconditional flows out of a task or event all run at once (an implicit parallel split), which readers easily misread.",
            "Put a gateway after it and split there.",
        ),
    },
    "fake-join": {
        "ja": _ja(
            "タスクやイベントで直接合流しています。",
            "タスクやイベントにフローが複数入っても、合流を待ちません。入ってくるたびに実行されます。",
            "前にゲートウェイを置いてください。すべてを待つなら並列、どれか 1 つなら排他ゲートウェイです。",
        ),
        "en": _en(
            "A task or event with several incoming flows does not wait for them: it runs each time one arrives.",
            "Put a gateway before it: parallel to wait for all, exclusive to merge alternatives.",
        ),
    },
    "no-gateway-join-fork": {
        "ja": _ja(
            "1 つのゲートウェイで合流と分岐を同時にしています。",
            "合流と分岐を 1 つのゲートウェイで行うと、待つのか分けるのかが読み取れません。",
            "合流用と分岐用の 2 つのゲートウェイに分けてください。",
        ),
        "en": _en(
            "A gateway that joins and forks at once does not say whether it waits or splits.",
            "Split it into a joining gateway and a forking gateway.",
        ),
    },
    "superfluous-gateway": {
        "ja": _ja(
            "何もしていないゲートウェイです。",
            "入りも出もフローが 1 本だけのゲートウェイは、分岐も合流もしていません。",
            "削除して、前後を直接つないでください。",
        ),
        "en": _en(
            "A gateway with one flow in and one flow out neither splits nor joins.",
            "Delete it and connect the steps directly.",
        ),
    },
    "conditional-flows": {
        "ja": _ja(
            "条件もデフォルトもないフローが混ざっています。",
            "ある要素から出るフローのどれかに条件かデフォルトがあるなら、残りのフローも条件付きでなければ、いつ通るのかが分かりません。",
            "そのフローに条件を付けるか、デフォルトのフローにしてください。",
        ),
        "en": _en(
            "When some flows out of an element have a condition or are the default, a flow with neither leaves it unclear when it is taken.",
            "Give it a condition or make it the default flow.",
        ),
    },
    "no-duplicate-sequence-flows": {
        "ja": _ja(
            "同じ向き・同じ条件のフローが重複しています。",
            "同じ要素の間に同じ条件のフローが 2 本あると、意図せず並列に 2 回進みます。モデラーで線を重ねて引いたときに起こります。",
            "どちらかを削除してください。",
        ),
        "en": _en(
            "Two flows between the same elements with the same condition fork by accident; it happens when a line is drawn twice.",
            "Delete one of them.",
        ),
    },
    "gateway-default-missing": {
        "ja": _ja(
            "すべてのフローに条件があり、デフォルトがありません。",
            "どの条件にも当てはまらない案件は、ゲートウェイで止まってしまいます。",
            "「その他」に当たるフローを 1 本、ゲートウェイのデフォルト（`default` 属性）にしてください。",
        ),
        "en": _en(
            "A case that matches no condition gets stuck at the gateway.",
            'Make the "otherwise" flow the gateway\'s default (its `default` attribute).',
        ),
    },
    "label-required": {
        "ja": _ja(
            "名前のない要素です。",
            "タスク・イベント、分岐するゲートウェイ（問いの形）、条件付きフロー（答えの形）、プール・レーン（担当）には、図を読む人に分かる名前が必要です。並列・イベントベースのゲートウェイと合流のゲートウェイは名前なしでかまいません。",
            "名前を付けてください。ゲートウェイは「書類はそろっているか」、フローは「はい」「不備あり」、レーンは「窓口担当」のようにします。",
        ),
        "en": _en(
            "Tasks and events, diverging gateways (as a question), conditional flows (as an answer), pools and lanes (who works there) need names readers understand. Parallel, event-based and merging gateways may stay unnamed.",
            "Name it: a gateway 'Are the documents complete?', a flow 'yes' or 'documents missing', a lane 'Counter staff'.",
        ),
    },
    # --- references ----------------------------------------------------------------------
    "duplicate-id": {
        "ja": _ja(
            "id が重複しています。",
            "ファイルの中で id は一意でなければなりません。同じ id があると、フローや図がどちらを指すか決まりません。ファイルを手で結合したときに起こります。",
            "どちらかの id を変え、参照（フローの両端、図の `bpmnElement` など）も合わせて直してください。",
        ),
        "en": _en(
            "Ids must be unique in a file; with two, flows and diagram elements cannot tell which one they mean. It happens when files are merged by hand.",
            "Change one id and update what refers to it (flow ends, the diagram's `bpmnElement`, ...).",
        ),
    },
    "dangling-reference": {
        "ja": _ja(
            "参照先の id がありません。",
            "フローの両端、デフォルトフロー、レーンの要素、境界イベントの付け先、メッセージ・エラーなどの参照、図の `bpmnElement` が、存在しない id か、その場所では指せない種類の要素を指しています。",
            "正しい id に直してください。似た id があればメッセージが候補を示します。",
        ),
        "en": _en(
            "A reference (flow ends, default flow, lane members, boundary attachment, message or error refs, the diagram's `bpmnElement`) names an id that does not exist or an element it cannot point to.",
            "Correct the id; the message suggests a close one when there is.",
        ),
    },
    "global": {
        "ja": _ja(
            "メッセージ・シグナル・エラー・エスカレーションの定義に問題があります。",
            "ファイル全体で使う定義（メッセージなど）に名前がない、同じ種類で同じ名前のものがある、またはどこからも使われていません。",
            "名前を付ける、名前を区別できるようにする、使っていないなら削除する、のどれかをしてください。",
        ),
        "en": _en(
            "A file-wide definition (message, signal, error, escalation) has no name, shares its name with another of its kind, or is not used anywhere.",
            "Name it, make the names distinct, or delete it if unused.",
        ),
    },
    # --- diagram -------------------------------------------------------------------------
    "no-bpmndi": {
        "ja": _ja(
            "図に描かれていない要素です。",
            "BPMN DI（図の形と線）がない要素は、モデラーで開いても見えません。別のツールで要素だけを追加したときに起こります。",
            "モデラーで図に配置してから保存し直してください。",
        ),
        "en": _en(
            "An element without BPMN DI (shape or edge) is invisible in a modeler; it happens when another tool adds elements without drawing them.",
            "Place it in the diagram with a modeler and save again.",
        ),
    },
    # --- BPR annotations -----------------------------------------------------------------
    "bpr-invalid-value": {
        "ja": _ja(
            "BPR の注釈の値を読めません。",
            "`bpr:` の注釈のキーが未知か、値が決まった形になっていないため、既定値（0 や false）で計算しています。",
            "メッセージが示す形で書いてください。期間は ISO 8601（`PT9M` = 9 分、`P3D` = 3 日）、確率は 0 以上 1 以下の小数です。",
        ),
        "en": _en(
            "A `bpr:` annotation has an unknown key or a value in the wrong form, so the KPIs use the default (0 or false).",
            "Write it as the message says: durations in ISO 8601 (`PT9M` = 9 minutes, `P3D` = 3 days), probabilities as decimals from 0 to 1.",
        ),
    },
    "bpr-probability-sum": {
        "ja": _ja(
            "排他・イベントベースのゲートウェイから出る確率の合計が合いません。",
            "排他ゲートウェイとイベントベース・ゲートウェイでは、案件はどれか 1 本のフローだけを通るので、確率は案件の割合を分け合います。すべてのフローに指定するなら合計は 1、一部だけなら 1 以下です（残りは指定のないフローで等分します）。包含ゲートウェイは複数のフローを同時に通れるため、各確率はそのフローを通る独立した確率で、合計は問いません（指定のないフローは必ず通るものとします）。",
            "合計が 1 になるよう値を直してください。複数のフローを同時に通るなら、包含ゲートウェイにします。",
            "合計が 1 を超えるときはエラー",
        ),
        "en": _en(
            "Out of an exclusive or event-based gateway a case takes exactly one flow, so the probabilities share out the cases: they add up to 1 when every flow carries one, and to at most 1 otherwise (flows without one split the rest evenly). An inclusive gateway can take several flows at once, so each probability there is the independent chance of its flow and the sum is not checked (a flow without one is always taken).",
            "Correct the values so they add up to 1. If a case can take several flows at once, use an inclusive gateway.",
            severity_note="error when the sum exceeds 1",
        ),
    },
    "bpr-probability-misplaced": {
        "ja": _ja(
            "使われない場所にある確率です。",
            "`bpr:probability` は、排他・包含・イベントベースのゲートウェイから出るフローか、境界イベント（発生する割合）にだけ意味があります。ほかの場所の値は計算に使われません。",
            "確率を分岐のゲートウェイから出るフローに移すか、削除してください。",
        ),
        "en": _en(
            "`bpr:probability` counts only on flows out of exclusive, inclusive or event-based gateways, and on boundary events (the share of cases in which they fire). Elsewhere it is ignored.",
            "Move it to the flows out of the diverging gateway, or delete it.",
        ),
    },
    "bpr-variant-missing": {
        "ja": _ja(
            "手続き名はありますが、版（As-Is など）がありません。",
            "`bpr:procedure` で同じ手続きの版どうしを比べるので、どの版かを表す `bpr:variant` が必要です。",
            "プロセスに `bpr:variant` を `as-is`・`can-be`・`to-be` のどれかで設定してください。",
        ),
        "en": _en(
            "Variants of a procedure are compared through `bpr:procedure`, so each needs `bpr:variant` to say which it is.",
            "Set `bpr:variant` on the process to `as-is`, `can-be` or `to-be`.",
        ),
    },
    # --- engine support ------------------------------------------------------------------
    "engine-reserved-id": {
        "ja": _ja(
            "エンジンが内部で使う名前の id です。",
            "SpiffWorkflow 3.2.0 はどのプロセス・サブプロセスにも `Start`、`End`、`プロセスまたはサブプロセスのID.EndJoin` という内部のタスクを加え、境界イベントの付いた要素の前後には `要素のID.BoundaryEventSplit`、`要素のID.BoundaryEventJoin` を置きます。タスクは要素の id で名付けられるため、同じ id の要素は内部のタスクと入れ替わります。開始イベント `Start` ではプロセスを開始できず、流れが入ってくるほかの要素の `Start` と、これらの id の境界イベントは読み込みで拒否されます。`End` や `….EndJoin` に着くと、その要素もその後ろも実行されずにプロセスが終わります（終了イベント `End` では、ほかの経路が残っていても完了扱いになります）。`….BoundaryEventSplit`・`….BoundaryEventJoin` は、モデルによって読み込みや開始が失敗するか、その要素が飛ばされます。`Start`、`End`、`….EndJoin` は machiflow の登録（deploy）でも拒否されます（`runtime.deploy.reserved-id`）。",
            "その要素の id を別の名前（StartEvent_1 など）に変え、その id を指す sourceRef・targetRef なども合わせて直してください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 adds tasks of its own named `Start`, `End` and `PROCESS_OR_SUBPROCESS_ID.EndJoin` to every process and sub-process, and `ACTIVITY_ID.BoundaryEventSplit` / `ACTIVITY_ID.BoundaryEventJoin` around an activity with boundary events. Tasks are named by element id, so an element with one of these ids replaces the library's task: a start event `Start` cannot start the process; any other element `Start` with incoming flows, and a boundary event with one of these ids, is refused at load; on reaching `End` or `….EndJoin` the process ends without running it or anything after it (an end event `End` completes the process even while other paths are still running). With `….BoundaryEventSplit` or `….BoundaryEventJoin`, depending on the model, loading or starting fails, or the element is skipped. machiflow also refuses `Start`, `End` and `….EndJoin` at deploy (`runtime.deploy.reserved-id`).",
            "Give the element another id (StartEvent_1, for instance) and update the sourceRef, targetRef and other references to it.",
        ),
    },
    "engine-complex-gateway": {
        "ja": _ja(
            "複合ゲートウェイは実行できません。",
            "SpiffWorkflow 3.2.0 は複合ゲートウェイを実装しておらず、読み込みで拒否します。",
            "排他・包含・並列のゲートウェイと条件式に置き換えてください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 does not implement the complex gateway and refuses it at load.",
            "Replace it with exclusive, inclusive or parallel gateways and conditions.",
        ),
    },
    "engine-compensation": {
        "ja": _ja(
            "補償（compensation）は実行されません。",
            "補償の境界イベントは読み込みで拒否され、補償の送出は何もせずに通過し、補償用のタスクは実行されません。",
            "取り消しの手順は通常のタスクとして、エラー境界イベントや分岐の後ろにつないでください。",
            "補償の境界イベントはエラー、補償の送出と補償用のタスクは警告",
        ),
        "en": _en(
            "A compensation boundary event is refused at load; a compensation throw passes without effect; compensation tasks never run.",
            "Model the undo steps as ordinary tasks after an error boundary event or a gateway.",
            severity_note="error on a compensation boundary event, warning on throws and compensation tasks",
        ),
    },
    "engine-link-event": {
        "ja": _ja(
            "リンクイベントは実行されません。",
            "SpiffWorkflow 3.2.0 はリンクを扱わず、投げる側で流れが終わり、受ける側から先は実行されないままプロセスが完了します。",
            "リンクの組をシーケンスフロー 1 本に置き換えてください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 treats link events as plain events: the path ends at the throwing link and nothing after the catching link runs, yet the process completes.",
            "Replace the pair of links with one sequence flow.",
        ),
    },
    "engine-boundary-event": {
        "ja": _ja(
            "扱えない種類の境界イベントです。",
            "タイマー・メッセージ・シグナル・エラー・エスカレーション・条件・キャンセル以外（種類なしを含む）の境界イベントは、読み込みで拒否されます。",
            "扱える種類を付けるか、境界イベントを削除してください。",
        ),
        "en": _en(
            "Boundary events other than timer, message, signal, error, escalation, conditional and cancel (including ones without a trigger) are refused at load.",
            "Give it one of those triggers or delete it.",
        ),
    },
    "engine-data-store": {
        "ja": _ja(
            "データストアは実行できません。",
            "データストアには SpiffWorkflow に登録された実装が必要で、ないと読み込みが失敗します。ファイルに `bpmn:dataStore` があるだけで、使っていなくても実行可能なプロセスはすべて読み込めません。",
            "データオブジェクトに置き換えるか、外部システムとのやり取りをタスクとして描いてください。",
        ),
        "en": _en(
            "A data store needs an implementation registered with SpiffWorkflow, or loading fails. A `bpmn:dataStore` in the file, used or not, stops every executable process in it from loading.",
            "Replace it with a data object, or draw the exchange with the other system as a task.",
        ),
    },
    "engine-service-task": {
        "ja": _ja(
            "実行方法のないサービスタスクです。",
            "SpiffWorkflow はサービスタスクに `spiffworkflow:serviceTaskOperator` を求め、ないと読み込みを拒否します。Camunda や Zeebe の実装指定（`camunda:class` など）は使われません。",
            "Python で書ける処理ならスクリプトタスクに、人が行う作業ならユーザータスクに変えてください。",
        ),
        "en": _en(
            "SpiffWorkflow requires `spiffworkflow:serviceTaskOperator` on a service task and refuses it at load otherwise. Camunda or Zeebe implementations (`camunda:class`, ...) are not used.",
            "Make it a script task if the work can be written in Python, or a user task if a person does it.",
        ),
    },
    "engine-send-task": {
        "ja": _ja(
            "送信タスクの外部処理は実行されません。",
            "Camunda/Zeebe の外部処理の指定がある送信タスクは、その処理をせずに先へ進みます（メッセージの指定があれば送るだけです）。",
            "処理が必要ならスクリプトタスクに、人の作業ならユーザータスクに変えてください。",
        ),
        "en": _en(
            "A send task with a Camunda/Zeebe job passes without doing it (it only sends its message, if it has one).",
            "Make it a script task if work is needed, or a user task if a person does it.",
        ),
    },
    "engine-business-rule-task": {
        "ja": _ja(
            "呼び出す決定表のないビジネスルールタスクです。",
            "SpiffWorkflow はビジネスルールタスクに `spiffworkflow:calledDecisionId` を求め、ないと読み込みを拒否します。Camunda の `decisionRef` は読まれません。",
            "`bpmn:extensionElements` に `spiffworkflow:calledDecisionId` で DMN の決定表の id を書き、その DMN ファイルを一緒に登録してください。",
        ),
        "en": _en(
            "SpiffWorkflow requires `spiffworkflow:calledDecisionId` on a business rule task and refuses it at load otherwise; Camunda's `decisionRef` is not read.",
            "Name the DMN decision in `spiffworkflow:calledDecisionId` inside `bpmn:extensionElements`, and deploy the DMN file with the model.",
        ),
    },
    "engine-call-activity": {
        "ja": _ja(
            "呼び出すプロセスのない呼び出しアクティビティです。",
            "`calledElement` がないと、SpiffWorkflow は読み込みを拒否します。",
            "呼び出すプロセスの id を `calledElement` に書いてください。",
        ),
        "en": _en(
            "Without `calledElement`, SpiffWorkflow refuses the model at load.",
            "Write the id of the process to call in `calledElement`.",
        ),
    },
    "engine-subprocess-start": {
        "ja": _ja(
            "サブプロセスの開始イベントはちょうど 1 つです。",
            "SpiffWorkflow は埋め込みサブプロセス（とイベント・サブプロセス、トランザクション）に開始イベントがちょうど 1 つあることを求め、それ以外は読み込みで拒否します。",
            "開始イベントを 1 つだけ置き、そこから流れを始めてください。",
        ),
        "en": _en(
            "SpiffWorkflow requires exactly one start event in an embedded sub-process (and in event sub-processes and transactions) and refuses anything else at load.",
            "Keep a single start event and begin the flow there.",
        ),
    },
    "engine-subprocess-end": {
        "ja": _ja(
            "サブプロセスに終了イベントが必要です。",
            "終了イベントのない埋め込みサブプロセスは、SpiffWorkflow が読み込みで拒否します。",
            "流れの終わりに終了イベントを置いてください。",
        ),
        "en": _en(
            "SpiffWorkflow refuses an embedded sub-process without an end event at load.",
            "Add an end event where its flow ends.",
        ),
    },
    "engine-implicit-split": {
        "ja": _ja(
            "ゲートウェイ以外からの分岐は実行できません。",
            "SpiffWorkflow は、ゲートウェイと開始イベント以外から複数のフローが出るモデルを読み込みで拒否します。",
            "後ろに並列ゲートウェイ（条件で分けるなら排他か包含のゲートウェイ）を置き、そこから分けてください。",
        ),
        "en": _en(
            "SpiffWorkflow refuses several flows out of anything but a gateway or a start event.",
            "Add a parallel gateway after it (exclusive or inclusive if the flows have conditions) and split there.",
        ),
    },
    "engine-gateway-condition": {
        "ja": _ja(
            "条件のないフローが分岐から出ています。",
            "排他・包含ゲートウェイから出るフローは、デフォルト以外すべてに条件が必要で、ないと SpiffWorkflow は読み込みを拒否します。",
            "Python の条件式を書くか、そのフローをゲートウェイのデフォルトにしてください。",
        ),
        "en": _en(
            "Every flow out of an exclusive or inclusive gateway except the default needs a condition; SpiffWorkflow refuses the model otherwise.",
            "Write a Python condition, or make the flow the gateway's default.",
        ),
    },
    "engine-multi-instance": {
        "ja": _ja(
            "件数も対象リストもないマルチインスタンスです。",
            "SpiffWorkflow はマルチインスタンスに件数（`loopCardinality`）か入力コレクション（`loopDataInputRef`）を求め、ないと読み込みを拒否します。`camunda:collection` などは読まれません。",
            "`loopCardinality` に件数の式を書くか、`loopDataInputRef` にリストの変数名を書いてください。",
        ),
        "en": _en(
            "SpiffWorkflow requires `loopCardinality` or `loopDataInputRef` on a multi-instance activity and refuses it otherwise; `camunda:collection` and the like are not read.",
            "Write a count expression in `loopCardinality`, or the name of a list variable in `loopDataInputRef`.",
        ),
    },
    "engine-receive-task": {
        "ja": _ja(
            "メッセージを待たない受信タスクです。",
            "`messageRef` のない受信タスクは、SpiffWorkflow では何も待たずに通過します。",
            "待つメッセージを `messageRef` で指定してください。",
        ),
        "en": _en(
            "A receive task without `messageRef` passes through on SpiffWorkflow without waiting.",
            "Name the message to wait for in `messageRef`.",
        ),
    },
    "engine-io-specification": {
        "ja": _ja(
            "タスクの ioSpecification が変数を求め、ほかのデータを消します。",
            "SpiffWorkflow 3.2.0 は、タスク（サブプロセス・呼び出しアクティビティを含む）の `ioSpecification` の入力・出力を、その id と同じ名前の変数として扱います（name ではありません）。入力の変数がなければタスクの開始時に、出力の変数がなければ完了時に失敗し、タスクの後にはそれらの変数だけが残って、それまでのプロセスのデータは消えます。Trisotech・ADONIS・Bizagi などのモデラーが書き出すことがあります。",
            "machiflow ではプロセスのデータがすべてのタスクに渡るので、`ioSpecification` を削除してください（それを指すデータ関連も合わせて直します）。残す場合は、入力の id の変数を前の手順で用意し、後の手順で使うデータをすべて出力に含めてください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 reads the inputs and outputs of an activity's `ioSpecification` (tasks, sub-processes, call activities) as variables named by their ids, not their names. A missing input variable fails the task as it starts, a missing output variable as it completes, and after the task only those variables remain: the rest of the process data is gone. Modelers such as Trisotech, ADONIS and Bizagi write them.",
            "machiflow passes all process data to every task, so remove the `ioSpecification` (and fix the data associations that point into it). To keep it, set a variable named by each input id before the task, and list as outputs everything later steps use.",
        ),
    },
    "engine-ad-hoc-completion": {
        "ja": _ja(
            "完了条件のないアドホック・サブプロセスです。",
            "SpiffWorkflow 3.2.0 はアドホック・サブプロセスの開始時から完了条件（`completionCondition`）を評価するため、条件がないと開始と同時に失敗します。",
            "いつ終わるかを Python の式で `bpmn:completionCondition` に書いてください。式は開始時にも評価されるので、使う変数は前の手順で用意しておきます（例: `documents_checked = False`）。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 evaluates an ad-hoc sub-process's `completionCondition` from the moment it starts, so without one it fails at once.",
            "Write when it is done as a Python expression in `bpmn:completionCondition`. It is evaluated at the start too, so set its variables in an earlier step (e.g. `documents_checked = False`).",
        ),
    },
    "engine-ad-hoc-data-object": {
        "ja": _ja(
            "データオブジェクトのないアドホック・サブプロセスです。",
            "SpiffWorkflow 3.2.0 の不具合で、中にデータオブジェクト（`bpmn:dataObject`）がないアドホック・サブプロセスは、完了条件がまだ満たされていないと分かった時点で失敗します（KeyError: 'data_objects'）。",
            "サブプロセスの中にデータオブジェクトを 1 つ置くか、順不同の作業を包含ゲートウェイで描いてください。",
        ),
        "en": _en(
            "Because of a bug in SpiffWorkflow 3.2.0, an ad-hoc sub-process without a data object (`bpmn:dataObject`) directly inside fails as soon as it finds its completion condition not yet met (KeyError: 'data_objects').",
            "Put a data object inside the sub-process, or model the tasks done in any order with an inclusive gateway.",
        ),
    },
    "engine-juel-expression": {
        "ja": _ja(
            "Camunda の JUEL 式（${...}）は実行できません。",
            "SpiffWorkflow は条件やタイマーの値を Python として評価するため、`${...}` や `#{...}` の式は実行時に失敗します。",
            "同じ意味の Python の式に書き直してください。はっきり訳せるときはメッセージが書き換え後の式を示します。",
        ),
        "en": _en(
            "SpiffWorkflow evaluates conditions and timer values as Python, so `${...}` and `#{...}` expressions fail at run time.",
            "Rewrite it as the Python expression with the same meaning; the message gives it when the translation is certain.",
        ),
    },
    "engine-feel-expression": {
        "ja": _ja(
            "Zeebe の FEEL 式（= ...）は実行できません。",
            "SpiffWorkflow は条件を Python として評価するため、先頭が `=` の FEEL 式は実行時に失敗します。",
            "同じ意味の Python の式に書き直してください（`=` は `==`、`not(x)` は `not x`）。",
        ),
        "en": _en(
            "SpiffWorkflow evaluates conditions as Python, so FEEL expressions (leading `=`) fail at run time.",
            "Rewrite it in Python (`=` becomes `==`, `not(x)` becomes `not x`).",
        ),
    },
    "engine-expression-syntax": {
        "ja": _ja(
            "Python の式として読めない条件です。",
            "条件式に Python の文法の誤りがあり、実行時に失敗します。空白を含む変数名や `&&` などがよくある原因です。",
            "Python の式に書き直してください（例: `amount > 100 and approved`）。",
        ),
        "en": _en(
            "The condition has a Python syntax error and fails at run time; names with spaces and `&&` are common causes.",
            "Rewrite it in Python (e.g. `amount > 100 and approved`).",
        ),
    },
    "engine-timer-literal": {
        "ja": _ja(
            "タイマーの値に引用符がありません。",
            "SpiffWorkflow はタイマーの値を Python の式として評価するため、`P14D` のような引用符のない ISO 8601 の値はタイマーの開始時に失敗します。bpmn.io や Camunda はこの形で書き出します。",
            '引用符で囲んでください（`"P14D"`）。日時にタイムゾーンがなければ `+09:00` も付けます。',
        ),
        "en": _en(
            "SpiffWorkflow evaluates timer values as Python, so ISO 8601 text without quotes, such as `P14D`, fails when the timer starts. bpmn.io and Camunda write it that way.",
            'Quote it (`"P14D"`); add `+09:00` to a date-time without a zone.',
        ),
    },
    "engine-timer-naive-date": {
        "ja": _ja(
            "タイマーの日時にタイムゾーンがありません。",
            "タイムゾーンのない日時は、サーバーの地域の時刻として解釈されます。サーバーが日本時間でなければずれます。",
            "日本時間なら `+09:00` を付けてください。",
        ),
        "en": _en(
            "A date-time without a zone is read in the server's local zone, which is off unless the server runs on Japan time.",
            "Add `+09:00` for Japan time.",
        ),
    },
    "engine-timer-value": {
        "ja": _ja(
            "タイマーの値が ISO 8601 として読めません。",
            "期間（timeDuration）・日時（timeDate）・繰り返し（timeCycle）の値がそれぞれの ISO 8601 の形でないため、タイマーの開始時に失敗します。",
            '種類に合った形で書いてください（`"P14D"`、`"2026-04-01T09:00:00+09:00"`、`"R6/P1D"`）。変数を使うなら、その変数がその形の文字列を持つようにします。',
        ),
        "en": _en(
            "A timeDuration, timeDate or timeCycle value is not ISO 8601 text of its kind, so the timer fails when it starts.",
            'Write the form of its kind (`"P14D"`, `"2026-04-01T09:00:00+09:00"`, `"R6/P1D"`); a variable must hold such a text.',
        ),
    },
    "engine-script-missing": {
        "ja": _ja(
            "スクリプトのないスクリプトタスクです。",
            "スクリプトが空のスクリプトタスクは、実行時に失敗します。",
            "`bpmn:script` に Python のスクリプトを書くか、人の作業ならユーザータスクに変えてください。",
        ),
        "en": _en(
            "A script task with an empty script fails at run time.",
            "Write a Python script in `bpmn:script`, or make it a user task if a person does the work.",
        ),
    },
    "engine-script-task-pre-post": {
        "ja": _ja(
            "スクリプトタスクの preScript・postScript は実行されません。",
            "SpiffWorkflow 3.2.0 は、ユーザータスクなどでは `spiffworkflow:preScript`・`spiffworkflow:postScript` を実行しますが、スクリプトタスクでは読み込みで捨てるため、何も起きません（文法の誤りも検査されません）。",
            "その処理をスクリプト本体（`bpmn:script`）に移してください。preScript は先頭に、postScript は末尾に置きます。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 runs `spiffworkflow:preScript` and `spiffworkflow:postScript` on user tasks and the like, but drops them on script tasks when loading: they do nothing (and their syntax is not checked).",
            "Move the code into the script itself (`bpmn:script`): a preScript at its start, a postScript at its end.",
        ),
    },
    "engine-script-indent": {
        "ja": _ja(
            "スクリプト全体が字下げされています。",
            "XML の中で全体を字下げしたスクリプトは、Python では文法エラーになります。",
            "各行に共通する先頭の空白を取り除き、1 行目を行頭から書いてください。",
        ),
        "en": _en(
            "A script indented as a whole inside the XML is a Python syntax error.",
            "Remove the indentation common to all lines so that the first line starts in column 1.",
        ),
    },
    "engine-script-syntax": {
        "ja": _ja(
            "Python として読めないスクリプトです。",
            "スクリプト（スクリプトタスクの本体、ほかのタスクの preScript・postScript）に Python の文法の誤りがあり、実行時に失敗します。JavaScript などほかの言語で書かれていても Python として実行されます。",
            "メッセージが示す行を直してください。",
        ),
        "en": _en(
            "A script (a script task's script, the preScript or postScript of another task) has a Python syntax error and fails at run time. Scripts in other languages (JavaScript, ...) are run as Python too.",
            "Fix the line the message points to.",
        ),
    },
    # --- render --------------------------------------------------------------------------
    "render.graphviz-missing": {
        "ja": _ja(
            "Graphviz がありません。",
            "図の情報（BPMN DI）のないモデルを描くには、自動レイアウトに Graphviz の `dot` コマンドが必要です。",
            "Graphviz をインストールしてください（例: `sudo apt-get install graphviz`）。",
        ),
        "en": _en(
            "Drawing a model without diagram information (BPMN DI) needs Graphviz's `dot` command for the automatic layout.",
            "Install Graphviz (for example `sudo apt-get install graphviz`).",
            "Graphviz is not installed.",
        ),
    },
    "render.graphviz-failed": {
        "ja": _ja(
            "Graphviz の自動レイアウトに失敗しました。",
            "`dot` コマンドがエラーで終わりました。machiflow が渡した入力の不具合です。",
            "メッセージを添えて machiflow の不具合として報告してください。図の情報のあるファイルなら自動レイアウトを使わずに描けます。",
        ),
        "en": _en(
            "The `dot` command failed on the input machiflow gave it: a machiflow bug.",
            "Report it with the message. A file with diagram information can be drawn without the automatic layout.",
            "Automatic layout with Graphviz failed.",
        ),
    },
    "render.graphviz-timeout": {
        "ja": _ja(
            "Graphviz の自動レイアウトが時間内に終わりませんでした。",
            "モデルが大きすぎて、自動レイアウトが制限時間（30 秒）内に終わりませんでした。",
            "プロセスを分割するか、`--process` で 1 つのプロセスだけを描いてください。モデラーで図を付けて保存すれば、自動レイアウトは不要になります。",
        ),
        "en": _en(
            "The model is too large for the automatic layout to finish within 30 seconds.",
            "Split the process, or draw one process with `--process`. Once a modeler saves a diagram with it, no layout is needed.",
            "Automatic layout timed out.",
        ),
    },
    "render.diagram-not-found": {
        "ja": _ja(
            "指定した図がありません。",
            "`--diagram` の id の図（BPMNDiagram）がファイルにありません。",
            "メッセージに挙げた図の id を指定してください。",
        ),
        "en": _en(
            "No BPMNDiagram in the file has the id given with `--diagram`.",
            "Give one of the diagram ids the message lists.",
            "No such diagram.",
        ),
    },
    "render.process-not-found": {
        "ja": _ja(
            "指定したプロセスがありません。",
            "`--process` の id のプロセスがファイルにありません。",
            "メッセージに挙げたプロセスの id を指定してください。",
        ),
        "en": _en(
            "No process in the file has the id given with `--process`.",
            "Give one of the process ids the message lists.",
            "No such process.",
        ),
    },
    "render.unknown-state": {
        "ja": _ja(
            "強調表示の状態が不明です。",
            "図の要素の強調表示（実行中・完了など）に、定義されていない状態が渡されました。画面や API から描くときのエラーです。",
            "メッセージに挙げた状態のどれかを使ってください。",
        ),
        "en": _en(
            "A highlight state (running, done, ...) that is not defined was asked for; this comes from pages and the API.",
            "Use one of the states the message lists.",
            "Unknown highlight state.",
        ),
    },
    "render.png-failed": {
        "ja": _ja(
            "PNG への変換に失敗しました。",
            "SVG から PNG への変換（cairo）が失敗しました。cairo や日本語フォントの導入に問題があることが多いです。",
            "`make run` で必要なパッケージを入れ直すか、SVG で出力してください。直らなければ報告してください。",
        ),
        "en": _en(
            "Converting the SVG to PNG (cairo) failed, most often because cairo or the Japanese font is not installed properly.",
            "Reinstall the packages (`make run` does it) or write SVG; report it if that does not help.",
            "Converting to PNG failed.",
        ),
    },
    # --- command line --------------------------------------------------------------------
    "cli.validate.summary": {
        "ja": _ja(
            "ファイルごとのエラーと警告の件数です。",
            "`machiflow validate` がファイルごとに標準エラー出力へ出す集計です。エラーが 1 件でもあれば終了コードは 1 です。",
            "エラーの行を上から順に直してください。",
        ),
        "en": _en(
            "The count `machiflow validate` prints on standard error for each file. Any error makes the exit code 1.",
            "Fix the errors listed above it.",
            "Errors and warnings per file.",
        ),
    },
    "cli.validate.empty-dir": {
        "ja": _ja(
            "ディレクトリに .bpmn ファイルがありません。",
            "`machiflow validate` にディレクトリを渡すと、その下の .bpmn ファイルをすべて検証しますが、1 つもありませんでした。",
            "パスを確かめてください。拡張子が .xml なら、ファイルを直接指定します。",
        ),
        "en": _en(
            "Given a directory, `machiflow validate` checks every .bpmn file under it, and there was none.",
            "Check the path; name files ending in .xml directly.",
            "No .bpmn file in the directory.",
        ),
    },
    "cli.render.format": {
        "ja": _ja(
            "出力の形式が分かりません。",
            "`machiflow render` は出力ファイルの拡張子で形式を決めます。使えるのは .svg と .png です。",
            "`-o` のファイル名を .svg か .png で終わらせてください。",
        ),
        "en": _en(
            "`machiflow render` picks the format from the output file's extension: .svg or .png.",
            "End the `-o` file name in .svg or .png.",
            "Unknown output format.",
        ),
    },
    "cli.render.done": {
        "ja": _ja(
            "図を書き出しました。",
            "`machiflow render` が出力ファイルを書いたことを知らせます。",
            "（対応は不要です）",
        ),
        "en": _en(
            "`machiflow render` wrote the output file.",
            "(nothing to do)",
            "The drawing was written.",
        ),
    },
    "cli.rules.written": {
        "ja": _ja(
            "規則の一覧を書き出しました。",
            "`machiflow rules --write` がハンドブックの規則とエラーコードの一覧（ja と en）を書いたことを知らせます。",
            "書き出したファイルを、ほかの変更と一緒にコミットしてください。",
        ),
        "en": _en(
            "`machiflow rules --write` wrote the handbook's rule and error-code reference (ja and en).",
            "Commit the written files with the change that needed them.",
            "The reference was written.",
        ),
    },
    "cli.aborted": {
        "ja": _ja(
            "中断しました。",
            "Ctrl+C などでコマンドが中断されました。",
            "必要ならもう一度実行してください。",
        ),
        "en": _en(
            "The command was interrupted (Ctrl+C, ...).",
            "Run it again if needed.",
            "Aborted.",
        ),
    },
    "cli.internal": {
        "ja": _ja(
            "内部エラーです。",
            "machiflow の不具合です。トレースバックの代わりに、エラーの種類と内容を 1 行で出します。",
            "実行したコマンドと入力ファイル、メッセージを添えて報告してください。",
        ),
        "en": _en(
            "A machiflow bug; instead of a traceback it prints the kind of error and its text on one line.",
            "Report it with the command, the input file and the message.",
            "Internal error.",
        ),
    },
    # --- database (store.*) -----------------------------------------------------------------
    "store.conflict.instance": {
        "ja": _ja(
            "申請が先に更新されていました。",
            "同じ申請を 2 人（2 つの画面）が同時に操作し、もう一方の変更が先に保存されました。古い内容を上書きしないよう、後の操作は保存されていません（API では 409）。",
            "画面を読み込み直して最新の内容を確かめ、必要ならもう一度操作してください。",
        ),
        "en": _en(
            "Two people (or two pages) acted on the same instance and the other change was saved first. The later one was not saved, so nothing was overwritten (409 in the API).",
            "Reload, check the current state and act again if still needed.",
            "The instance was changed by someone else first.",
        ),
    },
    "store.conflict.task-closed": {
        "ja": _ja(
            "タスクはすでに終了しています。",
            "タスクは完了したか、ワークフローが先へ進んで取り消されました。同時に 2 人が完了しようとしたときは、先の 1 人だけが完了します（API では 409）。",
            "受付箱を読み込み直してください。",
        ),
        "en": _en(
            "The task was completed, or the workflow moved on and cancelled it. When two people complete a task at once, only the first one does (409 in the API).",
            "Reload the inbox.",
            "The task is no longer open.",
        ),
    },
    "store.conflict.task-claimed": {
        "ja": _ja(
            "タスクは別の職員が担当しています。",
            "担当者のいるタスクは、その担当者だけが完了・担当解除できます（API では 409）。",
            "担当者に連絡するか、管理者に担当を外してもらってください。",
        ),
        "en": _en(
            "Only the user who claimed a task can complete or release it (409 in the API).",
            "Ask that user, or an administrator to release the claim.",
            "The task is claimed by someone else.",
        ),
    },
    "store.conflict.timer-fired": {
        "ja": _ja(
            "タイマーはすでに実行されています。",
            "複数のスケジューラーが同じタイマーを実行しようとし、先の 1 つだけが実行しました。",
            "（対応は不要です）",
        ),
        "en": _en(
            "Several schedulers tried to fire the same timer; only the first one did.",
            "(nothing to do)",
            "The timer has already fired.",
        ),
    },
    "store.conflict.deploy": {
        "ja": _ja(
            "同じ版番号への登録が重なりました。",
            "同じプロセスに別の内容の登録が同時に行われ、版番号を先に取られました。",
            "もう一度登録してください。次の版番号で登録されます。",
        ),
        "en": _en(
            "Other files were deployed for the same process at the same time and took the version number first.",
            "Deploy again: it becomes the next version.",
            "A concurrent deployment took the version number.",
        ),
    },
    "store.conflict.user-exists": {
        "ja": _ja(
            "同じ名前のユーザーがいます。",
            "ユーザー名は一意です。",
            "別の名前にするか、既存のユーザーのトークンや役割を変更してください。",
        ),
        "en": _en(
            "User names are unique.",
            "Choose another name, or change the existing user's token or roles.",
            "The user already exists.",
        ),
    },
    "store.conflict.busy": {
        "ja": _ja(
            "データベースが混み合っています。",
            "ほかの書き込みが終わるのを待ちきれませんでした（SQLite の busy_timeout、PostgreSQL のロック待ちやデッドロック）。変更は保存されていません。",
            "少し待ってからもう一度操作してください。頻繁に起きるなら PostgreSQL の利用を検討してください。",
        ),
        "en": _en(
            "Another write did not finish in time (SQLite's busy_timeout, a PostgreSQL lock wait or deadlock). Nothing was saved.",
            "Try again in a moment; if it happens often, consider PostgreSQL.",
            "The database is busy.",
        ),
    },
    "store.not-found.definition": {
        "ja": _ja(
            "プロセス定義がありません。",
            "指定されたプロセス（またはその版）は登録されていません（API では 404）。",
            "プロセス ID と版を確かめ、未登録なら登録してください。",
        ),
        "en": _en(
            "No such process, or no such version of it, is deployed (404 in the API).",
            "Check the process id and version; deploy it if it is missing.",
            "No such process definition.",
        ),
    },
    "store.not-found.file": {
        "ja": _ja(
            "プロセス定義にそのファイルはありません。",
            "その版はこの名前のファイルなしで登録されました（API では 404）。",
            "ファイル名を確かめてください。",
        ),
        "en": _en(
            "The version was deployed without a file of that name (404 in the API).",
            "Check the file name.",
            "No such file in the definition.",
        ),
    },
    "store.not-found.instance": {
        "ja": _ja(
            "申請が見つかりません。",
            "その ID・受付番号の申請はありません（API では 404）。",
            "受付番号を確かめてください。",
        ),
        "en": _en(
            "There is no instance with that id or receipt number (404 in the API).",
            "Check the receipt number.",
            "No such instance.",
        ),
    },
    "store.not-found.task": {
        "ja": _ja(
            "タスクが見つかりません。",
            "その ID のタスクはありません（API では 404）。",
            "受付箱を読み込み直してください。",
        ),
        "en": _en(
            "There is no task with that id (404 in the API).",
            "Reload the inbox.",
            "No such task.",
        ),
    },
    "store.not-found.timer": {
        "ja": _ja(
            "タイマーが見つかりません。",
            "タイマーは、申請が先へ進んだか終了したときに削除されます。",
            "（対応は不要です）",
        ),
        "en": _en(
            "Timers are removed when their instance moves on or ends.",
            "(nothing to do)",
            "No such timer.",
        ),
    },
    "store.not-found.user": {
        "ja": _ja(
            "ユーザーがいません。",
            "その名前のユーザーは登録されていません（API では 404）。",
            "ユーザー名を確かめてください。",
        ),
        "en": _en(
            "No user of that name exists (404 in the API).",
            "Check the user name.",
            "No such user.",
        ),
    },
    "store.bad-url": {
        "ja": _ja(
            "データベース URL を使えません。",
            "machiflow が使えるのは SQLite と PostgreSQL です。`--db` か環境変数 MACHIFLOW_DB の URL が読めないか、ほかのデータベースを指しています。",
            "`sqlite:///machiflow.db` か `postgresql://ユーザー@ホスト/データベース名` の形にしてください。",
        ),
        "en": _en(
            "machiflow runs on SQLite and PostgreSQL; the URL from `--db` or MACHIFLOW_DB cannot be read or names another database.",
            "Give `sqlite:///machiflow.db` or `postgresql://user@host/database`.",
            "Unusable database URL.",
        ),
    },
    "store.unreachable": {
        "ja": _ja(
            "データベースに接続できません。",
            "PostgreSQL のサーバーが動いていないか、ホスト・ポート・ユーザー・パスワードが違います。",
            "サーバーの起動と URL を確かめてください。",
        ),
        "en": _en(
            "The PostgreSQL server is down, or the host, port, user or password is wrong.",
            "Check that the server runs and the URL.",
            "Cannot connect to the database.",
        ),
    },
    "store.upgraded": {
        "ja": _ja(
            "データベースを更新しました。",
            "`machiflow db upgrade` がテーブルを作成、または最新のリビジョンへ移行しました。何度実行しても安全です。",
            "（対応は不要です）",
        ),
        "en": _en(
            "`machiflow db upgrade` created the tables or migrated them to the newest revision. Running it again is safe.",
            "(nothing to do)",
            "The database was upgraded.",
        ),
    },
    # --- runtime (runtime.*) ----------------------------------------------------------------
    "runtime.deploy.no-main": {
        "ja": _ja(
            "起点のファイルがありません。",
            "登録（デプロイ）で起点に指定した BPMN ファイルが、渡されたファイルの中にありません。",
            "起点のファイル名を確かめ、そのファイルも一緒に登録してください。",
        ),
        "en": _en(
            "The BPMN file named as the main one is not among the files given to deploy.",
            "Check the name of the main file and deploy it together with the others.",
            "The main file is missing.",
        ),
    },
    "runtime.deploy.no-executable": {
        "ja": _ja(
            "実行できるプロセスがありません。",
            '起点のファイルに isExecutable="true" のプロセスがありません。As-Is の業務フローのような実行しないモデルは登録できません。',
            '実行するプロセスに isExecutable="true" を付けてください（モデラーの「実行可能」）。',
        ),
        "en": _en(
            'The main file has no process marked isExecutable="true". Models that are not meant to run (an As-Is flow) cannot be deployed.',
            'Mark the process to run as executable (isExecutable="true").',
            "No executable process.",
        ),
    },
    "runtime.deploy.invalid": {
        "ja": _ja(
            "実行エンジンがモデルを受け付けません。",
            "SpiffWorkflow 3.2.0 がモデルを読めません（スキーマ違反、開始イベントのないサブプロセス、見つからない決定など）。メッセージに要素 ID とエンジンの説明が出ます。",
            "`machiflow validate` で同じファイルを検査し、示された要素を直してください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 cannot read the model (a schema violation, a sub-process without a start event, a decision it cannot find, ...). The message names the element and gives the engine's words.",
            "Run `machiflow validate` on the file and fix the element it points to.",
            "The engine does not accept the model.",
        ),
    },
    "runtime.deploy.missing-process": {
        "ja": _ja(
            "呼び出すプロセスがありません。",
            "呼び出しアクティビティの calledElement のプロセスが、登録するどのファイルにも定義されていません。",
            "呼び出されるプロセスのファイルも一緒に登録するか、calledElement を正しいプロセス ID にしてください。",
        ),
        "en": _en(
            "The process a call activity names in calledElement is defined in none of the deployed files.",
            "Deploy the file of the called process too, or correct calledElement.",
            "The called process is missing.",
        ),
    },
    "runtime.deploy.missing-decision": {
        "ja": _ja(
            "決定表がありません。",
            "ビジネスルールタスクの spiffworkflow:calledDecisionId の決定が、登録するどの DMN ファイルにもありません。",
            "DMN ファイルを一緒に登録するか、決定の ID を直してください。",
        ),
        "en": _en(
            "The decision a business rule task names (spiffworkflow:calledDecisionId) is in none of the deployed DMN files.",
            "Deploy the DMN file too, or correct the decision id.",
            "The decision is missing.",
        ),
    },
    "runtime.deploy.several-decisions": {
        "ja": _ja(
            "DMN ファイルに決定が複数あります。",
            "SpiffWorkflow 3.2.0 は1つの DMN ファイルから決定（decision）を1つしか読めません。ビジネスルールタスクが使う決定のファイルに決定が2つ以上あると、実行できません。",
            "決定ごとに DMN ファイルを分けて、すべて一緒に登録してください。",
        ),
        "en": _en(
            "SpiffWorkflow 3.2.0 reads one decision per DMN file; a business rule task whose decision sits in a file with two or more decisions cannot run.",
            "Put each decision in a DMN file of its own and deploy them all together.",
            "A DMN file holds several decisions.",
        ),
    },
    "runtime.deploy.reserved-id": {
        "ja": _ja(
            "エンジンが使う要素 ID です。",
            "`Start`、`End` と `プロセスID.EndJoin` は SpiffWorkflow が内部のタスクに使う名前です。同じ ID の要素があると内部のタスクが置き換わり、開始できない、タスクを飛ばして終わる、などが起きます。",
            "その要素の ID を別の名前（StartEvent_1 など）にしてください。",
        ),
        "en": _en(
            "SpiffWorkflow names its own tasks `Start`, `End` and `PROCESS_ID.EndJoin`; an element with one of these ids replaces the internal task: the process cannot start, or ends without running a task.",
            "Give the element another id (StartEvent_1, for instance).",
            "An element id the engine uses itself.",
        ),
    },
    "runtime.deploy.form-missing": {
        "ja": _ja(
            "フォームのファイルがありません。",
            "タスクの formJsonSchemaFilename（または formUiSchemaFilename）のファイルが、登録するファイルの中にありません。",
            "JSON Schema のファイルを BPMN と一緒に登録するか、ファイル名を直してください。",
        ),
        "en": _en(
            "The file a task names in formJsonSchemaFilename (or formUiSchemaFilename) is not among the deployed files.",
            "Deploy the JSON Schema file together with the BPMN, or correct the name.",
            "A form file is missing.",
        ),
    },
    "runtime.deploy.form-invalid": {
        "ja": _ja(
            "フォームを使えません。",
            "フォームのファイルが JSON として読めない、オブジェクトでない、JSON Schema として正しくない、または camunda:formField の制約値が数値でない、のいずれかです。",
            "メッセージの場所を直してください。JSON Schema は jsonschema などの検証ツールで確かめられます。",
        ),
        "en": _en(
            "The form file is not JSON, not a JSON object, or not a valid JSON Schema; or a camunda:formField constraint that needs a number has none.",
            "Fix the place the message names; a JSON Schema validator shows schema mistakes.",
            "A form cannot be used.",
        ),
    },
    "runtime.deploy.unsafe": {
        "ja": _ja(
            "制限された実行環境で動かせない式があります。",
            "スクリプト、事前・事後スクリプト、分岐条件、タイマーの値、繰り返しの式、メッセージの内容、DMN のセルなど、エンジンが評価するすべての式を登録時に検査します。`import`、「_」で始まる名前（`__import__` など）、`open`・`eval`・`exec`・`type` などは使えません。構文エラーもここで見つかります。",
            "一覧の各行（ファイル:行、要素、式、理由）に従って式を直してください。日付は `datetime`・`date`・`timedelta`、計算は `math` が使えます。",
        ),
        "en": _en(
            "Every expression the engine evaluates is checked at deploy time: scripts, pre/post scripts, conditions, timer values, loop expressions, message payloads and DMN cells. Imports, names starting with an underscore (`__import__`), `open`, `eval`, `exec`, `type` and the like are refused; syntax errors are found here too.",
            "Fix each listed expression (file:line, element, text, reason). Scripts may use `datetime`, `date`, `timedelta` and `math`.",
            "Expressions the restricted environment refuses.",
        ),
    },
    "runtime.script-error": {
        "ja": _ja(
            "スクリプトや式でエラーが起きました。",
            "実行中に、スクリプト・条件・タイマーの値・決定表などが例外（未定義の名前、0 での割り算など）を出しました。申請はその手前の状態のままです。",
            "メッセージの要素と行を見て式を直し、新しい版を登録してください。入力値が原因なら、値を直して同じ操作をやり直せます。",
        ),
        "en": _en(
            "While running, a script, condition, timer value or decision raised an error (an undefined name, a division by zero, ...). The instance stays as it was before the step.",
            "Fix the expression at the element and line the message names and deploy a new version; if an answer caused it, correct the answer and try again.",
            "A script or expression failed.",
        ),
    },
    "runtime.script-timeout": {
        "ja": _ja(
            "スクリプトが制限時間を超えました。",
            "1 回のエンジンの処理には制限時間があり、終わらないループなどはそこで止めます。",
            "ループの終わる条件を確かめてください。",
        ),
        "en": _en(
            "Each engine step has a time limit; a loop that never ends is stopped there.",
            "Check the condition that ends the loop.",
            "A script ran past its time limit.",
        ),
    },
    "runtime.forbidden-code": {
        "ja": _ja(
            "制限された実行環境で動かせない式です。",
            "登録時の検査を通らない式が、保存済みのデータなどから実行されようとしたため止めました。ファイルやネットワークへのアクセス、import などは実行されません。",
            "式を直した版を登録してください。",
        ),
        "en": _en(
            "An expression the deploy check refuses was about to run (from data stored before the check, say) and was stopped. Files, the network and imports are never reached.",
            "Deploy a version with the expression fixed.",
            "An expression the restricted environment refuses.",
        ),
    },
    "runtime.script-limit": {
        "ja": _ja(
            "大きすぎる値を作ろうとしました。",
            "べき乗・繰り返し・range などで、計算できないほど大きな数や長い列を作ろうとしました。",
            "式の数値の範囲を見直してください。",
        ),
        "en": _en(
            "A power, a repetition or a range asked for a number or sequence too large to compute.",
            "Bound the numbers in the expression.",
            "A value too large to compute.",
        ),
    },
    "runtime.no-path": {
        "ja": _ja(
            "分岐の行き先がありません。",
            "排他・包含ゲートウェイのどの条件も満たされず、既定のフロー（default）もありません。",
            "条件を見直すか、既定のフローを付けてください（`machiflow validate` の engine-gateway-condition も参照）。",
        ),
        "en": _en(
            "No condition of an exclusive or inclusive gateway holds, and it has no default flow.",
            "Review the conditions or add a default flow.",
            "A gateway has nowhere to go.",
        ),
    },
    "runtime.data-not-json": {
        "ja": _ja(
            "保存できない値が残りました。",
            "スクリプトが、JSON で保存できない値（timedelta、Decimal、オブジェクト、数値のキーなど）を変数に残しました。集合・タプル・日付はリスト・文字列に自動で変えます。",
            "値を文字列・数値・真偽値・リスト・辞書にしてから変数に入れてください。",
        ),
        "en": _en(
            "A script left a value JSON cannot hold (a timedelta, a Decimal, an object, a non-text key, ...) in a variable. Sets, tuples and dates are converted to lists and text automatically.",
            "Store text, numbers, booleans, lists or dicts in variables.",
            "A value that cannot be saved.",
        ),
    },
    "runtime.data-reserved-key": {
        "ja": _ja(
            "予約された名前「typename」が使われました。",
            "スクリプトが、「typename」という名前の変数、または「typename」というキーを持つ辞書（入れ子の中も含む）を残しました。この名前は申請の状態を保存する形式（SpiffWorkflow）が予約していて、そのまま保存すると申請を二度と読み込めなくなります。そのため、この処理は取り消され、申請はその手前の状態のままです。",
            "変数や辞書のキーの名前を変えてください（例: `typename` → `type_name`）。",
        ),
        "en": _en(
            'A script left a variable named "typename", or a dict with a "typename" key (at any depth). The format of saved instance states (SpiffWorkflow\'s) reserves that name: saved as it is, the instance could never be loaded again. So the step is undone and the instance stays as it was before it.',
            "Rename the variable or the key (e.g. `typename` to `type_name`).",
            "A script used a name the saved state reserves.",
        ),
    },
    "runtime.engine-error": {
        "ja": _ja(
            "エンジンが処理できませんでした。",
            "式以外の理由（モデルの構造、相関キーなど）で SpiffWorkflow が処理を続けられませんでした。申請はその手前の状態のままです。",
            "メッセージの要素を確かめ、モデルを直した版を登録してください。",
        ),
        "en": _en(
            "SpiffWorkflow could not go on for a reason other than an expression (the model's structure, correlation, ...). The instance stays as it was before the step.",
            "Check the element named and deploy a corrected version.",
            "The engine could not run an element.",
        ),
    },
    "runtime.task-not-ready": {
        "ja": _ja(
            "タスクは今は完了できません。",
            "タスクがすでに完了・取り消し済み（期限のタイマーで打ち切られた場合を含む）か、人が完了するタスクではありません。",
            "画面を読み込み直し、今の作業一覧から選んでください。",
        ),
        "en": _en(
            "The task is already done or cancelled (a deadline timer may have taken it), or it is not a task people complete.",
            "Reload and pick from the current task list.",
            "The task cannot be completed now.",
        ),
    },
    "runtime.task-not-found": {
        "ja": _ja(
            "タスクが見つかりません。",
            "申請にその ID のタスクがありません。",
            "作業一覧から開き直してください。",
        ),
        "en": _en(
            "The instance has no task with that id.",
            "Open it again from the task list.",
            "No such task.",
        ),
    },
    "runtime.message-not-expected": {
        "ja": _ja(
            "そのメッセージを待っていません。",
            "申請のどのイベントや受信タスクも、今はそのメッセージを待っていません（モデルにない名前の場合も含みます）。",
            "メッセージ名と申請の状態を確かめてください。",
        ),
        "en": _en(
            "No event or receive task of the instance waits for that message now (or the model has no such message).",
            "Check the message name and the state of the instance.",
            "The message is not expected.",
        ),
    },
    "runtime.invalid-data": {
        "ja": _ja(
            "保存できない入力です。",
            "フォームの回答やメッセージの内容に、JSON で保存できない値があります。",
            "文字列・数値・真偽値・リスト・辞書で渡してください。",
        ),
        "en": _en(
            "Form answers or a message payload hold a value JSON cannot hold.",
            "Give text, numbers, booleans, lists or dicts.",
            "Input that cannot be saved.",
        ),
    },
    "runtime.reserved-key": {
        "ja": _ja(
            "予約された名前「typename」は使えません。",
            "フォームの回答やメッセージの内容に、「typename」というキーがあります（入れ子の中も含む）。この名前は申請の状態を保存する形式（SpiffWorkflow）が予約していて、受け付けると申請を二度と読み込めなくなります。何も保存されていません。",
            "項目の名前を変えてから送り直してください（例: `typename` → `type_name`）。",
        ),
        "en": _en(
            'Form answers or a message payload hold a "typename" key (at any depth). The format of saved instance states (SpiffWorkflow\'s) reserves that name: accepted, the instance could never be loaded again. Nothing was saved.',
            "Rename the field and send again (e.g. `typename` to `type_name`).",
            "Input uses a name the saved state reserves.",
        ),
    },
    "runtime.state-invalid": {
        "ja": _ja(
            "保存された状態を復元できません。",
            "保存された申請の状態や実行用の定義が壊れているか、別の版の形式です。データの移行が必要です。",
            "管理者に連絡してください（machiflow の不具合か、移行漏れです）。",
        ),
        "en": _en(
            "A saved instance state or stored spec is damaged or in another version's format: it needs a migration.",
            "Contact the administrator: it is a machiflow bug or a missing migration.",
            "A saved state cannot be restored.",
        ),
    },
    "service.deploy.invalid": {
        "ja": _ja(
            "配備できません（検証エラー）。",
            "配備しようとしたファイルに検証エラーがあります。API では 422 で、params.findings にすべての指摘が入ります。何も保存されていません。",
            "`machiflow validate` で同じ指摘を確かめ、直してから配備し直してください。",
        ),
        "en": _en(
            "The files to deploy have validation errors (422 in the API; params.findings lists every finding). Nothing was stored.",
            "Run `machiflow validate` to see the same findings, fix them and deploy again.",
            "Deployment refused: validation errors.",
        ),
    },
    "service.deploy.no-model": {
        "ja": _ja(
            "BPMN ファイルがありません。",
            "配備のアップロードに .bpmn ファイルが含まれていません。",
            "field `file` にモデル（.bpmn）を最初に付けてください。DMN やフォームの JSON はその後に付けます。",
        ),
        "en": _en(
            "The upload has no .bpmn file.",
            "Attach the model (.bpmn) first in the `file` field, then its DMN and form JSON files.",
            "No BPMN file to deploy.",
        ),
    },
    "service.not-executable": {
        "ja": _ja(
            "実行できないプロセスです。",
            "isExecutable が true でないモデル（As-Is など）は、分析や比較のために配備はできますが、申請として開始できません。",
            '実行したい版（To-Be など）で isExecutable="true" にし、検証エラーがないことを確かめてから配備してください。',
        ),
        "en": _en(
            'A model whose process is not isExecutable="true" (As-Is flows, say) is stored for analysis and comparison but cannot be started.',
            'Set isExecutable="true" on the variant to run (To-Be, say), validate it, and deploy it.',
            "The process is not executable.",
        ),
    },
    "service.form-invalid": {
        "ja": _ja(
            "入力内容がフォームに合いません。",
            "タスクの完了時に送った値が、そのタスクのフォーム（JSON Schema）に合いません。API では 422 で、params.errors に項目ごとの問題が入ります。",
            "params.errors の field と detail を見て値を直し、もう一度送ってください。",
        ),
        "en": _en(
            "The answers sent to complete a task do not fit its form (JSON Schema): 422 in the API, with params.errors per field.",
            "Fix the fields params.errors names and send again.",
            "The answers do not fit the form.",
        ),
    },
    "service.instance-closed": {
        "ja": _ja(
            "申請はすでに終わっています。",
            "完了・取下げ・エラーになった申請には、タスクの完了やメッセージの送信、取下げはできません（API では 409）。",
            "申請の状態を確かめてください。やり直すときは新しく申請を始めます。",
        ),
        "en": _en(
            "A completed, withdrawn or failed case takes no more task completions, messages or withdrawals (409 in the API).",
            "Check the case's status; start a new case to begin again.",
            "The case is closed.",
        ),
    },
    "service.task-done": {
        "ja": _ja(
            "タスクはすでに処理されています。",
            "同じタスクを二人が同時に完了しようとした場合など、先に処理された後の操作です（API では 409）。",
            "受付箱を読み込み直し、案件の今の状態を確かめてください。",
        ),
        "en": _en(
            "Someone handled the task first, for example when two people complete it at once (409 in the API).",
            "Reload the inbox and look at the case as it is now.",
            "The task was already handled.",
        ),
    },
    "service.task-claimed": {
        "ja": _ja(
            "ほかの職員が担当しています。",
            "タスクは別の職員が担当（クレーム）しています（API では 409）。",
            "担当者に確認するか、管理者に担当の解除を頼んでください。",
        ),
        "en": _en(
            "Another staff member has claimed the task (409 in the API).",
            "Ask them, or ask an admin to unclaim it.",
            "The task is claimed by someone else.",
        ),
    },
    "auth.unauthorized": {
        "ja": _ja(
            "認証が必要です。",
            "トークンがないか、どの職員・申請のものでもありません（API では 401）。",
            "`machiflow users add` で発行したトークンを Authorization: Bearer で送ってください。住民は申請時に受け取った確認用の秘密を使います。",
        ),
        "en": _en(
            "No token, or a token of no staff user and no case (401 in the API).",
            "Send a token from `machiflow users add` as Authorization: Bearer; residents use the secret they received when applying.",
            "Authentication required.",
        ),
    },
    "auth.forbidden": {
        "ja": _ja(
            "権限がありません。",
            "トークンは有効ですが、この操作はできません（API では 403）。",
            "必要なロールを管理者に付けてもらってください。",
        ),
        "en": _en(
            "The token is valid but does not allow this (403 in the API).",
            "Ask an admin for the role it needs.",
            "Not allowed.",
        ),
    },
    "auth.staff-only": {
        "ja": _ja(
            "職員だけができる操作です。",
            "住民の秘密（申請ごとのトークン）ではできない操作です（API では 403）。",
            "職員のトークンで操作してください。",
        ),
        "en": _en(
            "A case's secret cannot do this (403 in the API).",
            "Use a staff token.",
            "Staff only.",
        ),
    },
    "auth.admin-only": {
        "ja": _ja(
            "管理者だけができる操作です。",
            "モデルの配備などは admin ロールを持つ職員だけができます（API では 403）。",
            "admin ロールを持つ職員に依頼してください（`machiflow users add NAME --roles admin`）。",
        ),
        "en": _en(
            "Deploying models and similar operations need the admin role (403 in the API).",
            "Ask a staff member with the admin role (`machiflow users add NAME --roles admin`).",
            "Admins only.",
        ),
    },
    "auth.lane-forbidden": {
        "ja": _ja(
            "そのレーンの権限がありません。",
            "タスクのレーン名と同じロールを持つ職員か、admin だけがそのタスクを扱えます（API では 403）。",
            "`machiflow users add` でレーン名をロールとして付けてください。",
        ),
        "en": _en(
            "Only staff holding the lane's name as a role, or admin, may work its tasks (403 in the API).",
            "Give the user the lane's name as a role with `machiflow users add`.",
            "No role for this lane.",
        ),
    },
    "api.bad-request": {
        "ja": _ja(
            "リクエストの形が正しくありません。",
            "JSON の形や、パラメーターの型が API の定義に合いません（400）。params.errors に場所が入ります。",
            "/docs の API 定義を見て、リクエストを直してください。",
        ),
        "en": _en(
            "The JSON body or a parameter does not fit the API's definition (400); params.errors says where.",
            "See the API definition at /docs and fix the request.",
            "Malformed request.",
        ),
    },
    "api.no-route": {
        "ja": _ja(
            "そのアドレスはありません。",
            "API にそのアドレスはありません（404）。",
            "/docs でアドレスを確かめてください。",
        ),
        "en": _en(
            "The API has nothing at that address (404).",
            "Check the address at /docs.",
            "No such address.",
        ),
    },
    "api.method-not-allowed": {
        "ja": _ja(
            "その操作はできません。",
            "そのアドレスは、この HTTP メソッドを受け付けません（405）。",
            "/docs で使えるメソッドを確かめてください。",
        ),
        "en": _en(
            "That address does not take this HTTP method (405).",
            "Check the methods at /docs.",
            "Method not allowed.",
        ),
    },
    "api.http": {
        "ja": _ja(
            "HTTP エラーです。",
            "そのほかの HTTP エラーです。",
            "状態コードを見て、リクエストを確かめてください。",
        ),
        "en": _en(
            "Another HTTP error.",
            "Check the request against the status code.",
            "HTTP error.",
        ),
    },
    "api.internal": {
        "ja": _ja(
            "サーバー内部のエラーです。",
            "予期しないエラーで処理を中断しました（500）。変更は保存されていません。",
            "時間をおいてやり直してください。続くときは、サーバーのログとともに管理者に連絡してください。",
        ),
        "en": _en(
            "An unexpected error stopped the request (500); nothing was saved.",
            "Try again later; if it goes on, contact the administrator with the server log.",
            "Internal server error.",
        ),
    },
    "api.upload-too-large": {
        "ja": _ja(
            "アップロードが大きすぎます。",
            "アップロードしたファイルが上限を超えています（422）。",
            "ファイルを小さくするか、分けてください。",
        ),
        "en": _en(
            "An uploaded file is over the size limit (422).",
            "Make the file smaller or split it.",
            "Upload too large.",
        ),
    },
    "cli.serve.start": {
        "ja": _ja(
            "サーバーを起動します。",
            "`machiflow serve` が起動するアドレスとデータベースを知らせます。",
            "ブラウザーでアドレスを開くか、/docs で API を確かめてください。",
        ),
        "en": _en(
            "`machiflow serve` names the address and database it starts with.",
            "Open the address, or see the API at /docs.",
            "The server is starting.",
        ),
    },
    "cli.users.added": {
        "ja": _ja(
            "職員ユーザーを追加しました。",
            "`machiflow users add` が職員を追加し、次の行にトークンを出しました。トークンは二度と表示されません。",
            "トークンを安全に本人へ渡してください。",
        ),
        "en": _en(
            "`machiflow users add` added the user and printed their token on the next line; it is not shown again.",
            "Hand the token to the user safely.",
            "Staff user added.",
        ),
    },
}


EXAMPLES: Final[dict[str, str]] = {
    "model.not-bpmn": """<!-- NG -->
<definitions xmlns="http://www.omg.org/spec/DMN/20191111/MODEL/" ...>
<!-- OK -->
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ...>""",
    "xsd-unknown-element": """<!-- NG -->
<bpmn:userTask id="Check"><bpmn:formKey>check</bpmn:formKey></bpmn:userTask>
<!-- OK -->
<bpmn:userTask id="Check" camunda:formKey="check"/>""",
    "xsd-attribute-not-allowed": """<!-- NG -->
<bpmn:userTask id="Check" assignee="kuyakusho"/>
<!-- OK -->
<bpmn:userTask id="Check" camunda:assignee="kuyakusho"/>""",
    "xsd-invalid-id": """<!-- NG -->
<bpmn:task id="1 受付"/>
<!-- OK -->
<bpmn:task id="Task_Receive" name="受付"/>""",
    "single-event-definition": """<!-- NG -->
<bpmn:intermediateCatchEvent id="Wait">
  <bpmn:messageEventDefinition messageRef="Reply"/>
  <bpmn:timerEventDefinition>...</bpmn:timerEventDefinition>
</bpmn:intermediateCatchEvent>
<!-- OK: an event-based gateway before two events -->
<bpmn:eventBasedGateway id="Which"/>""",
    "link-event-name": """<!-- NG -->
<bpmn:linkEventDefinition/>
<!-- OK -->
<bpmn:linkEventDefinition name="to-review"/>""",
    "no-implicit-split": """<!-- NG: Task -> A and Task -> B -->
<bpmn:sequenceFlow sourceRef="Task" targetRef="A"/>
<bpmn:sequenceFlow sourceRef="Task" targetRef="B"/>
<!-- OK -->
<bpmn:sequenceFlow sourceRef="Task" targetRef="Split"/>
<bpmn:parallelGateway id="Split"/>
<bpmn:sequenceFlow sourceRef="Split" targetRef="A"/>
<bpmn:sequenceFlow sourceRef="Split" targetRef="B"/>""",
    "fake-join": """<!-- NG: A -> Task and B -> Task -->
<bpmn:sequenceFlow sourceRef="A" targetRef="Task"/>
<bpmn:sequenceFlow sourceRef="B" targetRef="Task"/>
<!-- OK -->
<bpmn:sequenceFlow sourceRef="A" targetRef="Join"/>
<bpmn:sequenceFlow sourceRef="B" targetRef="Join"/>
<bpmn:parallelGateway id="Join"/>
<bpmn:sequenceFlow sourceRef="Join" targetRef="Task"/>""",
    "gateway-default-missing": """<!-- OK: the "otherwise" flow is the default -->
<bpmn:exclusiveGateway id="Complete" name="書類はそろっているか" default="Missing"/>
<bpmn:sequenceFlow id="Yes" name="はい" sourceRef="Complete" targetRef="Review">
  <bpmn:conditionExpression>documents_complete</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Missing" name="不備あり" sourceRef="Complete" targetRef="Ask"/>""",
    "label-required": """<!-- NG -->
<bpmn:exclusiveGateway id="Gateway_1"/>
<!-- OK -->
<bpmn:exclusiveGateway id="Gateway_1" name="書類はそろっているか"/>""",
    "dangling-reference": """<!-- NG: there is no element Tsk_1 -->
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Tsk_1"/>
<!-- OK -->
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_1"/>""",
    "bpr-invalid-value": """<!-- NG -->
<bpmn:task id="Enter" bpr:duration="9分" bpr:channel="窓口"/>
<!-- OK -->
<bpmn:task id="Enter" bpr:duration="PT9M" bpr:channel="counter"/>""",
    "bpr-probability-sum": """<!-- NG: exclusive, 0.7 + 0.6 > 1 -->
<bpmn:exclusiveGateway id="Complete"/>
<bpmn:sequenceFlow sourceRef="Complete" targetRef="Review" bpr:probability="0.7"/>
<bpmn:sequenceFlow sourceRef="Complete" targetRef="Ask" bpr:probability="0.6"/>
<!-- OK: exclusive, 0.7 + 0.3 = 1 -->
<bpmn:sequenceFlow sourceRef="Complete" targetRef="Ask" bpr:probability="0.3"/>
<!-- OK: inclusive, independent chances (0.9 and 0.4) -->
<bpmn:inclusiveGateway id="Certificates"/>
<bpmn:sequenceFlow sourceRef="Certificates" targetRef="Residence" bpr:probability="0.9"/>
<bpmn:sequenceFlow sourceRef="Certificates" targetRef="Seal" bpr:probability="0.4"/>""",
    "bpr-probability-misplaced": """<!-- NG: out of a task -->
<bpmn:sequenceFlow sourceRef="Enter" targetRef="Review" bpr:probability="0.8"/>
<!-- OK: on a boundary event, the share of cases in which it fires -->
<bpmn:boundaryEvent id="Late" attachedToRef="Review" bpr:probability="0.1">...</bpmn:boundaryEvent>""",
    "bpr-variant-missing": """<!-- OK -->
<bpmn:process id="Gakudo_AsIs" bpr:procedure="gakudo-admission" bpr:variant="as-is">""",
    "engine-reserved-id": """<!-- NG -->
<bpmn:startEvent id="Start" name="申請を受け付けた"/>
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Check"/>
<!-- OK -->
<bpmn:startEvent id="StartEvent_1" name="申請を受け付けた"/>
<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Check"/>""",
    "engine-business-rule-task": """<!-- OK -->
<bpmn:businessRuleTask id="Fee">
  <bpmn:extensionElements>
    <spiffworkflow:calledDecisionId>fee_table</spiffworkflow:calledDecisionId>
  </bpmn:extensionElements>
</bpmn:businessRuleTask>""",
    "engine-call-activity": """<!-- OK -->
<bpmn:callActivity id="Pay" calledElement="Process_Payment"/>""",
    "engine-gateway-condition": """<!-- OK -->
<bpmn:exclusiveGateway id="Approved" default="No"/>
<bpmn:sequenceFlow id="Yes" sourceRef="Approved" targetRef="Issue">
  <bpmn:conditionExpression>approved</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="No" sourceRef="Approved" targetRef="Notify"/>""",
    "engine-multi-instance": """<!-- OK -->
<bpmn:userTask id="CheckEach">
  <bpmn:multiInstanceLoopCharacteristics>
    <bpmn:loopCardinality>len(applicants)</bpmn:loopCardinality>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>""",
    "engine-receive-task": """<!-- OK -->
<bpmn:message id="Reply" name="回答"/>
<bpmn:receiveTask id="WaitReply" messageRef="Reply"/>""",
    "engine-io-specification": """<!-- NG: needs a variable DataInput_1 (not "applicant"), drops the rest -->
<bpmn:userTask id="Check">
  <bpmn:ioSpecification>
    <bpmn:dataInput id="DataInput_1" name="applicant"/>
    <bpmn:inputSet><bpmn:dataInputRefs>DataInput_1</bpmn:dataInputRefs></bpmn:inputSet>
    <bpmn:outputSet/>
  </bpmn:ioSpecification>
</bpmn:userTask>
<!-- OK -->
<bpmn:userTask id="Check"/>""",
    "engine-ad-hoc-completion": """<!-- OK: set documents_checked = False in an earlier step -->
<bpmn:adHocSubProcess id="Checks">
  <bpmn:dataObject id="Notes"/>
  <bpmn:userTask id="CheckDocuments"/>
  <bpmn:userTask id="CheckPayment"/>
  <bpmn:completionCondition>documents_checked and fee_paid</bpmn:completionCondition>
</bpmn:adHocSubProcess>""",
    "engine-ad-hoc-data-object": """<!-- OK: one data object directly inside -->
<bpmn:adHocSubProcess id="Checks">
  <bpmn:dataObject id="Notes"/>
  ...
</bpmn:adHocSubProcess>""",
    "engine-juel-expression": """<!-- NG -->
<bpmn:conditionExpression>${amount > 100 && !approved}</bpmn:conditionExpression>
<!-- OK -->
<bpmn:conditionExpression>amount > 100 and not approved</bpmn:conditionExpression>""",
    "engine-feel-expression": """<!-- NG -->
<bpmn:conditionExpression>= level = "red"</bpmn:conditionExpression>
<!-- OK -->
<bpmn:conditionExpression>level == "red"</bpmn:conditionExpression>""",
    "engine-expression-syntax": """<!-- NG -->
<bpmn:conditionExpression>Service Level == 'Premium'</bpmn:conditionExpression>
<!-- OK -->
<bpmn:conditionExpression>service_level == 'Premium'</bpmn:conditionExpression>""",
    "engine-timer-literal": """<!-- NG -->
<bpmn:timeDuration>P14D</bpmn:timeDuration>
<!-- OK -->
<bpmn:timeDuration>"P14D"</bpmn:timeDuration>""",
    "engine-timer-naive-date": """<!-- NG -->
<bpmn:timeDate>"2026-04-01T09:00:00"</bpmn:timeDate>
<!-- OK -->
<bpmn:timeDate>"2026-04-01T09:00:00+09:00"</bpmn:timeDate>""",
    "engine-timer-value": """<!-- NG -->
<bpmn:timeDuration>"14 days"</bpmn:timeDuration>
<!-- OK -->
<bpmn:timeDuration>"P14D"</bpmn:timeDuration>""",
    "engine-script-task-pre-post": """<!-- NG: "before" is never set -->
<bpmn:scriptTask id="Calc">
  <bpmn:extensionElements>
    <spiffworkflow:preScript>before = 1</spiffworkflow:preScript>
  </bpmn:extensionElements>
  <bpmn:script>fee = 300</bpmn:script>
</bpmn:scriptTask>
<!-- OK -->
<bpmn:scriptTask id="Calc">
  <bpmn:script>before = 1
fee = 300</bpmn:script>
</bpmn:scriptTask>""",
    "engine-script-indent": """<!-- NG -->
<bpmn:script>
    fee = 300
    total = fee * 2
</bpmn:script>
<!-- OK -->
<bpmn:script>
fee = 300
total = fee * 2
</bpmn:script>""",
}


def _merge_module_docs() -> None:
    """Entries that message modules keep beside their own codes (``DOCS`` there)."""
    for module in catalog_modules():
        for code, entry in getattr(module, "DOCS", {}).items():
            if code in DOCS:
                raise ValueError(f"reference entry defined twice: {code}")
            DOCS[code] = entry


_merge_module_docs()
