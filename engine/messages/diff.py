"""Messages of ``machiflow diff``, and the words of its text and HTML report."""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "diff.no-process": {
        "ja": "{file}: プロセスがないため比較できません。",
        "en": "{file}: the file has no process to compare.",
    },
    "diff.process-not-found": {
        "ja": "{file}: プロセス {process} はありません。指定できるプロセス: {known}",
        "en": "{file}: there is no process {process}. Processes: {known}",
    },
    "diff.cannot-write": {
        "ja": "{path} に書き出せません: {detail}",
        "en": "cannot write {path}: {detail}",
    },
    "diff.written": {
        "ja": "比較レポートを {path} に書き出しました（{size:,} バイト）。",
        "en": "Wrote the comparison report to {path} ({size:,} bytes).",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "diff.no-process": {
        "ja": _ja(
            "比較するプロセスがファイルにありません。",
            "`machiflow diff` はファイルごとに 1 つのプロセス（bpr:procedure か bpr:variant の付いたもの、なければフローノードの最も多いもの）を比べます。このファイルには process 要素が 1 つもありません。",
            "手続きの流れを描いたプロセスを含むファイルを指定してください。終了コードは 1 です。",
        ),
        "en": _en(
            "`machiflow diff` compares one process of each file (the one with bpr:procedure or bpr:variant, else the one with the most flow nodes). This file has no process element at all.",
            "Give a file with a process that draws the procedure's flow. Exit code 1.",
            "There is no process to compare.",
        ),
    },
    "diff.process-not-found": {
        "ja": _ja(
            "指定したプロセスがファイルにありません。",
            "`--process-old` または `--process-new` の id が、そのファイルのどのプロセスの id とも一致しません。",
            "メッセージに並ぶプロセスの id から選ぶか、オプションを外してファイルの主なプロセスを比べてください。終了コードは 1 です。",
        ),
        "en": _en(
            "The id given to `--process-old` or `--process-new` is not the id of any process in that file.",
            "Pick one of the process ids the message lists, or leave the option out to compare the file's main process. Exit code 1.",
            "The process given is not in the file.",
        ),
    },
    "diff.cannot-write": {
        "ja": _ja(
            "比較レポートを書き出せません。",
            "`--html` で指定した場所に書き込めませんでした。フォルダーがない、書き込み権限がない、などが原因です。",
            "存在して書き込めるフォルダーのパスを `--html` に指定してください。終了コードは 1 です。",
        ),
        "en": _en(
            "The file given with `--html` could not be written: the folder does not exist, or there is no permission to write there.",
            "Give `--html` a path in a folder that exists and can be written. Exit code 1.",
            "The comparison report cannot be written.",
        ),
    },
    "diff.written": {
        "ja": _ja(
            "比較レポートを書き出しました。",
            "`machiflow diff --html` が、図・変更点の一覧・KPI の表を 1 つにまとめた HTML ファイルを書き出しました。外部のファイルを読み込まないので、オフラインでも開けて印刷できます。",
            "対応は不要です。",
        ),
        "en": _en(
            "`machiflow diff --html` wrote one HTML file with the diagrams, the list of changes and the KPI table. It loads nothing from elsewhere, so it opens offline and prints as it is.",
            "Nothing to fix.",
            "The comparison report was written.",
        ),
    },
}

