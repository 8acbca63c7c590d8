"""The resident use cases beside ``Cases``: attachments (content-checked, read only by who
may read the case), drafts (kept and read only by who may work the task) and the
resident's view of a case (phases, history, result, correction) and look-ups."""

from __future__ import annotations

from typing import Final

import pytest

from engine.errors import ConflictError, NotFoundError
from engine.service import casework as casework_module
from engine.service.attachments import (
    AttachmentNotFoundError,
    AttachmentRefusedError,
    Attachments,
    NewFile,
    media_type_of,
)
from engine.service.cases import Cases, Started
from engine.service.casework import Casework
from engine.service.deployments import deploy
from engine.service.drafts import Drafts
from engine.service.principals import ANONYMOUS, Resident, Staff, UnauthorizedError
from engine.service.status import (
    LookupGuard,
    Phase,
    find_case,
    normalize_receipt,
    resident_status,
)
from engine.store import Database, token_hash
from tests.web.resident.model import DECISION, KEY, files

PDF: Final = b"%PDF-1.7\n%%EOF\n"
JPEG: Final = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG: Final = b"\x89PNG\r\n\x1a\n\x00"
ADMIN: Final = Staff("admin-1", frozenset({"admin"}))


@pytest.fixture
def cases(fresh_db: Database) -> Cases:
    with fresh_db.transaction() as session:
        deploy(session, files(), actor="admin", main="gakudo.bpmn")
    return Cases(fresh_db)


def resident_of(started: Started) -> Resident:
    return Resident(token_hash(started.access_token))


def apply_task(started: Started) -> str:
    (task,) = started.ready
    return task.id


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (b"GIF89a", None),
        (b"<html>%PDF-", None),
        (b"", None),
    ],
)
def test_media_type_comes_from_the_content(content: bytes, expected: str | None) -> None:
    assert media_type_of(content) == expected


def test_attachments_are_kept_and_read_by_their_case_only(cases: Cases) -> None:
    attachments = Attachments(cases.db)
    mine, theirs = (cases.start(KEY, None, ANONYMOUS) for _ in range(2))
    (stored,) = attachments.add(
        apply_task(mine), [NewFile("certificate", "w.pdf", PDF)], resident_of(mine)
    )
    assert (stored.media_type, stored.size, stored.instance_id) == (
        "application/pdf",
        len(PDF),
        mine.instance.id,
    )
    record, content = attachments.read(stored.id, resident_of(mine))
    assert (record.filename, content) == ("w.pdf", PDF)
    assert attachments.read(stored.id, ADMIN)[1] == PDF
    with pytest.raises(AttachmentNotFoundError):
        attachments.read(stored.id, resident_of(theirs))
    with pytest.raises(AttachmentNotFoundError):
        attachments.read("0" * 32, resident_of(mine))
    with pytest.raises(UnauthorizedError):
        attachments.read(stored.id, ANONYMOUS)
    with pytest.raises(NotFoundError):  # their task does not exist for me
        attachments.add(apply_task(theirs), [NewFile("c", "x.pdf", PDF)], resident_of(mine))
    assert [a.id for a in attachments.of_case(mine.instance.id, resident_of(mine))] == [stored.id]
    assert attachments.of_case(theirs.instance.id, resident_of(theirs)) == []


def test_a_file_that_is_no_pdf_jpeg_or_png_is_refused_whole(cases: Cases) -> None:
    attachments = Attachments(cases.db)
    started = cases.start(KEY, None, ANONYMOUS)
    with pytest.raises(AttachmentRefusedError):
        attachments.add(
            apply_task(started),
            [NewFile("c", "ok.pdf", PDF), NewFile("c", "evil.pdf", b"MZ\x90")],
            resident_of(started),
        )
    assert attachments.of_case(started.instance.id, resident_of(started)) == []  # none kept


def test_remove_drops_only_files_of_the_open_task(cases: Cases) -> None:
    attachments = Attachments(cases.db)
    started = cases.start(KEY, None, ANONYMOUS)
    task = apply_task(started)
    (stored,) = attachments.add(task, [NewFile("c", "w.pdf", PDF)], resident_of(started))
    other = cases.start(KEY, None, ANONYMOUS)
    (foreign,) = attachments.add(
        apply_task(other), [NewFile("c", "o.pdf", PDF)], resident_of(other)
    )
    assert not attachments.remove(task, foreign.id, resident_of(started))
    assert attachments.remove(task, stored.id, resident_of(started))
    assert attachments.of_case(other.instance.id, resident_of(other)) != []


def test_drafts_are_kept_per_task_for_its_resident(cases: Cases) -> None:
    drafts = Drafts(cases.db)
    mine, theirs = (cases.start(KEY, None, ANONYMOUS) for _ in range(2))
    task = apply_task(mine)
    assert drafts.load(task, resident_of(mine)) is None
    drafts.save(task, {"child_name": "花子"}, resident_of(mine))
    drafts.save(task, {"child_name": "花子", "grade": "2"}, resident_of(mine))
    found = drafts.load(task, resident_of(mine))
    assert found is not None
    assert found.data == {"child_name": "花子", "grade": "2"}
    with pytest.raises(NotFoundError):
        drafts.load(task, resident_of(theirs))
    with pytest.raises(NotFoundError):
        drafts.save(task, {"child_name": "x"}, resident_of(theirs))
    assert not drafts.discard(task, resident_of(theirs))
    assert drafts.discard(task, resident_of(mine))
    assert drafts.load(task, resident_of(mine)) is None


