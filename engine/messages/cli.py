"""Messages of the command line."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.validate.summary": {
        "ja": "{file}: エラー {errors} 件、警告 {warnings} 件",
        "en": "{file}: {errors} error(s), {warnings} warning(s)",
    },
    "cli.validate.empty-dir": {
        "ja": "ディレクトリ {path} に .bpmn ファイルがありません。",
        "en": "There is no .bpmn file under the directory {path}.",
    },
    "cli.render.format": {
        "ja": "出力ファイル {output} の拡張子は .svg か .png にしてください。",
        "en": "The output file {output} must end in .svg or .png.",
    },
    "cli.render.done": {
        "ja": "{output} に書き出しました（{size:,} バイト）。",
        "en": "Wrote {output} ({size:,} bytes).",
    },
    "cli.rules.written": {
        "ja": "{path} に書き出しました。",
        "en": "Wrote {path}.",
    },
    "cli.serve.start": {
        "ja": "machiflow を {url} で起動します（データベース: {db}）。",
        "en": "Starting machiflow at {url} (database: {db}).",
    },
    "cli.users.added": {
        "ja": "職員ユーザー {name} を追加しました（ロール: {roles}）。次の行がトークンです。再表示できないので控えてください。",
        "en": "Added staff user {name} (roles: {roles}). The next line is their token; it is not shown again.",
    },
    "cli.aborted": {"ja": "中断しました。", "en": "Aborted."},
    "cli.internal": {
        "ja": "内部エラーです（{error_code}）: {detail}。machiflow の不具合として報告してください。",
        "en": "Internal error ({error_code}): {detail}. Please report it as a machiflow bug.",
    },
}
