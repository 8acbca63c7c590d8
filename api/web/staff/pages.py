"""The staff work pages: the inbox, a task (claim, unclaim, complete, 補正要求), a case.

Every change goes through ``engine.service.cases.Cases`` (one transaction each); reads and
the correction request's checks through ``engine.service.casework.Casework``. Acting is
bound to the task's lane, reading a case is open to all staff (decision 0010). A conflict
(someone acted first, the task is held by another) is answered on the task page with a
message and status 409, never as a server error.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.problems import lang_of
from api.web import sessions
from api.web.diagrams import Drawing, inline_svg
from api.web.forms import Field, FieldError, fields_of, parse, values_of
from api.web.pages import StaffUser
from api.web.rendering import PageRoute, download, page
from api.web.staff import words
from api.web.state import casework
from api.web.texts import JST, Texts
from engine.errors import ConflictError, MachiflowError
from engine.runtime import clock
from engine.service.attachments import AttachmentNotFoundError, Attachments, NewFile
from engine.service.cases import Cases, FormInvalidError
from engine.service.casework import (
    DUE_FIELD,
    MAX_REASON,
    REASON_FIELD,
    CaseFile,
    CorrectionInvalidError,
    TaskFile,
)
from engine.service.principals import Staff, is_resident_lane
from engine.store import AttachmentRecord, InboxEntry

router = APIRouter(route_class=PageRoute, include_in_schema=False)

INBOX: Final = "/staff/inbox"
CORRECTION_DAYS: Final = 14
INBOX_PAGE: Final = 50  # tasks on one inbox page, soonest due first
MAX_FORM_FILES: Final = 20
MAX_FORM_FIELDS: Final = 200
NOTICES: Final = frozenset({"claimed", "unclaimed", "completed", "corrected"})


def cases(request: Request) -> Cases:
    found: Cases = request.app.state.cases
    return found


def today() -> date:
    return clock.now().astimezone(JST).date()


def _checked_form(request: Request) -> AbstractAsyncContextManager[FormData]:
    return sessions.STAFF_CSRF.checked_form(
        request, max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS
    )


def _notice(request: Request) -> str | None:
    done = request.query_params.get("done", "")
    return done if done in NOTICES else None


def _labels(t: Texts, labels: dict[str, str]) -> dict[str, str]:
    """The forms' titles, and ours for the correction variables the forms do not ask."""
    return {
        REASON_FIELD: t("staff.correction.reason"),
        DUE_FIELD: t("staff.correction.due"),
    } | labels


# --- the inbox -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InboxRow:
    entry: InboxEntry
    received: str
    due: str | None
    overdue: bool


def _page_number(given: str) -> int:
    """The inbox page asked for (1 is the first); anything else than a page number is 1."""
    return int(given) if given.isascii() and given.isdigit() and 0 < int(given) < 10**6 else 1


def _inbox_href(lane: str, mine: bool, number: int) -> str:
    query = {"lane": lane, "mine": "1" if mine else "", "page": str(number) if number > 1 else ""}
    kept = urlencode({k: v for k, v in query.items() if v})
    return f"{INBOX}?{kept}" if kept else INBOX


@router.get("/staff/inbox")
def inbox(
    request: Request,
    staff: StaffUser,
    lane: str = "",
    mine: str = "",
    number_given: Annotated[str, Query(alias="page")] = "",
) -> HTMLResponse:
    t = Texts(lang_of(request))
    work = cases(request)
    lanes = work.inbox_lanes(staff)
    chosen = lane if lane in lanes else ""  # a lane the user does not hold: their whole inbox
    number = _page_number(number_given)
    entries = work.inbox(
        staff,
        lane=chosen or None,
        mine=bool(mine),
        limit=INBOX_PAGE + 1,  # one more tells whether a next page exists
        offset=(number - 1) * INBOX_PAGE,
    )
    more = len(entries) > INBOX_PAGE
    entries = entries[:INBOX_PAGE]
    now = clock.now()
    rows = [
        InboxRow(
            entry=e,
            received=t.moment(e.task.created_at),
            due=None if e.task.due_at is None else t.date(e.task.due_at),
            overdue=e.task.due_at is not None and _aware(e.task.due_at) < now,
        )
        for e in entries
    ]
    first = (number - 1) * INBOX_PAGE + 1
    return page(
        request,
        "staff/inbox.html",
        staff=staff.name,
        rows=rows,
        lanes=lanes,
        lane=chosen,
        mine=bool(mine),
        number=number,
        first=first,
        last=first + len(rows) - 1,
        previous=_inbox_href(chosen, bool(mine), number - 1) if number > 1 else None,
        next=_inbox_href(chosen, bool(mine), number + 1) if more else None,
        notice=_notice(request),
    )


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# --- a task ----------------------------------------------------------------------------------


