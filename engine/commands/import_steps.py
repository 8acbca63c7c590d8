"""``machiflow import-steps``: a step table (業務一覧, CSV or Excel) as a BPMN file with DI."""

from __future__ import annotations

import re
from pathlib import Path

import click

from engine.cli import EXIT_OK, lang_option


@click.command(name="import-steps")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="BPMN file to write."
)
@click.option("--process-id", help="Id of the process (default: from the table's file name).")
@click.option("--name", help="Name of the process and its pool (default: the table's file name).")
@click.option("--procedure", help="bpr:procedure, e.g. gakudo.")
@click.option("--variant", type=click.Choice(["as-is", "can-be", "to-be"]), help="bpr:variant.")
@click.option("--area", help="bpr:area, one of the 20 core business areas, e.g. 生活保護.")
@click.option("--lane", "default_lane", help="Lane of the rows that name none (or of all rows "
              "when the table has no lane column).")  # fmt: skip
@click.option(
    "--actor",
    "actor_options",
    multiple=True,
    metavar="LANE=KIND",
    help="Actor kind of a lane: resident, staff, external or system (repeatable; wins over "
    "the table's actor column).",
)
@click.option("--start-name", default="開始", show_default=True, help="Name of the start event.")
@click.option(
    "--end-name",
    default="終了",
    show_default=True,
    help="Name of end events the table leaves unnamed.",
)
@lang_option
def command(
    table: str,
    output: str,
    process_id: str | None,
    name: str | None,
    procedure: str | None,
    variant: str | None,
    area: str | None,
    default_lane: str | None,
    actor_options: tuple[str, ...],
    start_name: str,
    end_name: str,
    lang: str,
) -> int:
    """Turn the step table TABLE (.csv or .xlsx) into a BPMN 2.0 file with one pool, a lane
    per actor, bpr annotations and a diagram that opens in bpmn.io and Camunda Modeler."""
    from engine.messages import render
    from engine.steps.bpmn import ProcessInfo, to_bpmn
    from engine.steps.files import write_atomically
    from engine.steps.table import parse_actor_options, parse_table, read_rows

    path = Path(table)
    actors = parse_actor_options(actor_options)
    steps = parse_table(read_rows(path), table, default_lane=default_lane, actors=actors)
    for warning in steps.warnings:
        click.echo(render(warning.code, lang, **warning.params), err=True)
    stem = re.sub(r"[^A-Za-z0-9_]", "_", path.stem)
    info = ProcessInfo(
        id=process_id or (stem if stem[:1].isalpha() else f"Process_{stem}"),
        name=name or path.stem,
        procedure=procedure,
        variant=variant,
        area=area,
        start_name=start_name,
        end_name=end_name,
    )
    data = to_bpmn(steps, info, file=output)
    write_atomically(Path(output), data)
    message = render(
        "steps.import.done", lang, output=output, steps=len(steps.steps), lanes=len(steps.actors)
    )
    click.echo(message, err=True)
    return EXIT_OK
