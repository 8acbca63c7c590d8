"""Messages of the KPIs (``machiflow kpi``), and the words of its table."""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "kpi.no-process": {
        "ja": "{file}: プロセス {process} はありません。指定できるプロセス: {known}",
        "en": "{file}: there is no process {process}. Processes: {known}",
    },
    "kpi.no-flow": {
        "ja": "{file}: フローノードのあるプロセスがないため、KPI を計算できません。",
        "en": "{file}: no process has flow nodes, so there are no KPIs to compute.",
    },
    "kpi.no-exit": {
        "ja": "{file}: プロセス {process} には抜け出せないループ（{elements}）があり、手順の回数が無限になります。ループから出る流れの bpr:probability を確かめてください。",
        "en": "{file}: process {process} has a loop that no case leaves ({elements}), so its steps would run forever. Check the bpr:probability of the flows out of the loop.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "kpi.no-process": {
        "ja": _ja(
            "指定したプロセスがファイルにありません。",
            "`machiflow kpi FILE --process ID` の ID が、ファイル内のどのプロセスの id とも一致しません。",
            "メッセージに並ぶプロセスの id から選ぶか、`--process` を外してファイル内のすべてのプロセスの KPI を出してください。終了コードは 1 です。",
        ),
        "en": _en(
            "The id given to `machiflow kpi FILE --process ID` is not the id of any process in the file.",
            "Pick one of the process ids the message lists, or leave out `--process` to get the KPIs of every process in the file. Exit code 1.",
            "The process given is not in the file.",
        ),
    },
    "kpi.no-flow": {
        "ja": _ja(
            "KPI を計算できるプロセスがありません。",
            "ファイルのどのプロセスにもフローノード（タスク、イベント、ゲートウェイ）がありません。中身のないプール（ブラックボックスの参加者）だけの図などです。",
            "業務の流れを描いたプロセスを含むファイルを指定してください。終了コードは 1 です。",
        ),
        "en": _en(
            "No process in the file has flow nodes (tasks, events, gateways): a diagram of empty pools (black-box participants), for instance.",
            "Give a file with a process that draws the flow of work. Exit code 1.",
            "No process has anything to compute KPIs for.",
        ),
    },
    "kpi.no-exit": {
        "ja": _ja(
            "抜け出せないループがあります。",
            "KPI は 1 件あたりの各手順の実行回数の期待値から計算します。ループから出る流れの確率がすべて 0（戻る流れの bpr:probability が 1 など）だと、回数が無限になり計算できません。並行ゲートウェイの分岐がループの入口に戻り、トークンが増え続けるモデルも同じです。メッセージにはループの要素の id が並びます。",
            "ループから出る流れに 0 より大きい bpr:probability を付けるか、戻る流れの確率を 1 より小さくしてください。終了コードは 1 です。計算方法は [KPI の定義](../kpi.md) を見てください。",
        ),
        "en": _en(
            "KPIs come from the expected number of times each step runs per case. When every way out of a loop has probability 0 (a flow back with bpr:probability 1, for instance), that number is infinite. So is a model whose parallel split leads back into the loop, making tokens without end. The message lists the ids of the loop's elements.",
            "Give a flow out of the loop a bpr:probability above 0, or the flow back one below 1. Exit code 1. See [how KPIs are computed](../kpi.md).",
            "A loop that no case leaves.",
        ),
    },
}

# For the reference page (engine.check.reference): which command reports these codes and
# what it exits with. Keyed by whole code: the page looks commands up by the code's first
# two dotted parts, which for these codes is the code itself.
COMMANDS: dict[str, str] = dict.fromkeys(MESSAGES, "kpi")
EXIT_CODES: dict[str, tuple[int, ...]] = dict.fromkeys(MESSAGES, (1,))

LABELS: dict[str, dict[str, str]] = {
    "steps": {"ja": "手順数", "en": "steps"},
    "staff_minutes": {"ja": "職員工数（分/件）", "en": "staff minutes per case"},
    "resident_minutes": {"ja": "住民の所要時間（分/件）", "en": "resident minutes per case"},
    "resident_visits": {"ja": "来庁回数", "en": "counter visits"},
    "paper": {"ja": "紙", "en": "paper (sheets)"},
    "seals": {"ja": "押印", "en": "seals"},
    "rekeys": {"ja": "再入力", "en": "re-keying"},
    "approvals": {"ja": "決裁", "en": "approvals"},
    "handoffs": {"ja": "引継ぎ", "en": "hand-offs"},
    "lead_time_days": {"ja": "リードタイム（日）", "en": "lead time (days)"},
    "online_share": {"ja": "オンライン率", "en": "online share"},
    "title": {
        "ja": "{name}（{process}）1 件あたりの期待値",
        "en": "{name} ({process}): expected per case",
    },
    "simulated": {"ja": "（シミュレーション）", "en": " (simulated)"},
    "missing": {
        "ja": "足りない注釈（既定値で計算した KPI）:",
        "en": "Missing annotations (KPIs computed with the default):",
    },
    "missing.item": {
        "ja": "{annotation}: {count} 要素（{kpis}）: {elements}",
        "en": "{annotation}: {count} element(s) ({kpis}): {elements}",
    },
    "all": {"ja": "すべての KPI", "en": "every KPI"},
    "complete": {"ja": "注釈は揃っています。", "en": "No annotation is missing."},
}


def label(key: str, lang: str, **params: object) -> str:
    """A word of the table in ``lang`` ("ja" or "en"), filled with ``params``."""
    texts = LABELS[key]
    return (texts.get(lang) or texts["en"]).format(**params)
