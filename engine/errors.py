"""The one error tree of machiflow: each class has a stable code and a category.

    MachiflowError                    code, params; message(lang) from engine.messages
    ├── InputError                    category "input": the user's file or data is wrong
    │   ├── ModelLoadError            a BPMN file cannot be read at all
    │   │   ├── EmptyFileError          model.empty
    │   │   ├── FileTooLargeError       model.too-large
    │   │   ├── XmlSyntaxError          model.xml-syntax (line, column)
    │   │   ├── ForbiddenDoctypeError   model.doctype (DTDs/entities are never allowed)
    │   │   └── NotBpmnError            model.not-bpmn
    │   ├── DeployError               runtime.deploy.* (files that cannot run: file, line, element)
    │   │   └── UnsafeModelError        runtime.deploy.unsafe (expressions the sandbox refuses)
    │   ├── TaskFailedError           runtime.* (a script, condition, timer or decision failed
    │   │                               while running: element id, line)
    │   ├── InvalidDataError          runtime.invalid-data (answers or payloads that are not JSON)
    │   ├── ReservedKeyError          runtime.reserved-key (a "typename" key the state format owns)
    │   └── UsageError                usage.* (bad command-line or API arguments)
    ├── ConflictError                 category "conflict": someone else changed it first (409)
    │                                   store.conflict.* (stale lock_version, task taken, ...)
    │   ├── TaskNotReadyError           runtime.task-not-ready
    │   └── MessageNotExpectedError     runtime.message-not-expected
    ├── NotFoundError                 category "not_found": no such instance, task, user (404)
    │                                   store.not-found.*
    │   └── TaskNotFoundError           runtime.task-not-found
    ├── SetupError                    category "setup": the machine lacks something (graphviz)
    └── InternalError                 category "internal": a bug; never shown as a traceback
        └── StateError                  runtime.state-invalid (a saved state cannot be restored)

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


# --- runtime (engine.runtime): deploying and running executable models -------------------
class DeployError(InputError):
    """The deployed files cannot become a runnable process; the message says where.

    ``file``, ``line`` and ``element`` point into the model when known.
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        file: str,
        line: int | None = None,
        element: str | None = None,
        **params: Any,
    ) -> None:
        self.file = file
        self.line = line
        self.element = element
        super().__init__(code, file=file, line=line, element=element, **params)

    def message(self, lang: str = "ja") -> str:
        """The message led by where it happened: ``file:line:``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {super().message(lang)}"


class UnsafeModelError(DeployError):
    """Expressions the restricted environment refuses: each with element, text and reason.

    ``params["problems"]`` lists them as JSON-safe dicts (file, line, element, where, text,
    reason, and for DMN cells decision, rule and column).
    """

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(
            "runtime.deploy.unsafe",
            file=first["file"],
            line=first.get("line"),
            element=first["element"],
            count=len(problems),
            problems=problems,
        )

    def message(self, lang: str = "ja") -> str:
        from engine.messages.runtime import describe_problem

        lines = [super().message(lang)]
        lines += [f"  - {describe_problem(problem, lang)}" for problem in self.problems]
        return "\n".join(lines)


class TaskFailedError(InputError):
    """A script, condition, timer or decision failed while an instance ran.

    The engine step that failed must be thrown away: the state saved before it is still
    good. ``element`` is the BPMN id of the failing task; ``line`` the line in its script.
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        element: str,
        name: str | None = None,
        line: int | None = None,
        **params: Any,
    ) -> None:
        self.element = element
        self.line = line
        super().__init__(code, element=element, name=name or element, line=line, **params)

    def message(self, lang: str = "ja") -> str:
        """The message led by the element id, with the failing line of a script if known."""
        from engine.messages import render
        from engine.messages.runtime import at_line, where_word

        what = where_word(self.params.get("where"), lang)
        text = render(self.code, lang, **{"what": what, **self.params})
        return f"{self.element}: {text}{at_line(self.line, self.params.get('source'), lang)}"


class TaskNotReadyError(ConflictError):
    """The task exists but cannot be completed now (done, cancelled, or not a person's)."""

    def __init__(self, *, task: str, element: str, state: str) -> None:
        super().__init__("runtime.task-not-ready", task=task, element=element, state=state)


class TaskNotFoundError(NotFoundError):
    """The instance has no task with this id."""

    def __init__(self, *, task: str) -> None:
        super().__init__("runtime.task-not-found", task=task)


class MessageNotExpectedError(ConflictError):
    """No event or task of the instance waits for this message now."""

    def __init__(self, *, message: str) -> None:
        super().__init__("runtime.message-not-expected", message=message)


class InvalidDataError(InputError):
    """Data given to an instance (form answers, a message payload) is not plain JSON."""

    def __init__(self, *, path: str, kind: str) -> None:
        super().__init__("runtime.invalid-data", path=path, kind=kind)


class ReservedKeyError(InputError):
    """Data given to an instance holds a key the saved state's format reserves.

    Saving it would work, but the state could never be restored again; so it is refused
    before anything runs, naming where the key is.
    """

    def __init__(self, *, path: str) -> None:
        super().__init__("runtime.reserved-key", path=path)


class StateError(InternalError):
    """A saved instance state or spec cannot be restored (wrong format or version)."""

    def __init__(self, *, detail: str) -> None:
        super().__init__("runtime.state-invalid", detail=detail)
