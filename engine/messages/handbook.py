"""Words of the generated procedure pages (``machiflow handbook``): not coded messages.

The command reports what it wrote with ``cli.rules.written``; every other word it prints or
writes is a label here, in Japanese and English.
"""

MESSAGES: dict[str, dict[str, str]] = {}

LABELS: dict[str, dict[str, str]] = {
    "generated": {
        "ja": "このページは `machiflow handbook --write handbook` が `{folder}` のモデルから生成します。手で編集しないでください。",
        "en": "This page is generated from the models in `{folder}` by `machiflow handbook --write handbook`. Do not edit it by hand.",
    },
    "other-language": {"ja": "English", "en": "日本語"},
    "about": {"ja": "概要", "en": "About"},
    "about.none": {
        "ja": "この手続きの説明はまだありません（モデルの横に README.md を置くか、プロセスに説明（documentation）を書くと、ここに表示されます）。",
        "en": "This procedure has no description yet (put a README.md beside the models, or give the process a documentation element, and it shows here).",
    },
    "about.other-language": {
        "ja": "（この説明は英語で書かれています。）",
        "en": "(This description is written in Japanese, as the README beside the models.)",
    },
    "facts.slug": {"ja": "手続き（bpr:procedure）", "en": "Procedure (bpr:procedure)"},
    "facts.area": {"ja": "業務分野（bpr:area）", "en": "Business area (bpr:area)"},
    "models": {"ja": "モデル", "en": "Models"},
    "models.caption": {
        "ja": "この手続きのモデル（As-Is・Can-Be・To-Be の順）",
        "en": "The models of this procedure (As-Is, Can-Be, To-Be)",
    },
    "models.variant": {"ja": "案", "en": "Variant"},
    "models.name": {"ja": "名前", "en": "Name"},
    "models.key": {"ja": "プロセスキー", "en": "Process key"},
    "models.file": {"ja": "ファイル", "en": "File"},
    "models.runs": {"ja": "実行", "en": "Runs"},
    "models.executable": {"ja": "実行できる", "en": "executable"},
    "models.analysis": {"ja": "分析用（実行しない）", "en": "for analysis (does not run)"},
    "variant.as-is": {"ja": "As-Is（現状）", "en": "As-Is (today)"},
    "variant.can-be": {"ja": "Can-Be（できる姿）", "en": "Can-Be (within today's rules)"},
    "variant.to-be": {"ja": "To-Be（あるべき姿）", "en": "To-Be (the ideal)"},
    "diagrams": {"ja": "業務フロー図", "en": "Process diagrams"},
    "diagram.alt": {
        "ja": "{variant}の業務フロー図: {name}",
        "en": "Process diagram of {variant}: {name}",
    },
    "diagram.open": {
        "ja": "図を選ぶと、SVG の画像を原寸で開きます。",
        "en": "Select a diagram to open its SVG image full size.",
    },
    "kpis": {"ja": "KPI の比較（1 件あたりの期待値）", "en": "KPIs compared (expected per case)"},
    "kpis.help": {
        "ja": "数値はモデルの `bpr:` 注釈から `machiflow kpi` と同じ方法で計算しています。指標の意味は [KPI の定義と計算方法](../kpi.md) を見てください。",
        "en": "The numbers are computed from the models' `bpr:` annotations the same way as `machiflow kpi`. See [KPI definitions and how they are computed](../kpi.md) for what each means.",
    },
    "kpis.key": {"ja": "指標", "en": "KPI"},
    "kpis.delta": {"ja": "差（{old} → {new}）", "en": "Change ({old} → {new})"},
    "kpis.verdict": {"ja": "{delta}（{verdict}）", "en": "{delta} ({verdict})"},
    "kpis.summary": {"ja": "まとめ: {text}", "en": "Summary: {text}"},
    "kpis.failed": {
        "ja": "{variant} の KPI を計算できませんでした: {message}",
        "en": "The KPIs of {variant} could not be computed: {message}",
    },
    "kpis.missing": {
        "ja": "{variant}: 注釈 {annotation} のない要素が {count} 件あります（影響する指標: {kpis}）。",
        "en": "{variant}: {count} elements lack the annotation {annotation} (affects: {kpis}).",
    },
    "kpis.single": {
        "ja": "モデルが 1 つだけなので、比較はありません。",
        "en": "There is only one model, so nothing is compared.",
    },
    "changes": {"ja": "主な違い", "en": "Main differences"},
    "changes.step": {"ja": "{old} → {new}", "en": "{old} → {new}"},
    "changes.counts": {
        "ja": "追加 {added} 件、削除 {removed} 件、変更 {changed} 件（うち流れ {flows} 件）。",
        "en": "{added} added, {removed} removed, {changed} changed ({flows} of them flows).",
    },
    "changes.none": {"ja": "要素の違いはありません。", "en": "No element differs."},
    "changes.added": {"ja": "追加", "en": "Added"},
    "changes.removed": {"ja": "削除", "en": "Removed"},
    "changes.changed": {"ja": "変更", "en": "Changed"},
    "changes.more": {"ja": "ほか {count} 件", "en": "and {count} more"},
    "changes.report": {
        "ja": "流れの違いや図上の強調を含む全体は `machiflow diff {files} --html report.html` で見られます（サーバーでは職員ページの「手続き」から）。",
        "en": "The whole comparison, with flows and highlighted diagrams, is `machiflow diff {files} --html report.html` (on the server: Procedures in the staff pages).",
    },
    "index.title": {"ja": "同梱の手続き", "en": "Bundled procedures"},
    "index.intro": {
        "ja": "`processes/bpmn/` にある手続きのモデルから生成したページです。各ページに説明、As-Is・Can-Be・To-Be の図、KPI の比較、主な違いがあります。",
        "en": "Pages generated from the procedure models in `processes/bpmn/`. Each has the description, the As-Is, Can-Be and To-Be diagrams, the KPIs compared and the main differences.",
    },
    "index.none": {
        "ja": "`processes/bpmn/` にはまだ手続きのモデルがありません。",
        "en": "There are no procedure models in `processes/bpmn/` yet.",
    },
    "index.item": {"ja": "[{name}]({page})（{variants}）", "en": "[{name}]({page}) ({variants})"},
    "check.fresh": {"ja": "最新です: {path}", "en": "Up to date: {path}"},
    "check.stale": {"ja": "古くなっています: {path}", "en": "Out of date: {path}"},
    "check.extra": {"ja": "不要なファイルです: {path}", "en": "Not generated any more: {path}"},
    "check.missing": {"ja": "ありません: {path}", "en": "Missing: {path}"},
    "check.hint": {
        "ja": "`machiflow handbook --write {folder}` を実行して、結果をコミットしてください。",
        "en": "Run `machiflow handbook --write {folder}` and commit the result.",
    },
    "list.item": {"ja": "{slug}: {files}", "en": "{slug}: {files}"},
    "removed": {"ja": "{path} を削除しました。", "en": "Removed {path}."},
}
