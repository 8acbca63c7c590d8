"""The resident's view of a case: where it stands in plain words, what they must do next,
its history without staff names, and its result; and finding a case by receipt number
and secret, with repeated failures per receipt number slowed down."""

from __future__ import annotations

import enum
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from engine.errors import NotFoundError
from engine.service.cases import InstanceView
from engine.service.casework import DUE_FIELD, REASON_FIELD
from engine.service.principals import is_resident_lane
from engine.store import (
    AuditAction,
    Database,
    InstanceRepository,
    InstanceStatus,
    TaskStatus,
    token_matches,
)

# The variables a correction request (engine.service.casework) sets: shown to the resident.
CORRECTION_REASON: Final = REASON_FIELD
CORRECTION_DUE: Final = DUE_FIELD
DECISION_NOTICE: Final = "decision_notice"
# Text variables named *_notice are notices to the resident: decision_notice is the result,
# the others (e.g. 生活保護's extension_notice, §24's statement of an extended deadline) are
# shown as they are. Values that are not text (a consent flag) are not notices.
NOTICE_SUFFIX: Final = "_notice"


class Phase(enum.StrEnum):
    """Where a case stands for its resident (a catalogue key each: ``resident.phase.*``)."""

    APPLYING = "applying"  # started; the application has not been sent yet
    RECEIVED = "received"  # sent; nobody has worked on it yet
    REVIEWING = "reviewing"  # staff are working on it
    CORRECTION = "correction"  # staff asked the resident to correct or add something
    ACTION = "action"  # another step waits for the resident
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    PROBLEM = "problem"  # the case stopped on an error; the office must act


@dataclass(frozen=True, slots=True)
class NextTask:
    id: str
    name: str
    element_id: str


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str  # started, sent, done, message, withdrawn, completed, problem
    name: str | None  # the step's name, when the event is about one


@dataclass(frozen=True, slots=True)
class CaseStatus:
    instance_id: str
    receipt_number: str
    procedure: str  # the procedure's name
    phase: Phase
    started_at: datetime
    updated_at: datetime
    next_tasks: tuple[NextTask, ...]
    correction_reason: str | None
    correction_due: date | None
    history: tuple[Event, ...]
    result: str | None  # the decision notice, else the name of the end event reached
    notices: tuple[str, ...] = ()  # other notices to the resident, by variable name

    @property
    def is_open(self) -> bool:
        return self.phase not in {Phase.COMPLETED, Phase.WITHDRAWN}


def resident_status(
    view: InstanceView, *, end_names: Mapping[str, str] | None = None
) -> CaseStatus:
    """The resident's view of ``view`` (``Cases.instance`` read with their secret)."""
    meta = view.definition.meta
    names = _task_names(meta)
    ready = [
        t for t in view.tasks if t.status == TaskStatus.READY and is_resident_lane(t.lane, meta)
    ]
    resident_elements = {
        str(t.get("element_id"))
        for t in meta.get("tasks") or []
        if isinstance(t, dict) and is_resident_lane(t.get("lane"), meta)
    }
    history = tuple(_events(view, names, resident_elements))
    sent = any(e.kind == "sent" for e in history)
    reason = _text(view.data.get(CORRECTION_REASON))
    status = view.instance.status
    if status == InstanceStatus.WITHDRAWN:
        phase = Phase.WITHDRAWN
    elif status == InstanceStatus.COMPLETED:
        phase = Phase.COMPLETED
    elif status == InstanceStatus.ERROR:
        phase = Phase.PROBLEM
    elif ready and not sent:
        phase = Phase.APPLYING
    elif ready and reason:
        phase = Phase.CORRECTION
    elif ready:
        phase = Phase.ACTION
    elif any(e.kind == "done" for e in history):
        phase = Phase.REVIEWING
    else:
        phase = Phase.RECEIVED
    result = None
    if phase == Phase.COMPLETED:
        result = _text(view.data.get(DECISION_NOTICE))
        if result is None:
            ends = end_names or {}
            ended = [ends[e] for e in view.completed_elements if e in ends]
            result = ended[-1] if ended else None
    return CaseStatus(
        instance_id=view.instance.id,
        receipt_number=view.instance.receipt_number,
        procedure=view.definition.name,
        phase=phase,
        started_at=view.instance.created_at,
        updated_at=view.instance.updated_at,
        next_tasks=tuple(NextTask(t.id, t.name, t.element_id) for t in ready),
        correction_reason=reason if phase == Phase.CORRECTION else None,
        correction_due=_day(view.data.get(CORRECTION_DUE)) if phase == Phase.CORRECTION else None,
        history=history,
        result=result,
        notices=_notices(view.data),
    )


def _notices(data: Mapping[str, Any]) -> tuple[str, ...]:
    found = []
    for name in sorted(data):
        text = _text(data[name]) if name.endswith(NOTICE_SUFFIX) else None
        if text is not None and name != DECISION_NOTICE:
            found.append(text)
    return tuple(found)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _day(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _task_names(meta: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(t["element_id"]): str(t.get("name") or t["element_id"])
        for t in meta.get("tasks") or []
        if isinstance(t, dict) and t.get("element_id")
    }


def _events(
    view: InstanceView, names: Mapping[str, str], resident_elements: set[str]
) -> Iterable[Event]:
    for record in view.history:
        name = names.get(record.element_id or "") if record.element_id else None
        if record.action == AuditAction.STARTED:
            yield Event(record.at, "started", None)
        elif record.action == AuditAction.TASK_COMPLETED:
            resident = record.element_id in resident_elements
            yield Event(record.at, "sent" if resident else "done", name)
        elif record.action == AuditAction.MESSAGE_RECEIVED:
            yield Event(record.at, "message", None)
        elif record.action == AuditAction.WITHDRAWN:
            yield Event(record.at, "withdrawn", None)
        elif record.action == AuditAction.COMPLETED:
            yield Event(record.at, "completed", None)
        elif record.action == AuditAction.ERROR:
            yield Event(record.at, "problem", None)


# --- finding a case by receipt number and secret -------------------------------------------

MAX_FAILURES: Final = 5
WINDOW_SECONDS: Final = 15 * 60


class LookupGuard:
    """Counts failed look-ups per receipt number in this process: after ``MAX_FAILURES``
    within ``WINDOW_SECONDS`` that number is refused until the window passes, whether it
    exists or not (so refusing tells nothing either)."""

    def __init__(self, *, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, receipt_number: str) -> bool:
        with self._lock:
            return len(self._recent(receipt_number, time.monotonic())) >= self.max_failures

    def failed(self, receipt_number: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._failures[receipt_number] = [*self._recent(receipt_number, now), now]

    def succeeded(self, receipt_number: str) -> None:
        with self._lock:
            self._failures.pop(receipt_number, None)


def normalize_receipt(text: str) -> str:
    """A receipt number as typed: full-width letters and digits, spaces and case forgiven."""
    plain = unicodedata.normalize("NFKC", text).strip().upper()
    return "".join(c for c in plain if not c.isspace())


def find_case(db: Database, receipt_number: str, secret: str) -> str | None:
    """The id of the case with this receipt number whose secret is ``secret``; None when
    either is wrong (one answer for both)."""
    secret = secret.strip()
    if not receipt_number or not secret:
        return None
    with db.reader() as session:
        try:
            record = InstanceRepository(session).by_receipt(receipt_number)
        except NotFoundError:
            token_matches(secret, "0" * 64)  # about the same work as a real check
            return None
    return record.id if token_matches(secret, record.access_token_hash) else None
