"""/api/compare: KPIs and diffs of deployed versions or uploaded files, as JSON or HTML."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from api.auth import principal
from api.problems import lang_of
from engine.errors import InputError, UsageError
from engine.service.comparisons import (
    Comparison,
    Variant,
    compare,
    deployed_variants,
    procedure_variants,
    uploaded,
)
from engine.service.principals import Principal, require_staff

router = APIRouter(prefix="/api/compare", tags=["compare"])

FORMATS: Final = ("json", "html")


class ComparedVariant(BaseModel):
    key: str
    version: int | None
    variant: str | None
    name: str | None
    file: str
    process: str
    deployed_at: str | None
    kpis: dict[str, float] | None
    missing: list[dict[str, Any]]
    kpi_error: dict[str, str] | None


class ComparisonBody(BaseModel):
    """``variants`` in order (as ``machiflow kpi --json`` measures each, with where it came
    from); ``diffs``: each variant against the next, as ``machiflow diff --json``."""

    variants: list[ComparedVariant]
    diffs: list[dict[str, Any]]


RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {"content": {"text/html": {}}, "description": "JSON, or with format=html the report"}
}


def _answer(request: Request, comparison: Comparison, output: str, procedure: str) -> Response:
    lang = lang_of(request)
    if output == "html":
        return HTMLResponse(comparison.html(lang=lang, procedure=procedure))
    return JSONResponse(comparison.to_json(lang))


def _format(output: str) -> str:
    if output not in FORMATS:
        raise UsageError("compare.bad-format", value=output)
    return output


@router.get("", response_model=ComparisonBody, responses=RESPONSES)
def compare_deployed(
    request: Request,
    who: Annotated[Principal, Depends(principal)],
    procedure: Annotated[str | None, Query(description="every variant of a procedure")] = None,
    left: Annotated[str | None, Query(description="KEY or KEY:VERSION")] = None,
    right: Annotated[str | None, Query(description="KEY or KEY:VERSION")] = None,
    third: Annotated[str | None, Query(description="KEY or KEY:VERSION")] = None,
    output: Annotated[str, Query(alias="format", description="json or html")] = "json",
) -> Response:
    """Compare deployed versions: the newest of each variant of ``procedure`` (As-Is,
    Can-Be, To-Be), or the versions named by ``left``, ``right`` and ``third``."""
    require_staff(who)
    output = _format(output)
    named = {p: v for p, v in (("left", left), ("right", right), ("third", third)) if v}
    if procedure is not None and named:
        raise UsageError("compare.mixed-input")
    if procedure is None and ("left" not in named or "right" not in named):
        raise UsageError("compare.no-input")
    variants: list[Variant]
    with request.app.state.db.reader() as session:
        if procedure is not None:
            variants = procedure_variants(session, procedure)
        else:
            variants = deployed_variants(session, named)
    return _answer(request, compare(variants), output, procedure or "")


@router.post("", response_model=ComparisonBody, responses=RESPONSES)
def compare_uploaded(
    request: Request,
    who: Annotated[Principal, Depends(principal)],
    file: Annotated[
        list[UploadFile] | None, File(description="2 or 3 .bpmn files, oldest way first")
    ] = None,
    output: Annotated[str, Query(alias="format", description="json or html")] = "json",
) -> Response:
    """Compare 2 or 3 uploaded BPMN files without deploying them."""
    require_staff(who)
    output = _format(output)
    limit: int = request.app.state.settings.max_upload_bytes
    files: list[tuple[str, bytes]] = []
    for upload in file or []:
        name = (upload.filename or "upload.bpmn").replace("\\", "/").rsplit("/", 1)[-1]
        content = upload.file.read(limit + 1)
        if len(content) > limit:
            raise InputError("api.upload-too-large", name=name, limit=limit)
        files.append((name, content))
    return _answer(request, compare(uploaded(files, limit=limit)), output, "")
