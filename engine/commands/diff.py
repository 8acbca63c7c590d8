"""``machiflow diff OLD NEW [MORE...]``: what changed between variants, as text, JSON or HTML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from engine.cli import EXIT_OK, lang_option

if TYPE_CHECKING:
    from engine.analysis.diff import Diff


@click.command(name="diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.argument("more", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML report (diagrams, changes, KPIs) to this file.",
)
@click.option("--process-old", help="Process of OLD to compare (default: its main process).")
@click.option("--process-new", help="Process of NEW to compare (default: its main process).")
@lang_option
def command(
    old: str,
    new: str,
    more: tuple[str, ...],
    as_json: bool,
    html_path: str | None,
    process_old: str | None,
    process_new: str | None,
    lang: str,
) -> int:
    """Compare BPMN variants: OLD NEW, or As-Is Can-Be To-Be. Elements are matched even when
    their ids differ; prints added, removed and changed elements, layout-only changes and
    the KPI deltas. Differences are not errors: exit 0."""
    from engine.analysis.describe import text_report
    from engine.analysis.diff import chain
    from engine.errors import InputError
    from engine.messages import render
    from engine.model import load

    files = [old, new, *more]
    documents = [load(f) for f in files]
    processes = [process_old, process_new, *(None for _ in more)]
    diffs = chain(documents, processes)
    if as_json:
        payload = diffs[0].to_json() if len(diffs) == 1 else _chain_json(diffs)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(text_report(diffs, lang), nl=False)
    if html_path is not None:
        from engine.analysis.report import html_report

        page = html_report(diffs, documents, lang=lang).encode("utf-8")
        try:
            Path(html_path).write_bytes(page)
        except OSError as exc:
            raise InputError(
                "diff.cannot-write", path=html_path, detail=exc.strerror or str(exc)
            ) from exc
        click.echo(render("diff.written", lang, path=html_path, size=len(page)), err=True)
    return EXIT_OK


def _chain_json(diffs: list[Diff]) -> dict[str, Any]:
    """Three or more variants: each step's diff, and the KPIs of every variant."""
    from engine.analysis.describe import chain_kpis, sides

    values = chain_kpis(diffs)
    return {
        "variants": [s.to_json() for s in sides(diffs)],
        "steps": [d.to_json() for d in diffs],
        "kpis": [None if v is None else {k: round(x, 6) for k, x in v.items()} for v in values],
    }