def _task_page(
    request: Request,
    found: TaskFile,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    message: str | None = None,
    correction_values: dict[str, str] | None = None,
    correction_errors: list[str] | None = None,
) -> HTMLResponse:
    t = Texts(lang_of(request))
    fields = _fields(found)
    if values is None:
        values = values_of(fields, found.data)
    files = Attachments(request.app.state.db).of_case(found.record.id, found.staff)
    due = today() + timedelta(days=CORRECTION_DAYS)
    return page(
        request,
        "staff/task.html",
        status=status,
        staff=found.staff.name,
        found=found,
        task=found.task,
        record=found.record,
        fields=fields,
        values=values,
        errors=errors or [],
        message=message,
        rows=words.data_rows(t, found.data, _labels(t, found.model.labels), _names(files)),
        attachments=_listed(t, files),
        files=_names(files),
        received=t.moment(found.task.created_at),
        notice=_notice(request),
        correction_values=correction_values
        or {"reason": "", "year": str(due.year), "month": str(due.month), "day": str(due.day)},
        correction_errors=correction_errors or [],
        max_reason=MAX_REASON,
        correction_days=CORRECTION_DAYS,
    )


def _fields(found: TaskFile) -> list[Field]:
    form = found.form or {}
    return fields_of(form.get("schema"), form.get("ui_schema"))


async def _refused(
    request: Request, task_id: str, staff: Staff, exc: MachiflowError, status: int
) -> Response:
    """The task page as it is now (someone may have acted first), saying why not."""
    fresh = await run_in_threadpool(casework(request).task, task_id, staff)
    message = exc.message(lang_of(request))
    return await run_in_threadpool(_task_page, request, fresh, status=status, message=message)


@router.get("/staff/tasks/{task_id}")
def task_page(task_id: str, request: Request, staff: StaffUser) -> HTMLResponse:
    return _task_page(request, casework(request).task(task_id, staff))


async def _act(request: Request, task_id: str, staff: Staff, command: Any, done: str) -> Response:
    """Run a claim or unclaim; a conflict answers the task page with its message (409)."""
    async with _checked_form(request):
        pass
    await run_in_threadpool(casework(request).task, task_id, staff)  # 403 outside the lane
    try:
        await run_in_threadpool(command, task_id, staff)
    except ConflictError as exc:
        return await _refused(request, task_id, staff, exc, 409)
    return RedirectResponse(f"/staff/tasks/{task_id}?done={done}", status_code=303)


@router.post("/staff/tasks/{task_id}/claim")
async def claim(task_id: str, request: Request, staff: StaffUser) -> Response:
    return await _act(request, task_id, staff, cases(request).claim, "claimed")


@router.post("/staff/tasks/{task_id}/unclaim")
async def unclaim(task_id: str, request: Request, staff: StaffUser) -> Response:
    return await _act(request, task_id, staff, cases(request).unclaim, "unclaimed")


@router.post("/staff/tasks/{task_id}/complete")
async def complete(task_id: str, request: Request, staff: StaffUser) -> Response:
    work = casework(request)
    async with _checked_form(request) as form:
        found = await run_in_threadpool(work.task, task_id, staff)
        fields = _fields(found)
        submission = parse(fields, form)
    if submission.errors:
        return await run_in_threadpool(
            _task_page,
            request,
            found,
            status=422,
            values=submission.values,
            errors=submission.errors,
        )
    if submission.uploads:
        new = [NewFile(u.name, u.filename, u.content) for u in submission.uploads]
        stored = await run_in_threadpool(Attachments(request.app.state.db).add, task_id, new, staff)
        for item in stored:
            submission.add_file(fields, item.field, item.id)
    try:
        await run_in_threadpool(cases(request).complete, task_id, submission.data, staff)
    except FormInvalidError as exc:
        message = exc.message(lang_of(request))
        return await run_in_threadpool(
            _task_page, request, found, status=422, values=submission.values, message=message
        )
    except ConflictError as exc:
        return await _refused(request, task_id, staff, exc, 409)
    return RedirectResponse(f"{INBOX}?done=completed", status_code=303)


def _due(form: FormData) -> tuple[dict[str, str], date | None]:
    values = {
        name: str(form.get(f"correction-due-{name}") or "").strip()
        for name in ("year", "month", "day")
    }
    try:
        due = date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError:
        due = None
    return values, due


