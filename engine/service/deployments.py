"""Deploying models: validate, build the runnable package, store a version per content.

Executable models become runnable versions. Models that cannot run (As-Is flows are
documentation) are stored too, as versions without a spec, so that procedures can be
listed and compared by variant; starting one is refused with a clear message.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from engine.check import check_bytes
from engine.check.findings import Finding
from engine.errors import InputError
from engine.model.elements import Definitions, Process
from engine.runtime import build_package
from engine.store import AuditAction, DefinitionRecord, DefinitionRepository, NewAuditEvent
from engine.store.audit import AuditRepository
from engine.store.definitions import FileData

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MODEL_SUFFIXES: Final = (".bpmn", ".bpmn20.xml")
SIDE_SUFFIXES: Final = (".dmn", ".json")


class ValidationFailedError(InputError):
    """The files have validation errors; ``params["findings"]`` lists every finding."""

    def __init__(self, findings: list[Finding], lang_findings: list[dict[str, Any]]) -> None:
        errors = [f for f in findings if f.severity == "error"]
        first = errors[0]
        self.findings = findings
        super().__init__(
            "service.deploy.invalid",
            file=first.file,
            count=len(errors),
            findings=lang_findings,
        )


class NoModelError(InputError):
    def __init__(self) -> None:
        super().__init__("service.deploy.no-model")


@dataclass(frozen=True, slots=True)
class Deployed:
    """One stored version: ``created`` is False when the same files were deployed before."""

    definition: DefinitionRecord
    created: bool


@dataclass(frozen=True, slots=True)
class DeployOutcome:
    deployed: tuple[Deployed, ...]  # the default runnable (or the model) first
    findings: list[Finding] = field(default_factory=list)  # warnings only

    @property
    def main(self) -> Deployed:
        return self.deployed[0]


def is_model(name: str) -> bool:
    return name.lower().endswith(MODEL_SUFFIXES)


def main_model(names: Sequence[str]) -> str:
    """The first BPMN file given is the one whose processes become runnable."""
    for name in names:
        if is_model(name):
            return name
    raise NoModelError


def _media_type(name: str) -> str:
    if is_model(name) or name.lower().endswith(".dmn"):
        return "application/xml"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _annotated_process(definitions: Definitions) -> Process | None:
    """The process carrying the procedure's annotations, else the largest one."""
    processes = list(definitions.processes.values())
    for process in processes:
        if process.bpr.procedure or process.bpr.variant:
            return process
    return max(processes, key=lambda p: len(p.nodes), default=None)


def _description(definitions: Definitions, process_id: str | None) -> dict[str, Any]:
    """Procedure, variant and area of the process ``process_id`` (or the annotated one)."""
    process = definitions.processes.get(process_id or "") or _annotated_process(definitions)
    if process is None:
        return {"procedure": None, "variant": None, "area": None, "name": None}
    return {
        "procedure": process.bpr.procedure,
        "variant": process.bpr.variant,
        "area": process.bpr.area,
        "name": process.name,
    }


def deploy(
    session: Session,
    files: Mapping[str, bytes],
    *,
    actor: str,
    main: str | None = None,
    lang: str = "ja",
) -> DeployOutcome:
    """Validate ``files`` (name -> content) and store a version of each runnable in them.

    Raises ``ValidationFailedError`` when any BPMN file has an error (nothing is stored),
    and the runtime's ``DeployError`` when the model cannot run safely.
    """
    main = main or main_model(list(files))
    findings: list[Finding] = []
    models: dict[str, Definitions] = {}
    for name, content in files.items():
        if not is_model(name):
            continue
        result = check_bytes(content, name)
        findings.extend(result.findings)
        if result.definitions is not None:
            models[name] = result.definitions
    if any(f.severity == "error" for f in findings):
        raise ValidationFailedError(findings, [f.to_json(lang) for f in findings])
    model = models[main]
    stored = [FileData(n, _media_type(n), c) for n, c in sorted(files.items())]
    definitions = DefinitionRepository(session)
    audit = AuditRepository(session)
    deployed: list[Deployed] = []

    if not any(p.is_executable for p in model.processes.values()):
        info = _description(model, None)
        process = _annotated_process(model)
        key = process.id if process is not None else Path(main).stem
        result_ = definitions.deploy(
            key=key,
            name=info["name"] or key,
            procedure=info["procedure"] or key,
            variant=info["variant"] or "",
            area=info["area"],
            spec="",
            meta={"executable": False, "main": main, "lanes": _lanes(model)},
            files=stored,
            deployed_by=actor,
        )
        deployed.append(Deployed(result_.definition, result_.created))
    else:
        package = build_package(files, main=main)
        for runnable in package.runnables:
            info = _description(model, runnable.processes[0] if runnable.processes else None)
            meta = runnable.meta()
            meta.update({"executable": True, "main": main})
            result_ = definitions.deploy(
                key=runnable.key,
                name=runnable.name or info["name"] or runnable.key,
                procedure=info["procedure"] or runnable.key,
                variant=info["variant"] or "",
                area=info["area"],
                spec=json.dumps(runnable.document, ensure_ascii=False, separators=(",", ":")),
                meta=meta,
                files=stored,
                deployed_by=actor,
            )
            deployed.append(Deployed(result_.definition, result_.created))
    for item in deployed:
        if item.created:
            audit.append(
                NewAuditEvent(
                    actor=actor,
                    action=AuditAction.DEPLOYED,
                    detail={
                        "key": item.definition.key,
                        "version": item.definition.version,
                        "files": sorted(files),
                    },
                )
            )
    return DeployOutcome(tuple(deployed), [f for f in findings if f.severity != "error"])


def _lanes(model: Definitions) -> list[dict[str, Any]]:
    return [
        {"id": lane.id, "name": lane.name, "process_id": process.id, "actor": lane.actor}
        for process in model.processes.values()
        for lane in process.all_lanes()
    ]


def bundle_files(directory: Path) -> list[tuple[str, dict[str, bytes]]]:
    """Deployable bundles under ``directory``: each BPMN file with the DMN and JSON files
    beside it (call activities may point at other BPMN files of the same folder)."""
    bundles: list[tuple[str, dict[str, bytes]]] = []
    for model in sorted(p for p in directory.rglob("*") if p.is_file() and is_model(p.name)):
        folder = model.parent
        files = {model.name: model.read_bytes()}
        for sibling in sorted(folder.iterdir()):
            if sibling == model or not sibling.is_file():
                continue
            if sibling.name.lower().endswith(SIDE_SUFFIXES) or is_model(sibling.name):
                files[sibling.name] = sibling.read_bytes()
        bundles.append((model.name, files))
    return bundles
