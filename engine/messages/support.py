"""Messages for engine-support rules (engine.check.support): what SpiffWorkflow 3.2.0 cannot
run in an executable process, and the fix.

Like the lint messages, words that depend on the language arrive as ``{"ja": ..., "en": ...}``
params built by ``fragment`` from the ``support.*`` entries below (``what`` is the kind of
element from ``engine.messages.lint.TERMS``); templates pick ``{what[ja]}`` or ``{what[en]}``.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # --- elements the engine rejects or ignores ----------------------------------------
    "engine-reserved-id": {
        "ja": "{what[ja]}{element[ja]}は、SpiffWorkflow 3.2.0 が自分で加える内部のタスクと同じ id です。{effect[ja]}id を別の名前（例: {suggestion}）に変えてください（その id を指す sourceRef・targetRef なども合わせて直します）。",
        "en": "The {what[en]} {element[en]} has an id SpiffWorkflow 3.2.0 gives one of the tasks it adds itself: {effect[en]} Rename the id (e.g. {suggestion}), along with the sourceRef, targetRef and other references to it.",
    },
    "engine-complex-gateway": {
        "ja": "複合ゲートウェイ「{name}」は SpiffWorkflow 3.2.0 では実行できません（読み込みで拒否されます）。排他・包含・並列ゲートウェイの組み合わせと条件式に置き換えてください。",
        "en": "The complex gateway '{name}' cannot run on SpiffWorkflow 3.2.0 (loading rejects it). Replace it with exclusive, inclusive or parallel gateways and conditions.",
    },
    "engine-compensation": {
        "ja": "{what[ja]}「{name}」は補償（compensation）を使っていますが、SpiffWorkflow 3.2.0 は補償を実行しません（補償の境界イベントは読み込みで拒否され、補償の送出は何もせずに通過し、補償用のタスクは実行されません）。取り消しの手順は通常のタスクとして、エラー境界イベントや分岐の後ろにつないでください。",
        "en": "The {what[en]} '{name}' uses compensation, which SpiffWorkflow 3.2.0 does not run (a compensation boundary event is rejected at load, a compensation throw passes without effect, and compensation tasks never run). Model the undo steps as ordinary tasks after an error boundary event or a gateway.",
    },
    "engine-link-event": {
        "ja": "{what[ja]}「{name}」はリンクイベントですが、SpiffWorkflow 3.2.0 はリンクを扱いません。投げる側で流れが終わり、受ける側から先は実行されないままプロセスが完了します。リンクの組をシーケンスフロー 1 本に置き換えてください。",
        "en": "The {what[en]} '{name}' is a link event, which SpiffWorkflow 3.2.0 does not support: the path ends at the throwing link and the process completes without running anything after the catching link. Replace the pair of links with one sequence flow.",
    },
    "engine-data-store": {
        "ja": "データストア「{name}」には SpiffWorkflow に登録された実装がないため、プロセスの読み込みが拒否されます。データオブジェクト（bpmn:dataObjectReference）に置き換えるか、外部システムとのやり取りをタスクとして描いてください。",
        "en": "The data store '{name}' has no implementation registered with SpiffWorkflow, so loading the process fails. Replace it with a data object (bpmn:dataObjectReference), or draw the exchange with the other system as a task.",
    },
    "engine-service-task": {
        "ja": "サービスタスク「{name}」に spiffworkflow:serviceTaskOperator がないため、SpiffWorkflow は読み込みを拒否します。{vendor[ja]}自動処理が Python で書けるならスクリプトタスクに、人が行う作業ならユーザータスクに変えてください。",
        "en": "The service task '{name}' has no spiffworkflow:serviceTaskOperator, so SpiffWorkflow refuses to load it. {vendor[en]}Make it a script task if the work can be written in Python, or a user task if a person does it.",
    },
    "engine-send-task": {
        "ja": "送信タスク「{name}」の {found} は Camunda/Zeebe の外部処理の指定で、machiflow では実行されません。このタスクは何も処理せずに先へ進みます（メッセージの指定があればそれを送るだけです）。処理が必要ならスクリプトタスク（Python）に、人の作業ならユーザータスクに変えてください。",
        "en": "The send task '{name}' has {found}, a Camunda/Zeebe external job that machiflow does not run: the task passes without doing anything (it only sends its message, if it has one). Make it a script task (Python) if work is needed, or a user task if a person does it.",
    },
    "engine-business-rule-task": {
        "ja": "ビジネスルールタスク「{name}」に spiffworkflow:calledDecisionId がないため、SpiffWorkflow は読み込みを拒否します。bpmn:extensionElements に <spiffworkflow:calledDecisionId>{decision[ja]}</spiffworkflow:calledDecisionId> と書き、その DMN ファイルを一緒に登録してください。",
        "en": "The business rule task '{name}' has no spiffworkflow:calledDecisionId, so SpiffWorkflow refuses to load it. Write <spiffworkflow:calledDecisionId>{decision[en]}</spiffworkflow:calledDecisionId> in bpmn:extensionElements and deploy the DMN file with it.",
    },
    "engine-call-activity": {
        "ja": "呼び出しアクティビティ「{name}」に calledElement がないため、SpiffWorkflow は読み込みを拒否します。呼び出すプロセスの id を calledElement に書いてください。",
        "en": "The call activity '{name}' has no calledElement, so SpiffWorkflow refuses to load it. Write the id of the process to call in calledElement.",
    },
    "engine-subprocess-start": {
        "ja": "{what[ja]}「{name}」の中の開始イベントが {count} 個です。SpiffWorkflow はちょうど 1 個を求め、それ以外は読み込みで拒否します。開始イベントを 1 個だけ置き、そこから流れを始めてください。",
        "en": "The {what[en]} '{name}' contains {count} start events. SpiffWorkflow requires exactly one and rejects anything else at load. Keep a single start event and begin the flow there.",
    },
    "engine-subprocess-end": {
        "ja": "{what[ja]}「{name}」の中に終了イベントがないため、SpiffWorkflow は読み込みを拒否します。流れの終わりに終了イベントを置いてください。",
        "en": "The {what[en]} '{name}' contains no end event, so SpiffWorkflow refuses to load it. Add an end event where its flow ends.",
    },
    "engine-implicit-split": {
        "ja": "{what[ja]}「{name}」から {count} 本のシーケンスフローが出ていますが、SpiffWorkflow はゲートウェイ以外からの分岐を読み込みで拒否します。後ろに並列ゲートウェイ（条件で分けるなら排他または包含ゲートウェイ）を置き、そこから分けてください。",
        "en": "{count} sequence flows leave the {what[en]} '{name}', but SpiffWorkflow rejects splits anywhere but at a gateway. Add a parallel gateway after it (an exclusive or inclusive gateway if the flows have conditions) and split there.",
    },
    "engine-gateway-condition": {
        "ja": "{what[ja]}「{gateway}」から出るシーケンスフロー「{name}」に条件がなく、デフォルトフローでもないため、SpiffWorkflow は読み込みを拒否します。条件式（Python。例: approved == True）を書くか、ゲートウェイのデフォルトフローに指定してください。",
        "en": "The sequence flow '{name}' leaving the {what[en]} '{gateway}' has no condition and is not the default flow, so SpiffWorkflow refuses to load it. Write a condition (Python, e.g. approved == True) or make it the gateway's default flow.",
    },
    "engine-multi-instance": {
        "ja": "{what[ja]}「{name}」のマルチインスタンスに件数（loopCardinality）も入力コレクション（loopDataInputRef）もないため、SpiffWorkflow は読み込みを拒否します（camunda:collection や zeebe:loopCharacteristics は読まれません）。loopCardinality に件数の式（例: len(applicants)）を書くか、loopDataInputRef にリストの変数名を書いてください。",
        "en": "The multi-instance {what[en]} '{name}' has neither loopCardinality nor loopDataInputRef, so SpiffWorkflow refuses to load it (camunda:collection and zeebe:loopCharacteristics are not read). Write a count expression in loopCardinality (e.g. len(applicants)) or the name of a list variable in loopDataInputRef.",
    },
    "engine-boundary-event": {
        "ja": "境界イベント「{name}」に SpiffWorkflow が扱える種類（タイマー・メッセージ・シグナル・エラー・エスカレーション・条件・キャンセル）がないため、読み込みで拒否されます。種類を付けるか、境界イベントを削除してください。",
        "en": "The boundary event '{name}' has no trigger SpiffWorkflow handles (timer, message, signal, error, escalation, conditional, cancel), so loading rejects it. Give it one of those triggers or delete it.",
    },
    "engine-receive-task": {
        "ja": "受信タスク「{name}」にメッセージの指定（messageRef）がないため、SpiffWorkflow では何も待たずにそのまま通過します。待つメッセージを messageRef で指定してください。",
        "en": "The receive task '{name}' names no message (messageRef), so SpiffWorkflow passes through it without waiting. Name the message to wait for in messageRef.",
    },
    "engine-io-specification": {
        "ja": "{what[ja]}「{name}」の ioSpecification が{io[ja]}を求めています。SpiffWorkflow 3.2.0 はこれを id と同じ名前の変数として扱い、入力の変数がなければタスクの開始時に、出力の変数がなければ完了時に失敗します（Missing data input / output）。また、このタスクの後にはこれらの変数だけが残り、それまでのプロセスのデータは消えます。machiflow ではプロセスのデータがすべてのタスクに渡るので、ioSpecification を削除してください（それを指すデータ関連も合わせて直します）。残す場合は、入力の id の変数を前の手順で用意し、後の手順で使うデータをすべて出力に含めてください。",
        "en": "The ioSpecification of the {what[en]} '{name}' requires {io[en]}. SpiffWorkflow 3.2.0 reads them as variables named by their ids: the task fails when it starts if an input variable is missing, and when it completes if an output variable is missing (Missing data input / output); after the task only these variables remain and the rest of the process data is gone. machiflow passes all process data to every task, so remove the ioSpecification (and fix the data associations that point into it). To keep it, set a variable named by each input id before the task, and list as outputs everything later steps use.",
    },
    "engine-ad-hoc-completion": {
        "ja": "アドホック・サブプロセス「{name}」に完了条件（completionCondition）がないため、SpiffWorkflow 3.2.0 ではサブプロセスの開始時に失敗します。いつ終わるかを Python の式で bpmn:completionCondition に書いてください（例: documents_checked and fee_paid）。式はサブプロセスの開始時にも評価されるので、使う変数は前の手順で用意しておいてください（例: documents_checked = False）。",
        "en": "The ad-hoc sub-process '{name}' has no completionCondition, so it fails on SpiffWorkflow 3.2.0 as soon as it starts. Write when it is done as a Python expression in bpmn:completionCondition (e.g. documents_checked and fee_paid). The expression is also evaluated when the sub-process starts, so set its variables in an earlier step (e.g. documents_checked = False).",
    },
    "engine-ad-hoc-data-object": {
        "ja": "アドホック・サブプロセス「{name}」の中にデータオブジェクトがありません。SpiffWorkflow 3.2.0 の不具合で、中にデータオブジェクトがないアドホック・サブプロセスは、完了条件がまだ満たされていないと分かった時点で失敗します（KeyError: 'data_objects'）。サブプロセスの中にデータオブジェクト（bpmn:dataObject）を 1 つ置くか、順不同の作業を包含ゲートウェイで描いてください。",
        "en": "The ad-hoc sub-process '{name}' contains no data object. Because of a bug in SpiffWorkflow 3.2.0, an ad-hoc sub-process without one fails as soon as it finds its completion condition not yet met (KeyError: 'data_objects'). Put a data object (bpmn:dataObject) inside the sub-process, or model the tasks done in any order with an inclusive gateway.",
    },
    # --- expressions and scripts -------------------------------------------------------
    "engine-juel-expression": {
        "ja": "{where[ja]} {expression} は Camunda の JUEL 式ですが、SpiffWorkflow は Python として評価するため実行時に失敗します。{fix[ja]}",
        "en": "{where[en]} {expression} is a Camunda JUEL expression, but SpiffWorkflow evaluates Python, so it fails at run time. {fix[en]}",
    },
    "engine-feel-expression": {
        "ja": "{where[ja]} {expression} は Zeebe の FEEL 式（先頭の =）ですが、SpiffWorkflow は Python として評価するため実行時に失敗します。{fix[ja]}",
        "en": "{where[en]} {expression} is a Zeebe FEEL expression (leading =), but SpiffWorkflow evaluates Python, so it fails at run time. {fix[en]}",
    },
    "engine-timer-literal": {
        "ja": "{where[ja]} {expression} は引用符のない ISO 8601 の値です。SpiffWorkflow はタイマーの値を Python の式として評価するため、タイマーの開始時に失敗します。次のように書いてください: {suggestion}",
        "en": "{where[en]} {expression} is ISO 8601 text without quotes. SpiffWorkflow evaluates timer values as Python, so the timer fails when it starts. Write: {suggestion}",
    },
    "engine-timer-naive-date": {
        "ja": "{where[ja]} {expression} にタイムゾーンがないため、サーバーの地域の時刻として解釈されます。日本時間なら次のように書いてください: {suggestion}",
        "en": "{where[en]} {expression} has no time zone, so it is read in the server's local zone. For Japan time write: {suggestion}",
    },
    "engine-timer-value": {
        "ja": "{where[ja]} {expression} は {expected[ja]} として読めないため、タイマーの開始時に失敗します。例: {example}",
        "en": "{where[en]} {expression} is not {expected[en]}, so the timer fails when it starts. Example: {example}",
    },
    "engine-expression-syntax": {
        "ja": "{where[ja]} {expression} は Python の式として読めません（{detail}）。SpiffWorkflow は実行時に失敗します。{language[ja]}Python の式に書き直してください（例: amount > 100 and approved）。",
        "en": "{where[en]} {expression} is not a valid Python expression ({detail}); SpiffWorkflow fails at run time. {language[en]}Rewrite it in Python (e.g. amount > 100 and approved).",
    },
    "engine-script-missing": {
        "ja": "スクリプトタスク「{name}」にスクリプトがないため、実行時に失敗します。bpmn:script に Python のスクリプトを書くか、人の作業ならユーザータスクに変えてください。",
        "en": "The script task '{name}' has no script, so it fails at run time. Write a Python script in bpmn:script, or make it a user task if a person does the work.",
    },
    "engine-script-task-pre-post": {
        "ja": "スクリプトタスク「{name}」の {scripts[ja]} は実行されません。SpiffWorkflow 3.2.0 はスクリプトタスクの spiffworkflow:preScript・postScript を読み込みで捨てます（ほかのタスクでは実行されます）。その処理をスクリプト本体（bpmn:script）に移してください。preScript は先頭に、postScript は末尾に置きます。",
        "en": "SpiffWorkflow 3.2.0 never runs the {scripts[en]} of the script task '{name}': it drops spiffworkflow:preScript and postScript on script tasks when loading (other tasks do run them). Move the code into the script itself (bpmn:script): a preScript at its start, a postScript at its end.",
    },
    "engine-script-syntax": {
        "ja": "{where[ja]}は Python として読めません（スクリプトの {script_line} 行目: {detail}）。SpiffWorkflow は実行時に失敗します。{format[ja]}",
        "en": "{where[en]} is not valid Python (line {script_line} of the script: {detail}); SpiffWorkflow fails at run time. {format[en]}",
    },
    "engine-script-indent": {
        "ja": "{where[ja]}は全体が字下げされているため、Python として読めません。各行に共通する先頭の空白を取り除き、1 行目を行頭から書いてください。",
        "en": "{where[en]} is indented as a whole, which Python rejects. Remove the indentation common to all lines so that the first line starts in column 1.",
    },
    # --- fragments (params of the messages above) --------------------------------------
    "support.where.condition": {
        "ja": "シーケンスフロー「{name}」の条件",
        "en": "The condition of sequence flow '{name}'",
    },
    "support.where.event-condition": {
        "ja": "条件イベント「{name}」の条件",
        "en": "The condition of conditional event '{name}'",
    },
    "support.where.timer": {
        "ja": "タイマー「{name}」の {timer_type}",
        "en": "The {timer_type} of timer '{name}'",
    },
    "support.where.loop-condition": {
        "ja": "「{name}」のループ条件（loopCondition）",
        "en": "The loopCondition of '{name}'",
    },
    "support.where.completion-condition": {
        "ja": "「{name}」の完了条件（completionCondition）",
        "en": "The completionCondition of '{name}'",
    },
    "support.where.cardinality": {
        "ja": "「{name}」の件数（loopCardinality）",
        "en": "The loopCardinality of '{name}'",
    },
    "support.where.script": {
        "ja": "スクリプトタスク「{name}」のスクリプト",
        "en": "The script of script task '{name}'",
    },
    "support.where.preScript": {"ja": "「{name}」の preScript", "en": "The preScript of '{name}'"},
    "support.where.postScript": {
        "ja": "「{name}」の postScript",
        "en": "The postScript of '{name}'",
    },
    "support.reserved.named": {"ja": "「{name}」（id: {id}）", "en": "'{name}' (id {id})"},
    "support.reserved.unnamed": {"ja": "「{id}」", "en": "'{id}'"},
    "support.reserved.start-event": {
        "ja": "この開始イベントが内部の開始タスクと入れ替わるため、{scope[ja]}は開始時に失敗します（No output task connected）。",
        "en": "it replaces the internal start task, so the {scope[en]} fails as it starts (No output task connected).",
    },
    "support.reserved.load": {
        "ja": "内部のタスクと入れ替わるため、読み込みで拒否されます。",
        "en": "it replaces the internal task, so loading rejects the model.",
    },
    "support.reserved.end-event": {
        "ja": "この終了イベントに着いた時点で、ほかの経路がまだ残っていても、{scope[ja]}全体が完了扱いになります。",
        "en": "the {scope[en]} counts as complete as soon as this end event is reached, even while other paths are still running.",
    },
    "support.reserved.end": {
        "ja": "{scope[ja]}はここに着いた時点で終わり、この要素もその後ろも実行されません。",
        "en": "the {scope[en]} ends when it gets here: neither this element nor anything after it runs.",
    },
    "support.reserved.deploy": {
        "ja": "ここでは SpiffWorkflow の動きに影響しませんが、machiflow は登録（deploy）時にこの id を拒否します。",
        "en": "here it does not change what SpiffWorkflow does, but machiflow refuses the id at deploy.",
    },
    "support.reserved.boundary": {
        "ja": "境界イベントの付いた要素の前後に SpiffWorkflow が置くタスクと名前がぶつかり、モデルによって、読み込みや開始が失敗するか、この要素が実行されずに飛ばされます。",
        "en": "it clashes with the tasks SpiffWorkflow puts around an activity with boundary events: depending on the model, loading or starting fails, or this element is skipped.",
    },
    "support.pre-post.both": {"ja": "preScript と postScript", "en": "preScript and postScript"},
    "support.fix.suggestion": {
        "ja": "次のように書いてください: {suggestion}",
        "en": "Write: {suggestion}",
    },
    "support.fix.rewrite-juel": {
        "ja": "同じ意味の Python の式に書き直してください（例: ${{a && !b}} は a and not b、${{x.y}} は x['y']）。",
        "en": "Rewrite it as the Python expression with the same meaning (e.g. ${{a && !b}} is a and not b, ${{x.y}} is x['y']).",
    },
    "support.fix.rewrite-feel": {
        "ja": '同じ意味の Python の式に書き直してください（例: = x = "a" は x == "a"、some ... satisfies は any(...)）。',
        "en": 'Rewrite it as the Python expression with the same meaning (e.g. = x = "a" is x == "a", some ... satisfies is any(...)).',
    },
    "support.vendor": {
        "ja": "この要素の {found} は Camunda/Zeebe などの実装の指定で、machiflow では実行されません。",
        "en": "Its {found} is a Camunda/Zeebe implementation that machiflow does not run. ",
    },
    "support.decision": {"ja": "決定表の id", "en": "decision-id"},
    "support.language": {
        "ja": "language 属性は {language} ですが、SpiffWorkflow は言語の指定を無視して Python として評価します。",
        "en": "Its language attribute is {language}, but SpiffWorkflow ignores it and evaluates Python. ",
    },
    "support.script-format": {
        "ja": "scriptFormat は {script_format} ですが、SpiffWorkflow はスクリプトを常に Python として実行します。",
        "en": "Its scriptFormat is {script_format}, but SpiffWorkflow always runs scripts as Python.",
    },
    "support.io.inputs": {"ja": "入力 {ids} ", "en": "the inputs {ids}"},
    "support.io.outputs": {"ja": "出力 {ids} ", "en": "the outputs {ids}"},
    "support.io.both": {
        "ja": "入力 {inputs} と出力 {outputs} ",
        "en": "the inputs {inputs} and the outputs {outputs}",
    },
    "support.expected.timeDuration": {
        "ja": "ISO 8601 の期間",
        "en": "an ISO 8601 duration",
    },
    "support.expected.timeDate": {"ja": "ISO 8601 の日時", "en": "an ISO 8601 date-time"},
    "support.expected.timeCycle": {
        "ja": "ISO 8601 の繰り返し（R回数/期間）",
        "en": "an ISO 8601 repetition (R<count>/<duration>)",
    },
}

NOTHING: dict[str, str] = {"ja": "", "en": ""}


def fragment(code: str, **params: Any) -> dict[str, str]:
    """The ``support.*`` entry ``code`` in every language, for a ``{param[lang]}`` field."""
    return {lang: text.format(**params) for lang, text in MESSAGES[code].items()}
