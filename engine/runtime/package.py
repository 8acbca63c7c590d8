"""Deploy-time: files -> runnable specs, checked and described, or a precise deploy error.

``build_package`` parses the BPMN files (the main one and those its call activities need)
and the DMN files with SpiffBpmnParser, builds a spec for every executable process of the
main file (and for a collaboration of several executable pools), refuses any expression
the sandbox would refuse, and describes what the API and pages need: lanes, human tasks
with their forms, and the messages an instance can receive. No I/O: files come as bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

from lxml import etree

from engine.errors import DeployError, MachiflowError, UnsafeModelError
from engine.model import Definitions, FlowNode, Process, parse_xml, read_definitions
from engine.runtime import inspection
from engine.runtime.forms import Form, form_of
from engine.runtime.library import ValidationException, new_parser
from engine.runtime.specs import Spec, canonical_text, digest_of, spec_document

HUMAN_KINDS: Final = frozenset({"userTask", "manualTask", "task"})
# Names SpiffWorkflow gives its own task specs in every process (and "<id>.EndJoin"); an
# element with one of these ids silently replaces one: a process whose start event is
# "Start" cannot start, one with a task "End" ends without running it.
RESERVED_IDS: Final = frozenset({"Start", "End"})
CALLED_DECISION: Final = "spiffworkflow:calledDecisionId"
INSTRUCTIONS: Final = "spiffworkflow:instructionsForEndUser"

Kind = Literal["process", "collaboration"]


@dataclass(frozen=True, slots=True)
class LaneInfo:
    id: str
    name: str | None
    process_id: str
    actor: str  # resident / staff / external / system (bpr:actor, default staff)


@dataclass(frozen=True, slots=True)
class HumanTask:
    """A task a person completes: what the task list and the form page show."""

    process_id: str
    element_id: str
    kind: str  # userTask, manualTask or task
    name: str | None
    lane: str | None  # the lane's name, as SpiffWorkflow reports it on ready tasks
    lane_id: str | None
    documentation: str | None
    instructions: str | None
    form: Form | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "process_id": self.process_id,
            "element_id": self.element_id,
            "kind": self.kind,
            "name": self.name,
            "lane": self.lane,
            "lane_id": self.lane_id,
            "documentation": self.documentation,
            "instructions": self.instructions,
            "form": None if self.form is None else self.form.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Runnable:
    """One thing instances start from: an executable process, or a collaboration of them.

    ``document`` is the JSON-safe spec to store (restore it with ``SpecCache``/``load_spec``),
    ``digest`` its SHA-256, ``spec`` the parsed objects ready to run right away.
    """

    key: str
    name: str
    kind: Kind
    file: str
    document: dict[str, Any]
    digest: str
    spec: Spec
    processes: tuple[str, ...]  # the process ids that run (one, or each executable pool)
    lanes: tuple[LaneInfo, ...]
    tasks: tuple[HumanTask, ...]
    messages: tuple[str, ...]  # names of messages an instance can receive

    def document_text(self) -> str:
        """``document`` as canonical JSON text, the form to store: its SHA-256 is ``digest``,
        so ``SpecCache.get(text)`` finds the same entry."""
        return canonical_text(self.document)

    def task(self, element_id: str, process_id: str | None = None) -> HumanTask | None:
        for task in self.tasks:
            if task.element_id == element_id and process_id in {None, task.process_id}:
                return task
        return None

    def meta(self) -> dict[str, Any]:
        """JSON-safe description for storage beside the document (no spec objects)."""
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "file": self.file,
            "digest": self.digest,
            "processes": list(self.processes),
            "lanes": [
                {"id": ln.id, "name": ln.name, "process_id": ln.process_id, "actor": ln.actor}
                for ln in self.lanes
            ],
            "tasks": [task.as_dict() for task in self.tasks],
            "messages": list(self.messages),
        }


@dataclass(frozen=True, slots=True)
class ProcessPackage:
    """Everything one deployment of files can start, and the models they were read into."""

    main: str
    runnables: tuple[Runnable, ...]
    models: Mapping[str, Definitions] = field(repr=False)

    @property
    def default(self) -> Runnable:
        """What "start this package" means: the collaboration if there is one, else the
        first executable process of the main file that no call activity calls."""
        return self.runnables[0]

    def get(self, key: str) -> Runnable:
        for runnable in self.runnables:
            if runnable.key == key:
                return runnable
        raise KeyError(key)


def build_package(files: Mapping[str, bytes], *, main: str) -> ProcessPackage:
    """Parse, check and describe ``files`` (name -> content); ``main`` names the BPMN file
    whose executable processes become runnable. Raises ``DeployError`` (or a
    ``ModelLoadError`` for a file that is not even XML), never a library exception."""
    if main not in files:
        raise DeployError("runtime.deploy.no-main", file=main)
    builder = _Builder(files, main)
    return builder.build()


class _Builder:
    def __init__(self, files: Mapping[str, bytes], main: str) -> None:
        self.files = files
        self.main = main
        self.models: dict[str, Definitions] = {}
        self.dmn_lines: dict[str, tuple[str, int]] = {}  # DMN element id -> (file, line)
        self.decision_files: dict[str, str] = {}  # decision id -> its DMN file
        self.parser: Any = new_parser()

    # --- reading -----------------------------------------------------------------------
    def build(self) -> ProcessPackage:
        names = [self.main, *sorted(n for n in self.files if n != self.main)]
        roots = {}
        for name in names:
            if name.lower().endswith(".bpmn") or name == self.main:
                roots[name] = parse_xml(self.files[name], name)
                self.models[name] = read_definitions(roots[name], name)
            elif name.lower().endswith(".dmn"):
                self._add_dmn(name)
        main_model = self.models[self.main]
        self._check_reserved_ids()
        self._check_references()
        for name, root in roots.items():
            # Files with nothing executable (an As-Is flow deployed alongside) are not run,
            # so the engine need not accept them.
            if name == self.main or any(
                p.is_executable for p in self.models[name].processes.values()
            ):
                with self._library(name):
                    self.parser.add_bpmn_xml(root, filename=name)
        executable = [p for p in main_model.processes.values() if p.is_executable]
        if not executable:
            raise DeployError("runtime.deploy.no-executable", file=self.main)
        called = {
            node.called_element
            for model in self.models.values()
            for process in model.processes.values()
            for node in process.nodes.values()
            if node.kind == "callActivity" and node.called_element
        }
        runnables = [self._collaboration(c.id) for c in self._collaborations(main_model)]
        ordered = sorted(executable, key=lambda p: p.id in called)  # stable: file order kept
        runnables += [self._process(process) for process in ordered]
        return ProcessPackage(self.main, tuple(runnables), dict(self.models))

    def _add_dmn(self, name: str) -> None:
        root = parse_xml(self.files[name], name)
        for element in root.iter():
            element_id = element.get("id") if isinstance(element.tag, str) else None
            line = cast(int | None, element.sourceline)
            if element_id:
                self.dmn_lines.setdefault(str(element_id), (name, line or 0))
                if etree.QName(element).localname == "decision":
                    self.decision_files[str(element_id)] = name
        with self._library(name):
            self.parser.add_dmn_xml(root, filename=name)

    def _check_reserved_ids(self) -> None:
        for name, model in self.models.items():
            for process in model.processes.values():
                if not process.is_executable:
                    continue
                for node in process.nodes.values():
                    joins = {f"{process.id}.EndJoin", f"{node.parent_id}.EndJoin"}
                    if node.id in RESERVED_IDS or node.id in joins:
                        raise DeployError(
                            "runtime.deploy.reserved-id", file=name, line=node.line, element=node.id
                        )

    def _check_references(self) -> None:
        """Called processes and decisions exist (the library would say neither where)."""
        known = {pid for model in self.models.values() for pid in model.processes}
        for name, model in self.models.items():
            for process in model.processes.values():
                if not process.is_executable:
                    continue
                for node in process.nodes.values():
                    if node.kind == "callActivity" and node.called_element not in known:
                        raise DeployError(
                            "runtime.deploy.missing-process",
                            file=name,
                            line=node.line,
                            element=node.id,
                            called=node.called_element or "",
                        )
                    decision = node.extensions.texts.get(CALLED_DECISION)
                    if node.kind == "businessRuleTask" and decision not in self.decision_files:
                        raise DeployError(
                            "runtime.deploy.missing-decision",
                            file=name,
                            line=node.line,
                            element=node.id,
                            decision=decision or "",
                        )
                    if node.kind == "businessRuleTask" and decision is not None:
                        self._check_one_decision(name, node, decision)

    def _check_one_decision(self, file: str, node: FlowNode, decision: str) -> None:
        """The library reads one decision per DMN file; with more it fails without saying
        which file or why ("'list' object has no attribute 'tag'")."""
        dmn = self.decision_files[decision]
        count = sum(1 for f in self.decision_files.values() if f == dmn)
        if count > 1:
            raise DeployError(
                "runtime.deploy.several-decisions",
                file=file,
                line=node.line,
                element=node.id,
                decision=decision,
                dmn=dmn,
                count=count,
            )

    def _collaborations(self, model: Definitions) -> Iterator[Any]:
        for collaboration in model.collaborations:
            pools = [
                p.process_ref
                for p in collaboration.participants
                if p.process_ref in model.processes and model.processes[p.process_ref].is_executable
            ]
            if len(pools) >= 2:
                yield collaboration

    # --- runnables ---------------------------------------------------------------------
    def _process(self, process: Process) -> Runnable:
        with self._library(self.main):
            top = self.parser.get_spec(process.id)
            subprocesses = self.parser.get_subprocess_specs(process.id)
        return self._runnable(
            process.id,
            process.label,
            kind="process",
            top=top,
            subprocesses=subprocesses,
            pools=[process],
        )

    def _collaboration(self, collaboration_id: str) -> Runnable:
        model = self.models[self.main]
        collaboration = next(c for c in model.collaborations if c.id == collaboration_id)
        with self._library(self.main):
            top, subprocesses = self.parser.get_collaboration(collaboration_id)
        pools = [
            model.processes[p.process_ref]
            for p in collaboration.participants
            if p.process_ref in model.processes and model.processes[p.process_ref].is_executable
        ]
        name = collaboration.name or collaboration.id
        return self._runnable(
            collaboration_id,
            name,
            kind="collaboration",
            top=top,
            subprocesses=subprocesses,
            pools=pools,
        )

    def _runnable(
        self,
        key: str,
        name: str,
        *,
        kind: Kind,
        top: Any,
        subprocesses: Mapping[str, Any],
        pools: list[Process],
    ) -> Runnable:
        self._place_in_own_lanes(subprocesses)
        spec = Spec.of(key, top, subprocesses)
        self._refuse_unsafe(spec)
        tasks = tuple(self._human_tasks(spec))
        forms = {
            f"{task.process_id}/{task.element_id}": task.form.source
            for task in tasks
            if task.form is not None
        }
        with self._library(self.main):
            document = spec_document(key, top, subprocesses, forms)
        digest = digest_of(document)
        spec = Spec.of(key, top, subprocesses, digest, forms)
        lanes = tuple(
            LaneInfo(lane.id, lane.name, process.id, lane.actor)
            for process in pools
            for lane in process.all_lanes()
        )
        return Runnable(
            key=key,
            name=name,
            kind=kind,
            file=self.main,
            document=document,
            digest=digest,
            spec=spec,
            processes=tuple(p.id for p in pools),
            lanes=lanes,
            tasks=tasks,
            messages=tuple(sorted(spec.messages)),
        )

    def _place_in_own_lanes(self, subprocesses: Mapping[str, Any]) -> None:
        """Give each task of an embedded sub-process the lane BPMN puts it in.

        SpiffWorkflow 3.2.0 gives every task inside an embedded sub-process the lane of the
        sub-process itself, even when another lane's flowNodeRef lists the task; the model
        (``FlowNode.lane_id``) has the innermost lane listing it, else the sub-process's.
        """
        for process_spec in subprocesses.values():
            for task_spec in process_spec.task_specs.values():
                element_id = getattr(task_spec, "bpmn_id", None)
                if element_id is None:
                    continue
                node, file = self._node(str(process_spec.file or ""), str(element_id))
                model = self.models.get(file)
                lane = model.lane_of(node) if node is not None and model is not None else None
                if lane is not None and lane.name:
                    task_spec.lane = lane.name

    def _human_tasks(self, spec: Spec) -> Iterator[HumanTask]:
        seen: set[tuple[str, str]] = set()
        for process_spec in [spec.top, *spec.subprocesses.values()]:
            for task_spec in process_spec.task_specs.values():
                element_id = getattr(task_spec, "bpmn_id", None)
                if element_id is None or not task_spec.manual:
                    continue
                node, file = self._node(str(process_spec.file or ""), str(element_id))
                key = (str(process_spec.name), str(element_id))
                if node is None or key in seen:
                    continue
                seen.add(key)
                yield HumanTask(
                    process_id=str(process_spec.name),
                    element_id=str(element_id),
                    kind=node.kind,
                    name=node.name,
                    lane=task_spec.lane,
                    lane_id=node.lane_id,
                    documentation=node.documentation,
                    instructions=node.extensions.texts.get(INSTRUCTIONS),
                    form=form_of(node, self.files, file),
                )

    # --- locating ----------------------------------------------------------------------
    def _node(self, file: str, element_id: str) -> tuple[FlowNode | None, str]:
        model = self.models.get(file)
        if model is not None:
            found = model.node(element_id)
            if found is not None:
                return found, file
        for name, other in self.models.items():
            found = other.node(element_id)
            if found is not None:
                return found, name
        return None, file

    def _locate(self, expression: inspection.Expression) -> tuple[str, int | None]:
        if expression.dmn_id is not None and expression.dmn_id in self.dmn_lines:
            return self.dmn_lines[expression.dmn_id]
        node, file = self._node(expression.file, expression.element_id)
        model = self.models.get(file)
        if node is None or model is None:
            return expression.file, None
        line: int | None = node.line
        if expression.where in {"script"} and node.script_line:
            line = node.script_line
        elif expression.where == "condition":
            flow = self._flow(model, node, expression.target)
            line = flow.condition_line or flow.line if flow is not None else node.line
        elif expression.where in {"timer", "conditional-event"}:
            lines = [d.expression_line for d in node.event_definitions if d.expression_line]
            line = lines[0] if lines else node.line
        return file, line

    @staticmethod
    def _flow(model: Definitions, node: FlowNode, target: str | None) -> Any:
        process = model.processes.get(node.process_id)
        if process is None or target is None:
            return None
        for flow_id in node.outgoing:
            flow = process.flows.get(flow_id)
            if flow is not None and (
                flow.target_id == target or target.startswith(flow.target_id + ".")
            ):
                return flow
        return None

    def _refuse_unsafe(self, spec: Spec) -> None:
        findings = inspection.check(spec.expressions())
        if not findings:
            return
        problems = inspection.problems(findings, self._locate)
        for problem, finding in zip(problems, findings, strict=True):
            node, file = self._node(finding.expression.file, finding.expression.element_id)
            if node is not None and finding.expression.where == "condition":
                model = self.models[file]
                flow = self._flow(model, node, finding.expression.target)
                if flow is not None:
                    problem["flow"] = flow.id
        raise UnsafeModelError(problems)

    # --- library errors ----------------------------------------------------------------
    @contextmanager
    def _library(self, file: str) -> Iterator[None]:
        """Turn whatever SpiffWorkflow raises inside the block into a ``DeployError``."""
        try:
            yield
        except MachiflowError:
            raise
        except Exception as exc:  # the library raises many kinds; none may escape
            raise self._deploy_error(exc, file) from exc

    def _deploy_error(self, exc: Exception, file: str) -> DeployError:
        element: str | None = None
        line: int | None = None
        where = file
        if isinstance(exc, ValidationException):
            element = str(getattr(exc, "id", "") or "") or None
            where = str(getattr(exc, "file_name", "") or "") or file
            found = getattr(exc, "line_number", None)
            line = found if isinstance(found, int) and found > 0 else None
            if element is not None and line is None:
                node, where = self._node(where, element)
                line = (
                    node.line if node is not None else self.dmn_lines.get(element, (where, None))[1]
                )
            detail = str(exc.args[0]) if exc.args else str(exc)
        elif isinstance(exc, etree.LxmlError):
            detail = str(exc)
        else:
            detail = f"{type(exc).__name__}: {exc}"
        return DeployError(
            "runtime.deploy.invalid", file=where, line=line, element=element or "-", detail=detail
        )
