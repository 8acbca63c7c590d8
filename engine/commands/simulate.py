"""``machiflow simulate``: simulated cases of each variant, their lead times and KPI totals."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import click

from engine.cli import EXIT_OK, _expand, lang_option
from engine.messages import render

if TYPE_CHECKING:
    from engine.analysis.simulate import Options, Result

PROGRESS_FROM: Final = 20_000  # cases (over all variants) worth a progress bar
DEFAULT_SVG: Final = "simulation.svg"


@click.command(name="simulate")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--cases",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Cases to simulate per variant.",
)
@click.option(
    "--seed", default=1, show_default=True, type=int, help="Seed: same seed, same numbers."
)
@click.option(
    "--arrivals",
    type=click.FloatRange(min=0, min_open=True),
    metavar="RATE",
    help="Cases arriving per day (Poisson), the same stream for every variant "
    "(default: all cases at once).",
)
@click.option(
    "--capacity",
    "capacities",
    multiple=True,
    metavar="LANE=N",
    help="N staff in the lane (name or id), shared by all cases; repeatable (default: unlimited).",
)
@click.option(
    "--hours",
    metavar="HH:MM-HH:MM",
    help="Weekday working hours for staff work, e.g. 8:30-17:15 (waits run on calendar time).",
)
@click.option("--process", "process_id", help="Simulate only this process of each file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per variant.")
@click.option(
    "--svg",
    "svg_path",
    default=DEFAULT_SVG,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the lead-time histogram.",
)
@click.option("--no-svg", is_flag=True, help="Write no histogram.")
@lang_option
def command(
    files: tuple[str, ...],
    cases: int,
    seed: int,
    arrivals: float | None,
    capacities: tuple[str, ...],
    hours: str | None,
    process_id: str | None,
    as_json: bool,
    svg_path: str,
    no_svg: bool,
    lang: str,
) -> int:
    """Simulate cases of each variant in FILES (As-Is, To-Be, ...) on the same arrivals:
    lead time (mean, median, p90), KPI totals, staff utilisation; writes a histogram."""
    from engine.analysis.simulate import Options, WorkingHours, find_variants, simulate
    from engine.analysis.simulation.histogram import histogram
    from engine.errors import InputError
    from engine.messages.simulation import label
    from engine.model import load

    capacity = _capacity(capacities, lang)
    working = None
    if hours is not None:
        working = WorkingHours.parse(hours)
        if working is None:
            message = render("simulation.bad-hours", lang, value=hours)
            raise click.BadParameter(message, param_hint="--hours")
    if not no_svg and not Path(svg_path).parent.is_dir():  # say so before a long run
        detail = label("no-folder", lang)
        raise InputError("simulation.cannot-write", path=svg_path, detail=detail)
    loaded = [(f, load(f)) for f in _expand(files, lang)]
    variants = find_variants(loaded, process_id)
    options = Options(cases, seed, arrivals, capacity, working)
    total = cases * len(variants)
    if sys.stderr.isatty() and total >= PROGRESS_FROM:
        with click.progressbar(length=total, label=label("progress", lang), file=sys.stderr) as bar:
            results = simulate(variants, options, bar.update)
    else:
        results = simulate(variants, options)
    if as_json:
        payload = [r.to_json() for r in results]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(table(results, options, hours, lang), nl=False)
    if not no_svg:
        try:
            Path(svg_path).write_text(histogram(results, lang), encoding="utf-8")
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise InputError("simulation.cannot-write", path=svg_path, detail=detail) from exc
        click.echo(render("simulation.written", lang, path=svg_path), err=True)
    return EXIT_OK


def _capacity(values: Sequence[str], lang: str) -> dict[str, int]:
    """``LANE=N`` options as lane -> staff; the lane may itself contain "="."""
    capacity: dict[str, int] = {}
    for value in values:
        lane, _, number = value.rpartition("=")
        text = number.strip()
        if not lane.strip() or not text.isdecimal() or int(text) < 1:
            message = render("simulation.bad-capacity", lang, value=value)
            raise click.BadParameter(message, param_hint="--capacity")
        capacity[lane.strip()] = int(text)
    return capacity


# --- the table -------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int, *, right: bool) -> str:
    pad = " " * max(0, width - _width(text))
    return pad + text if right else text + pad


def table(results: Sequence[Result], options: Options, hours: str | None, lang: str) -> str:
    """A plain-text comparison: one column per variant, one row per figure."""
    from engine.analysis.simulate import KPI_KEYS, MAX_VISITS
    from engine.messages.simulation import label

    arrivals = (
        label("arrivals.rate", lang, rate=options.arrivals)
        if options.arrivals is not None
        else label("arrivals.none", lang)
    )
    title = label(
        "title",
        lang,
        cases=options.cases,
        seed=options.seed,
        arrivals=arrivals,
        hours=label("hours", lang, hours=hours) if hours else "",
    )
    rows: list[list[str]] = [
        ["", *(r.label for r in results)],
        ["", *(Path(r.file).name for r in results)],
    ]
    for key in ("mean", "p50", "p90", "max"):
        rows.append(
            [label(f"lead.{key}", lang), *(f"{getattr(r.lead_time, key):.2f}" for r in results)]
        )
    rows.append([label("kpis", lang), *("" for _ in results)])
    for key in KPI_KEYS:
        cells = [f"{r.totals[key]:,.1f} / {r.per_case[key]:.2f}" for r in results]
        rows.append(["  " + label(key, lang), *cells])
    lanes = dict.fromkeys((lane.name, lane.capacity) for r in results for lane in r.lanes)
    for name, size in lanes:
        found = [{(x.name, x.capacity): x for x in r.lanes}.get((name, size)) for r in results]
        rows.append(
            [
                label("utilisation", lang, lane=name, capacity=size),
                *(f"{x.utilisation:.1%}" if x else "—" for x in found),
            ]
        )
        rows.append(
            [label("queue", lang, lane=name), *(f"{x.queue_days:.2f}" if x else "—" for x in found)]
        )
    if any(r.truncated for r in results):
        rows.append(
            [label("truncated", lang, limit=MAX_VISITS), *(f"{r.truncated:,}" for r in results)]
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [title, ""]
    for row in rows:
        cells = [_cell(row[0], widths[0], right=False)]
        cells += [_cell(cell, widths[i], right=True) for i, cell in enumerate(row[1:], 1)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
