"""/api/processes: deploy models and list procedures with their versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile, status

from api import schemas, views
from api.auth import principal
from api.problems import lang_of
from engine.errors import InputError
from engine.service.deployments import deploy
from engine.service.principals import ForbiddenError, Principal, require_staff
from engine.store import DefinitionRepository

router = APIRouter(prefix="/api/processes", tags=["processes"])


class UploadTooLargeError(InputError):
    def __init__(self, *, name: str, limit: int) -> None:
        super().__init__("api.upload-too-large", name=name, limit=limit)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.Deployment)
def deploy_files(
    request: Request,
    response: Response,
    file: Annotated[
        list[UploadFile], File(description="the .bpmn first; .dmn and form .json beside it")
    ],
    who: Annotated[Principal, Depends(principal)],
) -> schemas.Deployment:
    """Deploy a model (and its DMN and form files). The same content twice gives the same
    version; an invalid model is refused with 422 and every finding."""
    staff = require_staff(who)
    if not staff.is_admin:
        raise ForbiddenError("auth.admin-only")
    limit: int = request.app.state.settings.max_upload_bytes
    files: dict[str, bytes] = {}
    for upload in file:
        name = (upload.filename or "upload.bpmn").replace("\\", "/").rsplit("/", 1)[-1]
        content = upload.file.read(limit + 1)
        if len(content) > limit:
            raise UploadTooLargeError(name=name, limit=limit)
        files[name] = content
    lang = lang_of(request)
    with request.app.state.db.transaction() as session:
        outcome = deploy(session, files, actor=staff.name, lang=lang)
    main = outcome.main
    if not main.created:
        response.status_code = status.HTTP_200_OK
    return schemas.Deployment(
        key=main.definition.key,
        version=main.definition.version,
        created=main.created,
        executable=bool(main.definition.meta.get("executable")),
        deployed=[
            schemas.DeployedVersion(
                key=d.definition.key, version=d.definition.version, created=d.created
            )
            for d in outcome.deployed
        ],
        findings=[schemas.Finding(**f.to_json(lang)) for f in outcome.findings],
    )


@router.get("", response_model=list[schemas.Process])
def list_processes(
    request: Request, who: Annotated[Principal, Depends(principal)]
) -> list[schemas.Process]:
    """The newest version of every deployed procedure variant."""
    require_staff(who)
    with request.app.state.db.reader() as session:
        return [views.process(d) for d in DefinitionRepository(session).latest_all()]


@router.get("/{key}", response_model=schemas.ProcessDetail)
def get_process(
    key: str, request: Request, who: Annotated[Principal, Depends(principal)]
) -> schemas.ProcessDetail:
    require_staff(who)
    with request.app.state.db.reader() as session:
        repository = DefinitionRepository(session)
        latest = repository.latest(key)
        versions = repository.versions(key)
        files = [f.name for f in repository.files(latest.id)]
    return schemas.ProcessDetail(
        **views.process(latest).model_dump(),
        versions=[
            schemas.Version(
                version=v.version,
                content_hash=v.content_hash,
                deployed_at=v.deployed_at,
                deployed_by=v.deployed_by,
            )
            for v in versions
        ],
        tasks=[t for t in latest.meta.get("tasks") or [] if isinstance(t, dict)],
        files=files,
    )