# Words of the text and HTML reports: not messages with codes, so not in the reference.
LABELS: dict[str, dict[str, str]] = {
    # --- the report -------------------------------------------------------------------
    "title": {"ja": "業務フローの比較", "en": "Process comparison"},
    "title.steps": {"ja": "{names} の比較", "en": "Comparison of {names}"},
    "kpis": {"ja": "KPI（1 件あたりの期待値）", "en": "KPIs (expected per case)"},
    "kpis.caption": {
        "ja": "案ごとの KPI と、前の案からの差",
        "en": "KPIs of each variant, and the change from the previous one",
    },
    "kpis.key": {"ja": "指標", "en": "KPI"},
    "kpis.delta": {"ja": "差（{old} → {new}）", "en": "Change ({old} → {new})"},
    "kpis.missing": {
        "ja": "KPI を計算できませんでした（{name}）: {message}",
        "en": "The KPIs could not be computed ({name}): {message}",
    },
    "kpis.none": {"ja": "KPI に変化はありません。", "en": "No KPI changed."},
    "better": {"ja": "改善", "en": "better"},
    "worse": {"ja": "悪化", "en": "worse"},
    "diagrams": {"ja": "図", "en": "Diagrams"},
    "diagram.caption": {"ja": "{name}（{file}）", "en": "{name} ({file})"},
    "diagram.label": {
        "ja": "{name} の図。追加 {added} 件、削除 {removed} 件、変更 {changed} 件を強調しています。",
        "en": "Diagram of {name}, with {added} added, {removed} removed and {changed} changed elements highlighted.",
    },
    "diagram.failed": {
        "ja": "図を描けませんでした: {message}",
        "en": "The diagram could not be drawn: {message}",
    },
    "legend": {"ja": "凡例", "en": "Legend"},
    "legend.added": {
        "ja": "追加: 前の案になく、この案で加わった要素（緑の太線）",
        "en": "Added: new in this variant (thick green outline)",
    },
    "legend.removed": {
        "ja": "削除: 次の案でなくなる要素（赤の破線）",
        "en": "Removed: gone in the next variant (dashed red outline)",
    },
    "legend.changed": {
        "ja": "変更: 名前・種類・レーン・注釈などが変わった要素（橙の点線）",
        "en": "Changed: name, type, lane, annotations, ... differ (dotted orange outline)",
    },
    "changes": {"ja": "変更点", "en": "Changes"},
    "changes.step": {"ja": "{old} → {new}", "en": "{old} → {new}"},
    "changes.caption": {
        "ja": "{old} から {new} への変更点（追加 {added}、削除 {removed}、変更 {changed}）",
        "en": "Changes from {old} to {new} ({added} added, {removed} removed, {changed} changed)",
    },
    "changes.none": {
        "ja": "追加・削除・変更された要素はありません。",
        "en": "Nothing was added, removed or changed.",
    },
    "changes.layout": {
        "ja": "配置だけが変わった要素: {count} 件（意味は同じ）",
        "en": "Elements only drawn differently: {count} (same meaning)",
    },
    "column.change": {"ja": "区分", "en": "Change"},
    "column.type": {"ja": "種類", "en": "Type"},
    "column.name": {"ja": "名前", "en": "Name"},
    "column.detail": {"ja": "内容", "en": "Details"},
    "column.id": {"ja": "ID", "en": "Id"},
    "footer": {
        "ja": "machiflow {version} が作成。要素の対応づけは名前・つながり・レーンの類似度によります（ID が違っても対応します）。",
        "en": "Made by machiflow {version}. Elements are matched by name, connections and lane (ids may differ).",
    },
    "unnamed": {"ja": "（名前なし）", "en": "(unnamed)"},
    "none": {"ja": "なし", "en": "none"},
    "sep": {"ja": "、", "en": ", "},
    # --- change kinds ---------------------------------------------------------------
    "added": {"ja": "追加", "en": "Added"},
    "removed": {"ja": "削除", "en": "Removed"},
    "changed": {"ja": "変更", "en": "Changed"},
    "layout_changed": {"ja": "配置", "en": "Layout"},
    # --- text output ----------------------------------------------------------------
    "text.header": {"ja": "比較: {old} → {new}", "en": "Comparing {old} → {new}"},
    "text.side": {"ja": "{file}（{process}）", "en": "{file} ({process})"},
    "text.matched": {
        "ja": "対応づけた要素: {matched} 件（ID 一致 {by_id} 件、類似度 {by_score} 件、接続 {by_ends} 件）",
        "en": "Matched elements: {matched} ({by_id} by id, {by_score} by similarity, {by_ends} by endpoints)",
    },
    "text.count": {"ja": "{kind} {count} 件", "en": "{kind}: {count}"},
    "text.flows": {"ja": "フロー", "en": "Flows"},
    "text.kpis": {"ja": "KPI（1 件あたり）", "en": "KPIs (per case)"},
    "text.summary": {"ja": "まとめ: {text}", "en": "Summary: {text}"},
    # --- categories and types -------------------------------------------------------
    "category.pool": {"ja": "プール", "en": "Pool"},
    "category.lane": {"ja": "レーン", "en": "Lane"},
    "category.node": {"ja": "要素", "en": "Element"},
    "category.data": {"ja": "データ", "en": "Data"},
    "category.annotation": {"ja": "注釈", "en": "Annotation"},
    "category.flow": {"ja": "フロー", "en": "Flow"},
    "category.association": {"ja": "関連", "en": "Association"},
    "type.task": {"ja": "タスク", "en": "Task"},
    "type.userTask": {"ja": "ユーザータスク", "en": "User task"},
    "type.manualTask": {"ja": "手作業タスク", "en": "Manual task"},
    "type.serviceTask": {"ja": "サービスタスク", "en": "Service task"},
    "type.scriptTask": {"ja": "スクリプトタスク", "en": "Script task"},
    "type.sendTask": {"ja": "送信タスク", "en": "Send task"},
    "type.receiveTask": {"ja": "受信タスク", "en": "Receive task"},
    "type.businessRuleTask": {"ja": "ビジネスルールタスク", "en": "Business rule task"},
    "type.subProcess": {"ja": "サブプロセス", "en": "Sub-process"},
    "type.transaction": {"ja": "トランザクション", "en": "Transaction"},
    "type.adHocSubProcess": {"ja": "アドホックサブプロセス", "en": "Ad-hoc sub-process"},
    "type.callActivity": {"ja": "呼び出しアクティビティ", "en": "Call activity"},
    "type.startEvent": {"ja": "開始イベント", "en": "Start event"},
    "type.endEvent": {"ja": "終了イベント", "en": "End event"},
    "type.intermediateCatchEvent": {"ja": "中間イベント（受信）", "en": "Intermediate catch event"},
    "type.intermediateThrowEvent": {"ja": "中間イベント（送信）", "en": "Intermediate throw event"},
    "type.boundaryEvent": {"ja": "境界イベント", "en": "Boundary event"},
    "type.implicitThrowEvent": {"ja": "暗黙の送信イベント", "en": "Implicit throw event"},
    "type.exclusiveGateway": {"ja": "排他ゲートウェイ", "en": "Exclusive gateway"},
    "type.inclusiveGateway": {"ja": "包含ゲートウェイ", "en": "Inclusive gateway"},
    "type.parallelGateway": {"ja": "並列ゲートウェイ", "en": "Parallel gateway"},
    "type.eventBasedGateway": {"ja": "イベントベースゲートウェイ", "en": "Event-based gateway"},
    "type.complexGateway": {"ja": "複合ゲートウェイ", "en": "Complex gateway"},
    "type.sequenceFlow": {"ja": "シーケンスフロー", "en": "Sequence flow"},
    "type.lane": {"ja": "レーン", "en": "Lane"},
    "type.participant": {"ja": "プール", "en": "Pool"},
    "type.dataObject": {"ja": "データオブジェクト", "en": "Data object"},
    "type.dataObjectReference": {"ja": "データオブジェクト", "en": "Data object"},
    "type.dataStoreReference": {"ja": "データストア", "en": "Data store"},
    "type.dataInput": {"ja": "データ入力", "en": "Data input"},
    "type.dataOutput": {"ja": "データ出力", "en": "Data output"},
    "type.textAnnotation": {"ja": "テキスト注釈", "en": "Text annotation"},
    "type.association": {"ja": "関連", "en": "Association"},
    "type.dataInputAssociation": {"ja": "データの入力", "en": "Data input association"},
    "type.dataOutputAssociation": {"ja": "データの出力", "en": "Data output association"},
    # --- attributes ---------------------------------------------------------------
    "attr.type": {"ja": "種類", "en": "type"},
    "attr.name": {"ja": "名前", "en": "name"},
    "attr.label": {"ja": "名前の表記", "en": "name spelling"},
    "attr.lane": {"ja": "レーン", "en": "lane"},
    "attr.parent": {"ja": "親", "en": "parent"},
    "attr.attached_to": {"ja": "付いている作業", "en": "attached to"},
    "attr.source": {"ja": "接続元", "en": "from"},
    "attr.target": {"ja": "接続先", "en": "to"},
    "attr.condition": {"ja": "条件", "en": "condition"},
    "attr.default": {"ja": "既定のフロー", "en": "default flow"},
    "attr.events": {"ja": "イベント定義", "en": "event definitions"},
    "attr.loop": {"ja": "繰り返し", "en": "loop"},
    "attr.interrupting": {"ja": "中断", "en": "interrupting"},
    "attr.event_subprocess": {"ja": "イベントサブプロセス", "en": "event sub-process"},
    "attr.compensation": {"ja": "補償", "en": "compensation"},
    "attr.instantiate": {"ja": "インスタンス生成", "en": "instantiate"},
    "attr.called_element": {"ja": "呼び出し先", "en": "called element"},
    "attr.script": {"ja": "スクリプト", "en": "script"},
    "attr.script_format": {"ja": "スクリプトの言語", "en": "script format"},
    "attr.completion_condition": {"ja": "完了条件", "en": "completion condition"},
    "attr.event_gateway_type": {"ja": "イベントゲートウェイの種類", "en": "event gateway type"},
    "attr.implementation": {"ja": "実装", "en": "implementation"},
    "attr.documentation": {"ja": "説明", "en": "documentation"},
    "attr.form": {"ja": "フォーム", "en": "form"},
    "attr.collection": {"ja": "コレクション", "en": "collection"},
    "attr.direction": {"ja": "向き", "en": "direction"},
    "attr.bounds": {"ja": "位置・大きさ", "en": "position and size"},
    "attr.waypoints": {"ja": "線の経路", "en": "route"},
    # --- KPIs (name, unit shown after the values) -------------------------------------
    "kpi.steps": {"ja": "手順数", "en": "Steps"},
    "kpi.staff_minutes": {"ja": "職員工数", "en": "Staff time"},
    "kpi.resident_minutes": {"ja": "住民の作業時間", "en": "Resident time"},
    "kpi.resident_visits": {"ja": "来庁回数", "en": "Counter visits"},
    "kpi.paper": {"ja": "紙の枚数", "en": "Paper sheets"},
    "kpi.seals": {"ja": "押印", "en": "Seals"},
    "kpi.rekeys": {"ja": "転記", "en": "Re-keying"},
    "kpi.approvals": {"ja": "決裁", "en": "Approvals"},
    "kpi.handoffs": {"ja": "引き継ぎ", "en": "Hand-offs"},
    "kpi.lead_time_days": {"ja": "リードタイム", "en": "Lead time"},
    "kpi.online_share": {"ja": "オンライン率", "en": "Online share"},
    "unit.staff_minutes": {"ja": "分/件", "en": "min/case"},
    "unit.resident_minutes": {"ja": "分/件", "en": "min/case"},
    "unit.lead_time_days": {"ja": "日", "en": "days"},
    "unit.online_share": {"ja": "%", "en": "%"},
}

# For the reference page (engine.check.reference): which command reports these codes and
# what it exits with.
COMMANDS: dict[str, str] = {"diff": "diff"}
EXIT_CODES: dict[str, tuple[int, ...]] = {
    "diff.no-process": (1,),
    "diff.process-not-found": (1,),
    "diff.cannot-write": (1,),
    "diff.written": (0,),
}
