"""Messages for lint rules (engine.check.lint)."""

MESSAGES: dict[str, dict[str, str]] = {
    "start-event-required": {
        "ja": "プロセス「{name}」に開始イベントがありません。開始イベントを追加してください。",
        "en": "Process '{name}' has no start event. Add a start event.",
    },
}
