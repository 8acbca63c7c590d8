"""Messages for xsd."""

MESSAGES: dict[str, dict[str, str]] = {}
