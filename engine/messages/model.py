"""Messages for loading BPMN documents."""

MESSAGES: dict[str, dict[str, str]] = {
    "model.empty": {
        "ja": "ファイルが空です。BPMN 2.0 の XML ファイルを指定してください。",
        "en": "the file is empty. Give a BPMN 2.0 XML file.",
    },
    "model.too-large": {
        "ja": "ファイルが大きすぎます（{size:,} バイト。上限は {limit:,} バイト）。",
        "en": "the file is too large ({size:,} bytes; the limit is {limit:,} bytes).",
    },
    "model.xml-syntax": {
        "ja": "XML の構文エラーです: {detail}",
        "en": "XML syntax error: {detail}",
    },
    "model.doctype": {
        "ja": "DOCTYPE（DTD・エンティティ宣言）を含む XML は読み込めません。"
        "BPMN ファイルには不要なので、宣言を削除してください。",
        "en": "XML with a DOCTYPE (DTD or entity declarations) is refused. "
        "BPMN files do not need one: remove the declaration.",
    },
    "model.not-bpmn": {
        "ja": "BPMN 2.0 のファイルではありません（ルート要素が {root}。"
        "BPMN の definitions 要素が必要です）。",
        "en": "not a BPMN 2.0 file (the root element is {root}; "
        "a BPMN definitions element is expected).",
    },
    "model.read-error": {
        "ja": "ファイルを読み込めません: {detail}",
        "en": "cannot read the file: {detail}",
    },
}
