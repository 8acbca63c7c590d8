"""Coded messages of the comparison API and the staff pages (documented through ``DOCS``).

The wording of the pages themselves (titles, labels, help, field errors) is not coded and
lives in the gettext catalogues under ``api/locale`` (read by ``api.web.texts``).
"""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "compare.unknown-procedure": {
        "ja": "手続き {procedure} は登録されていません。手続きの一覧（GET /api/processes の procedure）で名前を確かめてください。",
        "en": "No procedure {procedure} is deployed. Check the name in the list of procedures (procedure in GET /api/processes).",
    },
    "compare.no-input": {
        "ja": "比較するものを指定してください。procedure=手続き、または left=キー と right=キー（3 つ目は third=キー）です。",
        "en": "Say what to compare: procedure=SLUG, or left=KEY and right=KEY (and third=KEY for a third variant).",
    },
    "compare.mixed-input": {
        "ja": "procedure と left・right・third は同時に指定できません。どちらか一方にしてください。",
        "en": "Give either procedure or left/right/third, not both.",
    },
    "compare.bad-reference": {
        "ja": "{parameter}={value} は読めません。キー（例: Gakudo_ToBe）か、キー:版（例: Gakudo_ToBe:2）の形で指定してください。",
        "en": "{parameter}={value} cannot be read. Give a key (e.g. Gakudo_ToBe) or a key and a version (e.g. Gakudo_ToBe:2).",
    },
    "compare.file-count": {
        "ja": "比較するには BPMN ファイルを {low} つか {high} つ送ってください（送られたファイルの数：{count}）。",
        "en": "Send {low} or {high} BPMN files to compare ({count} were sent).",
    },
    "compare.too-few": {
        "ja": "手続き {procedure} には比較できる版が {count} つしかありません。別の版（As-Is、Can-Be、To-Be）を登録してから比較してください。",
        "en": "The procedure {procedure} has only {count} variant to compare. Deploy another variant (As-Is, Can-Be, To-Be) first.",
    },
    "compare.bad-format": {
        "ja": "format={value} には対応していません。json（既定）か html を指定してください。",
        "en": "format={value} is not supported. Use json (the default) or html.",
    },
    "web.csrf": {
        "ja": "送信を確認できませんでした。画面を開いてから時間がたったか、別の画面から送信された可能性があります。もう一度画面を開いて操作してください。",
        "en": "The form could not be verified: it was open for too long, or it was sent from another page. Open the page again and retry.",
    },
    "web.secret-too-short": {
        "ja": "環境変数 MACHIFLOW_SECRET_KEY が短すぎます（{length} 文字）。{minimum} 文字以上のランダムな文字列にしてください。",
        "en": "The environment variable MACHIFLOW_SECRET_KEY is too short ({length} characters). Use a random string of at least {minimum} characters.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "compare.unknown-procedure": {
        "ja": _ja(
            "その手続きは登録されていません。",
            "`GET /api/compare?procedure=…` や職員用ページ `/staff/procedures/…` で指定した手続き（`bpr:procedure` の値）のモデルが、1 つも登録されていません（404）。",
            "`GET /api/processes` の `procedure`、または `/staff/procedures` の一覧で手続きの名前を確かめてください。モデルに `bpr:procedure` がないときは、プロセスの id が手続きの名前になります。",
        ),
        "en": _en(
            "No deployed model belongs to the procedure (the value of `bpr:procedure`) given to `GET /api/compare?procedure=…` or the staff page `/staff/procedures/…` (404).",
            "Check the name in `procedure` of `GET /api/processes`, or in the list at `/staff/procedures`. A model without `bpr:procedure` is its own procedure, named by its process id.",
            "No such procedure.",
        ),
    },
    "compare.no-input": {
        "ja": _ja(
            "比較するものが指定されていません。",
            "`GET /api/compare` に `procedure` も `left`・`right` もありません（422）。",
            "手続きのすべての版を比べるなら `?procedure=手続き`、特定の版どうしなら `?left=キー&right=キー`（版は `キー:2` のように指定、3 つ目は `third`）を付けてください。",
        ),
        "en": _en(
            "`GET /api/compare` got neither `procedure` nor `left` and `right` (422).",
            "Add `?procedure=SLUG` to compare every variant of a procedure, or `?left=KEY&right=KEY` for two versions (`KEY:2` names a version; `third` adds a third).",
            "Nothing to compare.",
        ),
    },
    "compare.mixed-input": {
        "ja": _ja(
            "procedure と left・right を同時に指定しています。",
            "`GET /api/compare` で手続き全体（`procedure`）と個別の版（`left`・`right`・`third`）の両方を指定しました（422）。どちらを比べるか決められません。",
            "どちらか一方だけを指定してください。",
        ),
        "en": _en(
            "`GET /api/compare` got both a whole procedure (`procedure`) and single versions (`left`, `right`, `third`) (422).",
            "Give only one of the two.",
            "Both procedure and versions given.",
        ),
    },
    "compare.bad-reference": {
        "ja": _ja(
            "版の指定が読めません。",
            "`left`・`right`・`third` の値が `キー` または `キー:版`（版は 1 以上の整数）の形ではありません（422）。",
            "`Gakudo_ToBe`（最新の版）や `Gakudo_ToBe:2`（第 2 版）のように指定してください。キーは `GET /api/processes` の `key` です。",
        ),
        "en": _en(
            "A value of `left`, `right` or `third` is not `KEY` or `KEY:VERSION` (a version is a whole number from 1) (422).",
            "Write `Gakudo_ToBe` (the newest version) or `Gakudo_ToBe:2` (version 2). Keys are the `key` of `GET /api/processes`.",
            "A version reference cannot be read.",
        ),
    },
    "compare.file-count": {
        "ja": _ja(
            "比較するファイルの数が合いません。",
            "`POST /api/compare` には `file` 欄で BPMN ファイルを 2 つ（As-Is と To-Be など）か 3 つ（As-Is、Can-Be、To-Be）送ります（422）。",
            "比べる順（古い姿から新しい姿へ）に 2 つか 3 つのファイルを送ってください。",
        ),
        "en": _en(
            "`POST /api/compare` takes 2 (As-Is and To-Be, say) or 3 (As-Is, Can-Be, To-Be) BPMN files in `file` fields (422).",
            "Send 2 or 3 files, in order from the old way of working to the new.",
            "Wrong number of files to compare.",
        ),
    },
    "compare.too-few": {
        "ja": _ja(
            "比較できる版が 1 つしかありません。",
            "差分レポート（`format=html`、職員用ページの「差分レポート」）には版が 2 つ以上必要ですが、手続きに登録された版（As-Is、Can-Be、To-Be）は 1 つだけです（422）。",
            "別の版のモデル（同じ `bpr:procedure` で別の `bpr:variant`）を登録してください。KPI は版が 1 つでも JSON と職員用ページで見られます。",
        ),
        "en": _en(
            "The diff report (`format=html`, the staff page's report link) needs two variants or more, and the procedure has one deployed (As-Is, Can-Be or To-Be) (422).",
            "Deploy another variant (the same `bpr:procedure` with another `bpr:variant`). The KPIs of one variant are in the JSON answer and on the staff page.",
            "Only one variant to compare.",
        ),
    },
    "compare.bad-format": {
        "ja": _ja(
            "その形式では返せません。",
            "`/api/compare` の `format` は `json`（既定）か `html`（1 ページで完結する差分レポート）です（422）。",
            "`format=json` か `format=html` を指定するか、`format` を外してください。",
        ),
        "en": _en(
            "The `format` of `/api/compare` is `json` (the default) or `html` (the self-contained diff report) (422).",
            "Use `format=json` or `format=html`, or leave `format` out.",
            "Unsupported format.",
        ),
    },
    "web.csrf": {
        "ja": _ja(
            "フォームの送信を確認できません。",
            "職員用ページのフォーム（サインインなど）に、画面を開いたときの確認用の値がないか、値が合いません（403）。フォームを開いたまま長い時間がたったとき、Cookie を消したとき、または別のサイトから送信されたときに起きます。",
            "画面を開き直してから、もう一度操作してください。ブラウザーが Cookie を受け付けるようにしてください。",
        ),
        "en": _en(
            "A form of the staff pages (sign-in, say) came without the check value of the page it was opened on, or with a wrong one (403). It happens when the form was left open for long, when cookies were cleared, or when another site sent the form.",
            "Open the page again and retry. Let the browser accept cookies.",
            "The form could not be verified.",
        ),
    },
    "web.secret-too-short": {
        "ja": _ja(
            "MACHIFLOW_SECRET_KEY が短すぎます。",
            "職員用ページのサインイン情報（Cookie）に署名する鍵 `MACHIFLOW_SECRET_KEY` が短く、推測されるおそれがあります（503）。",
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'` などで作った 32 文字以上のランダムな文字列を設定するか、変数を外してください（外すと SQLite のデータベースの隣のファイルに鍵を作って保存します）。",
        ),
        "en": _en(
            "The key that signs the staff pages' sign-in cookie, `MACHIFLOW_SECRET_KEY`, is short enough to be guessed (503).",
            "Set a random string of 32 characters or more (`python -c 'import secrets; print(secrets.token_urlsafe(48))'`), or unset it: a key is then made and kept in a file beside the SQLite database.",
            "MACHIFLOW_SECRET_KEY is too short.",
        ),
    },
}
