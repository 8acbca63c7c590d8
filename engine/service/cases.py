"""Running cases: start, complete tasks, deliver messages, fire timers, withdraw, read.

Each command is one transaction: restore the instance around its version's shared spec,
run one engine step, and save the state, the open-task index, pending timers and an audit
event together, with the ``lock_version`` read at the start. Two clients acting on the
same instance: the second gets ``ConflictError`` and nothing of its step is kept. A step
that fails in the model (a script error, a timeout) leaves the last good state in place;
the instance is marked ``error`` with what failed, in a transaction of its own.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import jsonschema  # type: ignore[import-untyped]

from engine.errors import ConflictError, InputError, MachiflowError, NotFoundError, TaskFailedError
from engine.runtime import DEFAULT_STEP_SECONDS, Execution, ReadyTask, Spec, SpecCache
from engine.runtime import clock as runtime_clock
from engine.runtime import start as start_execution
from engine.service.principals import (
    Anonymous,
    ForbiddenError,
    Principal,
    Resident,
    Staff,
    UnauthorizedError,
    may_read_instance,
    may_work,
    require_staff,
)
from engine.store import (
    AuditAction,
    AuditRecord,
    AuditRepository,
    Database,
    DefinitionRecord,
    DefinitionRepository,
    InboxEntry,
    InstanceRecord,
    InstanceRepository,
    InstanceStatus,
    NewAuditEvent,
    NewTask,
    NewTimer,
    TaskRecord,
    TaskRepository,
    TaskStatus,
    TimerRepository,
    new_token,
    token_hash,
)
from engine.store.instances import unpack_state

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MISSING: Final = object()
K = TypeVar("K")
# Instances whose last saved view (data, progress) this process keeps for reads.
VIEWS_KEPT: Final = 4096
# Instances whose running workflow, as last saved, this process keeps for their next step.
LIVE_KEPT: Final = 256
_PENDING_VIEWS: Final = "machiflow.views"  # session.info key: views to keep after commit


class NotExecutableError(InputError):
    def __init__(self, *, key: str) -> None:
        super().__init__("service.not-executable", key=key)


class FormInvalidError(InputError):
    """Answers that do not fit the task's form; ``params["errors"]`` lists each field."""

    def __init__(self, *, task: str, errors: list[dict[str, str]]) -> None:
        super().__init__("service.form-invalid", task=task, count=len(errors), errors=errors)


class InstanceClosedError(ConflictError):
    def __init__(self, *, instance: str, status: str) -> None:
        super().__init__("service.instance-closed", instance=instance, status=status)


@dataclass(frozen=True, slots=True)
class Started:
    instance: InstanceRecord
    definition: DefinitionRecord
    access_token: str  # shown once: only its hash is stored
    ready: list[TaskRecord]


@dataclass(frozen=True, slots=True)
class InstanceView:
    instance: InstanceRecord
    definition: DefinitionRecord
    data: dict[str, Any]
    tasks: list[TaskRecord]
    history: list[AuditRecord]
    completed_elements: tuple[str, ...]
    active_elements: tuple[str, ...]


