"""The one error tree of machiflow: each class has a stable code and a category.

    MachiflowError                    code, params; message(lang) from engine.messages
    ├── InputError                    category "input": the user's file or data is wrong
    │   ├── ModelLoadError            a BPMN file cannot be read at all
    │   │   ├── EmptyFileError          model.empty
    │   │   ├── FileTooLargeError       model.too-large
    │   │   ├── XmlSyntaxError          model.xml-syntax (line, column)
    │   │   ├── ForbiddenDoctypeError   model.doctype (DTDs/entities are never allowed)
    │   │   └── NotBpmnError            model.not-bpmn
    │   └── UsageError                usage.* (bad command-line or API arguments)
    ├── ConflictError                 category "conflict": someone else changed it first (409)
    │                                   store.conflict.* (stale lock_version, task taken, ...)
    ├── NotFoundError                 category "not_found": no such instance, task, user (404)
    │                                   store.not-found.*
    ├── SetupError                    category "setup": the machine lacks something (graphviz)
    └── InternalError                 category "internal": a bug; never shown as a traceback

The CLI and the API map the category to an exit code / HTTP status in one place each.
"""

from __future__ import annotations

from typing import Any, ClassVar


class MachiflowError(Exception):
    """Base of every error machiflow raises on purpose."""

    category: ClassVar[str] = "internal"
    code: str

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "ja") -> str:
        from engine.messages import render

        return render(self.code, lang, **self.params)


class InputError(MachiflowError):
    """Something the user gave us is wrong; the message says what and where."""

    category = "input"


class ModelLoadError(InputError):
    """A BPMN document cannot be loaded."""

    def __init__(self, code: str, /, *, file: str, line: int | None = None, **params: Any):
        self.file = file
        self.line = line
        super().__init__(code, file=file, line=line, **params)

    def message(self, lang: str = "ja") -> str:
        """The message led by where it happened: ``file:line:column:``."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            column = self.params.get("column")
            if column:
                where += f":{column}"
        return f"{where}: {super().message(lang)}"


class EmptyFileError(ModelLoadError):
    def __init__(self, *, file: str) -> None:
        super().__init__("model.empty", file=file)


class FileTooLargeError(ModelLoadError):
    def __init__(self, *, file: str, size: int, limit: int) -> None:
        super().__init__("model.too-large", file=file, size=size, limit=limit)


class XmlSyntaxError(ModelLoadError):
    def __init__(self, *, file: str, line: int, column: int, detail: str) -> None:
        self.column = column
        super().__init__("model.xml-syntax", file=file, line=line, column=column, detail=detail)


class ForbiddenDoctypeError(ModelLoadError):
    def __init__(self, *, file: str, line: int | None = None) -> None:
        super().__init__("model.doctype", file=file, line=line)


class NotBpmnError(ModelLoadError):
    def __init__(self, *, file: str, line: int | None, root: str) -> None:
        super().__init__("model.not-bpmn", file=file, line=line, root=root)


class UsageError(InputError):
    """Bad arguments to a command or an API call."""


class ConflictError(MachiflowError):
    """The change lost a race: another client changed the same thing first. Reload and retry."""

    category = "conflict"


class NotFoundError(MachiflowError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    category = "not_found"


class SetupError(MachiflowError):
    """The machine lacks a program or package machiflow needs; the message says which."""

    category = "setup"


class InternalError(MachiflowError):
    """A bug in machiflow; reported with a code, never as a traceback."""
