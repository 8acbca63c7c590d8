"""Messages for rendering diagrams (engine.render)."""

MESSAGES: dict[str, dict[str, str]] = {}
