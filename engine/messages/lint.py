"""Messages for lint rules (engine.check.lint), and the words they fill in per language.

Some findings need a word that depends on the language (what kind of element, which
problem, a "did you mean" hint). Rules pass those as a ``{"ja": ..., "en": ...}`` param
built here by ``term``/``did_you_mean``/``expected``, and the templates pick ``{what[ja]}``
or ``{what[en]}``; so wording stays in this module and params stay plain JSON.
"""

from __future__ import annotations

from typing import Any

Localized = dict[str, str]

TERMS: dict[str, Localized] = {
    # what kind of element
    "process": {"ja": "プロセス", "en": "process"},
    "subProcess": {"ja": "サブプロセス", "en": "sub-process"},
    "transaction": {"ja": "トランザクション", "en": "transaction"},
    "adHocSubProcess": {"ja": "アドホック・サブプロセス", "en": "ad-hoc sub-process"},
    "eventSubProcess": {"ja": "イベント・サブプロセス", "en": "event sub-process"},
    "callActivity": {"ja": "呼び出しアクティビティ", "en": "call activity"},
    "activity": {"ja": "タスク", "en": "task"},
    "event": {"ja": "イベント", "en": "event"},
    "startEvent": {"ja": "開始イベント", "en": "start event"},
    "endEvent": {"ja": "終了イベント", "en": "end event"},
    "boundaryEvent": {"ja": "境界イベント", "en": "boundary event"},
    "intermediateCatchEvent": {"ja": "中間イベント（受け）", "en": "intermediate catch event"},
    "intermediateThrowEvent": {"ja": "中間イベント（投げ）", "en": "intermediate throw event"},
    "gateway": {"ja": "ゲートウェイ", "en": "gateway"},
    "exclusiveGateway": {"ja": "排他ゲートウェイ", "en": "exclusive gateway"},
    "inclusiveGateway": {"ja": "包含ゲートウェイ", "en": "inclusive gateway"},
    "parallelGateway": {"ja": "並列ゲートウェイ", "en": "parallel gateway"},
    "eventBasedGateway": {"ja": "イベントベース・ゲートウェイ", "en": "event-based gateway"},
    "complexGateway": {"ja": "複合ゲートウェイ", "en": "complex gateway"},
    "choiceGateway": {"ja": "分岐ゲートウェイ", "en": "diverging gateway"},
    "sequenceFlow": {"ja": "シーケンスフロー", "en": "sequence flow"},
    "conditionalFlow": {"ja": "条件付きのシーケンスフロー", "en": "conditional sequence flow"},
    "messageFlow": {"ja": "メッセージフロー", "en": "message flow"},
    "association": {"ja": "関連線", "en": "association"},
    "lane": {"ja": "レーン", "en": "lane"},
    "participant": {"ja": "プール", "en": "pool"},
    "message": {"ja": "メッセージ", "en": "message"},
    "error": {"ja": "エラー", "en": "error"},
    "signal": {"ja": "シグナル", "en": "signal"},
    "escalation": {"ja": "エスカレーション", "en": "escalation"},
    "dataObjectReference": {"ja": "データオブジェクト", "en": "data object"},
    "dataStoreReference": {"ja": "データストア", "en": "data store"},
    "textAnnotation": {"ja": "注釈", "en": "text annotation"},
    "group": {"ja": "グループ", "en": "group"},
    "diagram": {"ja": "図の要素", "en": "diagram element"},
    "definitions": {"ja": "ファイル", "en": "file"},
    "element": {"ja": "要素", "en": "element"},
    # advice for label-required
    "advice-none": {"ja": "", "en": ""},
    "advice-question": {
        "ja": "分岐ゲートウェイには「書類に不備はあるか」のような問いを名前にします。",
        "en": " A diverging gateway is named with its question, such as 'Are documents missing?'.",
    },
    "advice-answer": {
        "ja": "条件付きのフローには「はい」「不備あり」のような答えを名前にします。",
        "en": " A conditional flow is named with its answer, such as 'yes' or 'documents missing'.",
    },
    "advice-actor": {
        "ja": "誰が作業するか（「住民」「窓口担当」など）を名前にします。",
        "en": " Name who works there, such as 'Resident' or 'Counter staff'.",
    },
    "subProcessContent": {"ja": "サブプロセスの中身", "en": "content of the sub-process"},
    # what is wrong with a reference
    "ref-missing": {"ja": "その id の要素はありません", "en": "no element has that id"},
    "ref-wrong-kind": {
        "ja": "その id の要素はありますが、ここで指せる種類（または同じプロセスの要素）ではありません",
        "en": "an element has that id, but it is not of a kind (or in the process) "
        "this reference can name",
    },
    "ref-not-outgoing": {
        "ja": "そのフローはこの要素から出ていくフローではありません",
        "en": "that flow does not leave this element",
    },
    # what is wrong with a global element
    "global-unnamed": {
        "ja": "名前がありません。名前を付けてください",
        "en": "it has no name. Give it one",
    },
    "global-name-twice": {
        "ja": "同じ名前の同じ種類の要素がほかにもあります。区別できる名前にしてください",
        "en": "another element of the same kind has the same name. Make the names distinct",
    },
    "global-unused": {
        "ja": "どこからも使われていません。使わないなら削除してください",
        "en": "nothing refers to it. Delete it if it is not needed",
    },
}


