"""Messages of step tables (``machiflow import-steps``) and of ``machiflow layout``."""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "steps.write-error": {
        "ja": "{file} に書き込めません: {detail}",
        "en": "Cannot write {file}: {detail}",
    },
    "steps.layout.has-di": {
        "ja": "{file} にはすでに図（BPMNDiagram が {count} 個）があります。置き換えるときは --replace を付けてください。",
        "en": "{file} already has a diagram ({count} BPMNDiagram). Add --replace to replace it.",
    },
    "steps.layout.nothing": {
        "ja": "{file} には図にするもの（フローノードのあるプロセスやプール）がありません。",
        "en": "{file} has nothing to draw: no process with flow nodes and no pool.",
    },
    "steps.layout.done": {
        "ja": "{output} に書き出しました（図形 {shapes} 個、線 {edges} 本）。",
        "en": "Wrote {output} ({shapes} shapes, {edges} edges).",
    },
    "steps.import.done": {
        "ja": "{output} に書き出しました（手順 {steps} 件、レーン {lanes} 本）。",
        "en": "Wrote {output} ({steps} steps, {lanes} lanes).",
    },
    "steps.table.format": {
        "ja": "{file}: この形式の表は読めません。CSV（.csv）か Excel（.xlsx）のファイルを指定してください。",
        "en": "{file}: this kind of table cannot be read. Give a CSV (.csv) or Excel (.xlsx) file.",
    },
    "steps.table.read-error": {
        "ja": "{file} を読めません: {detail}",
        "en": "Cannot read {file}: {detail}",
    },
    "steps.table.encoding": {
        "ja": "{file}: 文字コードを判別できません。UTF-8 か Shift_JIS（CP932）で保存してください。",
        "en": "{file}: the character encoding cannot be recognised. Save the file as UTF-8 or Shift_JIS (CP932).",
    },
    "steps.table.empty": {
        "ja": "{file}: 見出しの行のあとに手順の行がありません。",
        "en": "{file}: there is no step row after the header row.",
    },
    "steps.table.missing-column": {
        "ja": "{file}: 必須の列「{column}」がありません（見出しに使える名前: {names}）。見つかった見出し: {found}",
        "en": '{file}: the required column "{column}" is missing (header names accepted: {names}). Headers found: {found}',
    },
    "steps.table.duplicate-column": {
        "ja": "{file}: 列「{column}」と列「{other}」は同じ項目（{field}）です。どちらか一方にしてください。",
        "en": '{file}: the columns "{column}" and "{other}" are the same field ({field}). Keep one of them.',
    },
    "steps.table.empty-value": {
        "ja": "{file}:{row} 行目「{column}」: 値が空です。",
        "en": '{file}: row {row}, column "{column}": the value is empty.',
    },
    "steps.table.duplicate-id": {
        "ja": "{file}:{row} 行目「{column}」: 番号 {id} は {first_row} 行目でも使われています。",
        "en": '{file}: row {row}, column "{column}": the step id {id} is already used in row {first_row}.',
    },
    "steps.table.bad-id": {
        "ja": "{file}:{row} 行目「{column}」: 番号 {id} は使えません。英数字と - _ . だけで書いてください（例: A1、P-03）。",
        "en": '{file}: row {row}, column "{column}": the step id {id} cannot be used. Use letters, digits and - _ . only (e.g. A1, P-03).',
    },
    "steps.table.unknown-next": {
        "ja": "{file}:{row} 行目「{column}」: 次の手順 {next} は表にありません。{hint[ja]}",
        "en": '{file}: row {row}, column "{column}": the next step {next} is not in the table.{hint[en]}',
    },
    "steps.table.count-mismatch": {
        "ja": "{file}:{row} 行目「{column}」: 次の手順は {expected} つですが、値が {count} つあります。次の手順と同じ順で、同じ数だけ書いてください。",
        "en": '{file}: row {row}, column "{column}": there are {expected} next steps but {count} values. Give one per next step, in the same order.',
    },
    "steps.table.bad-probability": {
        "ja": "{file}:{row} 行目「{column}」: 確率 {value} は読めません。0 から 1 の小数（0.3）か百分率（30%）で書いてください。",
        "en": '{file}: row {row}, column "{column}": the probability {value} cannot be read. Write a decimal from 0 to 1 (0.3) or a percentage (30%).',
    },
    "steps.table.probability-sum": {
        "ja": "{file}:{row} 行目「{column}」: 分岐の確率の合計が {total} で、1（100%）を超えています。",
        "en": '{file}: row {row}, column "{column}": the branch probabilities add up to {total}, more than 1 (100%).',
    },
    "steps.table.bad-duration": {
        "ja": "{file}:{row} 行目「{column}」: 時間 {value} は読めません。例: 9分、1時間30分、3日、2週間、PT9M、9 min。",
        "en": '{file}: row {row}, column "{column}": the time {value} cannot be read. Examples: 9分, 1時間30分, 3日, 2週間, PT9M, 9 min.',
    },
    "steps.table.bad-number": {
        "ja": "{file}:{row} 行目「{column}」: {value} は 0 以上の整数ではありません。",
        "en": '{file}: row {row}, column "{column}": {value} is not a whole number of 0 or more.',
    },
    "steps.table.bad-flag": {
        "ja": "{file}:{row} 行目「{column}」: {value} は「はい／いいえ」として読めません。○・はい・あり・true・yes・1 か、×・いいえ・なし・false・no・0（または空）で書いてください。",
        "en": '{file}: row {row}, column "{column}": {value} is not a yes or no. Write yes/true/1/○/はい or no/false/0/×/いいえ (or leave it empty).',
    },
    "steps.table.bad-choice": {
        "ja": "{file}:{row} 行目「{column}」: {value} は使えません。使える値: {known}",
        "en": '{file}: row {row}, column "{column}": {value} cannot be used. Values: {known}',
    },
    "steps.table.lane-actor": {
        "ja": "{file}:{row} 行目「{column}」: レーン {lane} の担当の種類が {first} 行目（{actor}）と違います（{other}）。",
        "en": '{file}: row {row}, column "{column}": the actor kind of lane {lane} differs from row {first} ({actor} there, {other} here).',
    },
    "steps.table.no-end": {
        "ja": "{file}:{row} 行目「{column}」: 手順 {id} からは、どう進んでも終了にたどり着きません（抜け出せないループです）。",
        "en": '{file}: row {row}, column "{column}": no way from step {id} leads to an end (a loop no case leaves).',
    },
    "steps.table.unreachable": {
        "ja": "{file}:{row} 行目: 手順 {id} にはどの手順からも進まないため、BPMN には書き出しません。",
        "en": "{file}: row {row}: no step leads to step {id}, so it is left out of the BPMN file.",
    },
    "steps.option.actor": {
        "ja": "--actor {value} は読めません。「レーン名=種類」の形で、種類は resident（住民）、staff（職員）、external（外部）、system（システム）のどれかです。",
        "en": "--actor {value} cannot be read. Write LANE=KIND, where KIND is resident, staff, external or system.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "steps.table.no-end": {
        "ja": _ja(
            "終了にたどり着かない手順があります。",
            "最初の手順からたどれる手順は、どれも「次の手順」をたどっていつかは終了（空の「次の手順」、または `終了`）に着かなければなりません。メッセージの手順からは、どの道も同じ手順の間を回り続けます。終了のない流れは BPMN として誤りで、KPI も計算できません。",
            "ループのどこかに、ループから出る「次の手順」（別の手順か `終了`）を足してください。終了コードは 1 です。",
        ),
        "en": _en(
            "Every step the first step leads to must, following the next-step cells, come to an end at last (an empty next-step cell, or `end`). From the step in the message every way keeps going round the same steps. A flow without an end is invalid BPMN, and its KPIs cannot be computed.",
            "Give some step of the loop a next step out of it (another step, or `end`). Exit code 1.",
            "A step from which no way leads to an end.",
        ),
    },
    "steps.write-error": {
        "ja": _ja(
            "出力ファイルを書けません。",
            "`machiflow layout` や `machiflow import-steps` の出力先（`-o`）、または `machiflow handbook --write` が書くページや図に書き込めませんでした。フォルダがない、書き込む権限がない、ディスクがいっぱい、などです。出力先のファイルは元のまま残ります（途中まで書かれたファイルは残りません）。",
            "フォルダがあるか、書き込めるかを確かめてください。終了コードは 1 です。",
        ),
        "en": _en(
            "The output (`-o`) of `machiflow layout` or `machiflow import-steps`, or a page or diagram `machiflow handbook --write` writes, could not be written: the folder does not exist, there is no permission, or the disk is full. The output file is left as it was (never half-written).",
            "Check that the folder exists and can be written. Exit code 1.",
            "The output file cannot be written.",
        ),
    },
    "steps.layout.has-di": {
        "ja": _ja(
            "すでに図（DI）があります。",
            "`machiflow layout` は図の情報（BPMN DI）のないファイルに図を付けるコマンドです。モデラーで描いた配置を黙って消さないよう、図のあるファイルは `--replace` なしでは書き換えません。",
            "図を作り直してよいときは `--replace` を付けてください。既存の `bpmndi:BPMNDiagram` だけが新しい図に置き換わり、ほかの部分はそのまま残ります。終了コードは 1 です。",
        ),
        "en": _en(
            "`machiflow layout` adds a diagram (BPMN DI) to a file without one. So that a layout drawn in a modeler is never lost silently, a file with a diagram is changed only with `--replace`.",
            "Add `--replace` to lay the file out again: only the existing `bpmndi:BPMNDiagram` elements are replaced, the rest stays as it is. Exit code 1.",
            "The file has a diagram (DI) already.",
        ),
    },
    "steps.layout.nothing": {
        "ja": _ja(
            "図にするものがありません。",
            "ファイルにフローノードのあるプロセスも、コラボレーションのプール（参加者）もありません。",
            "業務の流れを含む BPMN ファイルを指定してください。終了コードは 1 です。",
        ),
        "en": _en(
            "The file has no process with flow nodes and no pool (participant) of a collaboration.",
            "Give a BPMN file that holds a flow. Exit code 1.",
            "Nothing to lay out.",
        ),
    },
    "steps.layout.done": {
        "ja": _ja(
            "図を付けて書き出しました。",
            "`machiflow layout` が図（BPMN DI）を付けたファイルを書いたことを知らせます。",
            "（対応は不要です）",
        ),
        "en": _en(
            "`machiflow layout` wrote the file with its diagram (BPMN DI).",
            "(nothing to do)",
            "The laid-out file was written.",
        ),
    },
    "steps.import.done": {
        "ja": _ja(
            "BPMN ファイルを書き出しました。",
            "`machiflow import-steps` が手順表から BPMN ファイルを書いたことを知らせます。",
            "（対応は不要です）",
        ),
        "en": _en(
            "`machiflow import-steps` wrote the BPMN file made from the step table.",
            "(nothing to do)",
            "The BPMN file was written.",
        ),
    },
    "steps.table.format": {
        "ja": _ja(
            "表の形式に対応していません。",
            "`machiflow import-steps` が読めるのは、拡張子が `.csv` のテキストの表と `.xlsx` の Excel ブックです（古い `.xls` や `.ods` は読めません）。",
            "Excel で「名前を付けて保存」から「CSV UTF-8」か「Excel ブック (.xlsx)」を選んで保存し直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "`machiflow import-steps` reads text tables ending in `.csv` and Excel workbooks ending in `.xlsx` (not the old `.xls` nor `.ods`).",
            'Save the table again from Excel as "CSV UTF-8" or "Excel Workbook (.xlsx)". Exit code 1.',
            "The table's format is not supported.",
        ),
    },
    "steps.table.read-error": {
        "ja": _ja(
            "表のファイルを読めません。",
            "ファイルがない、読む権限がない、または Excel ブックとして壊れている、などの理由で表を開けませんでした。",
            "ファイル名と場所を確かめてください。Excel ブックは Excel で開けるかを確かめ、保存し直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "The table could not be opened: the file is missing, cannot be read, or is not a valid Excel workbook.",
            "Check the file name and place; open a workbook in Excel and save it again. Exit code 1.",
            "The table file cannot be read.",
        ),
    },
    "steps.table.encoding": {
        "ja": _ja(
            "CSV の文字コードを判別できません。",
            "CSV は UTF-8（BOM の有無を問いません）と、Excel の日本語 CSV が使う Shift_JIS（CP932）を自動で判別して読みます。どちらとしても読めないバイトがありました。",
            "Excel の「CSV UTF-8（コンマ区切り）」で保存し直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "A CSV file is read as UTF-8 (with or without a BOM) or as Shift_JIS (CP932, Excel's Japanese CSV), detected automatically. The file has bytes that are neither.",
            'Save it again from Excel as "CSV UTF-8 (Comma delimited)". Exit code 1.',
            "The CSV's encoding is not recognised.",
        ),
    },
    "steps.table.empty": {
        "ja": _ja(
            "表に手順がありません。",
            "1 行目は列の見出し、2 行目から 1 行に 1 つの手順を書きます。見出しだけの表や空のファイルからは流れを作れません。",
            "手順の行を書き足してください。書き方は [業務一覧（手順表）](../step-table.md) を見てください。終了コードは 1 です。",
        ),
        "en": _en(
            "The first row holds the column headers and each following row one step. A table with headers only, or an empty file, makes no flow.",
            "Add the step rows. See [step tables](../step-table.md). Exit code 1.",
            "The table has no steps.",
        ),
    },
    "steps.table.missing-column": {
        "ja": _ja(
            "必須の列がありません。",
            "手順表には少なくとも番号（手順の id）、作業（手順の名前）、担当（レーン）の列が要ります。担当の列がないときは `--lane` でレーンを 1 つ指定できます。見出しは日本語でも英語でもよく、大文字小文字と前後の空白は区別しません。",
            "メッセージにある見出しの名前のどれかで列を足してください。使える名前の一覧は [業務一覧（手順表）](../step-table.md) にあります。終了コードは 1 です。",
        ),
        "en": _en(
            "A step table needs at least the step id, the step name and the lane (actor) columns; without a lane column `--lane` names one lane for every step. Headers may be Japanese or English; case and surrounding spaces do not matter.",
            "Add the column under one of the names the message lists; see [step tables](../step-table.md). Exit code 1.",
            "A required column is missing.",
        ),
    },
    "steps.table.duplicate-column": {
        "ja": _ja(
            "同じ項目の列が 2 つあります。",
            "見出しの別名（例: 「担当」と「レーン」）は同じ項目を指します。同じ項目の列が 2 つあると、どちらの値を使うか決められません。",
            "片方の列を消すか、見出しを変えてください。終了コードは 1 です。",
        ),
        "en": _en(
            "Header aliases (e.g. 担当 and レーン, or lane and actor) name the same field. With two columns for one field it is unclear which value counts.",
            "Delete one of the columns or rename its header. Exit code 1.",
            "Two columns name the same field.",
        ),
    },
    "steps.table.empty-value": {
        "ja": _ja(
            "必須の値が空です。",
            "手順の番号、作業の名前、担当（レーン）は、どの手順の行にも必要です。",
            "その行のそのセルに値を書いてください。まったく空の行は読み飛ばします。終了コードは 1 です。",
        ),
        "en": _en(
            "Every step row needs a step id, a name and a lane (actor).",
            "Fill in that cell of that row. Entirely empty rows are skipped. Exit code 1.",
            "A required cell is empty.",
        ),
    },
    "steps.table.duplicate-id": {
        "ja": _ja(
            "手順の番号が重複しています。",
            "手順の番号は「次の手順」から手順を指す名前なので、表の中で一意でなければなりません。",
            "どちらかの番号を変え、その番号を指す「次の手順」も直してください。終了コードは 1 です。",
        ),
        "en": _en(
            'The step id is how "next step" cells refer to a step, so it must be unique in the table.',
            'Change one of the ids, and the "next step" cells that point to it. Exit code 1.',
            "A step id is used twice.",
        ),
    },
    "steps.table.bad-id": {
        "ja": _ja(
            "手順の番号に使えない文字があります。",
            "手順の番号は BPMN の要素の id になるため、半角の英数字と `-` `_` `.` だけが使えます。全角の数字は半角に直して読みます。",
            "番号を半角英数字に書き換えてください（例: `A1`）。手順の名前は日本語のまま「作業」の列に書きます。終了コードは 1 です。",
        ),
        "en": _en(
            "The step id becomes the id of a BPMN element, so only ASCII letters, digits and `-` `_` `.` are allowed. Full-width digits are read as ASCII.",
            "Write the id with ASCII letters and digits (e.g. `A1`); the Japanese name goes in the name column. Exit code 1.",
            "A step id has characters that cannot be used.",
        ),
    },
    "steps.table.unknown-next": {
        "ja": _ja(
            "次の手順が表にありません。",
            "「次の手順」には表にある手順の番号を書きます。複数あるときは「,」「、」「;」または改行で区切ります。流れを終えるときは `終了`（`end`）と書きます。",
            "番号の書き間違いを直してください（似た番号があればメッセージに出ます）。終了コードは 1 です。",
        ),
        "en": _en(
            "The next-step cell lists ids of steps in the table, separated by `,` `、` `;` or line breaks; `end` (終了) ends the flow.",
            "Fix the id (the message suggests a similar one when there is). Exit code 1.",
            "The next step is not in the table.",
        ),
    },
    "steps.table.count-mismatch": {
        "ja": _ja(
            "条件や確率の数が次の手順の数と合いません。",
            "次の手順が複数あるとき、「条件」と「確率」は次の手順と同じ順で、同じ数だけ区切って書きます（区切りは次の手順と同じです）。空にしたいものは空のまま区切ります。",
            "値の数を次の手順の数にそろえてください。終了コードは 1 です。",
        ),
        "en": _en(
            "With several next steps, the condition and probability cells list one value per next step, in the same order and with the same separators.",
            "Give as many values as there are next steps. Exit code 1.",
            "The number of conditions or probabilities differs from the next steps.",
        ),
    },
    "steps.table.bad-probability": {
        "ja": _ja(
            "確率を読めません。",
            "分岐の確率は、その流れに進む件数の割合です。0 から 1 の小数か、0% から 100% の百分率で書きます。",
            "値を直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "A branch probability is the share of cases taking that way: a decimal from 0 to 1 or a percentage from 0% to 100%.",
            "Fix the value. Exit code 1.",
            "A probability cannot be read.",
        ),
    },
    "steps.table.probability-sum": {
        "ja": _ja(
            "分岐の確率の合計が 1 を超えています。",
            "1 つの手順から分かれる流れの確率は、合わせて 1（100%）以下でなければなりません。書いていない流れには残りが等分されます。",
            "合計が 1 になるように直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "The probabilities of the ways out of one step must add up to at most 1 (100%); ways without one share what is left evenly.",
            "Make them add up to 1. Exit code 1.",
            "Branch probabilities add up to more than 1.",
        ),
    },
    "steps.table.bad-duration": {
        "ja": _ja(
            "時間を読めません。",
            "作業時間と待ち時間は ISO 8601 の期間（`PT9M`、`P3D`）か、数と単位（秒・分・時間・日・週間・か月、または sec・min・h・day・week・month）の組み合わせで書きます。範囲（1〜3週間）は書けないので、代表の値を 1 つ書きます。",
            "値を直してください。終了コードは 1 です。",
        ),
        "en": _en(
            "Work and wait times are ISO 8601 durations (`PT9M`, `P3D`) or numbers with units (秒 分 時間 日 週間 か月, or sec min h day week month). A range (1-3 weeks) cannot be given; write one typical value.",
            "Fix the value. Exit code 1.",
            "A time cannot be read.",
        ),
    },
    "steps.table.bad-number": {
        "ja": _ja(
            "枚数を読めません。",
            "紙の列は、その手順で作る・扱う紙の枚数（0 以上の整数）です。",
            "整数を書いてください。紙を使わないときは 0 か空にします。終了コードは 1 です。",
        ),
        "en": _en(
            "The paper column is the number of sheets the step produces or handles, a whole number of 0 or more.",
            "Write a whole number; 0 or empty when there is no paper. Exit code 1.",
            "A number of sheets cannot be read.",
        ),
    },
    "steps.table.bad-flag": {
        "ja": _ja(
            "はい／いいえを読めません。",
            "押印・再入力・決裁の列は、その手順にあてはまるかどうかです。",
            "○ か × （または空）で書いてください。終了コードは 1 です。",
        ),
        "en": _en(
            "The seal, re-key and approval columns say whether the step has that property.",
            "Write ○ or × (or leave it empty). Exit code 1.",
            "A yes/no cannot be read.",
        ),
    },
    "steps.table.bad-choice": {
        "ja": _ja(
            "この列に使えない値です。",
            "手段（チャネル）、作業の種類、担当の種類の列は、決まった値から選びます（日本語でも英語でもかまいません）。",
            "メッセージにある値から選んでください。終了コードは 1 です。",
        ),
        "en": _en(
            "The channel, task type and actor kind columns take one of a fixed set of values (Japanese or English).",
            "Pick one of the values the message lists. Exit code 1.",
            "A value this column does not take.",
        ),
    },
    "steps.table.lane-actor": {
        "ja": _ja(
            "同じレーンに違う担当の種類があります。",
            "担当の種類（住民・職員・外部・システム）はレーンごとに 1 つです。",
            "同じレーンの行は同じ種類にしてください（最初の行だけに書いてもかまいません）。終了コードは 1 です。",
        ),
        "en": _en(
            "The actor kind (resident, staff, external, system) belongs to the lane, one per lane.",
            "Give the rows of one lane the same kind (or write it in the lane's first row only). Exit code 1.",
            "One lane has two actor kinds.",
        ),
    },
    "steps.table.unreachable": {
        "ja": _ja(
            "最初の手順からたどり着けない手順があります。",
            "流れは表の最初の手順から始まり、「次の手順」をたどって進みます。最初の手順からたどり着けない手順は実行されず、KPI にも数えられません。入ってくる流れのないタスクは BPMN として誤りになるため、その手順は書き出さずに残りを書き出します（警告です。終了コードは 0 です）。",
            "その手順を前の手順の「次の手順」に書き足すか、不要なら行を消してください。",
        ),
        "en": _en(
            "The flow starts at the first step of the table and follows the next-step cells. A step the first step never leads to never runs and counts in no KPI; a task without incoming flow would make the BPMN file invalid, so the step is left out and the rest is written (a warning; exit code 0).",
            "Add it to the next steps of the step before, or delete the row.",
            "A step the flow never reaches.",
        ),
    },
    "steps.option.actor": {
        "ja": _ja(
            "--actor の値を読めません。",
            "`machiflow import-steps --actor 保護者=resident` のように、レーンの名前と担当の種類を `=` でつないで指定します。種類は `resident`（住民）、`staff`（職員）、`external`（外部）、`system`（システム）です。",
            "値を直してください。レーンごとに `--actor` を繰り返せます。終了コードは 1 です。",
        ),
        "en": _en(
            "`machiflow import-steps --actor 保護者=resident` joins a lane name and its actor kind with `=`; the kind is `resident`, `staff`, `external` or `system`.",
            "Fix the value; repeat `--actor` for each lane. Exit code 1.",
            "An --actor value cannot be read.",
        ),
    },
}

