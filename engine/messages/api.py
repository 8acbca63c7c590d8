"""Messages of the HTTP API (api/)."""

MESSAGES: dict[str, dict[str, str]] = {
    "api.bad-request": {
        "ja": "リクエストの形式が正しくありません。params.errors の項目を確認してください。",
        "en": "The request is malformed: see params.errors for the fields.",
    },
    "api.no-route": {
        "ja": "このアドレスには何もありません。",
        "en": "There is nothing at this address.",
    },
    "api.method-not-allowed": {
        "ja": "このアドレスではこの操作（HTTP メソッド）は使えません。",
        "en": "This HTTP method is not allowed at this address.",
    },
    "api.http": {
        "ja": "HTTP エラー {http_status} です。",
        "en": "HTTP error {http_status}.",
    },
    "api.upload-too-large": {
        "ja": "ファイル {name} が大きすぎます（上限 {limit:,} バイト）。",
        "en": "The file {name} is too large (the limit is {limit:,} bytes).",
    },
    "api.internal": {
        "ja": "サーバー内部でエラーが起きました（{error}）。入力した内容は保存されていません。"
        "時間をおいてやり直し、続く場合は管理者に連絡してください。",
        "en": "An internal server error occurred ({error}). Nothing was saved. Try again "
        "later; if it goes on, contact the administrator.",
    },
}