def term(key: str, **params: Any) -> Localized:
    """The word(s) for ``key`` in every language, for a ``{param[lang]}`` field."""
    return {lang: text.format(**params) for lang, text in TERMS[key].items()}


def did_you_mean(candidate: str | None) -> Localized:
    """A "did you mean" sentence for a close id, or nothing."""
    if candidate is None:
        return {"ja": "", "en": ""}
    return {"ja": f"「{candidate}」の誤りではありませんか？", "en": f" Did you mean '{candidate}'?"}


# engine.model.bpr says what it expected in English; the Japanese for each of its forms.
_EXPECTED_JA: dict[str, str] = {
    "ISO 8601 duration such as PT9M, P3D": "ISO 8601 の期間（例: PT9M、P3D）",
    "true or false": "true または false",
    "integer >= 0": "0 以上の整数",
    "decimal in [0, 1]": "0 以上 1 以下の小数",
    "non-empty text": "空でない文字列",
}
_EXPECTED_PREFIXES_JA: dict[str, str] = {
    "known key: ": "既知のキー: ",
    "comma list of ": "次の値のカンマ区切り: ",
}


def expected(text: str) -> Localized:
    """What a BPR annotation value should look like, in every language."""
    japanese = _EXPECTED_JA.get(text)
    if japanese is None:
        japanese = text.replace(" | ", "、")  # a list of choices reads as one in Japanese
        for prefix, replacement in _EXPECTED_PREFIXES_JA.items():
            if text.startswith(prefix):
                japanese = replacement + text[len(prefix) :]
    return {"ja": japanese, "en": text}