def test_no_draft_for_a_task_already_done(cases: Cases) -> None:
    drafts = Drafts(cases.db)
    started = cases.start(KEY, None, ANONYMOUS)
    task = apply_task(started)
    answers = {"child_name": "花子", "birth_date": "2018-04-27", "grade": "1",
               "needs_care": True, "certificate": "a" * 32}  # fmt: skip
    cases.complete(task, answers, resident_of(started))
    with pytest.raises(ConflictError):
        drafts.save(task, answers, resident_of(started))


def phase_of(cases: Cases, started: Started) -> Phase:
    view = cases.instance(started.instance.id, resident_of(started))
    return resident_status(view).phase


def test_phases_history_correction_and_result(cases: Cases) -> None:
    started = cases.start(KEY, None, ANONYMOUS)
    me = resident_of(started)
    assert phase_of(cases, started) == Phase.APPLYING
    answers = {"child_name": "花子", "birth_date": "2018-04-27", "grade": "1",
               "needs_care": True, "certificate": "a" * 32}  # fmt: skip
    cases.complete(apply_task(started), answers, me)
    assert phase_of(cases, started) == Phase.RECEIVED
    review = cases.instance(started.instance.id, ADMIN).tasks[-1]
    cases.complete(review.id, {"review_result": "fix", "correction_reason": "日付が古いです。",
                               "correction_due": "2026-05-01"}, ADMIN)  # fmt: skip
    status = resident_status(cases.instance(started.instance.id, me))
    assert status.phase == Phase.CORRECTION
    assert status.correction_reason == "日付が古いです。"
    assert str(status.correction_due) == "2026-05-01"
    (fix,) = status.next_tasks
    assert fix.name == "申請内容の補正"
    cases.complete(fix.id, {"certificate": "b" * 32}, me)
    status = resident_status(cases.instance(started.instance.id, me))
    assert status.phase == Phase.REVIEWING
    assert status.correction_reason is None
    review = next(t for t in cases.instance(started.instance.id, ADMIN).tasks
                  if t.element_id == "Review" and t.status == "ready")  # fmt: skip
    cases.complete(review.id, {"review_result": "ok"}, ADMIN)
    approve = next(t for t in cases.instance(started.instance.id, ADMIN).tasks
                   if t.element_id == "Approve")  # fmt: skip
    cases.complete(approve.id, {}, ADMIN)
    view = cases.instance(started.instance.id, me)
    status = resident_status(view, end_names=Casework(cases.db).end_event_names(view.definition))
    assert status.phase == Phase.COMPLETED
    assert status.result == DECISION
    kinds = [e.kind for e in status.history]
    assert kinds == ["started", "sent", "done", "sent", "done", "done", "completed"]
    assert [e.name for e in status.history if e.kind == "sent"] == [
        "申請内容の入力",
        "申請内容の補正",
    ]


def test_the_end_event_is_the_result_without_a_notice(
    cases: Cases, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = cases.start(KEY, None, ANONYMOUS)
    view = cases.instance(started.instance.id, resident_of(started))
    work = Casework(cases.db, cases.specs)
    names = work.end_event_names(view.definition)
    assert names == {"E": "入所が決まった"}
    # A version never changes: its model is not read again, and a caller's copy is its own.
    names["E"] = "changed by a caller"
    monkeypatch.setattr(casework_module, "load_version", _no_reading)
    assert work.end_event_names(view.definition) == {"E": "入所が決まった"}


def _no_reading(*args: object) -> None:
    raise AssertionError("the model was read again")


def test_a_withdrawn_case(cases: Cases) -> None:
    started = cases.start(KEY, None, ANONYMOUS)
    cases.withdraw(started.instance.id, resident_of(started))
    status = resident_status(cases.instance(started.instance.id, resident_of(started)))
    assert status.phase == Phase.WITHDRAWN
    assert not status.is_open
    assert status.history[-1].kind == "withdrawn"


def test_find_case_needs_both_number_and_secret(cases: Cases) -> None:
    started = cases.start(KEY, None, ANONYMOUS)
    number = started.instance.receipt_number
    assert find_case(cases.db, number, started.access_token) == started.instance.id
    assert find_case(cases.db, number, started.access_token + "x") is None
    assert find_case(cases.db, "R1999-000001", started.access_token) is None
    assert find_case(cases.db, number, "") is None


def test_receipt_numbers_are_read_as_typed() -> None:
    assert normalize_receipt(" ｒ２０２６－０００１２３ ") == "R2026-000123"


def test_the_guard_holds_a_number_after_repeated_failures() -> None:
    guard = LookupGuard(max_failures=2, window=60)
    assert not guard.blocked("R1")
    guard.failed("R1")
    assert not guard.blocked("R1")
    guard.failed("R1")
    assert guard.blocked("R1")
    assert not guard.blocked("R2")
    expired = LookupGuard(max_failures=1, window=0)
    expired.failed("R1")
    assert not expired.blocked("R1")


def test_other_notices_are_shown_to_the_resident_as_written(cases: Cases) -> None:
    started = cases.start(KEY, None, ANONYMOUS)
    me = resident_of(started)
    answers = {"child_name": "花子", "birth_date": "2018-04-27", "grade": "1",
               "needs_care": True, "certificate": "a" * 32}  # fmt: skip
    cases.complete(apply_task(started), answers, me)
    assert resident_status(cases.instance(started.instance.id, me)).notices == ()
    review = cases.instance(started.instance.id, ADMIN).tasks[-1]
    extension = "調査に時間がかかるため、決定の期限を30日まで延ばします。"
    cases.complete(review.id, {"review_result": "ok", "extension_notice": extension,
                               "consent_electronic_notice": True}, ADMIN)  # fmt: skip
    status = resident_status(cases.instance(started.instance.id, me))
    # The text notice is shown; a consent flag named *_notice is no notice.
    assert status.notices == (extension,)
    assert status.result is None
