"""The KPI table of a procedure page: a row per KPI, a column per variant, and the change
from the first variant to the last, in the words of the diff report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from api.web.texts import Texts, short_variant
from engine.analysis.describe import (
    delta_text,
    kpi_keys,
    kpi_with_unit,
    summary_line,
    verdict,
    word,
)
from engine.analysis.kpi import KPI_KEYS
from engine.messages.kpi import label as kpi_label
from engine.service.comparisons import Measured


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    name: str
    values: tuple[str, ...]
    delta: str | None  # None: one variant, or a side without KPIs
    verdict: str | None  # "better" / "worse" (a CSS hook) or None
    verdict_text: str


@dataclass(frozen=True, slots=True)
class KpiTable:
    columns: tuple[str, ...]  # As-Is, Can-Be, To-Be (or file names)
    delta_heading: str | None
    rows: tuple[Row, ...]
    summary: str
    notes: tuple[str, ...]


def column_name(item: Measured) -> str:
    return short_variant(item.kind, Path(item.variant.file).stem or item.process.id)


def kpi_table(measured: Sequence[Measured], t: Texts) -> KpiTable:
    lang = t.lang
    values = [m.values for m in measured]
    names = tuple(column_name(m) for m in measured)
    first, last = values[0], values[-1]
    compared = len(values) > 1
    rows = []
    for key in kpi_keys(values):
        shown = tuple(
            kpi_with_unit(key, found[key], lang) if found and key in found else "—"
            for found in values
        )
        delta = judged = None
        if compared and first and last and key in first and key in last:
            delta = delta_text(key, last[key] - first[key], lang)
            judged = verdict(key, first[key], last[key])
        verdict_text = word(judged, lang) if judged else ""
        rows.append(Row(key, word(f"kpi.{key}", lang), shown, delta, judged, verdict_text))
    heading = t("procedure.kpis.delta", old=names[0], new=names[-1]) if compared else None
    return KpiTable(
        names, heading, tuple(rows), summary_line(values, lang) if compared else "",
        tuple(_notes(measured, names, t)),
    )  # fmt: skip


def _notes(measured: Sequence[Measured], names: Sequence[str], t: Texts) -> list[str]:
    notes = []
    separator = word("sep", t.lang)
    for item, name in zip(measured, names, strict=True):
        if item.error is not None:
            notes.append(
                t("procedure.kpis.failed", variant=name, message=item.error.message(t.lang))
            )
            continue
        for missing in item.report.missing if item.report else ():
            affected = (
                kpi_label("all", t.lang)
                if set(missing.kpis) >= set(KPI_KEYS)
                else separator.join(word(f"kpi.{k}", t.lang) for k in missing.kpis)
            )
            count = len(missing.elements)
            notes.append(
                t(
                    "procedure.missing",
                    variant=name,
                    annotation=missing.key,
                    count=count,
                    kpis=affected,
                )
            )
    return notes
