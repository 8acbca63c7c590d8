"""Comparing variants of a procedure: deployed versions or uploaded files, KPIs and diffs.

Deployed definitions keep the files they came from, so any version can be compared again
long after it was replaced; the variants of one procedure are found by their
``bpr:procedure``. Models that cannot run (As-Is flows) compare like any other: this
module reads models with ``engine.model`` and measures them with ``engine.analysis``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from engine.analysis.diff import Diff, KpiComparison, chain
from engine.analysis.inventory import process_of
from engine.analysis.kpi import KPI_KEYS, KpiReport, kpis
from engine.errors import InputError, MachiflowError, NotFoundError, UsageError
from engine.model import loads
from engine.model.elements import Definitions, Process
from engine.store import DefinitionRecord, DefinitionRepository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

VARIANT_ORDER: Final = ("as-is", "can-be", "to-be")
MIN_FILES: Final = 2
MAX_FILES: Final = 3
MODEL_SUFFIXES: Final = (".bpmn", ".bpmn20.xml")
_NAME_ENDS: Final = " 　-–—:：（(【[「"


class TooFewVariantsError(InputError):
    def __init__(self, *, procedure: str, count: int) -> None:
        super().__init__("compare.too-few", procedure=procedure, count=count)


@dataclass(frozen=True, slots=True)
class Variant:
    """One side of a comparison: a loaded model, and where it came from."""

    document: Definitions
    file: str
    process: str | None = None  # the process to compare; None: the file's main process
    key: str | None = None  # deployed versions only
    version: int | None = None
    deployed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Measured:
    """A variant with the process compared and its KPIs (or why they could not be had)."""

    variant: Variant
    process: Process
    report: KpiReport | None
    error: MachiflowError | None

    @property
    def kind(self) -> str | None:
        """as-is, can-be, to-be (``bpr:variant``), or None."""
        return self.process.bpr.variant or None

    @property
    def values(self) -> dict[str, float] | None:
        if self.report is None:
            return None
        return {k: self.report.kpis[k] for k in KPI_KEYS if k in self.report.kpis}

    def to_json(self, lang: str = "ja") -> dict[str, Any]:
        v = self.variant
        return {
            "key": v.key if v.key is not None else self.process.id,
            "version": v.version,
            "variant": self.kind,
            "name": self.process.name,
            "file": v.file,
            "process": self.process.id,
            "deployed_at": v.deployed_at.isoformat() if v.deployed_at else None,
            "kpis": None if self.report is None else self.report.to_json()["kpis"],
            "missing": [] if self.report is None else [m.to_json() for m in self.report.missing],
            "kpi_error": None
            if self.error is None
            else {"code": self.error.code, "message": self.error.message(lang)},
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """Variants in order and the diff of each one with the next."""

    measured: tuple[Measured, ...]
    diffs: tuple[Diff, ...]

    def to_json(self, lang: str = "ja") -> dict[str, Any]:
        """``variants`` as ``machiflow kpi --json`` measures them (with key, version,
        variant, name), and ``diffs`` as ``machiflow diff --json`` prints each pair."""
        return {
            "variants": [m.to_json(lang) for m in self.measured],
            "diffs": [d.to_json() for d in self.diffs],
        }

    def html(self, *, lang: str = "ja", procedure: str = "") -> str:
        """The self-contained report of ``machiflow diff --html``."""
        from engine.analysis.report import html_report

        if not self.diffs:
            raise TooFewVariantsError(procedure=procedure, count=len(self.measured))
        return html_report(self.diffs, [m.variant.document for m in self.measured], lang=lang)


def compare(variants: Sequence[Variant]) -> Comparison:
    """KPIs of each variant (computed once) and the diff of each with the next."""
    measured = [_measure(v) for v in variants]
    if len(measured) < 2:
        return Comparison(tuple(measured), ())
    diffs = chain(
        [m.variant.document for m in measured],
        [m.process.id for m in measured],
        with_kpis=False,
    )
    with_kpis = [
        dataclasses.replace(step, kpis=KpiComparison(old.values, new.values, old.error, new.error))
        for step, old, new in zip(diffs, measured[:-1], measured[1:], strict=True)
    ]
    return Comparison(tuple(measured), tuple(with_kpis))


def _measure(variant: Variant) -> Measured:
    process = process_of(variant.document, variant.process)
    try:
        report = kpis(variant.document, process.id)[0]
    except MachiflowError as exc:  # a loop nobody leaves: the diff still stands
        return Measured(variant, process, None, exc)
    return Measured(variant, process, report, None)


# --- uploaded files -----------------------------------------------------------------------


def uploaded(files: Sequence[tuple[str, bytes]], *, limit: int | None = None) -> list[Variant]:
    """2 or 3 uploaded BPMN files, in the order given; each must load."""
    if not MIN_FILES <= len(files) <= MAX_FILES:
        raise UsageError("compare.file-count", count=len(files), low=MIN_FILES, high=MAX_FILES)
    return [Variant(loads(content, name, limit=limit), name) for name, content in files]


# --- deployed versions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Procedure:
    """A procedure with the newest version of each of its variants, As-Is first."""

    slug: str
    name: str
    area: str | None
    versions: tuple[DefinitionRecord, ...]


def variant_rank(variant: str) -> tuple[int, str]:
    """Sort key: as-is, can-be, to-be, then any other variant by name."""
    if variant in VARIANT_ORDER:
        return VARIANT_ORDER.index(variant), ""
    return len(VARIANT_ORDER), variant


def _newest_per_variant(records: Sequence[DefinitionRecord]) -> tuple[DefinitionRecord, ...]:
    newest: dict[str, DefinitionRecord] = {}
    for record in records:
        found = newest.get(record.variant)
        if found is None or (record.deployed_at, record.id) > (found.deployed_at, found.id):
            newest[record.variant] = record
    return tuple(sorted(newest.values(), key=lambda r: (variant_rank(r.variant), r.key)))


def _common_name(names: Sequence[str]) -> str:
    """What the variants' names share ("学童クラブ入所申請（現状）", "…（できる姿）" →
    "学童クラブ入所申請"), else the first name."""
    if len(names) < 2:
        return names[0] if names else ""
    shared = names[0]
    for name in names[1:]:
        while not name.startswith(shared):
            shared = shared[:-1]
    shared = shared.rstrip(_NAME_ENDS)
    return shared if len(shared) >= 2 else names[0]


def _procedure(slug: str, records: Sequence[DefinitionRecord]) -> Procedure:
    versions = _newest_per_variant(records)
    area = next((r.area for r in versions if r.area), None)
    return Procedure(slug, _common_name([r.name for r in versions]) or slug, area, versions)


def procedures(session: Session) -> list[Procedure]:
    """Every procedure with a deployed version, by slug."""
    by_slug: dict[str, list[DefinitionRecord]] = {}
    for record in DefinitionRepository(session).latest_all():
        by_slug.setdefault(record.procedure, []).append(record)
    return [_procedure(slug, records) for slug, records in sorted(by_slug.items())]


def procedure(session: Session, slug: str) -> Procedure:
    """One procedure; ``NotFoundError`` when nothing is deployed under ``slug``."""
    records = [r for r in DefinitionRepository(session).latest_all() if r.procedure == slug]
    if not records:
        raise NotFoundError("compare.unknown-procedure", procedure=slug)
    return _procedure(slug, records)


def load_version(session: Session, record: DefinitionRecord) -> Variant:
    """The model a deployed version was made from (its main BPMN file)."""
    repository = DefinitionRepository(session)
    main = record.meta.get("main")
    if isinstance(main, str) and main:
        file = repository.file(record.id, main)
    else:
        models = [f for f in repository.files(record.id) if f.name.lower().endswith(MODEL_SUFFIXES)]
        if not models:
            raise NotFoundError("store.not-found.file", definition=record.id, name="*.bpmn")
        file = models[0]
    document = loads(file.content, file.name)
    process = record.key if record.key in document.processes else None
    return Variant(document, file.name, process, record.key, record.version, record.deployed_at)


def procedure_variants(session: Session, slug: str) -> list[Variant]:
    """The newest version of each variant of a procedure: as-is, can-be, to-be."""
    return [load_version(session, r) for r in procedure(session, slug).versions]


def parse_reference(text: str, *, parameter: str) -> tuple[str, int | None]:
    """``KEY`` or ``KEY:VERSION`` (BPMN ids hold no colon)."""
    key, colon, number = text.strip().rpartition(":")
    if not colon:
        key = number
    elif not (number.isascii() and number.isdecimal() and int(number) > 0):
        key = ""
    if not key:
        raise UsageError("compare.bad-reference", parameter=parameter, value=text)
    return key, int(number) if colon else None


def deployed_variants(session: Session, references: Mapping[str, str]) -> list[Variant]:
    """Deployed versions named ``KEY`` (the newest) or ``KEY:VERSION``, in the order given;
    ``references`` maps the parameter that named each to its text (for messages)."""
    parsed = [parse_reference(text, parameter=p) for p, text in references.items()]
    repository = DefinitionRepository(session)
    return [
        load_version(
            session,
            repository.latest(key) if version is None else repository.get_version(key, version),
        )
        for key, version in parsed
    ]
