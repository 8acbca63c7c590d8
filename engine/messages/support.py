"""Messages for support."""

MESSAGES: dict[str, dict[str, str]] = {}