def data_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What a step did to the case data, for the audit log."""
    changed = {k: v for k, v in after.items() if before.get(k, MISSING) != v}
    removed = sorted(k for k in before if k not in after)
    change: dict[str, Any] = {}
    if changed:
        change["set"] = changed
    if removed:
        change["removed"] = removed
    return change


@dataclass(frozen=True, slots=True)
class _SavedView:
    """What a read of an instance shows from one saved state (kept under its version)."""

    data_json: str  # parsed on each read: every reader gets its own copy
    completed: tuple[str, ...]
    active: tuple[str, ...]


class _Kept(Generic[K]):
    """What this process keeps of recently saved instances, each under the ``lock_version``
    of the state it was made from (an LRU of ``size`` instances); thread-safe.

    A ``lock_version`` names one committed state for good (every save moves it on, and a
    save that lost a race is rolled back), so what is kept under it is what a restore of
    that state would give, whoever asks and whichever process saved since. Items are put
    here only once their state is committed (``Cases._publish``).

    Two uses: the view of each state (data, progress) for reads, shared by readers (``get``);
    and the running workflow each state was left in, for the case's next step. Restoring a
    state (JSON parse, rebuilding the task tree around the spec) is a large part of a step's
    cost, and the next step of a case usually comes to the same process. A workflow is
    *taken*, never shared (``take``): a step removes it before running it, and only a step
    that commits puts one back. A step that fails or loses a race simply drops what it
    took, and the next one restores from the database.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, tuple[int, K]] = OrderedDict()

    def __contains__(self, instance_id: str) -> bool:
        with self._lock:
            return instance_id in self._kept

    def get(self, instance_id: str, lock_version: int) -> K | None:
        """What is kept for the state saved as ``lock_version``; else None."""
        with self._lock:
            kept = self._kept.get(instance_id)
        return kept[1] if kept is not None and kept[0] == lock_version else None

    def take(self, instance_id: str, lock_version: int) -> K | None:
        """As ``get``, and removed from here (whatever its version)."""
        with self._lock:
            kept = self._kept.pop(instance_id, None)
        return kept[1] if kept is not None and kept[0] == lock_version else None

    def discard(self, instance_id: str) -> None:
        with self._lock:
            self._kept.pop(instance_id, None)

    def keep(self, instance_id: str, lock_version: int, item: K) -> None:
        with self._lock:
            current = self._kept.get(instance_id)
            if current is not None and current[0] > lock_version:
                return  # a newer one was kept first
            self._kept[instance_id] = (lock_version, item)
            self._kept.move_to_end(instance_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


class VersionSpecs:
    """The spec of each deployed version, read once: a version never changes. Versions
    whose documents are identical share one (``SpecCache``)."""

    def __init__(self) -> None:
        self._specs = SpecCache()
        self._by_definition: dict[int, Spec] = {}

    def get(self, session: Session, definition_id: int) -> Spec:
        spec = self._by_definition.get(definition_id)
        if spec is None:
            spec = self._specs.get(DefinitionRepository(session).spec(definition_id))
            self._by_definition[definition_id] = spec
        return spec


def _status_of(execution: Execution) -> InstanceStatus:
    return InstanceStatus.COMPLETED if execution.status == "completed" else InstanceStatus.RUNNING


class Cases:
    """The use cases of running instances, over one database."""

    def __init__(self, db: Database, *, step_seconds: float = DEFAULT_STEP_SECONDS) -> None:
        self.db = db
        self.step_seconds = step_seconds
        self.specs = VersionSpecs()  # Casework shares it: one parsed spec per version
        self._definitions: dict[int, DefinitionRecord] = {}
        self._views: _Kept[_SavedView] = _Kept(VIEWS_KEPT)
        self._live: _Kept[Execution] = _Kept(LIVE_KEPT)
        # (definition id, element id) -> the form's validator, or None without a schema
        self._validators: dict[tuple[int, str], Any] = {}

    # --- definitions (immutable once stored, so cached) ---------------------------------
    def _definition(self, session: Session, definition_id: int) -> DefinitionRecord:
        record = self._definitions.get(definition_id)
        if record is None:
            record = DefinitionRepository(session).get(definition_id)
            self._definitions[definition_id] = record
        return record

    def _spec(self, session: Session, definition: DefinitionRecord) -> Spec:
        if not definition.meta.get("executable"):
            raise NotExecutableError(key=definition.key)
        return self.specs.get(session, definition.id)

    # --- commands ------------------------------------------------------------------------
    def start(
        self,
        key: str,
        data: Mapping[str, Any] | None,
        principal: Principal,
        *,
        version: int | None = None,
    ) -> Started:
        """A new case of the newest version of ``key`` (or ``version``)."""
        with self.db.transaction() as session:
            definitions = DefinitionRepository(session)
            if version is None:  # versions never change: only the newest one's id is asked
                definition = self._definition(session, definitions.latest_id(key))
            else:
                definition = definitions.get_version(key, version)
                self._definitions.setdefault(definition.id, definition)
            if isinstance(principal, Anonymous | Resident) and not _open_to_residents(definition):
                raise UnauthorizedError
            spec = self._spec(session, definition)
            execution = start_execution(spec, data or {}, step_seconds=self.step_seconds)
            token = new_token()
            instances = InstanceRepository(session)
            status = _status_of(execution)
            record = instances.create(
                definition_id=definition.id,
                state=_state_text(execution),
                started_by=principal.actor,
                access_token_hash=token_hash(token),
                status=status,
            )
            ready = TaskRepository(session).add(
                record.id, [_new_task(t) for t in execution.ready_tasks()]
            )
            TimerRepository(session).add(record.id, _timers(execution))
            AuditRepository(session).append(
                NewAuditEvent(
                    actor=principal.actor,
                    action=AuditAction.STARTED,
                    instance_id=record.id,
                    detail=data_change({}, execution.data) or None,
                ),
                *self._ended_events(record.id, status),
            )
            _remember(session, record, execution)
        self._publish(session)
        return Started(record, definition, token, ready)

    def complete(
        self, task_id: str, data: Mapping[str, Any] | None, principal: Principal
    ) -> InstanceRecord:
        """Complete a ready task with form answers and run the case on."""
        answers = dict(data or {})
        _require_token(principal)
        with self._step() as session:
            tasks = TaskRepository(session)
            task, record, state = InstanceRepository(session).load_by_task(task_id)
            definition = self._definition(session, record.definition_id)
            self._check_work(principal, task, record, definition)
            if task.status != TaskStatus.READY:
                raise ConflictError("service.task-done", task=task_id, status=task.status)
            self._validate_form(definition, task, answers)
            execution = self._resume(session, record, definition, state)
            before = execution.data
            had_timers = bool(execution.timers())
            self._guard(session, record, lambda: execution.complete(task_id, answers))
            if task.assignee not in {None, principal.actor}:
                tasks.unclaim(task_id)  # an admin takes over (_check_work let only admins by)
            tasks.complete(task_id, by=principal.actor)
            return self._save(
                session,
                record,
                execution,
                actor=principal.actor,
                action=AuditAction.TASK_COMPLETED,
                task=task,
                before=before,
                had_timers=had_timers,
            )

    def claim(self, task_id: str, principal: Principal) -> TaskRecord:
        staff = require_staff(principal)
        with self.db.transaction() as session:
            tasks = TaskRepository(session)
            task = tasks.get(task_id)
            record = InstanceRepository(session).get(task.instance_id)
            self._check_work(staff, task, record, self._definition(session, record.definition_id))
            claimed = tasks.claim(task_id, staff.name)
            self._audit(session, staff.actor, AuditAction.TASK_CLAIMED, record.id, task)
            return claimed

    def unclaim(self, task_id: str, principal: Principal) -> TaskRecord:
        staff = require_staff(principal)
        with self.db.transaction() as session:
            tasks = TaskRepository(session)
            task = tasks.get(task_id)
            # The one who claimed it, or an admin, may give it back.
            released = tasks.unclaim(task_id, None if staff.is_admin else staff.name)
            self._audit(session, staff.actor, AuditAction.TASK_UNCLAIMED, task.instance_id, task)
            return released

    def send_message(
        self, instance_id: str, name: str, payload: Any, principal: Principal
    ) -> InstanceRecord:
        """Deliver message ``name`` to the case (staff, or the resident of the case)."""
        _require_token(principal)
        with self._step() as session:
            record, state = self._load(session, instance_id)
            if not may_read_instance(principal, record.access_token_hash):
                raise _denied(principal, instance_id)
            definition = self._definition(session, record.definition_id)
            execution = self._resume(session, record, definition, state)
            before = execution.data
            had_timers = bool(execution.timers())
            self._guard(session, record, lambda: execution.send_message(name, payload))
            return self._save(
                session,
                record,
                execution,
                actor=principal.actor,
                action=AuditAction.MESSAGE_RECEIVED,
                before=before,
                had_timers=had_timers,
                extra={"message": name},
            )

    def withdraw(
        self, instance_id: str, principal: Principal, *, reason: str | None = None
    ) -> InstanceRecord:
        """取下げ: the resident (or an admin) ends an open case; its tasks and timers close."""
        _require_token(principal)
        with self.db.transaction() as session:
            instances = InstanceRepository(session)
            record = instances.get(instance_id)
            allowed = (
                isinstance(principal, Resident) and principal.owns(record.access_token_hash)
            ) or (isinstance(principal, Staff) and principal.is_admin)
            if not allowed:
                raise _denied(principal, instance_id)
            if record.status != InstanceStatus.RUNNING:
                raise InstanceClosedError(instance=instance_id, status=record.status)
            saved = instances.save(
                instance_id, expected_version=record.lock_version, status=InstanceStatus.WITHDRAWN
            )
            TaskRepository(session).cancel_open(instance_id)
            TimerRepository(session).remove_for_instance(instance_id)
            self._live.discard(instance_id)  # it takes no more steps
            AuditRepository(session).append(
                NewAuditEvent(
                    actor=principal.actor,
                    action=AuditAction.WITHDRAWN,
                    instance_id=instance_id,
                    detail={"reason": reason} if reason else None,
                )
            )
            return saved

    def fire_due_timers(self, now: datetime | None = None, *, limit: int = 100) -> int:
        """Run every case with a timer due by ``now``; returns how many cases ran.

        Each case is its own transaction: one failing case does not hold up the others, and
        a case another server fired first is skipped (its lock_version moved on).
        """
        now = now or runtime_clock.now()
        with self.db.reader() as session:
            due = TimerRepository(session).due(now, limit=limit)
        fired = 0
        for instance_id in dict.fromkeys(t.instance_id for t in due):
            try:
                if self._fire(instance_id):
                    fired += 1
            except ConflictError:
                continue  # someone else advanced it: their step already fired the timer
            except MachiflowError:
                continue  # marked as error by _guard; the others still run
        return fired

    def _fire(self, instance_id: str) -> bool:
        """Fire the case's due timers; whether any fired (and the case was saved)."""
        with self._step() as session:
            record, state = self._load(session, instance_id)
            if record.status != InstanceStatus.RUNNING:
                TimerRepository(session).remove_for_instance(instance_id)
                return False
            definition = self._definition(session, record.definition_id)
            execution = self._resume(session, record, definition, state)
            before = execution.data
            armed = [(t.task_id, t.due_at, t.element_id) for t in execution.timers()]
            self._guard(session, record, execution.advance)
            still = {(t.task_id, t.due_at) for t in execution.timers()}
            # The engine fires strictly after the due time, the store counts a timer due at
            # it: at that very instant nothing fires, and nothing is to be saved or audited.
            fired = [element for task, due, element in armed if (task, due) not in still]
            if not fired:
                timers = [NewTimer(t.task_id, t.element_id, t.due_at) for t in execution.timers()]
                TimerRepository(session).sync(instance_id, timers)  # no-op when in step
                return False
            self._save(
                session,
                record,
                execution,
                actor="system",
                action=AuditAction.TIMER_FIRED,
                before=before,
                extra={"timers": fired},
            )
            return True

    # --- queries -------------------------------------------------------------------------
    def instance(self, instance_id: str, principal: Principal) -> InstanceView:
        _require_token(principal)
        with self.db.reader() as session:
            record, packed = InstanceRepository(session).load_packed(instance_id)
            if not may_read_instance(principal, record.access_token_hash):
                raise _denied(principal, instance_id)
            definition = self._definition(session, record.definition_id)
            data: dict[str, Any] = {}
            completed: tuple[str, ...] = ()
            active: tuple[str, ...] = ()
            kept = self._views.get(record.id, record.lock_version)
            if kept is not None:  # saved by this process: no restore needed
                data = json.loads(kept.data_json)
                completed, active = kept.completed, kept.active
            elif definition.meta.get("executable") and packed:
                state = unpack_state(packed)
                execution = Execution.from_state(
                    self._spec(session, definition), state, step_seconds=self.step_seconds
                )
                data = execution.data
                progress = execution.progress()
                completed, active = progress.completed, progress.active
            return InstanceView(
                instance=record,
                definition=definition,
                data=data,
                tasks=TaskRepository(session).for_instance(instance_id),
                history=AuditRepository(session).for_instance(instance_id),
                completed_elements=completed,
                active_elements=active,
            )

    def instances(
        self,
        principal: Principal,
        *,
        process: str | None = None,
        status: InstanceStatus | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InstanceRecord]:
        require_staff(principal)
        with self.db.reader() as session:
            ids = None
            if process is not None:
                ids = [d.id for d in DefinitionRepository(session).versions(process)]
            return InstanceRepository(session).find(
                status=status, definition_ids=ids, limit=limit, offset=offset
            )

    def inbox(
        self,
        principal: Principal,
        *,
        lane: str | None = None,
        mine: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[InboxEntry]:
        """Ready tasks the staff user may work: lanes named by their roles (all for admin);
        ``mine``: only those the user has claimed."""
        staff = require_staff(principal)
        lanes: set[str] | None = None if staff.is_admin else set(staff.roles)
        if lane is not None:
            if lanes is not None and lane not in lanes:
                raise ForbiddenError("auth.lane-forbidden", lane=lane)
            lanes = {lane}
        with self.db.reader() as session:
            return TaskRepository(session).inbox(
                lanes=lanes,
                include_no_lane=lane is None,
                claimable_by=None if staff.is_admin else staff.name,
                assignee=staff.name if mine else None,
                limit=limit,
                offset=offset,
            )

    def inbox_lanes(self, principal: Principal) -> list[str]:
        """The lanes a staff user's inbox can be narrowed to: their roles, or for admin
        every lane that has work."""
        staff = require_staff(principal)
        if not staff.is_admin:
            return sorted(staff.roles)
        with self.db.reader() as session:
            return TaskRepository(session).inbox_lanes()

    def task(
        self, task_id: str, principal: Principal
    ) -> tuple[TaskRecord, InstanceRecord, DefinitionRecord]:
        _require_token(principal)
        with self.db.reader() as session:
            task = TaskRepository(session).get(task_id)
            record = InstanceRepository(session).get(task.instance_id)
            definition = self._definition(session, record.definition_id)
            if isinstance(principal, Resident) and not principal.owns(record.access_token_hash):
                raise NotFoundError("store.not-found.task", task=task_id)  # as if there were none
            if not may_read_instance(principal, record.access_token_hash):
                raise _denied(principal, record.id)
            return task, record, definition

    # --- internals -----------------------------------------------------------------------
    def _load(self, session: Session, instance_id: str) -> tuple[InstanceRecord, str | None]:
        """The instance, with its state to restore; None for the state when this process
        keeps the running workflow it was saved from (``_resume`` takes that one)."""
        instances = InstanceRepository(session)
        if instance_id in self._live:
            record = instances.get(instance_id)
            return record, None
        return instances.load(instance_id)

    def _resume(
        self,
        session: Session,
        record: InstanceRecord,
        definition: DefinitionRecord,
        state: str | None,
    ) -> Execution:
        """The instance's workflow as of ``record.lock_version``: the one kept from its last
        save in this process, else restored from ``state`` (read now if not read yet)."""
        spec = self._spec(session, definition)
        kept = self._live.take(record.id, record.lock_version)
        if kept is not None:
            return kept
        if state is None:  # kept a moment ago, taken or outdated since: read the state
            current, state = InstanceRepository(session).load(record.id)
            if current.lock_version != record.lock_version:
                raise ConflictError(
                    "store.conflict.instance",
                    instance=record.id,
                    expected=record.lock_version,
                    actual=current.lock_version,
                )
        return Execution.from_state(spec, state, step_seconds=self.step_seconds)

    @contextmanager
    def _step(self) -> Iterator[Session]:
        """A transaction for one engine step; a model failure is recorded after rollback."""
        failure: _StepFailedError | None = None
        try:
            with self.db.transaction() as session:
                yield session
            self._publish(session)  # committed: its views are the saved states'
        except _StepFailedError as caught:
            failure = caught
        if failure is not None:
            with self.db.transaction() as session:
                record = InstanceRepository(session).get(failure.instance_id)
                if record.lock_version == failure.lock_version:
                    InstanceRepository(session).save(
                        record.id,
                        expected_version=record.lock_version,
                        status=InstanceStatus.ERROR,
                        error=_error_detail(failure.error),
                    )
                    AuditRepository(session).append(
                        NewAuditEvent(
                            actor="system",
                            action=AuditAction.ERROR,
                            instance_id=record.id,
                            element_id=failure.error.element,
                            detail=_error_detail(failure.error),
                        )
                    )
            raise failure.error

    def _guard(self, session: Session, record: InstanceRecord, command: Any) -> None:
        if record.status != InstanceStatus.RUNNING:
            raise InstanceClosedError(instance=record.id, status=record.status)
        try:
            command()
        except TaskFailedError as exc:
            raise _StepFailedError(record.id, record.lock_version, exc) from exc

    def _check_work(
        self,
        principal: Principal,
        task: TaskRecord,
        record: InstanceRecord,
        definition: DefinitionRecord,
    ) -> None:
        if isinstance(principal, Anonymous):
            raise UnauthorizedError
        if not may_work(
            principal,
            lane=task.lane,
            access_token_hash=record.access_token_hash,
            meta=definition.meta,
        ):
            if isinstance(principal, Resident) and not principal.owns(record.access_token_hash):
                raise NotFoundError("store.not-found.task", task=task.id)  # never confirm it exists
            raise ForbiddenError("auth.lane-forbidden", lane=task.lane or "")
        if (
            isinstance(principal, Staff)
            and task.assignee not in {None, principal.name}
            and not principal.is_admin
        ):
            raise ConflictError("service.task-claimed", task=task.id, assignee=task.assignee)

    def _validate_form(
        self, definition: DefinitionRecord, task: TaskRecord, answers: Mapping[str, Any]
    ) -> None:
        key = (definition.id, task.element_id)
        validator = self._validators.get(key, MISSING)
        if validator is MISSING:  # built once per form: a definition never changes
            form = form_of(definition.meta, task.element_id)
            schema = None if form is None else dict(form["schema"])
            validator = (
                None
                if schema is None
                else jsonschema.validators.validator_for(schema)(
                    schema, format_checker=jsonschema.FormatChecker()
                )
            )
            self._validators[key] = validator
        if validator is None:
            return
        errors = [
            {
                "field": _field_of(error),
                "problem": error.validator if isinstance(error.validator, str) else "invalid",
                "detail": error.message,
            }
            for error in sorted(validator.iter_errors(answers), key=lambda e: list(e.absolute_path))
        ]
        if errors:
            raise FormInvalidError(task=task.id, errors=errors)

    def _reindex(
        self, session: Session, instance_id: str, execution: Execution, *, had_timers: bool
    ) -> None:
        """Bring the task index and the pending timers in line with a running instance.

        ``had_timers``: whether the state before the step waited on timers. The timers table
        holds exactly the saved state's timers (every step writes both in one transaction),
        so with none before and none now there is nothing to read or change.
        """
        TaskRepository(session).sync(instance_id, [_new_task(t) for t in execution.ready_tasks()])
        timers = _timers(execution)
        if timers or had_timers:
            TimerRepository(session).sync(instance_id, timers)

    def _save(
        self,
        session: Session,
        record: InstanceRecord,
        execution: Execution,
        *,
        actor: str,
        action: str,
        before: Mapping[str, Any],
        task: TaskRecord | None = None,
        extra: dict[str, Any] | None = None,
        had_timers: bool = True,
    ) -> InstanceRecord:
        status = _status_of(execution)
        saved = InstanceRepository(session).save(
            record.id,
            expected_version=record.lock_version,
            state=_state_text(execution),
            status=status if status != record.status else None,
        )
        _remember(session, saved, execution)
        if status == InstanceStatus.RUNNING:
            self._reindex(session, record.id, execution, had_timers=had_timers)
        else:
            if had_timers:  # the timers table holds the saved state's timers, as above
                TimerRepository(session).remove_for_instance(record.id)
            TaskRepository(session).cancel_open(record.id)
        detail = data_change(before, execution.data)
        if extra:
            detail.update(extra)
        AuditRepository(session).append(
            NewAuditEvent(
                actor=actor,
                action=action,
                instance_id=record.id,
                task_id=task.id if task else None,
                element_id=task.element_id if task else None,
                detail=detail or None,
            ),
            *self._ended_events(record.id, status),
        )
        return saved

    def _publish(self, session: Session) -> None:
        """Keep the views of the states the session's transaction committed."""
        pending: dict[str, tuple[int, _SavedView, Execution | None]]
        pending = session.info.pop(_PENDING_VIEWS, {})
        for instance_id, (lock_version, view, execution) in pending.items():
            self._views.keep(instance_id, lock_version, view)
            if execution is not None:
                self._live.keep(instance_id, lock_version, execution)

    @staticmethod
    def _ended_events(instance_id: str, status: InstanceStatus) -> list[NewAuditEvent]:
        if status != InstanceStatus.COMPLETED:
            return []
        return [
            NewAuditEvent(actor="system", action=AuditAction.COMPLETED, instance_id=instance_id)
        ]

    def _audit(
        self, session: Session, actor: str, action: str, instance_id: str, task: TaskRecord
    ) -> None:
        AuditRepository(session).append(
            NewAuditEvent(
                actor=actor,
                action=action,
                instance_id=instance_id,
                task_id=task.id,
                element_id=task.element_id,
            )
        )


class _StepFailedError(Exception):
    """Carries a model failure out of the step's transaction so it can roll back first."""

    def __init__(self, instance_id: str, lock_version: int, error: TaskFailedError) -> None:
        super().__init__(error.code)
        self.instance_id = instance_id
        self.lock_version = lock_version
        self.error = error


def _error_detail(error: TaskFailedError) -> dict[str, Any]:
    safe = {k: v for k, v in error.params.items() if isinstance(v, str | int | float | bool)}
    return {"code": error.code, "element": error.element, "line": error.line, "params": safe}


def _remember(session: Session, record: InstanceRecord, execution: Execution) -> None:
    """Note the view of a state just saved, and the workflow itself while it runs on, to
    keep once the transaction commits."""
    progress = execution.progress()
    view = _SavedView(
        data_json=execution.data_json(),
        completed=progress.completed,
        active=progress.active,
    )
    running = execution if record.status == InstanceStatus.RUNNING else None
    pending = session.info.setdefault(_PENDING_VIEWS, {})
    pending[record.id] = (record.lock_version, view, running)


def _state_text(execution: Execution) -> str:
    return json.dumps(execution.state_json(), ensure_ascii=False, separators=(",", ":"))


def _timers(execution: Execution) -> list[NewTimer]:
    return [NewTimer(t.task_id, t.element_id, t.due_at) for t in execution.timers()]


def _new_task(task: ReadyTask) -> NewTask:
    return NewTask(
        id=task.id,
        element_id=task.element_id,
        name=task.name or task.element_id,
        lane=task.lane,
        due_at=task.due_at,
    )


def form_of(meta: Mapping[str, Any], element_id: str) -> dict[str, Any] | None:
    """The stored form (``schema``, ``ui_schema``) of the task ``element_id``, if it has a
    schema: what answers are checked against, and what the staff task page shows."""
    for task in meta.get("tasks") or []:
        if isinstance(task, dict) and task.get("element_id") == element_id:
            form = task.get("form")
            if isinstance(form, dict) and isinstance(form.get("schema"), dict):
                return dict(form)
    return None


def _field_of(error: jsonschema.ValidationError) -> str:
    """The answer a form error is about, as a path ("address/city"); for a missing one, the
    path of the field that is missing, not of the object that lacks it."""
    path = [str(part) for part in error.absolute_path]
    missing = _missing_field(error)
    return "/".join([*path, missing] if missing else path)


def _missing_field(error: jsonschema.ValidationError) -> str:
    if error.validator == "required" and isinstance(error.instance, dict):
        absent = [str(n) for n in error.validator_value or [] if n not in error.instance]
        # jsonschema reports each missing property as its own error, named in the message.
        for name in absent:
            if error.message.startswith(repr(name)):
                return name
        return absent[0] if absent else ""
    return ""


def _open_to_residents(definition: DefinitionRecord) -> bool:
    """A procedure residents may start themselves: it has a resident lane."""
    lanes = definition.meta.get("lanes") or []
    return any(isinstance(lane, dict) and lane.get("actor") == "resident" for lane in lanes)


def _require_token(principal: Principal) -> None:
    """Without a token nothing about a case is answered, not even whether it exists."""
    if isinstance(principal, Anonymous):
        raise UnauthorizedError


def _denied(principal: Principal, instance_id: str) -> MachiflowError:
    if isinstance(principal, Anonymous):
        return UnauthorizedError()
    if isinstance(principal, Resident):
        # A resident's secret opens one case; any other answers exactly as a missing one.
        return NotFoundError("store.not-found.instance", instance=instance_id)
    return ForbiddenError()
