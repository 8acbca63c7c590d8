"""``machiflow kpi``: the KPIs of each process in a BPMN file, as a table or as JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import click

from engine.cli import EXIT_OK, lang_option

if TYPE_CHECKING:
    from engine.analysis.kpi import KpiReport

SHOWN_ELEMENTS: Final = 8  # ids listed per missing annotation in the table (JSON has all)


@click.command(name="kpi")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--process", "process_id", help="Only this process (default: every process).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"process", "kpis", "missing"}: one object, or a list when the file has '
    "several processes and no --process.",
)
@lang_option
def command(file: str, process_id: str | None, as_json: bool, lang: str) -> int:
    """KPIs of the processes in FILE, expected per case from the bpr annotations: steps,
    staff and resident minutes, counter visits, paper, seals, re-keying, approvals,
    hand-offs, lead time, online share; and the annotations that were missing."""
    from engine.analysis.kpi import kpis
    from engine.errors import InputError
    from engine.model import load

    definitions = load(file)
    reports = kpis(definitions, process_id)
    if not reports:
        raise InputError("kpi.no-flow", file=file)
    if as_json:
        several = process_id is None and len(reports) > 1
        payload = [r.to_json() for r in reports] if several else reports[0].to_json()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(table(reports, lang), nl=False)
    return EXIT_OK


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _value(key: str, value: float) -> str:
    if key == "online_share":
        return f"{value:.1%}"
    return f"{value:,.2f}"


def table(reports: Sequence[KpiReport], lang: str) -> str:
    """One block per process: a KPI per line, then the annotations that were missing."""
    from engine.analysis.kpi import KPI_KEYS
    from engine.messages.kpi import label

    names = {key: label(key, lang) for key in KPI_KEYS}
    left = max(_width(n) for n in names.values())
    blocks: list[str] = []
    for report in reports:
        values = {key: _value(key, report.kpis[key]) for key in KPI_KEYS}
        right = max(len(v) for v in values.values())
        lines = [label("title", lang, name=report.name or report.process, process=report.process)]
        for key in KPI_KEYS:
            note = ""
            if key == "lead_time_days" and report.lead_time_method == "simulation":
                note = label("simulated", lang)
            pad = " " * (left - _width(names[key]))
            lines.append(f"  {names[key]}{pad}  {values[key]:>{right}}{note}")
        if report.missing:
            lines.append(label("missing", lang))
            separator = "、" if lang == "ja" else ", "
            for item in report.missing:
                shown = ", ".join(item.elements[:SHOWN_ELEMENTS])
                if len(item.elements) > SHOWN_ELEMENTS:
                    shown += ", …"
                affected = (
                    label("all", lang)
                    if set(item.kpis) >= set(KPI_KEYS)
                    else separator.join(names[k] for k in item.kpis)
                )
                lines.append(
                    "  "
                    + label(
                        "missing.item",
                        lang,
                        annotation=item.key,
                        count=len(item.elements),
                        kpis=affected,
                        elements=shown,
                    )
                )
        else:
            lines.append(label("complete", lang))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
