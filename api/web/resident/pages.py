"""The resident pages: procedures open for online application, a start page per procedure,
task forms (入力 → 確認 → 完了) with attachments and 一時保存, the status page reached
with receipt number and secret (申請状況の確認), and withdrawal (取下げ).

Every form posts back with a CSRF value; every page that shows or changes a case acts as
the resident whose secret this browser holds for it (``access``), through the service
layer (``Cases``, ``Attachments``, ``Drafts``), so another resident's case, task or file
answers as if it did not exist.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Any, Final
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from api.problems import lang_of
from api.web.forms import Field, FieldError, Submission, answer_rows, fields_of, parse, values_of
from api.web.rendering import (
    GuardedRoute,
    current_path,
    download,
    language_chosen,
    render_page,
)
from api.web.resident import access
from api.web.state import casework, shared
from api.web.texts import Texts
from engine.errors import ConflictError, MachiflowError, NotFoundError
from engine.service.attachments import Attachments, NewFile
from engine.service.cases import Cases, FormInvalidError
from engine.service.drafts import Drafts
from engine.service.principals import ANONYMOUS, Resident, is_resident_lane
from engine.service.status import (
    CORRECTION_DUE,
    CORRECTION_REASON,
    LookupGuard,
    find_case,
    normalize_receipt,
    resident_status,
)
from engine.store import (
    DefinitionRecord,
    DefinitionRepository,
    InstanceStatus,
    TaskRecord,
    TaskStatus,
)

log = logging.getLogger("machiflow.web")

HOME: Final = "/"
STATUS: Final = "/status"
MAX_FORM_FILES: Final = 20
MAX_FORM_FIELDS: Final = 500


class CaseNotOpenError(NotFoundError):
    """This browser holds no secret for the case (or the id is someone else's)."""

    def __init__(self) -> None:
        super().__init__("resident.case-not-open")


def _local(target: str | None, default: str = HOME) -> str:
    """``target`` when it is a page of this site outside /staff, else ``default``."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(c.isprintable() and not c.isspace() for c in target)
    ):
        return target
    return default


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A resident page of ``template`` in the reader's language, with the residents' CSRF
    cookie; ``here`` may be any page of the site (the language links come back to it)."""
    here = quote(_local(current_path(request)), safe="/?=&")
    return render_page(request, template, csrf=access.CSRF, here=here, status=status, **context)


def resident_error_page(request: Request, code: str, status: int, message: str) -> HTMLResponse:
    return page(request, "resident/error.html", status=status, code=code, message=message)


class ResidentRoute(GuardedRoute):
    """A resident page: errors on the residents' error page, in their words."""

    def error_page(self, request: Request, code: str, status: int, message: str) -> Response:
        return resident_error_page(request, code, status, message)

    def shown_as(self, exc: MachiflowError) -> tuple[MachiflowError, int]:
        shown, status = super().shown_as(exc)
        if status == 401:  # a resident has no sign-in: the case is simply not open
            return CaseNotOpenError(), 404
        return shown, status


router = APIRouter(route_class=ResidentRoute, include_in_schema=False)


def _cases(request: Request) -> Cases:
    cases: Cases = request.app.state.cases
    return cases


def _guard(request: Request) -> LookupGuard:
    return shared(request, "lookup_guard", lambda _state: LookupGuard())


def _resident(request: Request, case_id: str) -> Resident:
    found = access.resident(request, case_id)
    if found is None:
        raise CaseNotOpenError
    return found


def _checked_form(request: Request) -> AbstractAsyncContextManager[FormData]:
    return access.CSRF.checked_form(request, max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- language ------------------------------------------------------------------------------


@router.get("/language/{lang}")
def choose_language(lang: str, request: Request) -> Response:
    """Remember the reader's language (the ``lang`` cookie), and go back."""
    return language_chosen(request, lang, _local(request.query_params.get("next")))


# --- procedures ----------------------------------------------------------------------------


def _open_to_residents(record: DefinitionRecord) -> bool:
    meta = record.meta
    return bool(meta.get("executable")) and any(
        isinstance(lane, dict) and lane.get("actor") == "resident"
        for lane in meta.get("lanes") or []
    )


def _application_task(record: DefinitionRecord) -> dict[str, Any] | None:
    """The first human task in a resident lane: the application form."""
    for task in record.meta.get("tasks") or []:
        if isinstance(task, dict) and is_resident_lane(task.get("lane"), record.meta):
            return task
    return None


def _form_of(record: DefinitionRecord, element_id: str) -> list[Field]:
    for task in record.meta.get("tasks") or []:
        if isinstance(task, dict) and task.get("element_id") == element_id:
            form = task.get("form")
            if isinstance(form, dict):
                return fields_of(form.get("schema"), form.get("ui_schema"))
    return []


@router.get("/")
def procedure_list(request: Request) -> HTMLResponse:
    with request.app.state.db.reader() as session:
        found = [r for r in DefinitionRepository(session).latest_all() if _open_to_residents(r)]
    found.sort(key=lambda r: (r.area or "", r.name, r.key))
    return page(request, "resident/home.html", procedures=found)


def _procedure(request: Request, key: str) -> DefinitionRecord:
    with request.app.state.db.reader() as session:
        record = DefinitionRepository(session).latest(key)
    if not _open_to_residents(record):
        raise NotFoundError("store.not-found.definition", definition=key)
    return record


@router.get("/procedures/{key}")
def procedure_page(key: str, request: Request) -> HTMLResponse:
    record = _procedure(request, key)
    task = _application_task(record)
    documents = [
        f.label
        for f in (_form_of(record, str(task["element_id"])) if task else [])
        if f.kind == "file"
    ]
    return page(
        request,
        "resident/procedure.html",
        procedure=record,
        applicant=(task or {}).get("lane"),
        about=(task or {}).get("documentation"),
        documents=documents,
    )


@router.post("/procedures/{key}/start")
async def start(key: str, request: Request) -> Response:
    async with _checked_form(request):
        started = await run_in_threadpool(_cases(request).start, key, None, ANONYMOUS)
        meta = started.definition.meta
        first = next((t for t in started.ready if is_resident_lane(t.lane, meta)), None)
        target = (
            f"/cases/{started.instance.id}/tasks/{first.id}"
            if first is not None
            else f"/status/cases/{started.instance.id}"
        )
        response = _redirect(target)
        access.remember(response, request, started.instance.id, started.access_token)
        return response


# --- task forms: 入力 → 確認 → 完了 -----------------------------------------------------------


class _Task:
    """An open resident task of a case in this browser, with its form."""

    def __init__(self, request: Request, case_id: str, task_id: str) -> None:
        self.request = request
        self.case_id = case_id
        self.principal = _resident(request, case_id)
        task, record, definition = _cases(request).task(task_id, self.principal)
        if record.id != case_id or not is_resident_lane(task.lane, definition.meta):
            raise NotFoundError("store.not-found.task", task=task_id)
        self.task: TaskRecord = task
        self.definition: DefinitionRecord = definition
        self.receipt_number = record.receipt_number
        self.open = task.status == TaskStatus.READY and record.status == InstanceStatus.RUNNING
        self.fields = _form_of(definition, task.element_id)
        db = request.app.state.db
        self.attachments = Attachments(db)
        self.drafts = Drafts(db)

    @property
    def url(self) -> str:
        return f"/cases/{self.case_id}/tasks/{self.task.id}"

    def files(self) -> dict[str, str]:
        return {a.id: a.filename for a in self.attachments.of_case(self.case_id, self.principal)}

    def render(
        self, *, values: Mapping[str, Any], errors: list[FieldError], status: int = 200
    ) -> HTMLResponse:
        data = _cases(self.request).instance(self.case_id, self.principal).data
        reason = data.get(CORRECTION_REASON)
        return page(
            self.request,
            "resident/task.html",
            status=status,
            task=self.task,
            procedure=self.definition,
            receipt_number=self.receipt_number,
            fields=self.fields,
            values=values,
            errors=errors,
            files=self.files(),
            action=self.url,
            correction_reason=reason if isinstance(reason, str) else None,
            correction_due=_day(data.get(CORRECTION_DUE)),
            status_url=f"/status/cases/{self.case_id}",
        )


def _day(value: object) -> date | None:
    """The deadline as engine.service.status reads it for the status page (its _day)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@router.get("/cases/{case_id}/tasks/{task_id}")
def task_form(case_id: str, task_id: str, request: Request) -> Response:
    task = _Task(request, case_id, task_id)
    if not task.open:
        return _redirect(f"/status/cases/{case_id}")
    draft = task.drafts.load(task.task.id, task.principal)
    values = values_of(task.fields, draft.data) if draft else {}
    return task.render(values=values, errors=[])


def _store_uploads(task: _Task, submission: Submission) -> None:
    if not submission.uploads:
        return
    stored = task.attachments.add(
        task.task.id,
        [NewFile(u.name, u.filename, u.content) for u in submission.uploads],
        task.principal,
    )
    for upload, record in zip(submission.uploads, stored, strict=True):
        submission.add_file(task.fields, upload.name, record.id)
    submission.uploads.clear()


def _post_task(request: Request, case_id: str, task_id: str, form: FormData) -> Response:
    task = _Task(request, case_id, task_id)
    if not task.open:
        return _redirect(f"/status/cases/{case_id}")
    submission = parse(task.fields, form)
    _store_uploads(task, submission)  # kept across errors and steps
    if submission.action == "remove" and submission.removed:
        task.attachments.remove(task.task.id, submission.removed, task.principal)
        return task.render(values=submission.values, errors=[])
    if submission.action == "save":
        task.drafts.save(task.task.id, submission.data, task.principal)
        return _redirect(f"/status/cases/{case_id}?saved=1")
    if submission.errors:
        return task.render(values=submission.values, errors=submission.errors, status=422)
    task.drafts.save(task.task.id, submission.data, task.principal)
    return _redirect(f"{task.url}/confirm")


@router.post("/cases/{case_id}/tasks/{task_id}")
async def task_submit(case_id: str, task_id: str, request: Request) -> Response:
    async with _checked_form(request) as form:
        return await run_in_threadpool(_post_task, request, case_id, task_id, form)


@router.get("/cases/{case_id}/tasks/{task_id}/confirm")
def confirm_page(case_id: str, task_id: str, request: Request) -> Response:
    task = _Task(request, case_id, task_id)
    if not task.open:
        return _redirect(f"/status/cases/{case_id}")
    draft = task.drafts.load(task.task.id, task.principal)
    if draft is None:
        return _redirect(task.url)
    t = Texts(lang_of(request))
    rows = answer_rows(task.fields, draft.data, t, task.files())
    return page(
        request,
        "resident/confirm.html",
        task=task.task,
        procedure=task.definition,
        rows=rows,
        change_url=task.url,
        action=f"{task.url}/confirm",
    )


def _send(request: Request, case_id: str, task_id: str) -> Response:
    task = _Task(request, case_id, task_id)
    done = f"/cases/{case_id}/done"
    if not task.open:
        return _redirect(done)  # sent twice: the first one counted
    draft = task.drafts.load(task.task.id, task.principal)
    if draft is None:
        return _redirect(task.url)
    try:
        _cases(request).complete(task.task.id, draft.data, task.principal)
    except ConflictError:
        return _redirect(done)
    except FormInvalidError as exc:
        errors = _engine_errors(task.fields, exc)
        return task.render(values=values_of(task.fields, draft.data), errors=errors, status=422)
    task.drafts.discard(task.task.id, task.principal)
    return _redirect(done)


def _engine_errors(fields: list[Field], exc: FormInvalidError) -> list[FieldError]:
    """The engine's own check of the answers, on the fields (the page's check missed it)."""
    found: list[FieldError] = []
    flat = {f.name: f for f in fields} | {c.name: c for f in fields for c in f.children}
    for item in exc.params.get("errors") or []:
        name = str(item.get("field", "")).replace("/", ".")
        target = flat.get(name)
        if target is not None:
            found.append(
                FieldError(name, target.target, "forms.error.check", {"label": target.label})
            )
    if not found and fields:
        first = fields[0]
        found.append(
            FieldError(first.name, first.target, "forms.error.check", {"label": first.label})
        )
    return found


@router.post("/cases/{case_id}/tasks/{task_id}/confirm")
async def confirm_submit(case_id: str, task_id: str, request: Request) -> Response:
    async with _checked_form(request):
        return await run_in_threadpool(_send, request, case_id, task_id)


@router.get("/cases/{case_id}/done")
def done_page(case_id: str, request: Request) -> HTMLResponse:
    principal = _resident(request, case_id)
    view = _cases(request).instance(case_id, principal)
    return page(
        request,
        "resident/done.html",
        procedure=view.definition,
        receipt_number=view.instance.receipt_number,
        secret=access.secret_of(request, case_id),
        status_url=f"/status/cases/{case_id}",
    )


@router.get("/cases/{case_id}/attachments/{attachment_id}")
def attachment(case_id: str, attachment_id: str, request: Request) -> Response:
    principal = _resident(request, case_id)
    record, content = Attachments(request.app.state.db).read(attachment_id, principal)
    if record.instance_id != case_id:
        raise NotFoundError("resident.attachment-not-found", attachment=attachment_id)
    return download(record, content)


# --- 申請状況の確認 --------------------------------------------------------------------------


def _lookup_page(
    request: Request, *, receipt: str = "", error: str | None = None, status: int = 200
) -> HTMLResponse:
    errors = []
    if error is not None:
        errors.append(FieldError("receipt_number", "receipt_number", error, {}))
    return page(request, "resident/lookup.html", status=status, receipt=receipt, errors=errors)


@router.get("/status")
def lookup_form(request: Request) -> HTMLResponse:
    return _lookup_page(request)


@router.post("/status")
async def lookup(request: Request) -> Response:
    async with _checked_form(request) as form:
        typed = form.get("receipt_number")
        secret = form.get("password")
        receipt = normalize_receipt(typed if isinstance(typed, str) else "")
        secret = secret.strip() if isinstance(secret, str) else ""
        if not receipt or not secret:
            return _lookup_page(
                request, receipt=receipt, error="resident.lookup.missing", status=400
            )
        guard = _guard(request)
        if guard.blocked(receipt):
            return _lookup_page(
                request, receipt=receipt, error="resident.lookup.blocked", status=429
            )
        found = await run_in_threadpool(find_case, request.app.state.db, receipt, secret)
        if found is None:
            guard.failed(receipt)
            return _lookup_page(request, receipt=receipt, error="resident.lookup.wrong", status=400)
        guard.succeeded(receipt)
        response = _redirect(f"/status/cases/{found}")
        access.remember(response, request, found, secret)
        return response


@router.get("/status/cases/{case_id}")
def case_page(case_id: str, request: Request) -> HTMLResponse:
    principal = _resident(request, case_id)
    db = request.app.state.db
    view = _cases(request).instance(case_id, principal)
    ends = (
        casework(request).end_event_names(view.definition)
        if view.instance.status == InstanceStatus.COMPLETED
        else {}
    )
    status = resident_status(view, end_names=ends)
    drafts = Drafts(db)
    saved = {t.id: drafts.load(t.id, principal) is not None for t in status.next_tasks}
    files = Attachments(db).of_case(case_id, principal)
    return page(
        request,
        "resident/case.html",
        case=status,
        saved=saved,
        files=files,
        notice=(request.query_params.get("saved") and "saved")
        or (request.query_params.get("withdrawn") and "withdrawn"),
    )


@router.get("/status/cases/{case_id}/withdraw")
def withdraw_page(case_id: str, request: Request) -> Response:
    principal = _resident(request, case_id)
    view = _cases(request).instance(case_id, principal)
    if view.instance.status != InstanceStatus.RUNNING:
        return _redirect(f"/status/cases/{case_id}")
    return page(
        request,
        "resident/withdraw.html",
        procedure=view.definition,
        receipt_number=view.instance.receipt_number,
        case_url=f"/status/cases/{case_id}",
    )


@router.post("/status/cases/{case_id}/withdraw")
async def withdraw(case_id: str, request: Request) -> Response:
    async with _checked_form(request):
        principal = _resident(request, case_id)
        try:
            await run_in_threadpool(_cases(request).withdraw, case_id, principal)
        except ConflictError:  # already closed (sent twice, or finished meanwhile)
            return _redirect(f"/status/cases/{case_id}")
        return _redirect(f"/status/cases/{case_id}?withdrawn=1")
