"""Runnable specs: the stored form of a deployed version, and a cache of restored ones.

A version is parsed once, at deploy time, into SpiffWorkflow spec objects; those are stored
as one JSON-safe document (``spec_document``). Instances never embed it: each restore takes
the ``Spec`` from a ``SpecCache`` (one restored copy per document, shared by every instance
of the version) and rebuilds only the task tree around it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from engine.errors import StateError, UnsafeModelError
from engine.runtime import inspection
from engine.runtime.library import (
    SERIALIZER_VERSION,
    VERSION_KEY,
    connect_loop_children,
    restore_spec,
    spec_dict,
)

FORMAT: Final = "machiflow.spec/1"


@dataclass(frozen=True, eq=False)
class Spec:
    """A restored, runnable version: the top spec and every spec it may start.

    ``key`` is the process id (or collaboration id) instances start from; ``digest`` the
    SHA-256 of its stored document. Treat the SpiffWorkflow objects as read-only: every
    instance of the version shares them.
    """

    key: str
    top: Any
    subprocesses: Mapping[str, Any]
    digest: str = ""
    messages: Mapping[str, Any] = field(default_factory=dict)
    forms: Mapping[str, str] = field(default_factory=dict)  # "process/element" -> source

    @classmethod
    def of(
        cls,
        key: str,
        top: Any,
        subprocesses: Mapping[str, Any],
        digest: str = "",
        forms: Mapping[str, str] | None = None,
    ) -> Spec:
        """A spec around parsed or restored objects (indexes its message names, and wires
        loop bodies as a restore does: ``library.connect_loop_children``)."""
        connect_loop_children([top, *subprocesses.values()])
        messages = _message_definitions(top, subprocesses)
        return cls(key, top, dict(subprocesses), digest, messages, dict(forms or {}))

    def expressions(self) -> list[inspection.Expression]:
        """Every expression the engine may evaluate for this spec."""
        return inspection.walk(self.top, self.subprocesses)


def spec_document(
    key: str,
    top: Any,
    subprocesses: Mapping[str, Any],
    forms: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The stored form of a version: JSON-safe, restored by ``load_spec``.

    ``forms`` maps "process_id/element_id" of human tasks to where their form comes from
    (a schema file name, or "camunda:formData"), so ready tasks can name it.
    """
    return {
        "format": FORMAT,
        VERSION_KEY: SERIALIZER_VERSION,
        "key": key,
        "forms": dict(forms or {}),
        "spec": spec_dict(top),
        "subprocess_specs": {name: spec_dict(sub) for name, sub in subprocesses.items()},
    }


def canonical_text(document: Mapping[str, Any]) -> str:
    """The document as the text to store: its digest is the digest of the dict."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest_of(document: str | bytes | Mapping[str, Any]) -> str:
    """SHA-256 of a stored document: of its text, or of its canonical text."""
    if isinstance(document, Mapping):
        document = canonical_text(document)
    if isinstance(document, str):
        document = document.encode("utf-8")
    return hashlib.sha256(document).hexdigest()


def load_spec(document: str | bytes | Mapping[str, Any], *, digest: str | None = None) -> Spec:
    """Restore a stored document, re-checking every expression (stored is not trusted).

    Raises ``StateError`` for a document of another format or serializer version, and
    ``UnsafeModelError`` when an expression would be refused by the sandbox.
    """
    digest = digest or digest_of(document)
    if isinstance(document, str | bytes):
        try:
            data = json.loads(document)
        except ValueError as exc:
            raise StateError(detail=f"spec is not JSON: {exc}") from exc
    else:
        data = copy.deepcopy(dict(document))  # restoring consumes the dicts
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError(detail=f"not a machiflow spec document ({FORMAT})")
    if data.get(VERSION_KEY) != SERIALIZER_VERSION:
        raise StateError(
            detail=f"spec serializer version {data.get(VERSION_KEY)!r}, "
            f"this engine reads {SERIALIZER_VERSION!r}"
        )
    try:
        top = restore_spec(data["spec"])
        subprocesses = {name: restore_spec(sub) for name, sub in data["subprocess_specs"].items()}
    except Exception as exc:  # the library raises whatever a bad dict provokes
        raise StateError(detail=f"spec cannot be restored: {type(exc).__name__}: {exc}") from exc
    spec = Spec.of(str(data["key"]), top, subprocesses, digest, data.get("forms"))
    _refuse_unsafe(spec)
    return spec


def _refuse_unsafe(spec: Spec) -> None:
    findings = inspection.check(spec.expressions())
    if findings:
        raise UnsafeModelError(inspection.problems(findings))


class SpecCache:
    """Restored specs by digest, least recently used dropped first; safe across threads.

    Pass the stored text (hashed, never parsed on a hit) or the digest the caller already
    keeps; a dict document is hashed through its canonical JSON, which costs more.
    """

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._specs: OrderedDict[str, Spec] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, document: str | bytes | Mapping[str, Any], *, digest: str | None = None) -> Spec:
        key = digest or digest_of(document)
        with self._lock:
            found = self._specs.get(key)
            if found is not None:
                self._specs.move_to_end(key)
                return found
        spec = load_spec(document, digest=key)
        with self._lock:
            self._specs[key] = spec
            self._specs.move_to_end(key)
            while len(self._specs) > self.maxsize:
                self._specs.popitem(last=False)
        return spec

    def __len__(self) -> int:
        return len(self._specs)

    def clear(self) -> None:
        with self._lock:
            self._specs.clear()


def _task_specs(top: Any, subprocesses: Mapping[str, Any]) -> Iterator[Any]:
    for spec in [top, *subprocesses.values()]:
        yield from spec.task_specs.values()


def _message_definitions(top: Any, subprocesses: Mapping[str, Any]) -> dict[str, Any]:
    """Message name -> the event definition the spec catches it with (first one wins).

    SpiffWorkflow matches a delivered event by the class of its definition and its name,
    so an outside message is delivered with the spec's own definition object.
    """
    found: dict[str, Any] = {}
    for task_spec in _task_specs(top, subprocesses):
        definition = getattr(task_spec, "event_definition", None)
        stack = [definition] if definition is not None else []
        while stack:
            current = stack.pop()
            stack.extend(getattr(current, "event_definitions", None) or ())
            if "Message" in type(current).__name__ and getattr(current, "name", None):
                found.setdefault(str(current.name), current)
    return found