MESSAGES: dict[str, dict[str, str]] = {
    # --- what a process or sub-process contains ---------------------------------------
    "start-event-required": {
        "ja": "{scope[ja]}「{name}」に開始イベントがありません。流れの始まりに開始イベントを置いてください。",
        "en": "The {scope[en]} '{name}' has no start event. Add a start event where its flow begins.",
    },
    "end-event-required": {
        "ja": "{scope[ja]}「{name}」に終了イベントがありません。流れの終わりに終了イベントを置いてください。",
        "en": "The {scope[en]} '{name}' has no end event. Add an end event where its flow ends.",
    },
    "single-blank-start-event": {
        "ja": "{scope[ja]}「{name}」に種類のない開始イベントが {count} 個あります（{starts}）。"
        "どこから始まるか分かるように、1 つにまとめてください。",
        "en": "The {scope[en]} '{name}' has {count} blank start events ({starts}). "
        "Merge them into one so it is clear where the flow starts.",
    },
    "sub-process-blank-start-event": {
        "ja": "サブプロセス「{parent}」の開始イベント「{name}」にトリガー（{trigger}）が付いています。"
        "サブプロセスの開始イベントはトリガーなしにしてください"
        "（イベントで始めるならイベント・サブプロセスにします）。",
        "en": "The start event '{name}' of the sub-process '{parent}' has a trigger ({trigger}). "
        "Make it a blank start event (or turn the sub-process into an event sub-process).",
    },
    "event-sub-process-typed-start-event": {
        "ja": "イベント・サブプロセス「{parent}」の開始イベント「{name}」に種類（メッセージ・タイマー・エラーなど）がありません。"
        "何で始まるかを開始イベントに設定してください。",
        "en": "The start event '{name}' of the event sub-process '{parent}' has no trigger. "
        "Set what starts it (message, timer, error, ...).",
    },
    "ad-hoc-sub-process": {
        "ja": "アドホック・サブプロセス「{parent}」の中に{what[ja]}「{name}」があります。"
        "アドホック・サブプロセスには開始イベントも終了イベントも置けないので、削除してください。",
        "en": "The ad-hoc sub-process '{parent}' contains the {what[en]} '{name}'. "
        "An ad-hoc sub-process has neither start nor end events: remove it.",
    },
    "single-event-definition": {
        "ja": "イベント「{name}」に種類（イベント定義）が {count} 個あります（{kinds}）。"
        "1 つのイベントには 1 つの種類だけを設定し、ほかは別のイベントに分けてください。",
        "en": "The event '{name}' has {count} event definitions ({kinds}). "
        "Keep one per event and model the others as separate events.",
    },
    "link-event-name": {
        "ja": "リンクイベント「{name}」にリンク名がありません。"
        "対になる投げイベントと受けイベントに同じリンク名を付けてください。",
        "en": "The link event '{name}' has no link name. "
        "Give the throwing and the catching link event the same link name.",
    },
    "link-event": {
        "ja": "リンク名「{link}」のリンクイベントが対になっていません（「{name}」を含め、投げ {throws} 個・受け {catches} 個）。"
        "同じスコープに、投げイベントと、受けイベントをちょうど 1 つ置いてください。",
        "en": "The link '{link}' is not paired (with '{name}': {throws} throwing, "
        "{catches} catching). Put throwing events and exactly one catching event "
        "with this link name in the same scope.",
    },
    "superfluous-termination": {
        "ja": "終了イベント「{name}」の「停止」（terminate）は不要です。"
        "「{parent}」ではここで止めるべきほかの流れが残らないので、通常の終了イベントにしてください。",
        "en": "The terminate end event '{name}' is superfluous: nothing else can still be "
        "running in '{parent}' when it is reached. Use a plain end event.",
    },
    "no-complex-gateway": {
        "ja": "複合ゲートウェイ「{name}」は読み手にも実行エンジンにも分かりにくい要素です。"
        "排他・包含・並列のゲートウェイで書き直してください。",
        "en": "The complex gateway '{name}' is hard to read and to run. "
        "Model it with exclusive, inclusive or parallel gateways.",
    },
    "event-based-gateway": {
        "ja": "イベントベース・ゲートウェイ「{name}」から出るフローは、条件なしで 2 本以上必要です（いま {count} 本）。"
        "待つイベントごとに条件のないフローを引いてください。",
        "en": "The event-based gateway '{name}' needs two or more outgoing flows without "
        "conditions (it has {count}). Draw one plain flow to each event it waits for.",
    },
    # --- sequence flow ---------------------------------------------------------------
    "no-disconnected": {
        "ja": "{what[ja]}「{name}」がどのフローにもつながっていません。"
        "シーケンスフローでつなぐか、不要なら削除してください。",
        "en": "The {what[en]} '{name}' is not connected to any flow. "
        "Connect it with sequence flows, or delete it if it is not needed.",
    },
    "no-implicit-start": {
        "ja": "{what[ja]}「{name}」に入ってくるフローがないため、暗黙の開始点になっています。"
        "開始イベントか前の手順からフローをつないでください。",
        "en": "The {what[en]} '{name}' has no incoming flow, so it starts the process "
        "implicitly. Connect it from a start event or from the step before it.",
    },
    "no-implicit-end": {
        "ja": "{what[ja]}「{name}」から出ていくフローがないため、暗黙の終了点になっています。"
        "次の手順か終了イベントへフローをつないでください。",
        "en": "The {what[en]} '{name}' has no outgoing flow, so it ends the process "
        "implicitly. Connect it to the next step or to an end event.",
    },
    "no-implicit-split": {
        "ja": "「{name}」から条件のないフローが {count} 本出ていて、暗黙に並列分岐しています。"
        "分岐させるなら、後ろにゲートウェイを置いてください。",
        "en": "'{name}' has {count} outgoing flows without conditions, so it splits "
        "implicitly. Put a gateway after it to split the flow.",
    },
    "fake-join": {
        "ja": "「{name}」にフローが {count} 本入っていますが、タスクやイベントは合流を待ちません。"
        "前にゲートウェイ（待ち合わせなら並列、どれか 1 つなら排他）を置いてください。",
        "en": "'{name}' has {count} incoming flows, but a task or event does not wait for "
        "them to join. Put a gateway before it (parallel to wait for all, exclusive to "
        "merge alternatives).",
    },
    "no-gateway-join-fork": {
        "ja": "ゲートウェイ「{name}」が合流（入り {incoming} 本）と分岐（出 {outgoing} 本）を同時にしています。"
        "合流用と分岐用の 2 つのゲートウェイに分けてください。",
        "en": "The gateway '{name}' both joins ({incoming} incoming) and forks "
        "({outgoing} outgoing). Split it into a joining and a forking gateway.",
    },
    "superfluous-gateway": {
        "ja": "ゲートウェイ「{name}」は入りも出もフローが 1 本だけで、何もしていません。削除してください。",
        "en": "The gateway '{name}' has one incoming and one outgoing flow and does "
        "nothing. Remove it.",
    },
    "conditional-flows": {
        "ja": "「{source}」から出るシーケンスフロー「{name}」に条件がありません。"
        "ほかのフローには条件かデフォルトが付いているので、このフローにも条件を付けるか、デフォルトにしてください。",
        "en": "The sequence flow '{name}' out of '{source}' has no condition, while other "
        "flows out of it have a condition or a default. Give it a condition or make it "
        "the default flow.",
    },
    "no-duplicate-sequence-flows": {
        "ja": "シーケンスフロー「{name}」は「{first}」と同じく「{source}」から「{target}」へ同じ条件でつながっていて、"
        "意図しない並列分岐になります。どちらかを削除してください。",
        "en": "The sequence flow '{name}' duplicates '{first}': both go from '{source}' "
        "to '{target}' with the same condition, which forks by accident. Delete one.",
    },
    "gateway-default-missing": {
        "ja": "ゲートウェイ「{name}」から出る {count} 本のフローすべてに条件があり、デフォルトのフローがありません。"
        "どの条件にも当てはまらないと案件が止まってしまうので、1 本をデフォルトにしてください。",
        "en": "All {count} flows out of the gateway '{name}' have conditions and none is "
        "the default, so a case that matches no condition gets stuck. Make one of them "
        "the default flow.",
    },
    "label-required": {
        "ja": "{what[ja]}（id「{name}」）に名前がありません。図を読む人に分かる名前を付けてください。{advice[ja]}",
        "en": "The {what[en]} (id '{name}') has no name. Give it a name readers "
        "understand.{advice[en]}",
    },
    # --- ids and references -----------------------------------------------------------
    "duplicate-id": {
        "ja": "id「{name}」が重複しています（{first_line} 行目に同じ id があり、ここの {tag} は 2 つ目です）。"
        "ファイルの中で一意になるよう、どちらかの id を変えてください。",
        "en": "The id '{name}' is used twice (first on line {first_line}; this {tag} is "
        "the second). Change one of them so that every id in the file is unique.",
    },
    "dangling-reference": {
        "ja": "{what[ja]}「{name}」の {attribute} に書かれた「{target}」は参照できません（{problem[ja]}）。"
        "正しい id に直してください。{hint[ja]}",
        "en": "The {attribute} of the {what[en]} '{name}' points to '{target}', which "
        "cannot be used ({problem[en]}). Correct the id.{hint[en]}",
    },
    "global": {
        "ja": "{what[ja]}「{name}」: {problem[ja]}。",
        "en": "The {what[en]} '{name}': {problem[en]}.",
    },
    # --- BPR annotations --------------------------------------------------------------
    "bpr-invalid-value": {
        "ja": "{what[ja]}「{name}」の bpr:{key} の値「{value}」を読めないため、既定値を使います。"
        "{expected[ja]}の形で書いてください。",
        "en": "The value '{value}' of bpr:{key} on the {what[en]} '{name}' cannot be read, "
        "so the default is used. Write it as: {expected[en]}.",
    },
    "bpr-probability-sum": {
        "ja": "{what[ja]}「{name}」から出るフローの bpr:probability の合計が {total} です（{count} 本中 {given} 本に指定）。"
        "案件はどれか 1 本だけを通るので、すべてに指定するなら合計を 1 に、一部だけなら合計を 1 以下にしてください。",
        "en": "The bpr:probability values out of the {what[en]} '{name}' sum to {total} "
        "({given} of {count} flows carry one). A case takes exactly one of these flows, so "
        "make them sum to 1 when every flow carries one, and to at most 1 otherwise.",
    },
    "bpr-probability-misplaced": {
        "ja": "{what[ja]}「{name}」の bpr:probability は計算に使われません。"
        "確率は排他・包含・イベントベースのゲートウェイから出るフローか、境界イベントに付けてください。",
        "en": "The bpr:probability on the {what[en]} '{name}' is not used. Put "
        "probabilities on flows out of exclusive, inclusive or event-based gateways, "
        "or on boundary events.",
    },
    "bpr-variant-missing": {
        "ja": "プロセス「{name}」に bpr:procedure（{procedure}）はありますが、bpr:variant がありません。"
        "比較できるよう as-is・can-be・to-be のどれかを設定してください。",
        "en": "The process '{name}' sets bpr:procedure ({procedure}) but no bpr:variant. "
        "Set as-is, can-be or to-be so that the variants can be compared.",
    },
    # --- diagram interchange ----------------------------------------------------------
    "no-bpmndi": {
        "ja": "{what[ja]}「{name}」の図の情報（BPMN DI の形・線）がありません。"
        "モデラーで図に配置してから保存し直してください。",
        "en": "The {what[en]} '{name}' has no diagram information (BPMN DI shape or "
        "edge). Place it in the diagram with a modeler and save again.",
    },
}
