"""The staff pages: sign-in and sign-out, procedures with their variants, the KPI table
and diagrams of one procedure, and its diff report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.problems import lang_of
from api.web import sessions
from api.web.diagrams import Drawing, inline_svg
from api.web.kpi_table import kpi_table
from api.web.rendering import (
    HOME,
    SIGN_IN,
    STATIC,
    PageRoute,
    SignInRequiredError,
    error_page,
    language_chosen,
    local_path,
    page,
)
from api.web.texts import Texts
from engine.errors import MachiflowError
from engine.messages import render
from engine.service.comparisons import (
    Comparison,
    compare,
    load_version,
    procedure,
    procedure_variants,
    procedures,
)
from engine.service.principals import Staff
from engine.store import DefinitionRecord, UserRepository, token_hash

router = APIRouter(route_class=PageRoute, include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC), name="static")

TOKEN_FIELD: Final = "token"  # noqa: S105 (the id of the form field, no secret)


def _staff(request: Request, digest: str) -> Staff | None:
    with request.app.state.db.reader() as session:
        user = UserRepository(session).by_token_hash(digest)
    return None if user is None else Staff(user.name, frozenset(user.roles))


def signed_in(request: Request) -> Staff:
    """Dependency of every page behind sign-in: the staff user of the session cookie."""
    digest = sessions.session_token_hash(request)
    staff = None if digest is None else _staff(request, digest)
    if staff is None:
        raise SignInRequiredError
    request.state.staff_name = staff.name
    return staff


StaffUser = Annotated[Staff, Depends(signed_in)]


@router.get("/staff")
def home() -> RedirectResponse:
    return RedirectResponse(HOME, status_code=303)


# --- signing in and out ---------------------------------------------------------------------


def _sign_in_page(
    request: Request, *, after: str, error: str | None = None, notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:  # fmt: skip
    return page(
        request, "sign_in.html", status=status, after=after, error=error, notice=notice,
        field=TOKEN_FIELD,
    )  # fmt: skip


@router.get("/staff/sign-in")
def sign_in_form(request: Request, signed_out: str = "") -> Response:
    target = local_path(request.query_params.get("next"))
    digest = sessions.session_token_hash(request)
    if digest is not None and _staff(request, digest) is not None:
        return RedirectResponse(target, status_code=303)
    notice = "sign-in.signed-out" if signed_out else None
    return _sign_in_page(request, after=target, notice=notice)


@router.post("/staff/sign-in")
def sign_in(
    request: Request,
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    after: Annotated[str, Form(alias="next")] = "",
) -> Response:
    target = local_path(after)
    if not sessions.csrf_valid(request, csrf):
        return _sign_in_page(request, after=target, error="sign-in.error.form", status=403)
    token = token.strip()
    if not token:
        return _sign_in_page(request, after=target, error="sign-in.error.empty", status=400)
    digest = token_hash(token)
    if _staff(request, digest) is None:
        return _sign_in_page(request, after=target, error="sign-in.error.wrong", status=400)
    response = RedirectResponse(target, status_code=303)
    sessions.start_session(response, request, digest)
    return response


@router.post("/staff/sign-out")
def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    if not sessions.csrf_valid(request, csrf):
        raise sessions.CsrfError
    response = RedirectResponse(f"{SIGN_IN}?signed_out=1", status_code=303)
    sessions.end_session(response, request)
    return response


@router.get("/staff/language/{lang}")
def choose_language(lang: str, request: Request) -> Response:
    """Remember the reader's language (the ``lang`` cookie the API reads too), go back."""
    return language_chosen(request, lang, local_path(request.query_params.get("next")))


# --- procedures -----------------------------------------------------------------------------


@router.get("/staff/procedures")
def procedure_list(request: Request, staff: StaffUser) -> HTMLResponse:
    with request.app.state.db.reader() as session:
        found = procedures(session)
    return page(request, "procedures.html", staff=staff.name, procedures=found)


@dataclass(frozen=True, slots=True)
class Figure:
    """One variant's diagram on the procedure page."""

    heading: str
    record: DefinitionRecord
    file: str
    drawing: Drawing | None
    failure: str | None
    percent: float = 100.0  # of the frame's width: every diagram of the page on one scale


def _figures(comparison: Comparison, records: Sequence[DefinitionRecord], t: Texts) -> list[Figure]:
    figures = []
    for item, record in zip(comparison.measured, records, strict=True):
        name = t.variant(item.kind)
        label = t("procedure.diagram.label", variant=name, name=item.process.name or record.key)
        drawing, failure = None, None
        try:
            drawing = inline_svg(item.variant.document, item.process.id, label=label, lang=t.lang)
        except MachiflowError as exc:  # e.g. no diagram and no Graphviz: the page still stands
            failure = t("procedure.diagram.failed", message=exc.message(t.lang))
        figures.append(Figure(name, record, item.variant.file, drawing, failure))
    widest = max((f.drawing.width for f in figures if f.drawing), default=1.0)
    return [
        replace(f, percent=round(100 * f.drawing.width / widest, 2)) if f.drawing else f
        for f in figures
    ]


@router.get("/staff/procedures/{slug}")
def procedure_page(slug: str, request: Request, staff: StaffUser) -> HTMLResponse:
    with request.app.state.db.reader() as session:
        about = procedure(session, slug)
        variants = [load_version(session, record) for record in about.versions]
    comparison = compare(variants)
    t = Texts(lang_of(request))
    return page(
        request,
        "procedure.html",
        staff=staff.name,
        procedure=about,
        table=kpi_table(comparison.measured, t),
        figures=_figures(comparison, about.versions, t),
        comparable=len(comparison.diffs) > 0,
    )


@router.get("/staff/procedures/{slug}/report")
def procedure_report(slug: str, request: Request, staff: StaffUser) -> HTMLResponse:
    """The self-contained diff report of ``machiflow diff --html``, for the newest variants."""
    del staff  # signed in is all it takes
    with request.app.state.db.reader() as session:
        variants = procedure_variants(session, slug)
    report = compare(variants).html(lang=lang_of(request), procedure=slug)
    return HTMLResponse(report)


@router.get("/staff/{rest:path}")
def not_found(rest: str, request: Request) -> HTMLResponse:
    """Any other address under /staff: the error page, not the API's JSON."""
    del rest
    return error_page(request, "api.no-route", 404, render("api.no-route", lang_of(request)))
