"""Messages for rendering diagrams (engine.render)."""

MESSAGES: dict[str, dict[str, str]] = {
    "render.graphviz-missing": {
        "ja": "図のないモデルを描くには Graphviz の dot コマンドが必要です。Graphviz をインストールしてください（例: sudo apt-get install graphviz）。",
        "en": "drawing a model without a diagram needs the Graphviz dot command. Install Graphviz (for example: sudo apt-get install graphviz).",
    },
    "render.graphviz-failed": {
        "ja": "Graphviz による自動レイアウトに失敗しました: {detail}",
        "en": "automatic layout with Graphviz failed: {detail}",
    },
    "render.graphviz-timeout": {
        "ja": "Graphviz による自動レイアウトが {seconds} 秒以内に終わりませんでした。モデルを分割してください。",
        "en": "automatic layout with Graphviz did not finish within {seconds} seconds. Split the model.",
    },
    "render.diagram-not-found": {
        "ja": "図 {diagram} はありません。指定できる図: {known}",
        "en": "there is no diagram {diagram}. Diagrams: {known}",
    },
    "render.process-not-found": {
        "ja": "プロセス {process} はありません。指定できるプロセス: {known}",
        "en": "there is no process {process}. Processes: {known}",
    },
    "render.unknown-state": {
        "ja": "強調表示の状態 {state}（要素 {element}）は使えません。使える状態: {known}",
        "en": "unknown highlight state {state} (element {element}). States: {known}",
    },
    "render.png-failed": {
        "ja": "PNG への変換に失敗しました: {detail}",
        "en": "converting to PNG failed: {detail}",
    },
}