@router.post("/staff/tasks/{task_id}/correction")
async def correction(task_id: str, request: Request, staff: StaffUser) -> Response:
    work = casework(request)
    async with _checked_form(request) as form:
        found = await run_in_threadpool(work.task, task_id, staff)
        reason = str(form.get("correction-reason") or "")
        values, due = _due(form)
    values["reason"] = reason
    try:  # the use case checks the request (CorrectionInvalidError names each problem)
        record = await run_in_threadpool(
            lambda: work.request_correction(
                cases(request), task_id, reason=reason, due=due, principal=staff, today=today()
            )
        )
    except CorrectionInvalidError as exc:
        problems = [str(p) for p in exc.params.get("problems", [])]
        return await run_in_threadpool(
            _task_page,
            request,
            found,
            status=422,
            correction_values=values,
            correction_errors=problems,
        )
    except ConflictError as exc:
        return await _refused(request, task_id, staff, exc, 409)
    except FormInvalidError as exc:
        return await _refused(request, task_id, staff, exc, 422)
    return RedirectResponse(f"/staff/cases/{record.id}?done=corrected", status_code=303)


# --- a case ----------------------------------------------------------------------------------


def _diagram(found: CaseFile, t: Texts) -> tuple[Drawing | None, str | None]:
    document = found.model.document
    if document is None:
        return None, None
    label = t("staff.case.diagram.label", name=found.definition.name)
    process_id = found.model.process_id or next(iter(document.processes), None)
    if process_id is None:
        return None, None
    try:
        drawing = inline_svg(
            document, process_id, label=label, lang=t.lang, highlight=found.highlight
        )
    except MachiflowError as exc:
        return None, t("staff.case.diagram.failed", message=exc.message(t.lang))
    return drawing, None


@router.get("/staff/cases/{instance_id}")
def case_page(instance_id: str, request: Request, staff: StaffUser) -> HTMLResponse:
    t = Texts(lang_of(request))
    found = casework(request).case(instance_id, staff)
    drawing, failure = _diagram(found, t)
    names = found.model.names
    files = Attachments(request.app.state.db).of_case(instance_id, staff)
    return page(
        request,
        "staff/case.html",
        staff=staff.name,
        found=found,
        record=found.record,
        drawing=drawing,
        failure=failure,
        rows=words.data_rows(t, found.data, _labels(t, found.model.labels), _names(files)),
        attachments=_listed(t, files),
        events=words.events(t, found.history, names, _labels(t, found.model.labels)),
        correction=_correction_asked(t, found),
        current=[names.get(e, e) for e in found.trail.current],
        passed=[names.get(e, e) for e in found.trail.passed],
        started=t.moment(found.record.created_at),
        notice=_notice(request),
    )


@dataclass(frozen=True, slots=True)
class Asked:
    """A correction the case waits for: the reason and deadline the resident was given."""

    reason: str
    due: str | None


def _correction_asked(t: Texts, found: CaseFile) -> Asked | None:
    """The open correction request, if a resident's task is ready and a reason is set."""
    reason = found.data.get(REASON_FIELD)
    waiting = any(is_resident_lane(x.lane, found.definition.meta) for x in found.open_tasks)
    if not waiting or not isinstance(reason, str) or not reason.strip():
        return None
    due = found.data.get(DUE_FIELD)
    try:
        shown = t.day(date.fromisoformat(due)) if isinstance(due, str) else None
    except ValueError:
        shown = due if isinstance(due, str) else None
    return Asked(reason, shown)


@router.get("/staff/cases/{instance_id}/attachments/{attachment_id}")
def attachment(
    instance_id: str, attachment_id: str, request: Request, staff: StaffUser
) -> Response:
    """A file of the case, as a download (any staff user may read any case)."""
    record, content = Attachments(request.app.state.db).read(attachment_id, staff)
    if record.instance_id != instance_id:
        raise AttachmentNotFoundError(attachment=attachment_id)
    return download(record, content)


# --- attachments -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    record: AttachmentRecord
    url: str
    size: str
    added: str
    by: str


def _listed(t: Texts, files: list[AttachmentRecord]) -> list[Listed]:
    return [
        Listed(
            record=f,
            url=f"/staff/cases/{f.instance_id}/attachments/{f.id}",
            size=t("staff.attachments.size", kb=f"{max(1, round(f.size / 1024)):,}"),
            added=t.moment(f.created_at),
            by=words.actor_name(t, f.created_by),
        )
        for f in files
    ]


def _names(files: list[AttachmentRecord]) -> dict[str, str]:
    return {f.id: f.filename for f in files}