# Pieces of messages (filled into a {hint} param), not codes of their own.
HINTS: dict[str, dict[str, str]] = {
    "did-you-mean": {"ja": "{candidate} のことですか。", "en": " Did you mean {candidate}?"},
}

# For the reference page (engine.check.reference): which command reports each code.
COMMANDS: dict[str, str] = {
    "steps.write-error": "layout, import-steps, handbook",
    "steps.layout.has-di": "layout",
    "steps.layout.nothing": "layout",
    "steps.layout.done": "layout",
    "steps.import.done": "import-steps",
    "steps.table.format": "import-steps",
    "steps.table.read-error": "import-steps",
    "steps.table.encoding": "import-steps",
    "steps.table.empty": "import-steps",
    "steps.table.missing-column": "import-steps",
    "steps.table.duplicate-column": "import-steps",
    "steps.table.empty-value": "import-steps",
    "steps.table.duplicate-id": "import-steps",
    "steps.table.bad-id": "import-steps",
    "steps.table.unknown-next": "import-steps",
    "steps.table.count-mismatch": "import-steps",
    "steps.table.bad-probability": "import-steps",
    "steps.table.probability-sum": "import-steps",
    "steps.table.bad-duration": "import-steps",
    "steps.table.bad-number": "import-steps",
    "steps.table.bad-flag": "import-steps",
    "steps.table.bad-choice": "import-steps",
    "steps.table.lane-actor": "import-steps",
    "steps.table.no-end": "import-steps",
    "steps.table.unreachable": "import-steps",
    "steps.option.actor": "import-steps",
}
EXIT_CODES: dict[str, tuple[int, ...]] = {
    code: (0,) if code.endswith((".done", ".unreachable")) else (1,) for code in COMMANDS
}
