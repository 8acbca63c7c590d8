"""Messages of the simulation (``machiflow simulate``), and the words of its table and chart."""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "simulation.no-process": {
        "ja": "{file}: プロセス {process} はありません。指定できるプロセス: {known}",
        "en": "{file}: there is no process {process}. Processes: {known}",
    },
    "simulation.no-flow": {
        "ja": "{file}: フローノードのあるプロセスがないため、シミュレーションできません。",
        "en": "{file}: no process has flow nodes, so there is nothing to simulate.",
    },
    "simulation.no-start": {
        "ja": "{file}: プロセス {process} に（流れの入ってこない）開始イベントがないため、案件を始められません。",
        "en": "{file}: process {process} has no start event without incoming flows, so no case can start.",
    },
    "simulation.no-exit": {
        "ja": "{file}: プロセス {process} には抜け出せないループがあり、案件が終わりません。ループから出る流れの bpr:probability を確かめてください。",
        "en": "{file}: process {process} has a loop that no case leaves, so cases never end. Check the bpr:probability of the flows out of the loop.",
    },
    "simulation.unknown-lane": {
        "ja": "--capacity のレーン「{lane}」はどのモデルにもありません。指定できるレーン（名前か id）: {known}",
        "en": "--capacity names the lane '{lane}', which no model has. Lanes (name or id): {known}",
    },
    "simulation.bad-capacity": {
        "ja": "--capacity {value} は「レーン=人数」の形で、人数は 1 以上の整数にしてください（例: --capacity 窓口=2）。",
        "en": "--capacity {value} must be LANE=N with N a whole number of at least 1 (e.g. --capacity 窓口=2).",
    },
    "simulation.bad-hours": {
        "ja": "--hours {value} は「開始-終了」の時刻で、開始を終了より前にしてください（例: --hours 8:30-17:15）。",
        "en": "--hours {value} must be START-END times with START before END (e.g. --hours 8:30-17:15).",
    },
    "simulation.cannot-write": {
        "ja": "{path} に書き出せません: {detail}",
        "en": "cannot write {path}: {detail}",
    },
    "simulation.written": {
        "ja": "リードタイムのヒストグラムを {path} に書き出しました。",
        "en": "Wrote the lead-time histogram to {path}.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "simulation.no-process": {
        "ja": _ja(
            "指定したプロセスがファイルにありません。",
            "`machiflow simulate --process ID` の ID が、ファイル内のどのプロセスの id とも一致しません。複数のファイルを指定したときは、どのファイルにもそのプロセスが必要です。",
            "メッセージに並ぶプロセスの id から選ぶか、`--process` を外してファイル内のすべてのプロセスをシミュレーションしてください。終了コードは 1 です。",
        ),
        "en": _en(
            "The id given to `machiflow simulate --process ID` is not the id of any process in the file. With several files, every file must have that process.",
            "Pick one of the process ids the message lists, or leave out `--process` to simulate every process in the file. Exit code 1.",
            "The process given is not in the file.",
        ),
    },
    "simulation.no-flow": {
        "ja": _ja(
            "シミュレーションできるプロセスがありません。",
            "ファイルのどのプロセスにもフローノード（イベント・タスク・ゲートウェイ）がありません。コラボレーションのプールが中身のない（ブラックボックスの）参加者だけのときにも起きます。",
            "手続きの流れを描いたプロセスを含むファイルを指定してください。終了コードは 1 です。",
        ),
        "en": _en(
            "No process in the file has flow nodes (events, tasks, gateways). This also happens when every pool of a collaboration is an empty (black-box) participant.",
            "Give a file with a process that draws the procedure's flow. Exit code 1.",
            "There is no process to simulate.",
        ),
    },
    "simulation.no-start": {
        "ja": _ja(
            "案件を始める開始イベントがありません。",
            "プロセスの最上位に、流れの入ってこない開始イベントがありません。シミュレーションでは案件がそこから始まります。",
            "プロセスの最上位に開始イベントを置き、最初の手順へ流れをつないでください。終了コードは 1 です。",
        ),
        "en": _en(
            "The process has no start event at its top level without incoming flows; a simulated case starts there.",
            "Put a start event at the top level of the process and connect it to the first step. Exit code 1.",
            "There is no start event for a case to start at.",
        ),
    },
    "simulation.no-exit": {
        "ja": _ja(
            "抜け出せないループがあります。",
            "ループから出る流れの確率の合計が 0 で、案件が同じ手順を永遠に繰り返します。KPI（期待訪問回数）も求まりません。",
            "差し戻しなどの分岐で、ループから出る流れに 0 より大きい bpr:probability を付けてください（例: 差し戻し 0.2、次へ 0.8）。終了コードは 1 です。",
        ),
        "en": _en(
            "The flows out of a loop add up to a probability of 0, so a case repeats the same steps forever; the KPIs (expected visits) cannot be found either.",
            "Give the flow that leaves the loop a bpr:probability above 0 at the gateway that sends cases back (for example: send back 0.2, go on 0.8). Exit code 1.",
            "A loop that no case leaves.",
        ),
    },
    "simulation.unknown-lane": {
        "ja": _ja(
            "--capacity のレーンがモデルにありません。",
            "`--capacity レーン=人数` のレーンは、指定したいずれかのモデルのレーンの名前か id と一致する必要があります。",
            "メッセージに並ぶレーンの名前か id を使ってください（例: `--capacity 窓口=2`）。終了コードは 1 です。",
        ),
        "en": _en(
            "The lane in `--capacity LANE=N` must be the name or id of a lane in at least one of the models given.",
            "Use one of the lane names or ids the message lists (for example `--capacity 窓口=2`). Exit code 1.",
            "The lane given to --capacity is not in any model.",
        ),
    },
    "simulation.bad-capacity": {
        "ja": _ja(
            "--capacity の書き方が違います。",
            "`--capacity` は「レーン=人数」の形で、人数は 1 以上の整数です。レーンごとに繰り返し指定できます。",
            "`--capacity 窓口=2 --capacity 審査担当=1` のように指定してください。終了コードは 2 です。",
        ),
        "en": _en(
            "`--capacity` takes LANE=N, N a whole number of at least 1; repeat it for each lane.",
            "Write it as `--capacity 窓口=2 --capacity 審査担当=1`. Exit code 2.",
            "--capacity is not LANE=N.",
        ),
    },
    "simulation.bad-hours": {
        "ja": _ja(
            "--hours の書き方が違います。",
            "`--hours` は平日の勤務時間を「開始-終了」の 24 時間表記で指定します。開始は終了より前で、終了には 24:00 も使えます。",
            "`--hours 8:30-17:15` のように指定してください。終了コードは 2 です。",
        ),
        "en": _en(
            "`--hours` gives the weekday working hours as START-END in 24-hour time; START comes before END, and END may be 24:00.",
            "Write it as `--hours 8:30-17:15`. Exit code 2.",
            "--hours is not START-END.",
        ),
    },
    "simulation.cannot-write": {
        "ja": _ja(
            "ヒストグラムのファイルを書き出せません。",
            "`--svg` で指定した場所（既定は作業ディレクトリの simulation.svg）に書き込めませんでした。フォルダーがない、書き込み権限がない、などが原因です。",
            "存在して書き込めるフォルダーのパスを `--svg` に指定するか、`--no-svg` で書き出しをやめてください。終了コードは 1 です。",
        ),
        "en": _en(
            "The file given with `--svg` (by default simulation.svg in the working directory) could not be written: the folder does not exist, or there is no permission to write there.",
            "Give `--svg` a path in a folder that exists and can be written, or add `--no-svg`. Exit code 1.",
            "The histogram file cannot be written.",
        ),
    },
    "simulation.written": {
        "ja": _ja(
            "ヒストグラムを書き出しました。",
            "`machiflow simulate` が案ごとのリードタイムの分布を SVG に書き出しました（`--svg` で指定したファイル、既定は作業ディレクトリの simulation.svg）。",
            "対応は不要です。書き出さないときは `--no-svg` を付けてください。",
        ),
        "en": _en(
            "`machiflow simulate` wrote the lead-time distribution of each variant as SVG (the file given with `--svg`; by default simulation.svg in the working directory).",
            "Nothing to fix. Add `--no-svg` to write no file.",
            "The histogram was written.",
        ),
    },
}

# Words of the table and the chart: not messages with codes, so not in the reference.
LABELS: dict[str, dict[str, str]] = {
    "title": {
        "ja": "シミュレーション: {cases:,} 件、シード {seed}、{arrivals}{hours}",
        "en": "Simulation: {cases:,} cases, seed {seed}, {arrivals}{hours}",
    },
    "arrivals.none": {"ja": "全件が同時に到着", "en": "all cases arrive at once"},
    "arrivals.rate": {
        "ja": "1 日あたり {rate:g} 件の到着（ポアソン）",
        "en": "{rate:g} arrivals a day (Poisson)",
    },
    "hours": {"ja": "、勤務時間 平日 {hours}", "en": ", working hours {hours} on weekdays"},
    "lead.mean": {"ja": "リードタイム 平均（日）", "en": "lead time mean (days)"},
    "lead.p50": {"ja": "リードタイム 中央値（日）", "en": "lead time median (days)"},
    "lead.p90": {"ja": "リードタイム 90%点（日）", "en": "lead time p90 (days)"},
    "lead.max": {"ja": "リードタイム 最大（日）", "en": "lead time max (days)"},
    "kpis": {"ja": "KPI 合計 / 1 件あたり", "en": "KPI total / per case"},
    "steps": {"ja": "手順", "en": "steps"},
    "staff_minutes": {"ja": "職員の作業時間（分）", "en": "staff minutes"},
    "resident_minutes": {"ja": "住民の作業時間（分）", "en": "resident minutes"},
    "resident_visits": {"ja": "来庁", "en": "counter visits"},
    "paper": {"ja": "紙（枚）", "en": "paper (sheets)"},
    "seals": {"ja": "押印", "en": "seals"},
    "rekeys": {"ja": "転記", "en": "re-keying"},
    "approvals": {"ja": "決裁", "en": "approvals"},
    "handoffs": {"ja": "引き継ぎ", "en": "hand-offs"},
    "utilisation": {
        "ja": "稼働率 {lane}（{capacity} 人）",
        "en": "utilisation {lane} ({capacity})",
    },
    "queue": {"ja": "職員待ち 平均（日） {lane}", "en": "wait for staff, mean (days) {lane}"},
    "truncated": {
        "ja": "打ち切った案件（{limit:,} 手順を超えた）",
        "en": "cases cut off (over {limit:,} steps)",
    },
    "progress": {"ja": "シミュレーション中", "en": "Simulating"},
    "no-folder": {"ja": "フォルダーがありません", "en": "no such folder"},
    "chart.title": {"ja": "リードタイムの分布", "en": "Lead time distribution"},
    "chart.x": {"ja": "リードタイム（日）", "en": "Lead time (days)"},
    "chart.y": {"ja": "件数", "en": "Cases"},
    "chart.mean": {"ja": "平均 {value} 日", "en": "mean {value} d"},
    "chart.p90": {"ja": "90%点 {value} 日", "en": "p90 {value} d"},
    "chart.cases": {"ja": "{cases:,} 件", "en": "{cases:,} cases"},
}


def label(key: str, lang: str, **params: object) -> str:
    """A word of the table or chart in ``lang`` ("ja" or "en"), filled with ``params``."""
    texts = LABELS[key]
    return (texts.get(lang) or texts["en"]).format(**params)


# For the reference page (engine.check.reference): which command reports these codes and
# what it exits with.
COMMANDS: dict[str, str] = {"simulation": "simulate"}
EXIT_CODES: dict[str, tuple[int, ...]] = {
    "simulation.no-process": (1,),
    "simulation.no-flow": (1,),
    "simulation.no-start": (1,),
    "simulation.no-exit": (1,),
    "simulation.unknown-lane": (1,),
    "simulation.cannot-write": (1,),
    "simulation.bad-capacity": (2,),
    "simulation.bad-hours": (2,),
    "simulation.written": (0,),
}
